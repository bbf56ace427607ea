"""Grids across pages -> logical tables: header once, body rows in order, total and subtotals.

A table continued on the next page is one table: the next page's first grid continues the
open table when it has the same columns (same count, same relative widths) and either repeats
the header or starts straight with body rows. What the page break cut is put back together
(breaks.py): a merged cell split by it is one logical cell, and a row that Word broke across
the pages is one row.

Every grid becomes a draft; which drafts are ranking tables is decided from their columns
(roles.py) once all their parts are joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from bulletin.normalize.table.breaks import find_rests, join_rest, join_split_cells
from bulletin.normalize.table.header import Header, RowKind, label_key, read_header, row_kind
from bulletin.normalize.table.roles import infer_roles
from bulletin.normalize.table.slivers import without_slivers
from bulletin.schemas.extracted import Grid, GridCell, PageContent
from bulletin.schemas.vocabulary import Vocabulary

_SAME_WIDTHS = 0.03  # relative column widths of two parts of one table agree within this
_REPEATED = 0.6  # share of header labels a repeated header must repeat


class PageNote(NamedTuple):
    """A remark about one page (a grid kept aside, a row skipped), for its page warnings."""

    page: int
    message: str


@dataclass(frozen=True)
class LogicalCell:
    """One merged cell as the reader sees it, possibly drawn in pieces on two pages."""

    key: int
    cell: GridCell  # the piece that holds the text (the first one)


@dataclass(frozen=True)
class Subtotal:
    """A subtotal row (小计) and the body row it follows."""

    after: int  # index of the body row just above it (-1: before any body row)
    cells: list[GridCell]


@dataclass
class TableDraft:
    header: Header
    grids: list[Grid] = field(default_factory=list)
    body: list[list[LogicalCell]] = field(default_factory=list)  # rows x columns
    body_pages: list[int] = field(default_factory=list)
    total: list[GridCell] | None = None
    subtotals: list[Subtotal] = field(default_factory=list)
    ended: bool = False  # the last part ended with its total row: nothing continues it
    skipped: list[PageNote] = field(default_factory=list)  # note rows
    pieces: dict[tuple[int, int, int], int] = field(default_factory=dict)  # (grid, row, col)
    part_starts: list[int] = field(default_factory=list)  # first body row of each later part
    page_tops: dict[int, int] = field(default_factory=dict)  # body row -> its grid: a later
    # part's first row, right under the previous page's last row (where a cut row goes on)
    rests: list[int] = field(default_factory=list)  # grids whose first row below the header
    # was the rest of a row cut by the page break, joined to the row above
    printed: list[list[LogicalCell]] = field(default_factory=list)  # every row below the
    # header as printed (body, total, subtotal and note rows), for the table as data
    body_starts: list[int] = field(default_factory=list)  # per grid: its first non-header row

    @property
    def pages(self) -> list[int]:
        return sorted({g.page for g in self.grids})

    @property
    def is_ranking(self) -> bool:
        """A place hierarchy: a community column under a district or street column."""
        fields = {c.field for c in self.header.columns if c.known}
        return "community" in fields and bool(fields & {"district", "street"})


@dataclass
class Assembled:
    tables: list[TableDraft]  # every table in reading order, ranking or not
    notes: list[PageNote]  # remarks for the page warnings

    @property
    def ranking(self) -> list[TableDraft]:
        return [t for t in self.tables if t.is_ranking]


def assemble_tables(pages: list[PageContent], vocab: Vocabulary) -> Assembled:
    """Logical tables in reading order (a grid too small to be a table is noted as a box)."""
    drafts: list[TableDraft] = []
    notes: list[PageNote] = []
    for page in pages:
        for index, grid in enumerate(page.grids):
            header = read_header(grid, vocab)
            draft = drafts[-1] if drafts else None
            continued = index == 0 and says_continued(page, grid)
            how = _continuation(draft, grid, header, continued) if draft and index == 0 else None
            if draft is not None and index == 0 and how is None:
                grid, header, how = _continues_without_slivers(draft, grid, header, continued,
                                                               vocab)
            if draft is not None and how is not None:
                start = header.body_start if how == "repeat" and header is not None else 0
                _add_part(draft, grid, start, vocab)
            elif header is not None:
                draft = TableDraft(header=header)
                _add_part(draft, grid, header.body_start, vocab)
                drafts.append(draft)
            else:
                shape = f"{grid.n_rows}x{grid.n_cols}"
                notes.append(PageNote(page.number, f"a {shape} box, not a table"))
    for draft in drafts:
        _finish(draft, vocab)
        notes += draft.skipped
        if not draft.is_ranking:
            shape = f"{draft.grids[0].n_rows}x{draft.grids[0].n_cols}"
            notes.append(PageNote(draft.grids[0].page, f"a {shape} table without a place "
                                  "hierarchy (not a ranking table): kept as a data table"))
    return Assembled(drafts, notes)


_CONTINUED = re.compile(r"^续\s*表|[(（]\s*续\s*[)）]\s*$")


def says_continued(page: PageContent, grid: Grid) -> bool:
    """A caption above the grid marks it as a continuation (续表, 续表1, 附表 (续))."""
    return any(
        ln.box.bottom <= grid.box.top + 1 and _CONTINUED.search(ln.text.strip())
        for ln in page.lines
    )


def _continuation(
    draft: TableDraft, grid: Grid, header: Header | None, continued: bool
) -> str | None:
    """How `grid` continues `draft` across a page break: "repeat" (it prints the header
    again), "body" (it starts with body rows), or None (another table). A caption saying
    so (续表) continues a table of the same column count whatever its widths."""
    last = draft.grids[-1]
    if grid.page <= last.page or last.n_cols != grid.n_cols:
        return None
    if not continued and (draft.ended or not _same_columns(last, grid)):
        return None
    if header is None:
        return "body"
    wanted = [label_key(c.label) for c in draft.header.columns]
    got = [label_key(c.label) for c in header.columns]
    pairs = [(a, b) for a, b in zip(wanted, got, strict=True) if a]
    repeated = sum(a == b for a, b in pairs)
    known = [(a.field, b.field) for a, b in zip(draft.header.columns, header.columns, strict=True)
             if a.known and b.known]  # fmt: skip
    if (pairs and repeated >= _REPEATED * len(pairs)) or (
        len(known) >= 2 and all(a == b for a, b in known)
    ):
        return "repeat"
    return "body"


def _continues_without_slivers(
    draft: TableDraft, grid: Grid, header: Header | None, continued: bool, vocab: Vocabulary
) -> tuple[Grid, Header | None, str | None]:
    """A grid that continues the open table once a ruling slip's sliver column is merged
    away, as that cleaned grid (the table goes on with the columns it has); else as it was."""
    cleaned = without_slivers(grid)
    if cleaned is None:
        return grid, header, None
    cleaned_header = read_header(cleaned, vocab)
    how = _continuation(draft, cleaned, cleaned_header, continued)
    return (cleaned, cleaned_header, how) if how is not None else (grid, header, None)


def _same_columns(a: Grid, b: Grid) -> bool:
    if a.n_cols != b.n_cols:
        return False
    return all(abs(x - y) <= _SAME_WIDTHS for x, y in zip(_widths(a), _widths(b), strict=True))


def _widths(grid: Grid) -> list[float]:
    """Each column's share of the grid's width (from its single-column cells)."""
    lefts: dict[int, float] = {}
    for cell in grid.cells:
        lefts[cell.col] = min(lefts.get(cell.col, cell.box.x0), cell.box.x0)
    edges = [lefts.get(c, grid.box.x0) for c in range(grid.n_cols)] + [grid.box.x1]
    width = max(grid.box.width, 1e-6)
    return [(edges[c + 1] - edges[c]) / width for c in range(grid.n_cols)]


def _add_part(draft: TableDraft, grid: Grid, body_start: int, vocab: Vocabulary) -> None:
    matrix = grid.rows()
    index = len(draft.grids)
    if draft.grids:
        draft.part_starts.append(len(draft.body))
    draft.body_starts.append(body_start)
    for r in range(body_start, grid.n_rows):
        row = matrix[r]
        kind = row_kind(row, draft.header, vocab)
        cells = list(dict.fromkeys(c for c in row if c is not None))
        logical = [_logical(draft, index, c) for c in row]  # type: ignore[arg-type]
        if index and r == body_start and kind is RowKind.BODY and _under_last_body_row(draft):
            draft.page_tops[len(draft.body)] = index
        draft.printed.append(logical)  # body rows below are this same list: joins reach both
        if kind is RowKind.TOTAL:  # usually last, but some tables put it first
            draft.total = cells
            draft.ended = True
        elif kind is RowKind.SUBTOTAL:
            draft.subtotals.append(Subtotal(len(draft.body) - 1, cells))
        elif kind is RowKind.NOTE:
            text = " ".join(dict.fromkeys(c.text for c in cells if c.text))
            draft.skipped.append(PageNote(grid.page, f"note row skipped: {text[:60]}"))
        else:
            draft.ended = False
            draft.body.append(logical)
            draft.body_pages.append(grid.page)
    draft.grids.append(grid)


def _under_last_body_row(draft: TableDraft) -> bool:
    """The last row printed so far is a body row (not a total, subtotal or note row)."""
    return bool(draft.body) and bool(draft.printed) and draft.printed[-1] is draft.body[-1]


def _logical(draft: TableDraft, grid: int, cell: GridCell) -> LogicalCell:
    piece = (grid, cell.row, cell.col)
    key = draft.pieces.setdefault(piece, len(draft.pieces))
    return LogicalCell(key=key, cell=cell)


def _finish(draft: TableDraft, vocab: Vocabulary) -> None:
    """Columns understood from the cells where the labels were not, what the page breaks cut
    put back together, and a total row found by its geometry once the hierarchy columns are
    known."""
    rests = _rests(draft)  # decided on the rows as drawn, before any piece is joined
    keys = [[lc.key for lc in row] for row in draft.body]
    texts = [[lc.cell.text for lc in row] for row in draft.body]
    columns = infer_roles(list(draft.header.columns), keys, texts, vocab)
    draft.header = Header(draft.header.start, draft.header.height, tuple(columns))
    inferred = [f"{c.label} as {c.field}" for c in columns if c.how == "content"]
    if inferred:
        message = "header labels not understood; columns recognised from their cells: "
        draft.skipped.append(PageNote(draft.grids[0].page, message + ", ".join(inferred)))
    for first in draft.part_starts:
        if 0 < first < len(draft.body) and first not in rests:
            join_split_cells(draft, first)
    for first in reversed(rests):  # from the last: the rows above keep their places
        join_rest(draft, first)
    if draft.total is None:  # a misread 合计 label: the row is known by its spans
        for r, row in enumerate(draft.body):
            cells: list[GridCell | None] = [lc.cell for lc in row]
            if row_kind(cells, draft.header, vocab) is RowKind.TOTAL:
                draft.total = list(dict.fromkeys(lc.cell for lc in row))
                del draft.body[r], draft.body_pages[r]
                break


def _rests(draft: TableDraft) -> list[int]:
    """The page-top rows that are the rest of a row cut by the page break (breaks.py), each
    noted on its page."""
    rests = find_rests(draft.body, draft.page_tops)
    for r in rests:
        draft.rests.append(draft.page_tops[r])
        draft.skipped.append(PageNote(draft.body_pages[r], "the table's first row here is the "
                                      "rest of a row cut by the page break: joined to it"))
    return rests
