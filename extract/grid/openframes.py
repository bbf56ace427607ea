"""Ruled frames whose rules are incomplete, completed from the text they hold or touch.

Four cases, each needing several rows of evidence, so that a ruled table whose rules are
complete is never changed:
- *open body*: column rules drawn only in the header, each body row a ruled strip without
  them. The lattice reads each strip as one cell spanning the columns; where two or more such
  strips hold text that leaves a header column border blank, they are split there.
- *unruled rows*: column rules without row rules in the body, which the lattice reads as one
  tall row. Where two of its cells stack more lines than the frame has rows, and their lines
  face each other, each line is a row.
- *stacked frames*: a totals row drawn as its own frame just below the table, its column
  borders on the table's. It is one table with the frame above.
- *labels outside*: row labels printed left of the frame, one per body row. They become a
  column of the table.
"""

from __future__ import annotations

import bisect

from dataclasses import dataclass

from bulletin.extract.grid.chunks import TextTolerance
from bulletin.extract.grid.frames import CellFrame, GridFrame
from bulletin.extract.text.order import group_lines
from bulletin.schemas.extracted import Word
from bulletin.schemas.geometry import Box

_SNAP = 2.0  # points: two column borders this close are one
_MIN_OPEN_ROWS = 2  # open strips needed before any is split
_MIN_LABELS = 3  # row labels needed before they become a column
_LABEL_REACH = 8.0  # line heights: a label this far left of the frame still belongs to it
_MIN_STACKED = 4  # lines two cells of one row must stack before the row is split into them
_FACING = 0.8  # share of the second cell's lines that must face a line of the first
_FULL = 0.8  # of a cell's width: a line this long runs across it (a wrapped paragraph's)


def complete_frames(
    frames: list[GridFrame], chunks: list[Word], tol: TextTolerance = TextTolerance()
) -> list[GridFrame]:
    frames = [split_stacked_rows(split_open_rows(f, chunks), chunks) for f in frames]
    frames = stack_frames(frames)
    taken = [f for f in frames]
    return [attach_labels(f, chunks, taken) for f in frames]


# --- open body ----------------------------------------------------------------------------


def split_open_rows(frame: GridFrame, chunks: list[Word]) -> GridFrame:
    """Split wide one-row cells at column borders their text leaves blank, when at least
    `_MIN_OPEN_ROWS` such cells hold text on both sides of a border."""
    inside = [c for c in chunks if frame.box.contains_point(*c.box.center)]
    plans: dict[int, list[int]] = {}
    for i, cell in enumerate(frame.cells):
        if cell.colspan < 2 or cell.rowspan != 1:
            continue
        held = [c for c in inside if cell.box.contains_point(*c.box.center)]
        if len(held) < 2:
            continue
        cuts = [
            k for k in range(cell.col + 1, cell.col + cell.colspan)
            if not any(_crosses(c.box, frame.xs[k]) for c in held)
        ]
        separating = [
            k for k in cuts
            if any(c.box.x1 <= frame.xs[k] for c in held)
            and any(c.box.x0 >= frame.xs[k] for c in held)
        ]
        if separating:
            plans[i] = cuts
    if len(plans) < _MIN_OPEN_ROWS:
        return frame
    cuts_y = {
        frame.cells[i].row: ys
        for i in plans
        if (ys := _line_borders(frame.cells[i].box, inside, frame.xs, plans[i]))
    }
    ys = sorted({*frame.ys, *(y for v in cuts_y.values() for y in v)})
    at = {round(y, 6): k for k, y in enumerate(ys)}

    def index(y: float) -> int:
        return at[round(y, 6)]

    cells: list[CellFrame] = []
    for i, cell in enumerate(frame.cells):
        top, bottom = index(frame.ys[cell.row]), index(frame.ys[cell.row + cell.rowspan])
        if i not in plans:
            cells.append(CellFrame(top, cell.col, bottom - top, cell.colspan, cell.box))
            continue
        edges = [cell.col, *plans[i], cell.col + cell.colspan]
        for r in range(top, bottom):
            for a, b in zip(edges, edges[1:], strict=False):
                box = Box.of(frame.xs[a], ys[r], frame.xs[b], ys[r + 1])
                cells.append(CellFrame(r, a, 1, b - a, box))
    return GridFrame(xs=frame.xs, ys=tuple(ys), cells=tuple(cells))


