"""Typed content of one sample bulletin, as read from ``samples/src/<stem>.json``.

The model holds the document as its author meant it (communities grouped by
street and district, one completion flag per community); how it is drawn, with
which merged cells and on which page, is decided later by the layout modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Level(StrEnum):
    """Which hierarchy level a table column belongs to; decides its vertical span."""

    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"


class Route(StrEnum):
    """How the PDF is made: drawn directly with reportlab, or written as an office
    document (ODT text, XLSX spreadsheet) and converted by LibreOffice."""

    REPORTLAB = "reportlab"
    ODT = "odt"
    XLSX = "xlsx"


class BorderStyle(StrEnum):
    """How cell borders are painted: stroked lines, or thin filled rectangles (a
    different word processor; the pipeline must find rulings either way)."""

    LINES = "lines"
    FILLED_RECTS = "filled_rects"


@dataclass(frozen=True)
class Column:
    """One table column. ``key`` is the truth-file name (``households``) or, for a
    column the pipeline cannot know, the printed label itself (``备注``)."""

    key: str
    label: str
    level: Level
    width: float  # PDF points
    group: str | None = None  # top header cell shared with adjacent columns
    mongolian: str = ""  # traditional-Mongolian label printed with the Chinese one


@dataclass(frozen=True)
class Community:
    name: str
    completed: bool
    # True where the real document starts a new merged 是否完工 cell although
    # the value equals the one above (2020 table: 108住宅楼 after 粮食局小区).
    status_break: bool = False
    extra: dict[str, str] = field(default_factory=dict)  # column key -> text


@dataclass(frozen=True)
class Street:
    name: str
    head: str  # 负责人 ("" where the table has no such column)
    leader: str  # 责任领导
    communities: tuple[Community, ...]
    extra: dict[str, str] = field(default_factory=dict)  # street-level unknown columns


@dataclass(frozen=True)
class District:
    rank: str
    name: str
    # district-level number columns, text as printed; in a table with 小计 rows
    # also the subtotal of each summed community-level column (as printed there)
    values: dict[str, str]
    streets: tuple[Street, ...]

    def communities(self) -> list[Community]:
        return [c for s in self.streets for c in s.communities]


@dataclass(frozen=True)
class TotalRow:
    label: str  # 合计, 总计, 全市合计, 合  计 ...
    label_cols: int  # how many leading columns the label cell spans
    values: dict[str, str]  # column key -> printed text


@dataclass(frozen=True)
class SubtotalRow:
    """A 小计 row after each district's communities. The label cell spans the
    columns ``first``..``last`` (keys, inclusive); the district-level cells of the
    district (rank, name) span its communities and this row; the summed
    community-level columns print the district's ``values``."""

    label: str
    first: str
    last: str


class MongolianHeader(StrEnum):
    """Where the columns' traditional-Mongolian labels are printed."""

    NONE = "none"
    IN_CELL = "in_cell"  # a horizontal line above the Chinese label, same cell
    ROW_BELOW = "row_below"  # a header row of its own under the Chinese labels, vertical


@dataclass(frozen=True)
class TablePages:
    """Where an office route's converter put the table: the page of its first
    row and the community (0-based, reading order) starting each later page.
    Declared in the source and verified against the PDF after conversion."""

    first: int
    breaks: tuple[int, ...] = ()


@dataclass(frozen=True)
class RankingTable:
    label: str  # 附件1： (drawn on its own line above the title); "" for none
    title: str
    fill_date_text: str  # as printed, e.g. 填报日期：2021.4.25; "" for none
    fill_date: str  # ISO 8601
    columns: tuple[Column, ...]
    districts: tuple[District, ...]
    total: TotalRow
    status_text: tuple[str, str] = ("是", "否")  # printed for completed / not completed
    status_merge: bool = True  # equal statuses of a district share one merged cell
    subtotal: SubtotalRow | None = None
    mongolian_header: MongolianHeader = MongolianHeader.NONE
    pages: TablePages | None = None  # office routes only
    label_inline: bool = False  # label and title on one centred line (附件1：title)
    unit_note: str = ""  # e.g. 单位：万元、户, printed right-aligned on the fill-date line

    def column_keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Style:
    """Page and typography choices; the two samples differ here on purpose."""

    font: str  # key into fonts.FONT_FILES
    borders: BorderStyle
    margins_mm: tuple[float, float, float, float]  # top, right, bottom, left
    table_margins_mm: tuple[float, float, float, float]
    table_landscape: bool
    body_size: float
    body_leading: float
    table_font_size: float
    table_min_row_height: float
    title_font: str | None = None  # fonts.FONT_FILES key; default ``font``
    table_font: str | None = None
    heading_font: str | None = None  # 一、 headings (黑体 in real documents)


@dataclass(frozen=True)
class Paragraph:
    kind: str  # "heading" or "para"; both get the 2-character first-line indent
    text: str


class FooterStyle(StrEnum):
    """How the 印发 line of the 版记 is printed."""

    TWO_ENDS = "two_ends"  # office flush left, date flush right (drawn apart)
    SPACED = "spaced"  # one run of text: office, spaces, date (``office`` holds it all)
    DATE_ONLY = "date_only"  # only the date, flush right


@dataclass(frozen=True)
class Signature:
    """The issuing body's name and the 成文日期 under the body text."""

    name: str
    date_text: str  # e.g. 2022年11月18日


@dataclass(frozen=True)
class Bulletin:
    stem: str
    style: Style
    mongolian_line: str  # "" for none
    issuer_line: str  # red letterhead, e.g. 乌海市住房和城乡建设局文件
    issuer: str
    doc_number: str
    signer: str  # "" when no 签发人 is printed
    title_lines: tuple[str, ...]
    addressee: str
    body: tuple[Paragraph, ...]
    attachments: tuple[str, ...]
    tables: tuple[RankingTable, ...]
    cc: str  # full 抄送 line including the 抄送： prefix; "" for none
    office: str
    issue_date_text: str  # e.g. 2021年4月30日印发; "" when there is no 印发 line
    issue_date: str  # ISO 8601: the 印发 date, else the 成文日期
    route: Route = Route.REPORTLAB
    mongolian_below: bool = False  # Mongolian line under the Chinese issuer line
    doc_number_centered: bool = False  # 下行文: number centred, no 签发人
    signature: Signature | None = None
    footer_style: FooterStyle = FooterStyle.TWO_ENDS
    front: bool = True  # False: the file is only the attached table (a spreadsheet)
    sheet_note: str = ""  # spreadsheet route: 填报单位 line printed left of the fill date

    @property
    def pdf_name(self) -> str:
        return f"{self.stem}.pdf"

    @property
    def office_name(self) -> str:
        """The office document an office route writes (and LibreOffice converts)."""
        return f"office/{self.stem}.{self.route.value}"

    @property
    def title(self) -> str:
        return "".join(self.title_lines)
