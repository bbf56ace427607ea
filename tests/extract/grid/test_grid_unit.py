"""Grid building from segments: merging, open borders, double rules, rotation, joining.

Property tests draw a random merged-cell layout, render its rules as segments, and check
`find_grids` against the layout itself (the slow, obvious reference).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin.extract.grid.fill import fill_grid
from bulletin.extract.grid.frames import find_grids
from bulletin.extract.text.direction import DirectedWord, TextDirection
from bulletin.extract.text.order import cell_text
from bulletin.schemas.text import join_cjk
from bulletin.extract.grid.segments import Segment, coverage, merge_segments
from bulletin.schemas.extracted import Grid, Word
from bulletin.schemas.geometry import Box


def _h(y: float, x0: float, x1: float) -> Segment:
    return Segment(True, y, x0, x1)


def _v(x: float, y0: float, y1: float) -> Segment:
    return Segment(False, x, y0, y1)


def _full_grid(xs: list[float], ys: list[float]) -> list[Segment]:
    return [_h(y, xs[0], xs[-1]) for y in ys] + [_v(x, ys[0], ys[-1]) for x in xs]


def _word(text: str, x0: float, top: float, x1: float, bottom: float) -> Word:
    return Word(text=text, box=Box.of(x0, top, x1, bottom))


# --- layouts: a random set of rectangles that tile an r x c grid -----------------------------


@st.composite
def layouts(draw: st.DrawFn) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    n_rows, n_cols = draw(st.integers(1, 6)), draw(st.integers(1, 6))
    taken = [[False] * n_cols for _ in range(n_rows)]
    cells = []
    for r in range(n_rows):
        for c in range(n_cols):
            if taken[r][c]:
                continue
            max_w = 1
            while c + max_w < n_cols and not taken[r][c + max_w]:
                max_w += 1
            w = draw(st.integers(1, max_w))
            h = draw(st.integers(1, n_rows - r))
            for rr in range(r, r + h):
                for cc in range(c, c + w):
                    taken[rr][cc] = True
            cells.append((r, c, h, w))
    return n_rows, n_cols, cells


def _segments_of(layout: tuple[int, int, list[tuple[int, int, int, int]]], size: float = 20.0):
    """Each cell drawn as its own four borders, as word processors do."""
    _, _, cells = layout
    segs = []
    for r, c, h, w in cells:
        x0, y0, x1, y1 = 50 + c * size, 80 + r * size, 50 + (c + w) * size, 80 + (r + h) * size
        segs += [_h(y0, x0, x1), _h(y1, x0, x1), _v(x0, y0, y1), _v(x1, y0, y1)]
    return segs


def _slots(cells: list[tuple[int, int, int, int]]) -> set[tuple[int, int, int, int]]:
    return set(cells)


@settings(max_examples=150, deadline=None)
@given(layouts())
def test_cells_tile_the_grid_without_overlap(layout) -> None:
    frames = find_grids(_segments_of(layout))
    assert len(frames) == 1
    frame = frames[0]
    covered = [(r, c) for f in frame.cells for r in range(f.row, f.row + f.rowspan)
               for c in range(f.col, f.col + f.colspan)]
    assert len(covered) == len(set(covered)) == frame.n_rows * frame.n_cols


@settings(max_examples=150, deadline=None)
@given(layouts())
def test_merged_cells_match_the_drawn_layout(layout) -> None:
    """Boundaries every drawn cell crosses are not drawn at all, so the reference is the
    layout with those unused boundaries removed."""
    n_rows, n_cols, cells = layout
    rows_used = sorted({e for r, _, h, _ in cells for e in (r, r + h)})
    cols_used = sorted({e for _, c, _, w in cells for e in (c, c + w)})
    ri = {e: i for i, e in enumerate(rows_used)}
    ci = {e: i for i, e in enumerate(cols_used)}
    want = {(ri[r], ci[c], ri[r + h] - ri[r], ci[c + w] - ci[c]) for r, c, h, w in cells}
    frame = find_grids(_segments_of(layout))[0]
    got = {(f.row, f.col, f.rowspan, f.colspan) for f in frame.cells}
    assert got == want


@settings(max_examples=100, deadline=None)
@given(layouts(), st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), max_size=20))
def test_every_word_inside_lands_in_exactly_one_cell(layout, points) -> None:
    frame = find_grids(_segments_of(layout))[0]
    b = frame.box
    words = [
        _word("x", b.x0 + px * b.width - 0.5, b.top + py * b.height - 0.5,
              b.x0 + px * b.width + 0.5, b.top + py * b.height + 0.5)
        for px, py in points
    ]
    grid, outside = fill_grid(frame, words, page=1)
    assert isinstance(grid, Grid)  # the model validator re-checks tiling
    assert sum(c.text.count("x") for c in grid.cells) + len(outside) == len(words)


@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0, 50)), max_size=8),
       st.floats(0, 100), st.floats(1, 60))
def test_coverage_matches_sampling(pieces, start, length) -> None:
    segs = [_h(0, a, a + w) for a, w in pieces]
    end = start + length
    samples = [start + (i + 0.5) * length / 400 for i in range(400)]
    slow = sum(any(s.start <= x <= s.end for s in segs) for x in samples) / 400
    assert abs(coverage(segs, start, end) - slow) <= 0.01


# --- specific behaviours ---------------------------------------------------------------------


def test_missing_rule_merges_slots() -> None:
    xs, ys = [0.0, 50, 100, 150], [0.0, 20, 40]
    segs = [s for s in _full_grid(xs, ys) if not (not s.horizontal and s.pos == 50)]
    segs.append(_v(50, 20, 40))  # the column rule only in the second row
    frame = find_grids(segs)[0]
    spans = {(f.row, f.col): (f.rowspan, f.colspan) for f in frame.cells}
    assert spans[(0, 0)] == (1, 2) and spans[(1, 0)] == (1, 1)


def test_open_outer_borders_are_closed_by_crossing_rules() -> None:
    """No left/right border (common in Chinese bulletins): rows still span full width."""
    xs, ys = [0.0, 60, 120, 180], [0.0, 20, 40, 60]
    segs = [_h(y, xs[0], xs[-1]) for y in ys] + [_v(x, ys[0], ys[-1]) for x in xs[1:-1]]
    frame = find_grids(segs)[0]
    assert (frame.n_rows, frame.n_cols) == (3, 3)
    assert frame.xs[0] == 0 and frame.xs[-1] == 180


def test_table_with_no_outer_border_at_all() -> None:
    segs = [_h(20, 0, 90), _h(40, 0, 90), _v(30, 0, 60), _v(60, 0, 60)]
    frame = find_grids(segs)[0]
    assert (frame.n_rows, frame.n_cols) == (3, 3)


def test_double_rule_is_one_boundary() -> None:
    xs, ys = [0.0, 50, 100], [0.0, 20, 22.5, 42]  # a double rule under the header row
    frame = find_grids(_full_grid(xs, ys))[0]
    assert frame.n_rows == 2


def test_collinear_pieces_join_and_jitter_snaps() -> None:
    merged = merge_segments([_h(10.0, 0, 40), _h(10.8, 41, 80), _h(30, 0, 80)], tolerance=2.0)
    assert len([s for s in merged if abs(s.pos - 10.4) < 0.5 and s.length >= 79]) == 1


def test_two_tables_are_two_frames_in_reading_order() -> None:
    a = _full_grid([0.0, 50, 100], [0.0, 20, 40])
    b = _full_grid([0.0, 50, 100], [100.0, 120, 140])
    frames = find_grids(b + a)
    assert [f.ys[0] for f in frames] == [0.0, 100.0]


def test_nested_table_comes_before_its_container() -> None:
    outer = _full_grid([0.0, 300], [0.0, 400])
    inner = _full_grid([50.0, 100, 150], [100.0, 120, 140])
    frames = find_grids(outer + inner)
    assert frames[0].box.x0 == 50


def test_stray_short_rule_adds_no_row() -> None:
    segs = _full_grid([0.0, 50, 100], [0.0, 20, 40]) + [_h(30, 10, 30), _v(10, 25, 35)]
    frame = find_grids(segs)[0]
    assert frame.n_rows == 2


def test_rotated_table_is_turned_upright() -> None:
    """Text running down the page (a table turned clockwise): header at the page's right."""
    frame = find_grids(_full_grid([0.0, 20, 40], [0.0, 60, 120, 180]))[0]  # 3 rows x 2 cols
    words = [
        DirectedWord(text=t, box=Box.of(25, y, 35, y + 8), direction=TextDirection.DOWN)
        for t, y in (("a", 10), ("b", 70), ("c", 130))
    ] + [DirectedWord(text="H", box=Box.of(5, 10, 15, 18), direction=TextDirection.DOWN)]
    grid, _ = fill_grid(frame, words, page=1)
    assert (grid.n_rows, grid.n_cols) == (2, 3)
    assert [c.text for c in grid.cells if c.row == 0] == ["a", "b", "c"]
    assert [c.text for c in grid.cells if c.row == 1] == ["H", "", ""]


def test_rotated_cell_reads_bottom_to_top() -> None:
    up = [
        DirectedWord(text=ch, box=Box.of(10, 100 - 6 * i - 6, 18, 100 - 6 * i),
                     direction=TextDirection.UP)
        for i, ch in enumerate("Name")
    ]
    assert cell_text(up) == "Name"


def test_chinese_wrap_joins_without_space_and_latin_with_one() -> None:
    line1 = [_word(ch, 10 + 10 * i, 0, 20 + 10 * i, 10) for i, ch in enumerate("预计投资额")]
    line2 = [_word(ch, 10 + 10 * i, 12, 20 + 10 * i, 22) for i, ch in enumerate("（万元）")]
    assert cell_text(line1 + line2) == "预计投资额（万元）"
    latin = [_word(ch, 10 + 5 * i + (3 if i >= 4 else 0), 0, 15 + 5 * i + (3 if i >= 4 else 0), 10)
             for i, ch in enumerate("Halttime")]
    assert cell_text(latin) == "Halt time"
    assert join_cjk(["Persons", "trained"]) == "Persons trained"
