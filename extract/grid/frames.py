"""Ruling segments -> table frames: rows, columns and merged cells (spans), without text.

A slot boundary exists where a rule covers most of it; slots with no boundary between them
belong to one merged cell. This is the same for a PDF's drawn lines and a scan's detected
lines, so broken or faint scan lines only need enough coverage, not perfection.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletin.extract.grid.segments import Segment, cluster_positions, coverage, merge_segments
from bulletin.schemas.geometry import Box


@dataclass(frozen=True)
class GridTolerance:
    """Geometry tolerances in points; scans need looser ones than drawn PDFs."""

    snap: float = 2.0  # positions closer than this are one rule
    min_coverage: float = 0.6  # share of a slot edge a rule must cover to count as a border
    min_segment: float = 4.0  # shorter segments are glyph strokes or noise
    min_cell: float = 3.0  # rows/columns thinner than this are double rules, not cells


@dataclass(frozen=True)
class CellFrame:
    row: int
    col: int
    rowspan: int
    colspan: int
    box: Box


@dataclass(frozen=True)
class GridFrame:
    xs: tuple[float, ...]  # column boundaries, left to right
    ys: tuple[float, ...]  # row boundaries, top to bottom
    cells: tuple[CellFrame, ...]

    @property
    def box(self) -> Box:
        return Box.of(self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1


def find_grids(segments: list[Segment], tol: GridTolerance = GridTolerance()) -> list[GridFrame]:
    """All ruled tables among the segments, top to bottom then left to right.

    A table drawn inside another frame (a page border, a boxed form) comes before its
    container, so that filling grids in order gives its words to the inner table.
    """
    merged = [s for s in merge_segments(segments, tol.snap) if s.length >= tol.min_segment]
    frames = []
    for component in _components(merged, tol.snap):
        frame = _frame(component, tol)
        if frame is not None:
            frames.append(frame)
    return sorted(frames, key=lambda f: (-_depth(f, frames), round(f.ys[0]), f.xs[0]))


def _depth(frame: GridFrame, frames: list[GridFrame]) -> int:
    """How many other frames enclose this one."""
    b = frame.box
    return sum(
        1
        for o in (other.box for other in frames if other is not frame)
        if o != b and o.x0 <= b.x0 and o.top <= b.top and b.x1 <= o.x1 and b.bottom <= o.bottom
    )


def _touch(h: Segment, v: Segment, snap: float) -> bool:
    return h.start - snap <= v.pos <= h.end + snap and v.start - snap <= h.pos <= v.end + snap


class _DisjointSets:
    """Union-find over 0..n-1 (path halving): segments into tables, slots into cells."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def _components(segments: list[Segment], snap: float) -> list[list[Segment]]:
    """Groups of segments connected through h/v intersections (one group per table)."""
    sets = _DisjointSets(len(segments))
    hs = [i for i, s in enumerate(segments) if s.horizontal]
    vs = [i for i, s in enumerate(segments) if not s.horizontal]
    for i in hs:
        for j in vs:
            if _touch(segments[i], segments[j], snap):
                sets.union(i, j)
    groups: dict[int, list[Segment]] = {}
    for i, s in enumerate(segments):
        groups.setdefault(sets.find(i), []).append(s)
    return list(groups.values())


def _axis(positions: list[float], extents: list[float], tol: GridTolerance) -> list[float]:
    """Boundaries along one axis; open outer borders are closed by the crossing rules' ends."""
    edges = cluster_positions(positions, tol.snap)
    if extents:
        lo, hi = min(extents), max(extents)
        if lo < edges[0] - tol.min_cell:
            edges.insert(0, lo)
        if hi > edges[-1] + tol.min_cell:
            edges.append(hi)
    kept = [edges[0]]
    for e in edges[1:]:
        if e - kept[-1] >= tol.min_cell:
            kept.append(e)
    return kept


def _frame(component: list[Segment], tol: GridTolerance) -> GridFrame | None:
    hs = [s for s in component if s.horizontal]
    vs = [s for s in component if not s.horizontal]
    if len(hs) < 2 or len(vs) < 2:
        return None
    xs = _axis([v.pos for v in vs], [e for h in hs for e in (h.start, h.end)], tol)
    ys = _axis([h.pos for h in hs], [e for v in vs for e in (v.start, v.end)], tol)
    if len(xs) < 2 or len(ys) < 2:
        return None
    right_open, down_open = _open_borders(xs, ys, hs, vs, tol)
    cells = _rectangles(len(ys) - 1, len(xs) - 1, right_open, down_open, xs, ys)
    return _drop_unused_boundaries(GridFrame(xs=tuple(xs), ys=tuple(ys), cells=tuple(cells)))


