"""A grid's header rows -> columns with canonical fields.

Header height comes from geometry: a header cell that spans two rows means a two-row grouped
header. A Mongolian line inside a header cell is kept on the column, not used as the label.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bulletin.schemas.text import is_mongolian
from bulletin.normalize.table.labels import label_key, match_grouped
from bulletin.schemas.document import Column, Level, ValueKind
from bulletin.schemas.extracted import Grid, GridCell

TOTAL_LABELS = {"合计", "总计", "合计数", "全市合计", "总合计"}
SUBTOTAL_LABELS = {"小计", "分计"}
MAX_HEADER_ROWS = 3


@dataclass(frozen=True)
class Header:
    start: int  # first header row (rows above it are title rows inside the grid)
    height: int
    columns: tuple[Column, ...]

    @property
    def body_start(self) -> int:
        return self.start + self.height

    def index_of(self, field: str) -> int | None:
        for i, c in enumerate(self.columns):
            if c.field == field:
                return i
        return None


def read_header(grid: Grid) -> Header | None:
    """The header of a ranking table, or None when the grid is not one."""
    matrix = grid.rows()
    start = 0
    while start < grid.n_rows - 1 and _is_title_row(matrix[start], grid.n_cols):
        start += 1
    if start >= grid.n_rows - 1:
        return None
    height = _header_height(matrix[start], grid.n_rows - start - 1)
    columns = tuple(_column(matrix, start, height, c) for c in range(grid.n_cols))
    fields = {c.field for c in columns if c.known}
    if "community" not in fields or not fields & {"district", "street"}:
        return None
    return Header(start=start, height=height, columns=columns)


def _is_title_row(row: list[GridCell | None], n_cols: int) -> bool:
    cells = {id(c) for c in row if c is not None}
    return n_cols > 1 and len(cells) == 1


def _header_height(row: list[GridCell | None], limit: int) -> int:
    spans = [c.rowspan for c in row if c is not None and c.text.strip()]
    return max(1, min(max(spans, default=1), MAX_HEADER_ROWS, limit))


def _column(matrix: list[list[GridCell | None]], start: int, height: int, col: int) -> Column:
    parts: list[str] = []
    mongolian: list[str] = []
    seen: set[int] = set()
    for r in range(start, start + height):
        cell = matrix[r][col]
        if cell is None or id(cell) in seen:
            continue
        seen.add(id(cell))
        chinese, mongol = split_mongolian(cell.text)
        if chinese:
            parts.append(chinese)
        if mongol:
            mongolian.append(mongol)
    spec, printed = match_grouped(parts)
    if spec is None:
        label = printed or f"column_{col + 1}"
        return Column(
            field=label,
            label=label,
            level=Level.COMMUNITY,
            kind=ValueKind.TEXT,
            known=False,
            mongolian=" ".join(mongolian) or None,
        )
    return Column(
        field=spec.field,
        label=printed,
        level=spec.level,
        kind=spec.kind,
        known=True,
        mongolian=" ".join(mongolian) or None,
    )


def split_mongolian(text: str) -> tuple[str, str]:
    """(text without Mongolian, the Mongolian part) of one header cell."""
    chinese = "".join(ch for ch in text if not is_mongolian(ch)).strip()
    mongol = "".join(ch for ch in text if is_mongolian(ch) or ch == " ").strip()
    return chinese, mongol if any(is_mongolian(c) for c in mongol) else ""


def is_total_label(text: str) -> bool:
    """The label cell of a table's total row (合计, 总计 ...), however it is spaced."""
    return label_key(text) in TOTAL_LABELS


class RowKind(StrEnum):
    BODY = "body"
    TOTAL = "total"  # 合计: the table total
    SUBTOTAL = "subtotal"  # 小计: a district's own sum, derivable, not a community
    NOTE = "note"  # one cell across the whole table (注：...)


def row_kind(row: list[GridCell | None], header: Header) -> RowKind:
    """What a body row is. The 合计 row is known by its label or, when the label was misread,
    by one cell spanning from the top key column (district, else street) across the
    community column, which no community row has."""
    cells = [c for c in row if c is not None]
    if len({id(c) for c in cells}) == 1 and len(row) > 1:
        return RowKind.NOTE
    if any(is_total_label(c.text) for c in cells):
        return RowKind.TOTAL
    keys = {label_key(c.text) for c in cells}
    if keys & SUBTOTAL_LABELS:
        return RowKind.SUBTOTAL
    community = header.index_of("community")
    key = header.index_of("district")
    key = key if key is not None else header.index_of("street")
    if community is not None and key is not None and row[key] is not None:
        if row[key] is row[community]:
            return RowKind.TOTAL
    return RowKind.BODY
