"""A small ruled-table layout engine on the reportlab canvas.

A ``Grid`` is a list of cells with row/column spans over a fixed column grid.
The engine sizes rows from their text, splits body rows over pages (repeating
the header rows on every page) and draws each cell, or each page fragment of a
cell, as exactly one rectangle, so no ruling crosses a merged cell.

Coordinates: PDF points; ``y`` grows upwards as in reportlab, and the
functions take the *top* edge of the table on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from .fonts import register, width
from .model import BorderStyle
from .wrap import wrap

CELL_PAD_X = 2.0  # points of horizontal padding inside a cell
CELL_PAD_Y = 2.0
RULE_WIDTH = 0.6  # stroked border width (BorderStyle.LINES)
BAR_WIDTH = 0.5  # filled border bar thickness (BorderStyle.FILLED_RECTS)


@dataclass(frozen=True)
class GridCell:
    """One cell; rows and columns are 0-based and include the header rows."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    # "text", or "mongolian-vertical": traditional Mongolian set top to bottom
    # (the horizontal glyph run turned 90 degrees clockwise), lines left to right
    script: str = "text"

    def __post_init__(self) -> None:
        if self.row < 0 or self.col < 0 or self.rowspan < 1 or self.colspan < 1:
            raise ValueError(f"bad cell geometry {self}")


@dataclass(frozen=True)
class Grid:
    """Invariant: cells never overlap and stay inside ``n_rows`` x ``len(col_widths)``."""

    col_widths: tuple[float, ...]
    n_rows: int
    header_rows: int
    cells: tuple[GridCell, ...]

    def __post_init__(self) -> None:
        seen: set[tuple[int, int]] = set()
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    if r >= self.n_rows or k >= len(self.col_widths) or (r, k) in seen:
                        raise ValueError(f"cell {c} overlaps or leaves the grid")
                    seen.add((r, k))
        for c in self.cells:
            if c.row < self.header_rows < c.row + c.rowspan:
                raise ValueError(f"cell {c} straddles header and body")

    @property
    def width(self) -> float:
        return sum(self.col_widths)


@dataclass(frozen=True)
class TextStyle:
    font: str  # registered reportlab font name
    size: float
    min_row_height: float

    @property
    def line_height(self) -> float:
        return self.size * 1.18

    @property
    def mongolian_size(self) -> float:
        return self.size * 0.85


def _vertical_lines(text: str, ts: TextStyle, length: float) -> list[str]:
    """Mongolian words packed into vertical lines of at most ``length`` points."""
    font = register("mongolian")
    lines: list[str] = []
    for word in text.split(" "):
        if lines and width(lines[-1] + " " + word, font, ts.mongolian_size) <= length:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _vertical_length(grid: Grid, cell: GridCell, ts: TextStyle) -> float:
    """Longest vertical line when the words are packed into as few lines as the
    cell's width holds (each line takes one line height across)."""
    font = register("mongolian")
    room = max(1, int((_cell_width(grid, cell) - 2 * CELL_PAD_X) // ts.line_height))
    words = cell.text.split(" ")
    longest = max(width(w, font, ts.mongolian_size) for w in words)
    full = width(cell.text, font, ts.mongolian_size)
    length = max(longest, full / room)
    while len(_vertical_lines(cell.text, ts, length)) > room:
        length += ts.mongolian_size
    return length


def _cell_width(grid: Grid, cell: GridCell) -> float:
    return sum(grid.col_widths[cell.col:cell.col + cell.colspan])


def _needed_height(grid: Grid, cell: GridCell, ts: TextStyle) -> float:
    if cell.script == "mongolian-vertical":
        return _vertical_length(grid, cell, ts) + 4 * CELL_PAD_Y if cell.text else 0.0
    lines = wrap(cell.text, ts.font, ts.size, _cell_width(grid, cell) - 2 * CELL_PAD_X)
    return len(lines) * ts.line_height + 2 * CELL_PAD_Y


def row_heights(grid: Grid, ts: TextStyle) -> list[float]:
    """Single-row cells set their row's height; a merged cell that still lacks
    room grows the last row it spans."""
    heights = [ts.min_row_height] * grid.n_rows
    for cell in grid.cells:
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], _needed_height(grid, cell, ts))
    for cell in grid.cells:
        if cell.rowspan > 1:
            have = sum(heights[cell.row:cell.row + cell.rowspan])
            lack = _needed_height(grid, cell, ts) - have
            if lack > 0:
                heights[cell.row + cell.rowspan - 1] += lack
    return heights