def _line_borders(
    box: Box, chunks: list[Word], xs: tuple[float, ...], cuts: list[int]
) -> list[float]:
    """Row borders between the text lines of an open strip whose lines run across its
    columns (several rows printed in one ruled strip: `40年 … / 70年 … / 80年 …`)."""
    held = [c for c in chunks if box.contains_point(*c.box.center)]
    lines = group_lines(held)
    if len(lines) < 2:
        return []
    edges = [xs[k] for k in cuts]

    def columns(line: list[Word]) -> int:
        return len({sum(1 for e in edges if c.box.center[0] > e) for c in line})

    if sum(1 for line in lines if columns(line) >= 2) < 2:
        return []
    borders = []
    for upper, lower in zip(lines, lines[1:], strict=False):
        lo = max(c.box.bottom for c in upper)
        hi = min(c.box.top for c in lower)
        if hi <= lo:
            return []  # lines that overlap are one wrapped line, not rows
        borders.append((lo + hi) / 2)
    return borders


def _crosses(box: Box, x: float) -> bool:
    return box.x0 < x - 0.5 and box.x1 > x + 0.5


# --- unruled rows ------------------------------------------------------------------------


def split_stacked_rows(frame: GridFrame, chunks: list[Word]) -> GridFrame:
    """Each row whose cells stack their lines side by side (`_stacked_borders`) cut into
    one row per line."""
    cuts: dict[int, list[float]] = {}
    placed = sorted(((c.box.center, i, c) for i, c in enumerate(chunks)), key=lambda p: p[0][1])
    heights = [centre[1] for centre, _, _ in placed]
    for r in range(frame.n_rows):
        row = [c for c in frame.cells if c.row == r and c.rowspan == 1]
        if not row:
            continue
        # only the chunks at the row's height can be in its cells: each cell looks at those
        near = sorted(placed[bisect.bisect_left(heights, min(c.box.top for c in row)):
                             bisect.bisect_right(heights, max(c.box.bottom for c in row))],
                      key=lambda p: p[1])  # in the chunks' own order again
        borders = _stacked_borders([_cell_lines(c, near) for c in row], frame.n_rows)
        if borders:
            cuts[r] = borders
    if not cuts:
        return frame
    ys = sorted({*frame.ys, *(y for v in cuts.values() for y in v)})
    at = {round(y, 6): k for k, y in enumerate(ys)}
    cells: list[CellFrame] = []
    for cell in frame.cells:
        top = at[round(frame.ys[cell.row], 6)]
        bottom = at[round(frame.ys[cell.row + cell.rowspan], 6)]
        if cell.rowspan != 1 or cell.row not in cuts:
            cells.append(CellFrame(top, cell.col, bottom - top, cell.colspan, cell.box))
            continue
        for r in range(top, bottom):
            box = Box.of(cell.box.x0, ys[r], cell.box.x1, ys[r + 1])
            cells.append(CellFrame(r, cell.col, 1, cell.colspan, box))
    return GridFrame(xs=frame.xs, ys=tuple(ys), cells=tuple(cells))


@dataclass(frozen=True)
class _Lines:
    """The text lines of one cell: (top, bottom) each, top to bottom, and how many of them
    run (nearly) across the cell, as the lines of a wrapped paragraph do."""

    bands: list[tuple[float, float]]
    full: int


def _cell_lines(cell: CellFrame, placed: list[tuple[tuple[float, float], int, Word]]) -> _Lines:
    """`placed`: (centre, index, chunk) of the chunks that may lie in the cell."""
    held = [c for centre, _, c in placed if cell.box.contains_point(*centre)]
    lines = group_lines(held)
    width = cell.box.width
    full = sum(
        1 for line in lines
        if max(w.box.x1 for w in line) - min(w.box.x0 for w in line) >= _FULL * width
    )  # fmt: skip
    bands = [(min(w.box.top for w in ln), max(w.box.bottom for w in ln)) for ln in lines]
    return _Lines(bands, full)


def _stacked_borders(cells: list[_Lines], n_rows: int) -> list[float]:
    """Row borders between the lines of the cell with the most, when it stacks more lines
    than the frame has rows and the cell with the next most stacks at least `_MIN_STACKED`
    facing them (`_FACING` of its lines' centres within one of the first's lines, none two
    in one), neither wrapped (most lines running across it): a list printed a line a row,
    without row rules. Two cells of wrapped text set in one leading face each other too.
    Each border lies half the least line gap above a line: where another cell's entry wraps
    onto more lines, its second line goes with the row its first line opened."""
    ranked = sorted(cells, key=lambda c: len(c.bands), reverse=True)
    if len(ranked) < 2 or len(ranked[1].bands) < _MIN_STACKED or len(ranked[0].bands) <= n_rows:
        return []
    first, second = ranked[0].bands, ranked[1].bands
    if any(2 * c.full > len(c.bands) for c in ranked[:2]):
        return []
    faced = [
        next((i for i, (top, bottom) in enumerate(first) if top <= (a + b) / 2 <= bottom), None)
        for a, b in second
    ]
    hits = [i for i in faced if i is not None]
    if len(hits) < _FACING * len(second) or len(set(hits)) < len(hits):
        return []
    gaps = [lower[0] - upper[1] for upper, lower in zip(first, first[1:], strict=False)]
    half = max(0.0, min(gaps)) / 2
    return [lower[0] - half for lower in first[1:]]


