"""Frames + words -> grids with text. A word belongs to the cell that holds its centre."""

from __future__ import annotations

from extract.grid import GridFrame
from extract.reading import group_lines, join_lines, join_words
from schemas.extracted import Grid, GridCell, Word


def fill_grid(
    frame: GridFrame, words: list[Word], page: int, empty_confidence: float = 1.0
) -> tuple[Grid, list[Word]]:
    """Place words into the frame's cells; return the grid and the words outside it.

    `empty_confidence` is what an empty cell is worth: certain for a text layer, and the OCR
    path lowers it where ink was seen but nothing was read.
    """
    inside: dict[int, list[Word]] = {i: [] for i in range(len(frame.cells))}
    outside: list[Word] = []
    for w in words:
        cx, cy = w.box.center
        index = _cell_index(frame, cx, cy)
        if index is None:
            outside.append(w)
        else:
            inside[index].append(w)
    cells = []
    for i, f in enumerate(frame.cells):
        ws = inside[i]
        text = join_lines([join_words(line) for line in group_lines(ws)])
        confidence = min((w.confidence for w in ws), default=empty_confidence)
        cells.append(
            GridCell(
                row=f.row, col=f.col, rowspan=f.rowspan, colspan=f.colspan,
                text=text, box=f.box, confidence=confidence, page=page,
            )
        )
    grid = Grid(page=page, box=frame.box, n_rows=frame.n_rows, n_cols=frame.n_cols, cells=cells)
    return grid, outside


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