def paginate(grid: Grid, heights: list[float], first_avail: float,
             next_avail: float) -> list[range]:
    """Body rows per page. Each page repeats the header rows, so only the rest
    of the available height (points) is filled; every page gets >= 1 row."""
    header = sum(heights[:grid.header_rows])
    pages: list[range] = []
    start = grid.header_rows
    avail = first_avail
    while start < grid.n_rows:
        used, end = header, start
        while end < grid.n_rows and (end == start or used + heights[end] <= avail):
            used += heights[end]
            end += 1
        pages.append(range(start, end))
        start, avail = end, next_avail
    return pages


def page_height(grid: Grid, heights: list[float], rows: range) -> float:
    """Height (points) of the part of the table drawn on one page."""
    return sum(heights[:grid.header_rows]) + sum(heights[r] for r in rows)


def _row_tops(grid: Grid, heights: list[float], rows: range, top: float) -> dict[int, float]:
    """Top y of each row visible on this page: header rows, then the slice."""
    tops: dict[int, float] = {}
    y = top
    for r in list(range(grid.header_rows)) + list(rows):
        tops[r] = y
        y -= heights[r]
    return tops


def draw_page(canvas: Canvas, grid: Grid, heights: list[float], rows: range,
              left: float, top: float, ts: TextStyle, borders: BorderStyle) -> float:
    """Draw the header rows plus body ``rows`` with the table's top-left corner at
    (left, top). A merged cell cut by the page break becomes one rectangle per
    page; its text goes only into the fragment holding its first row (what Word
    does). Returns the y of the table's bottom edge."""
    tops = _row_tops(grid, heights, rows, top)
    xs = [left + sum(grid.col_widths[:k]) for k in range(len(grid.col_widths) + 1)]
    for cell in grid.cells:
        visible = [r for r in range(cell.row, cell.row + cell.rowspan) if r in tops]
        if not visible:
            continue
        y_top = tops[visible[0]]
        y_bottom = tops[visible[-1]] - heights[visible[-1]]
        x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
        _draw_border(canvas, x0, y_bottom, x1 - x0, y_top - y_bottom, borders)
        if visible[0] == cell.row and cell.text:
            if cell.script == "mongolian-vertical":
                _draw_vertical(canvas, grid, cell, x0, y_bottom, x1 - x0, y_top - y_bottom, ts)
            else:
                _draw_text(canvas, cell.text, x0, y_bottom, x1 - x0, y_top - y_bottom, ts)
    return top - page_height(grid, heights, rows)


def _draw_border(canvas: Canvas, x: float, y: float, w: float, h: float,
                 borders: BorderStyle) -> None:
    if borders is BorderStyle.LINES:
        canvas.setLineWidth(RULE_WIDTH)
        canvas.rect(x, y, w, h, stroke=1, fill=0)
        return
    t = BAR_WIDTH
    for bx, by, bw, bh in ((x - t / 2, y + h - t / 2, w + t, t), (x - t / 2, y - t / 2, w + t, t),
                           (x - t / 2, y - t / 2, t, h + t), (x + w - t / 2, y - t / 2, t, h + t)):
        canvas.rect(bx, by, bw, bh, stroke=0, fill=1)


def _draw_text(canvas: Canvas, text: str, x: float, y: float, w: float, h: float,
               ts: TextStyle) -> None:
    """Centre the wrapped text block horizontally and vertically in the box."""
    lines = wrap(text, ts.font, ts.size, w - 2 * CELL_PAD_X)
    block = len(lines) * ts.line_height
    first_top = y + (h + block) / 2
    canvas.setFont(ts.font, ts.size)
    for i, line in enumerate(lines):
        baseline = first_top - i * ts.line_height - ts.size * 0.95
        lw = width(line, ts.font, ts.size)
        canvas.drawString(x + (w - lw) / 2, baseline, line)


def _draw_vertical(canvas: Canvas, grid: Grid, cell: GridCell, x: float, y: float,
                   w: float, h: float, ts: TextStyle) -> None:
    """Vertical Mongolian centred in the box: each line is drawn as a horizontal
    run rotated 90 degrees clockwise, so it reads top to bottom; the first line
    is the leftmost."""
    font = register("mongolian")
    size = ts.mongolian_size
    lines = _vertical_lines(cell.text, ts, _vertical_length(grid, cell, ts))
    block = len(lines) * ts.line_height
    for i, line in enumerate(lines):
        # the glyphs' baseline sits left of the line's centre once turned
        centre_x = x + (w - block) / 2 + (i + 0.5) * ts.line_height
        top = y + (h + width(line, font, size)) / 2
        canvas.saveState()
        canvas.translate(centre_x + size * 0.1, top)
        canvas.rotate(-90)
        canvas.setFont(font, size)
        canvas.drawString(0, -size * 0.35, line)
        canvas.restoreState()