# --- stacked frames -----------------------------------------------------------------------


def stack_frames(frames: list[GridFrame]) -> list[GridFrame]:
    """Join a frame to the one just above it when its column borders are that frame's."""
    out = list(frames)
    merged = True
    while merged:
        merged = False
        for upper in out:
            lower = next((f for f in out if f is not upper and _continues(upper, f)), None)
            if lower is not None:
                at = out.index(upper)
                out[at] = _join(upper, lower)
                out.remove(lower)
                merged = True
                break
    return out


def _row_height(frame: GridFrame) -> float:
    heights = sorted(b - a for a, b in zip(frame.ys, frame.ys[1:], strict=False))
    return heights[len(heights) // 2]


def _continues(upper: GridFrame, lower: GridFrame) -> bool:
    gap = lower.ys[0] - upper.ys[-1]
    if not -_SNAP <= gap <= 2 * max(_row_height(upper), _row_height(lower)):
        return False
    if lower.xs[0] < upper.xs[0] - _SNAP or lower.xs[-1] > upper.xs[-1] + _SNAP:
        return False
    if lower.n_rows != 1 or lower.n_cols < 2:  # a totals row, not another table
        return False
    return all(_index(upper.xs, x) is not None for x in lower.xs)


def _index(xs: tuple[float, ...], x: float) -> int | None:
    return next((i for i, v in enumerate(xs) if abs(v - x) <= _SNAP), None)


def _join(upper: GridFrame, lower: GridFrame) -> GridFrame:
    """One frame: the lower frame's rows below the upper's, its top moved up to close the
    gap, its columns mapped onto the upper frame's borders; slots it does not cover are
    empty cells."""
    xs = upper.xs
    ys = (*upper.ys, *lower.ys[1:])
    offset = upper.n_rows
    cells = list(upper.cells)
    covered: set[tuple[int, int]] = set()
    for c in lower.cells:
        a, b = _index(xs, lower.xs[c.col]), _index(xs, lower.xs[c.col + c.colspan])
        assert a is not None and b is not None
        row = c.row + offset
        box = Box.of(xs[a], ys[row], xs[b], ys[row + c.rowspan])
        cells.append(CellFrame(row, a, c.rowspan, b - a, box))
        covered.update((r, k) for r in range(row, row + c.rowspan) for k in range(a, b))
    for r in range(offset, len(ys) - 1):
        for k in range(len(xs) - 1):
            if (r, k) not in covered:
                cells.append(CellFrame(r, k, 1, 1, Box.of(xs[k], ys[r], xs[k + 1], ys[r + 1])))
    return GridFrame(xs=xs, ys=ys, cells=tuple(cells))


# --- labels outside -----------------------------------------------------------------------


def attach_labels(frame: GridFrame, chunks: list[Word], frames: list[GridFrame]) -> GridFrame:
    """A column of one-line labels left of the frame, each inside one of its rows."""
    left = frame.xs[0]
    outside = [c for c in chunks if not any(f.box.contains_point(*c.box.center) for f in frames)]
    per_row: dict[int, list[Word]] = {}
    for c in outside:
        if c.box.x1 > left + 0.5 or left - c.box.x1 > _LABEL_REACH * c.box.height:
            continue
        row = _row_of(frame.ys, c.box)
        if row is not None:
            per_row.setdefault(row, []).append(c)
    if len(per_row) < _MIN_LABELS or any(len(v) > 1 for v in per_row.values()):
        return frame
    labels = [v[0] for v in per_row.values()]
    # nothing else may sit in the label column's band beside the frame
    x0 = min(c.box.x0 for c in labels)
    band = [c for c in outside if c.box.x1 > x0 and c.box.x0 < left and c not in labels]
    if any(frame.ys[0] <= c.box.center[1] <= frame.ys[-1] for c in band):
        return frame
    xs = (x0 - 1.0, *frame.xs)
    cells = [
        CellFrame(c.row, c.col + 1, c.rowspan, c.colspan, c.box) for c in frame.cells
    ]
    for r in range(frame.n_rows):
        cells.append(CellFrame(r, 0, 1, 1, Box.of(xs[0], frame.ys[r], xs[1], frame.ys[r + 1])))
    return GridFrame(xs=xs, ys=frame.ys, cells=tuple(cells))


def _row_of(ys: tuple[float, ...], box: Box) -> int | None:
    for r in range(len(ys) - 1):
        if ys[r] - 1.0 <= box.top and box.bottom <= ys[r + 1] + 1.0:
            return r
    return None
