"""Frames + words -> grids with text. A word belongs to the cell that holds its centre.

A table printed sideways (most of its characters run down or up the page) is turned upright:
rows and columns follow its reading direction, while every box stays in page points.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

from bulletin.extract.grid.frames import CellFrame, GridFrame
from bulletin.extract.text.direction import (
    TextDirection,
    dominant_direction,
    upright_shape,
    upright_slot,
)
from bulletin.extract.text.order import cell_text
from bulletin.schemas.extracted import CellReading, Grid, GridCell, ScriptRegion, Word
from bulletin.schemas.geometry import Box


def fill_grid(
    frame: GridFrame, words: list[Word], page: int, empty_confidence: float = 1.0
) -> tuple[Grid, list[Word]]:
    """Place words into the frame's cells; return the grid and the words outside it.

    `empty_confidence` is what an empty cell is worth: certain for a text layer, and the OCR
    path lowers it where ink was seen but nothing was read.
    """
    grid, outside, _ = fill_cells(frame, words, page, empty_confidence)
    return grid, outside


def fill_cells(
    frame: GridFrame, words: list[Word], page: int, empty_confidence: float = 1.0,
    regions: Sequence[ScriptRegion] = (),
    readings: Sequence[tuple[Box, CellReading]] = (),
    doubtful: Sequence[Word] = (),
) -> tuple[Grid, list[Word], list[ScriptRegion]]:
    """`fill_grid` with script regions and other readings too: a region (a Mongolian label)
    is kept on its cell apart from the text, never read into it; the other readings of a
    line (at its box) go on a cell that holds that one line only; a cell holding `doubtful`
    words (seal residue read as a stroke or two) is also offered its text without them.
    Returns the words and regions outside."""
    inside, outside = _by_cell(frame, words)
    held, loose = _by_cell(frame, list(regions))
    offered = [[r for _, r in rs] for rs in _by_cell(frame, [_At(b, r) for b, r in readings])[0]]
    offered = [
        alt if len(ws) == 1 else _without(ws, doubtful)
        for ws, alt in zip(inside, offered, strict=True)
    ]
    direction = dominant_direction([w for ws in inside for w in ws])
    cells = [
        _cell(f, ws, rs, alt, frame, direction, page, empty_confidence)
        for f, ws, rs, alt in zip(frame.cells, inside, held, offered, strict=True)
    ]
    n_rows, n_cols = upright_shape(frame.n_rows, frame.n_cols, direction)
    cells.sort(key=lambda c: (c.row, c.col))
    grid = Grid(page=page, box=frame.box, n_rows=n_rows, n_cols=n_cols, cells=cells)
    return grid, outside, loose


def _without(words: list[Word], doubtful: Sequence[Word]) -> list[CellReading]:
    """The cell's text without its doubtful words, when it has both kinds."""
    kept = [w for w in words if not any(w is d for d in doubtful)]
    if not kept or len(kept) == len(words):
        return []
    confidence = min(w.confidence for w in kept)
    return [CellReading(text=cell_text(kept), confidence=confidence, how="without_seal_residue")]


class _At(NamedTuple):
    box: Box
    reading: CellReading


_Placed = TypeVar("_Placed", Word, ScriptRegion, _At)


def _by_cell(frame: GridFrame, items: list[_Placed]) -> tuple[list[list[_Placed]], list[_Placed]]:
    """Items per cell of the frame (by their centre), and those outside it."""
    inside: list[list[_Placed]] = [[] for _ in frame.cells]
    outside: list[_Placed] = []
    if not items:
        return inside, outside
    cell_at = _cell_locator(frame)
    for item in items:
        cx, cy = item.box.center
        index = cell_at(cx, cy)
        if index is None:
            outside.append(item)
        else:
            inside[index].append(item)
    return inside, outside


def _cell(
    f: CellFrame, words: list[Word], regions: list[ScriptRegion], readings: list[CellReading],
    frame: GridFrame, direction: TextDirection, page: int, empty_confidence: float,
) -> GridCell:
    row, col, rowspan, colspan = upright_slot(
        f.row, f.col, f.rowspan, f.colspan, frame.n_rows, frame.n_cols, direction
    )
    return GridCell(
        row=row, col=col, rowspan=rowspan, colspan=colspan,
        text=cell_text(words), box=f.box, page=page,
        confidence=min((w.confidence for w in words), default=empty_confidence),
        script_regions=tuple(sorted(regions, key=lambda r: (r.box.top, r.box.x0))),
        readings=tuple(readings),
    )


def _cell_locator(frame: GridFrame) -> Callable[[float, float], int | None]:
    """The index of the frame's cell at a point (None outside the frame): the first cell
    covering the point's row and column slot, found through a slot table built once, so
    that placing a page's words costs a lookup each, not a pass over the cells."""
    box = frame.box
    xs, ys = frame.xs, frame.ys
    slots: dict[tuple[int, int], int] = {}
    for i, f in enumerate(frame.cells):
        for row in range(f.row, f.row + f.rowspan):
            for col in range(f.col, f.col + f.colspan):
                slots.setdefault((row, col), i)

    def cell_at(x: float, y: float) -> int | None:
        if not box.contains_point(x, y):
            return None
        return slots.get((_slot(ys, y), _slot(xs, x)))

    return cell_at


def _slot(edges: tuple[float, ...], v: float) -> int:
    """The slot between two of the (ascending) edges holding v; the last one past them."""
    return bisect.bisect_right(edges, v, 1, len(edges) - 1) - 1
