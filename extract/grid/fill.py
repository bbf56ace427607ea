"""Frames + words -> grids with text. A word belongs to the cell that holds its centre.

A table printed sideways (most of its characters run down or up the page) is turned upright:
rows and columns follow its reading direction, while every box stays in page points.
"""

from __future__ import annotations

from bulletin.extract.grid.frames import CellFrame, GridFrame
from bulletin.extract.text.direction import (
    TextDirection,
    dominant_direction,
    upright_shape,
    upright_slot,
)
from bulletin.extract.text.order import cell_text
from bulletin.schemas.extracted import Grid, GridCell, Word


def fill_grid(
    frame: GridFrame, words: list[Word], page: int, empty_confidence: float = 1.0
) -> tuple[Grid, list[Word]]:
    """Place words into the frame's cells; return the grid and the words outside it.

    `empty_confidence` is what an empty cell is worth: certain for a text layer, and the OCR
    path lowers it where ink was seen but nothing was read.
    """
    inside: list[list[Word]] = [[] for _ in frame.cells]
    outside: list[Word] = []
    for w in words:
        cx, cy = w.box.center
        index = _cell_index(frame, cx, cy)
        if index is None:
            outside.append(w)
        else:
            inside[index].append(w)
    direction = dominant_direction([w for ws in inside for w in ws])
    cells = [
        _cell(f, ws, frame, direction, page, empty_confidence)
        for f, ws in zip(frame.cells, inside, strict=True)
    ]
    n_rows, n_cols = upright_shape(frame.n_rows, frame.n_cols, direction)
    cells.sort(key=lambda c: (c.row, c.col))
    grid = Grid(page=page, box=frame.box, n_rows=n_rows, n_cols=n_cols, cells=cells)
    return grid, outside


def _cell(
    f: CellFrame, words: list[Word], frame: GridFrame, direction: TextDirection, page: int,
    empty_confidence: float,
) -> GridCell:
    row, col, rowspan, colspan = upright_slot(
        f.row, f.col, f.rowspan, f.colspan, frame.n_rows, frame.n_cols, direction
    )
    return GridCell(
        row=row, col=col, rowspan=rowspan, colspan=colspan,
        text=cell_text(words), box=f.box, page=page,
        confidence=min((w.confidence for w in words), default=empty_confidence),
    )


def _cell_index(frame: GridFrame, x: float, y: float) -> int | None:
    if not frame.box.contains_point(x, y):
        return None
    col = _slot(frame.xs, x)
    row = _slot(frame.ys, y)
    for i, f in enumerate(frame.cells):
        if f.row <= row < f.row + f.rowspan and f.col <= col < f.col + f.colspan:
            return i
    return None


def _slot(edges: tuple[float, ...], v: float) -> int:
    for i in range(len(edges) - 1):
        if v < edges[i + 1]:
            return i
    return len(edges) - 2
