"""The corrections file a person writes on the review page (and `bulletin extract --corrections`
reads): UTF-8 CSV `source,table_index,district,street,community,field,value`.

A row names the cell it corrects by the output's own names: a community field (communities.csv)
names district, street and community; a street field district and street; a district field the
district; a value of the 合计 row only the table; a document field (documents.csv) leaves
table_index and the names empty. `field` is the output CSV's column name and `value` is written
as a person would type it (`是`, `4949.834`), to be parsed like a cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletin.schemas.document import Level

COLUMNS = ("source", "table_index", "district", "street", "community", "field", "value")


@dataclass(frozen=True)
class Target:
    """The cell a correction applies to, as the corrections file names it."""

    source: str
    field: str
    table_index: int | None = None
    district: str = ""
    street: str = ""
    community: str = ""

    @classmethod
    def at(
        cls, source: str, table_index: int, field: str, level: Level | None,
        names: tuple[str, str, str],
    ) -> "Target":
        """The target of a table value at `level` (None: the 合计 row); `names` are the row's
        district, street and community; only those the level needs are kept."""
        depth = {None: 0, Level.DISTRICT: 1, Level.STREET: 2, Level.COMMUNITY: 3}[level]
        district, street, community = (list(names[:depth]) + ["", "", ""])[:3]
        return cls(source, field, table_index, district, street, community)

    def row(self, value: str) -> dict[str, str]:
        return {
            "source": self.source,
            "table_index": "" if self.table_index is None else str(self.table_index),
            "district": self.district, "street": self.street, "community": self.community,
            "field": self.field, "value": value,
        }
