"""The published CSV tables, listed once: file name, fixed columns, row builder, column types.

A public contract (keep the names): writers write these tables, readers read them back typed.
A column's type comes from the field table (schemas/header_aliases.csv: 4949.834 is a number,
`completed` a boolean) or, for columns that are not table fields, from `OWN_KINDS` below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bulletin.output import rows as R
from bulletin.schemas.document import Document, ValueKind
from bulletin.schemas.vocabulary import field_kind


@dataclass(frozen=True)
class OutputTable:
    name: str  # the CSV file is OUT/<name>.csv
    columns: tuple[str, ...]  # fixed columns first; extra columns follow in first-seen order
    rows: Callable[[list[Document]], list[R.Row]]

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


OUTPUT_TABLES: tuple[OutputTable, ...] = (
    OutputTable("documents", (
        "source", "year", "doc_number", "title", "issuer", "signer", "issue_date", "fill_date",
        "duplicate_of",
    ), R.document_rows),
    OutputTable("districts", (
        "source", "year", "table_index", "table_title", "rank", "district", "planned_investment",
        "completed_investment", "completion_rate", "investment_completion_rate",
    ), R.district_rows),
    OutputTable("streets", (
        "source", "year", "table_index", "district", "street", "street_head", "leader",
    ), R.street_rows),
    OutputTable("communities", (
        "source", "year", "table_index", "district", "street", "community", "completed", "page",
        "confidence",
    ), R.community_rows),
    OutputTable("totals", (
        "source", "year", "table_index", "planned_investment", "completed_investment",
        "completion_rate", "investment_completion_rate",
    ), R.total_rows),
    OutputTable("findings", (
        "source", "year", "severity", "check", "table_index", "location", "expected", "found",
        "message",
    ), R.finding_rows),
    OutputTable("review", (
        "file", "year", "page", "kind", "table_index", "field", "read", "candidates", "reason",
    ), R.review_rows),
    OutputTable("cells", (
        "source", "year", "table", "grid", "page", "row", "col", "rowspan", "colspan", "header",
        "table_row", "text", "confidence", "x0", "y0", "x1", "y1",
    ), R.cell_rows),
)  # fmt: skip


class ColumnKind(StrEnum):
    """How a CSV column is typed when read back."""

    TEXT = "text"
    DECIMAL = "decimal"  # exact, as printed
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"
    SCORE = "score"  # a float in [0, 1] or [0, 100]: confidences and match scores


OWN_KINDS: dict[str, ColumnKind] = {
    "year": ColumnKind.INTEGER,
    "table_index": ColumnKind.INTEGER,
    "page": ColumnKind.INTEGER,
    "confidence": ColumnKind.SCORE,
    "match_score": ColumnKind.SCORE,
    "issue_date": ColumnKind.DATE,
    # cells.csv: a cell's table, grid, place, spans, row of the table and box (PDF points,
    # top-left origin)
    "table": ColumnKind.INTEGER,
    "grid": ColumnKind.INTEGER,
    "table_row": ColumnKind.INTEGER,
    "row": ColumnKind.INTEGER,
    "col": ColumnKind.INTEGER,
    "rowspan": ColumnKind.INTEGER,
    "colspan": ColumnKind.INTEGER,
    "header": ColumnKind.BOOLEAN,
    "x0": ColumnKind.DECIMAL,
    "y0": ColumnKind.DECIMAL,
    "x1": ColumnKind.DECIMAL,
    "y1": ColumnKind.DECIMAL,
}
_FROM_VALUE = {
    ValueKind.TEXT: ColumnKind.TEXT,
    ValueKind.NUMBER: ColumnKind.DECIMAL,
    ValueKind.INTEGER: ColumnKind.INTEGER,
    ValueKind.BOOLEAN: ColumnKind.BOOLEAN,
    ValueKind.DATE: ColumnKind.DATE,
}


def column_kind(column: str) -> ColumnKind:
    """The type of an output column (text for anything the tables do not declare)."""
    if column in OWN_KINDS:
        return OWN_KINDS[column]
    kind = field_kind(column)
    return value_column_kind(kind) if kind is not None else ColumnKind.TEXT


def value_column_kind(kind: ValueKind) -> ColumnKind:
    """The column type of a table field's value kind."""
    return _FROM_VALUE[kind]
