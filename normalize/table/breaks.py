"""What a page break cuts in a table continued on the next page, put back together.

Two things can be cut at a page break, and both come back as pieces at the top of the next
page's grid (the word processor draws rules on both sides of the break, so the drawing never
tells a cut from a boundary):

- a merged cell spanning rows on both pages: two pieces, one of them usually empty; they are
  one logical cell (`join_split_cells`);
- a row (Word lets a row break across pages): the rest of its cells is a row of its own at
  the top of the next page. It is joined to the row it continues (`find_rests`, `join_rest`)
  only when the rows themselves say so: it is cut along the same column edges, it prints text
  only where the row above has text, and it leaves empty what every other row of the table
  fills itself — each other row prints text of its own in some column where this one prints
  none (a number column, a code every row carries). A row that starts a new entry prints its
  own key and is kept.

Everything here works on the draft's rows of logical cells; which cells are pieces of one cell
is said by giving them one logical cell (one key), so every row covering a piece sees the join.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from bulletin.schemas.document import Level
from bulletin.schemas.text import join_cjk

if TYPE_CHECKING:
    from bulletin.normalize.table.stitch import LogicalCell, TableDraft

Row = list["LogicalCell"]
_MIN_OTHERS = 3  # rows a table needs besides the page tops before its rows can prove a rest


def join_split_cells(draft: TableDraft, first: int) -> None:
    """A merged cell cut by the page break comes back as two pieces, one of them empty:
    word processors print the text in the first piece (the continuation starts with an
    empty cell), spreadsheets often in the second (the first piece is empty). Either way the
    pieces are one logical cell holding the printed text."""
    columns = draft.header.columns
    above, top = draft.body[first - 1], draft.body[first]
    for col, (prev, cur) in enumerate(zip(above, top, strict=True)):
        before, after = prev.cell.text.strip(), cur.cell.text.strip()
        if bool(before) == bool(after) or columns[col].field == "community":
            continue
        merged_level = columns[col].level is not Level.COMMUNITY and columns[col].known
        if not (merged_level or max(prev.cell.rowspan, cur.cell.rowspan) > 1):
            continue
        joined = replace(prev, cell=prev.cell if before else cur.cell)
        _relabel(draft.body[first:], col, cur.key, joined)
        _relabel(reversed(draft.body[:first]), col, prev.key, joined)


def find_rests(body: list[Row], tops: Iterable[int]) -> list[int]:
    """Which of the body rows `tops` (each the top of a page, right under the previous page's
    last row) are the rest of that row, cut by the page break. Every other row is evidence of
    what a row of this table fills of its own."""
    candidates = set(tops)
    others = [r for r in range(len(body)) if r not in candidates]
    if len(others) < _MIN_OTHERS:
        return []
    patterns = {own_columns(body, r) for r in others}  # a few, however long the table
    return [r for r in sorted(candidates) if _is_rest(body, r, patterns)]


def _is_rest(body: list[Row], first: int, patterns: set[frozenset[int]]) -> bool:
    if not 0 < first < len(body):
        return False
    above, top = body[first - 1], body[first]
    if _edges(above) != _edges(top):
        return False
    own = own_columns(body, first)
    if any(not above[col].cell.text.strip() for col in own):
        return False  # text where the row above has none starts something new
    return all(pattern - own for pattern in patterns)


def own_columns(body: list[Row], r: int) -> frozenset[int]:
    """The columns where row `r` prints text of its own: a cell that starts in this row (not
    one merged down from a row above), counted in its first column only."""
    row = body[r]
    return frozenset(
        col for col, lc in enumerate(row)
        if lc.cell.text.strip()
        and (r == 0 or body[r - 1][col].key != lc.key)
        and (col == 0 or row[col - 1].key != lc.key)
    )  # fmt: skip


def _edges(row: Row) -> tuple[bool, ...]:
    """Where a cell of the row ends and the next begins, column by column."""
    return tuple(row[col].key != row[col - 1].key for col in range(1, len(row)))


def join_rest(draft: TableDraft, first: int) -> None:
    """Body row `first`, the rest of the row above it, joined into that row: each column's
    two pieces become one logical cell holding both texts in reading order (a piece merged
    over more rows below keeps covering them), and the row itself is gone from the table."""
    body = draft.body
    above, top = body[first - 1], body[first]
    joined: dict[tuple[int, int], LogicalCell] = {}
    for col, (prev, cur) in enumerate(zip(above, top, strict=True)):
        cell = joined.setdefault((prev.key, cur.key), _joined(prev, cur))
        _relabel(body[first + 1:], col, cur.key, cell)
        _relabel(reversed(body[:first]), col, prev.key, cell)
    _drop_printed(draft, top)
    del body[first], draft.body_pages[first]
    draft.subtotals = [replace(s, after=s.after - 1) if s.after >= first else s
                       for s in draft.subtotals]  # fmt: skip


def _joined(prev: LogicalCell, cur: LogicalCell) -> LogicalCell:
    """One logical cell of two pieces: the first piece (its page, box and key), holding the
    texts of both; an empty piece adds nothing."""
    before, after = prev.cell.text.strip(), cur.cell.text.strip()
    if not after:
        return prev
    if not before:
        return replace(prev, cell=cur.cell)
    text = join_cjk([prev.cell.text, cur.cell.text])
    confidence = min(prev.cell.confidence, cur.cell.confidence)
    # the pieces' other readings were of one piece each, not of the joined text
    cell = prev.cell.model_copy(update={"text": text, "confidence": confidence, "readings": ()})
    return replace(prev, cell=cell)


def _drop_printed(draft: TableDraft, row: Row) -> None:
    """The row gone from the rows as printed (the same list object as in the body)."""
    index = next(i for i, r in enumerate(draft.printed) if r is row)
    del draft.printed[index]


def _relabel(rows: Iterable[Row], col: int, key: int, joined: LogicalCell) -> None:
    """Put `joined` in column `col` of the rows, in order, as long as they hold `key`."""
    for row in rows:
        if row[col].key != key:
            break
        row[col] = joined