def _drop_unused_boundaries(frame: GridFrame) -> GridFrame:
    """Remove row/column boundaries that every cell crosses.

    A short stray rule (an underline, a broken border piece) adds a boundary that no cell
    edge uses; left in, it would make every cell of that row look merged with the next.
    """
    row_edges = sorted({e for c in frame.cells for e in (c.row, c.row + c.rowspan)})
    col_edges = sorted({e for c in frame.cells for e in (c.col, c.col + c.colspan)})
    if len(row_edges) == len(frame.ys) and len(col_edges) == len(frame.xs):
        return frame
    r_new = {old: new for new, old in enumerate(row_edges)}
    c_new = {old: new for new, old in enumerate(col_edges)}
    cells = tuple(
        CellFrame(
            r_new[c.row], c_new[c.col],
            r_new[c.row + c.rowspan] - r_new[c.row], c_new[c.col + c.colspan] - c_new[c.col],
            c.box,
        )
        for c in frame.cells
    )
    xs = tuple(frame.xs[i] for i in col_edges)
    ys = tuple(frame.ys[i] for i in row_edges)
    return GridFrame(xs=xs, ys=ys, cells=cells)


def _near(segments: list[Segment], pos: float, snap: float) -> list[Segment]:
    return [s for s in segments if abs(s.pos - pos) <= snap]


def _open_borders(
    xs: list[float], ys: list[float], hs: list[Segment], vs: list[Segment], tol: GridTolerance
) -> tuple[list[list[bool]], list[list[bool]]]:
    """right_open[r][c]: no rule between slot (r,c) and (r,c+1); down_open likewise below."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    snap = max(tol.snap, tol.min_cell / 2)
    right_open = [[False] * n_cols for _ in range(n_rows)]
    down_open = [[False] * n_cols for _ in range(n_rows)]
    for c in range(n_cols - 1):
        rules = _near(vs, xs[c + 1], snap)
        for r in range(n_rows):
            right_open[r][c] = coverage(rules, ys[r], ys[r + 1]) < tol.min_coverage
    for r in range(n_rows - 1):
        rules = _near(hs, ys[r + 1], snap)
        for c in range(n_cols):
            down_open[r][c] = coverage(rules, xs[c], xs[c + 1]) < tol.min_coverage
    return right_open, down_open


def _rectangles(
    n_rows: int,
    n_cols: int,
    right_open: list[list[bool]],
    down_open: list[list[bool]],
    xs: list[float],
    ys: list[float],
) -> list[CellFrame]:
    """Merge slots joined by open borders into rectangles that tile the grid.

    A region that is not a rectangle (a broken line in a scan) is cut greedily into
    rectangles, so the result always tiles the grid without overlaps.
    """
    group = _slot_groups(n_rows, n_cols, right_open, down_open)
    taken = [[False] * n_cols for _ in range(n_rows)]
    cells = []
    for r in range(n_rows):
        for c in range(n_cols):
            if taken[r][c]:
                continue
            g = group[r][c]
            c2 = c
            while c2 + 1 < n_cols and group[r][c2 + 1] == g and not taken[r][c2 + 1]:
                c2 += 1
            r2 = r
            while r2 + 1 < n_rows and all(
                group[r2 + 1][k] == g and not taken[r2 + 1][k] for k in range(c, c2 + 1)
            ):
                r2 += 1
            for rr in range(r, r2 + 1):
                for cc in range(c, c2 + 1):
                    taken[rr][cc] = True
            box = Box.of(xs[c], ys[r], xs[c2 + 1], ys[r2 + 1])
            cells.append(CellFrame(r, c, r2 - r + 1, c2 - c + 1, box))
    return cells


def _slot_groups(
    n_rows: int, n_cols: int, right_open: list[list[bool]], down_open: list[list[bool]]
) -> list[list[int]]:
    sets = _DisjointSets(n_rows * n_cols)
    for r in range(n_rows):
        for c in range(n_cols):
            i = r * n_cols + c
            if c + 1 < n_cols and right_open[r][c]:
                sets.union(i, i + 1)
            if r + 1 < n_rows and down_open[r][c]:
                sets.union(i, i + n_cols)
    return [[sets.find(r * n_cols + c) for c in range(n_cols)] for r in range(n_rows)]
