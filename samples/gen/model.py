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
    head: str  # 负责人
    leader: str  # 责任领导
    communities: tuple[Community, ...]


@dataclass(frozen=True)
class District:
    rank: str
    name: str
    values: dict[str, str]  # district-level number columns, text as printed
    streets: tuple[Street, ...]

    def communities(self) -> list[Community]:
        return [c for s in self.streets for c in s.communities]


@dataclass(frozen=True)
class TotalRow:
    label: str  # 合计
    label_cols: int  # how many leading columns the label cell spans
    values: dict[str, str]  # column key -> printed text


@dataclass(frozen=True)
class RankingTable:
    label: str  # 附件1： (drawn on its own line above the title)
    title: str
    fill_date_text: str  # as printed, e.g. 填报日期：2021.4.25
    fill_date: str  # ISO 8601
    columns: tuple[Column, ...]
    districts: tuple[District, ...]
    total: TotalRow

    def column_keys(self) -> list[str]:
        return [c.key for c in self.columns]


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


@dataclass(frozen=True)
class Paragraph:
    kind: str  # "heading" or "para"; both get the 2-character first-line indent
    text: str


@dataclass(frozen=True)
class Bulletin:
    stem: str
    style: Style
    mongolian_line: str
    issuer_line: str  # red letterhead, e.g. 乌海市住房和城乡建设局文件
    issuer: str
    doc_number: str
    signer: str
    title_lines: tuple[str, ...]
    addressee: str
    body: tuple[Paragraph, ...]
    attachments: tuple[str, ...]
    tables: tuple[RankingTable, ...]
    cc: str  # full 抄送 line including the 抄送： prefix
    office: str
    issue_date_text: str  # e.g. 2021年4月30日印发
    issue_date: str  # ISO 8601

    @property
    def pdf_name(self) -> str:
        return f"{self.stem}.pdf"

    @property
    def title(self) -> str:
        return "".join(self.title_lines)
