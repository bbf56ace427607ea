"""The published nested document: document -> tables -> districts -> streets -> communities.

Every value keeps the text as read and the cell it came from (page, box, confidence), so an
archivist can always go back to the paper. Numbers are decimal strings exactly as printed
(`4949.834` stays `4949.834`): JSON floats would add noise.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field, computed_field

from bulletin.schemas.findings import Finding, ReviewItem
from bulletin.schemas.kinds import Level, ValueKind
from bulletin.schemas.geometry import Box
from bulletin.schemas.extracted import ScriptRegion, Seal, TextSource


class Value(BaseModel):
    """A parsed cell value with its provenance.

    `value` is the canonical text (decimal string, `true`/`false`, ISO date) or None when the
    cell was empty or could not be read; `raw` is the cell text exactly as read.
    """

    value: str | None
    raw: str
    kind: ValueKind = ValueKind.TEXT
    page: int | None = None
    box: Box | None = None
    confidence: float = 1.0
    review: bool = False
    spanned: bool = Field(False, description="taken from a merged cell that spans more rows")
    corrected: bool = Field(
        False, description="`value` is a person's correction (--corrections); `raw` and "
        "`confidence` are still what was read",
    )


class MatchStatus(StrEnum):
    EXACT = "exact"
    ALIAS = "alias"
    FUZZY = "fuzzy"
    AMBIGUOUS = "ambiguous"
    UNMATCHED = "unmatched"


class Link(BaseModel):
    """The registry entry a name was linked to (or why it was not)."""

    id: str | None
    canonical: str | None
    score: float
    status: MatchStatus
    raw: str
    outside_parent: bool = False
    candidates: list[tuple[str, str, float]] = Field(default_factory=list)


class Column(BaseModel):
    """A table column: its canonical field (or the original label when unknown) and level."""

    field: str
    label: str = Field(description="header text as printed, group and sub-label joined by /")
    level: Level
    kind: ValueKind
    known: bool = Field(description="False when the label was not understood and is kept as is")
    how: str | None = Field(
        None, description="how the column was understood: alias, fuzzy (an OCR variant of an "
        "alias), meaning (the label names a unit), content (from its cells and their nesting)",
    )
    label_mongolian: str | None = Field(
        None, description="the traditional-Mongolian label, as text (where a text layer has it)"
    )
    label_mongolian_regions: list[ScriptRegion] = Field(
        default_factory=list,
        description="the Mongolian label as found on a scan: box and crop, never OCR'd",
    )


class Community(BaseModel):
    name: str
    fields: dict[str, Value]
    page: int
    link: Link | None = None


class Street(BaseModel):
    name: str
    fields: dict[str, Value]
    communities: list[Community]
    link: Link | None = None


class District(BaseModel):
    name: str
    fields: dict[str, Value]
    streets: list[Street]
    link: Link | None = None
    subtotal: dict[str, Value] | None = Field(
        None, description="the district's own 小计 row as printed (kept and checked, never a "
        "district or community of its own)",
    )


class RankingTable(BaseModel):
    index: int = Field(description="ranking tables counted from 0 in reading order")
    title: str | None
    attachment: str | None = Field(None, description="its number as an attachment (附件1 -> 1)")
    fill_date: str | None
    pages: list[int]
    columns: list[Column]
    districts: list[District]
    total: dict[str, Value] | None = None


class FieldSource(BaseModel):
    """Where a document field was read: its page, its lines' box, their weakest confidence."""

    page: int
    confidence: float
    box: Box | None = None


class TableCell(BaseModel):
    """A cell of a table as printed: its place in its page's grid, spans, text, provenance.

    (grid, row, col) names a cell of its table uniquely: cells tile their grid. A cell cut by
    a page break is two cells, one per page, with one `table_row` when the row they are in
    was cut (Word breaks a row across pages) and so is one row of `rows`.
    """

    grid: int = Field(ge=0, description="the table's grid the cell is drawn in, from 0 in "
                      "reading order (a table over pages has one per page)")
    page: int
    row: int = Field(description="row in the grid of its page (0 = the grid's top row)")
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str
    confidence: float = 1.0
    box: Box
    header: bool = Field(False, description="part of the header (or a title row above it)")
    table_row: int | None = Field(
        None, description="the row of the table's `rows` the cell starts in (None in the "
        "header); the rest of a row cut by a page break starts in the row it continues"
    )


class DataTable(BaseModel):
    """Any table, ranking or not, as data: one logical table however many pages it runs over.

    `rows` are the body rows as printed (total and subtotal rows included), each cell's text
    filled down into every row its merged cell covers; `filled` says which values were filled
    down (printed once, in a row above). `cells` is every printed cell, for rebuilding the
    layout.
    """

    index: int = Field(description="every table of the document counted from 0 in reading order")
    ranking: int | None = Field(None, description="its index among the ranking tables, if one")
    title: str | None = None
    attachment: str | None = None
    pages: list[int]
    columns: list[str] = Field(description="header label per column, rows joined with /")
    rows: list[list[str]]
    filled: list[list[bool]]
    cells: list[TableCell]


class PageInfo(BaseModel):
    number: int
    text_source: TextSource
    width: float
    height: float
    dpi: float | None = None
    rotation: int = 0
    skew: float = 0.0
    seals: list[Seal] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class Document(BaseModel):
    source: str
    doc_number: str | None = None
    title: str | None = None
    issuer: str | None = None
    signer: str | None = None
    addressee: str | None = None
    issue_date: str | None = None
    issue_date_kind: str | None = Field(
        None, description="where the issue date was read: 印发 (the 版记 line) or 成文日期 (under "
        "the signature, when the document has no 版记)",
    )
    attachments: list[str] = Field(default_factory=list)
    cc: list[str] = Field(default_factory=list)
    letterhead_mongolian: list[ScriptRegion] = Field(default_factory=list)
    narrative: list[str] = Field(default_factory=list, description="body paragraphs in order")
    field_sources: dict[str, FieldSource] = Field(
        default_factory=dict, description="document field -> where it was read"
    )
    pages: list[PageInfo] = Field(default_factory=list)
    tables: list[RankingTable] = Field(default_factory=list)
    data_tables: list[DataTable] = Field(
        default_factory=list, description="every table (ranking or not) as data, in reading order"
    )
    findings: list[Finding] = Field(default_factory=list)
    review: list[ReviewItem] = Field(default_factory=list)
    corrected: dict[str, str | None] = Field(
        default_factory=dict,
        description="document fields a person corrected (--corrections): field -> as read",
    )

    @property
    def fill_date(self) -> str | None:
        """Distinct table fill dates in table order, joined by `;`."""
        dates: list[str] = []
        for table in self.tables:
            if table.fill_date and table.fill_date not in dates:
                dates.append(table.fill_date)
        return ";".join(dates) or None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def year(self) -> int | None:
        """The bulletin's year: of its issue (印发) date, else of its first table fill date, so
        that outputs of several years concatenate into one panel."""
        for date in (self.issue_date, *(t.fill_date for t in self.tables)):
            if date and date[:4].isdigit():
                return int(date[:4])
        return None
