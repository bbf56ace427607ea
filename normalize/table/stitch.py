"""Grids across pages -> ranking tables: header once, body rows in order, the 合计 row.

A table continued on the next page (header repeated or not) is one table. A merged cell split
by the page break comes back as a new, empty cell at the top of the continuation; it is linked
to the cell it continues, so the hierarchy sees one logical cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from bulletin.normalize.table.header import Header, RowKind, read_header, row_kind
from bulletin.schemas.document import Level
from bulletin.schemas.extracted import Grid, GridCell, PageContent


class PageNote(NamedTuple):
    """A remark about one page (a grid kept aside, a row skipped), for its page warnings."""

    page: int
    message: str


@dataclass(frozen=True)
class LogicalCell:
    """One merged cell as the reader sees it, possibly drawn in pieces on two pages."""

    key: int
    cell: GridCell  # the piece that holds the text (the first one)


@dataclass
class TableDraft:
    header: Header
    grids: list[Grid] = field(default_factory=list)
    body: list[list[LogicalCell]] = field(default_factory=list)  # rows x columns
    body_pages: list[int] = field(default_factory=list)
    total: list[GridCell] | None = None
    ended: bool = False  # the last part ended with its 合计 row: nothing continues this table
    skipped: list[PageNote] = field(default_factory=list)  # subtotal and note rows
    pieces: dict[tuple[int, int, int], int] = field(default_factory=dict)

    @property
    def pages(self) -> list[int]:
        return sorted({g.page for g in self.grids})

    @property
    def closed(self) -> bool:
        return self.ended


@dataclass
class Assembled:
    drafts: list[TableDraft]  # ranking tables in reading order
    others: list[Grid]  # grids that are not ranking tables, kept as read
    notes: list[PageNote]  # remarks for the page warnings


def assemble_tables(pages: list[PageContent]) -> Assembled:
    """Ranking tables in reading order; every other grid is kept aside, never dropped."""
    drafts: list[TableDraft] = []
    others: list[Grid] = []
    notes: list[PageNote] = []
    for page in pages:
        for grid in page.grids:
            header = read_header(grid)
            open_draft = drafts[-1] if drafts and not drafts[-1].closed else None
            if header is not None and _continues(open_draft, header):
                _add_part(open_draft, grid, header.body_start)  # type: ignore[arg-type]
            elif header is not None:
                draft = TableDraft(header=header)
                _add_part(draft, grid, header.body_start)
                drafts.append(draft)
            elif open_draft is not None and grid.n_cols == len(open_draft.header.columns):
                _add_part(open_draft, grid, 0)
            else:
                shape = f"{grid.n_rows}x{grid.n_cols}"
                notes.append(PageNote(page.number, f"a {shape} table is not a ranking table"))
                others.append(grid)
    return Assembled(drafts, others, notes + [note for d in drafts for note in d.skipped])


def _continues(draft: TableDraft | None, header: Header) -> bool:
    """A repeated header: same number of columns, and every column both headers know maps to
    the same field (an OCR'd label that reads as unknown on one page does not break it)."""
    if draft is None or len(draft.header.columns) != len(header.columns):
        return False
    pairs = [
        (a.field, b.field)
        for a, b in zip(draft.header.columns, header.columns, strict=True)
        if a.known and b.known
    ]
    return len(pairs) >= 2 and all(a == b for a, b in pairs)


def _add_part(draft: TableDraft, grid: Grid, body_start: int) -> None:
    matrix = grid.rows()
    first_new_row = len(draft.body)
    draft.ended = False
    for r in range(body_start, grid.n_rows):
        row = matrix[r]
        kind = row_kind(row, draft.header)
        if kind is RowKind.TOTAL:  # usually last, but some tables put it first
            draft.total = [c for c in row if c is not None]
            draft.ended = True
            continue
        if kind is not RowKind.BODY:
            text = " ".join(dict.fromkeys(c.text for c in row if c is not None and c.text))
            draft.skipped.append(PageNote(grid.page, f"{kind.value} row skipped: {text[:60]}"))
            continue
        draft.ended = False
        draft.body.append([_logical(draft, grid, c) for c in row])  # type: ignore[arg-type]
        draft.body_pages.append(grid.page)
    if draft.grids and first_new_row < len(draft.body):
        _join_split_cells(draft, first_new_row)
    draft.grids.append(grid)


def _logical(draft: TableDraft, grid: Grid, cell: GridCell) -> LogicalCell:
    piece = (grid.page, cell.row, cell.col)
    key = draft.pieces.setdefault(piece, len(draft.pieces))
    return LogicalCell(key=key, cell=cell)


def _join_split_cells(draft: TableDraft, first: int) -> None:
    """Empty cells at the top of a continuation continue the cell above the page break."""
    columns = draft.header.columns
    above, top = draft.body[first - 1], draft.body[first]
    for col, (prev, cur) in enumerate(zip(above, top, strict=True)):
        if cur.cell.text.strip() or not prev.cell.text.strip():
            continue
        merged_level = columns[col].level is not Level.COMMUNITY and columns[col].known
        if columns[col].field == "community" or not (merged_level or prev.cell.rowspan > 1):
            continue
        joined = LogicalCell(key=prev.key, cell=prev.cell)
        for row in draft.body[first:]:
            if row[col].key != cur.key:
                break
            row[col] = joined
