"""Sliver columns: a hair-thin empty column a ruling slip drew, merged into its neighbour.

A word processor sometimes draws a page's right border a few points off for some rows (the
table of EAC attachment03 p.68: 533 pt for the first rows, 539 pt below), and the grid then
has a column a few points wide that holds nothing. It is no column of the printed table: a
table continued on that page must still be recognised as the same table (same columns).
Only the stitcher uses this, when a grid does not continue the open table as it is.
"""

from __future__ import annotations

from bulletin.schemas.extracted import Grid, GridCell

_SLIVER = 0.02  # a column narrower than this share of the grid's width ...
_OTHERS = 0.25  # ... and than this share of every other column can be a sliver


def without_slivers(grid: Grid) -> Grid | None:
    """The grid with its empty sliver columns merged into their left neighbour (the first
    column into its right one); None when it has none."""
    widths = _widths(grid)
    slivers = [c for c in range(grid.n_cols) if _is_sliver(grid, widths, c)]
    if not slivers or len(slivers) >= grid.n_cols:
        return None
    for col in reversed(slivers):  # right to left: the indices of the others stay valid
        grid = _merge(grid, col)
    return grid


def _widths(grid: Grid) -> list[float]:
    """Each column's width in points, from the left edges of the cells that start in it."""
    lefts: dict[int, float] = {}
    for cell in grid.cells:
        lefts[cell.col] = min(lefts.get(cell.col, cell.box.x0), cell.box.x0)
    edges = [lefts.get(c, grid.box.x0) for c in range(grid.n_cols)] + [grid.box.x1]
    return [max(edges[c + 1] - edges[c], 0.0) for c in range(grid.n_cols)]


def _is_sliver(grid: Grid, widths: list[float], col: int) -> bool:
    width = widths[col]
    others = [w for c, w in enumerate(widths) if c != col]
    if not others or width >= _SLIVER * max(grid.box.width, 1e-6):
        return False
    if any(width >= _OTHERS * w for w in others):
        return False
    inside = [c for c in grid.cells if c.col == col and c.colspan == 1]
    return all(not c.text.strip() and not c.script_regions for c in inside)


def _merge(grid: Grid, sliver: int) -> Grid:
    """Column `sliver` folded into its neighbour: a cell drawn inside it alone is dropped
    (it is empty), every other cell keeps its rows and loses the sliver from its span."""
    into = sliver - 1 if sliver > 0 else 0

    def slot(c: int) -> int:
        if c == sliver:
            return into
        return c - 1 if c > sliver else c

    cells: list[GridCell] = []
    for cell in grid.cells:
        if cell.col == sliver and cell.colspan == 1:
            continue
        # a cell starting in the sliver starts in the column after it (which takes its index)
        start = sliver if cell.col == sliver else slot(cell.col)
        end = slot(cell.col + cell.colspan - 1)
        cells.append(cell.model_copy(update={"col": start, "colspan": end - start + 1}))
    return Grid(page=grid.page, box=grid.box, n_rows=grid.n_rows, n_cols=grid.n_cols - 1,
                cells=cells)
