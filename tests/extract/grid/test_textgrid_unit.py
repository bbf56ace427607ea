"""Tables from text alignment (extract/textgrid.py, openframes.py, tablefind.py) on
synthetic pages: what is a table, what is not, and what each strategy does."""

from __future__ import annotations

import pytest

from bulletin.extract.grid.aligned import find_text_grids
from bulletin.extract.grid.chunks import text_chunks
from bulletin.extract.grid.fill import fill_grid
from bulletin.extract.grid.frames import GridFrame
from bulletin.extract.grid.segments import Segment
from bulletin.extract.grid.strategy import table_frames
from bulletin.schemas.extracted import Grid, Word
from bulletin.schemas.geometry import Box
from bulletin.schemas.settings import TableStrategy

SIZE = 10.0  # font size in points: one character is SIZE wide and tall


def _chars(text: str, x: float, top: float) -> list[Word]:
    """One Word per character, as a text layer gives them (spaces leave a gap)."""
    out = []
    for i, ch in enumerate(text):
        if ch != " ":
            x0 = x + i * SIZE
            out.append(Word(text=ch, box=Box.of(x0, top, x0 + SIZE, top + SIZE)))
    return out


def _page(
    rows: list[list[tuple[str, float]]], top: float = 100.0, pitch: float = 16.0
) -> list[Word]:
    words: list[Word] = []
    for r, row in enumerate(rows):
        for text, x in row:
            words.extend(_chars(text, x, top + r * pitch))
    return words


def _texts(grid: Grid) -> list[list[str]]:
    rows = [["" for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
    for cell in grid.cells:
        rows[cell.row][cell.col] = cell.text
    return rows


def _grids(frames: list[GridFrame], words: list[Word]) -> list[Grid]:
    out = []
    for frame in frames:
        grid, words = fill_grid(frame, words, 1)
        out.append(grid)
    return out


TABLE = [
    [("街道", 50), ("户数", 200), ("投资", 300)],
    [("滨河街道", 50), ("120", 200), ("35.5", 300)],
    [("新华街道", 50), ("98", 200), ("12.25", 300)],
    [("三道坎街道", 50), ("301", 200), ("80", 300)],
]


def test_aligned_text_without_rules_is_a_table() -> None:
    words = _page(TABLE)
    (grid,) = _grids(find_text_grids(text_chunks(words), []), words)
    assert _texts(grid) == [[t for t, _ in row] for row in TABLE]


def test_text_crossing_a_column_gap_is_a_span() -> None:
    rows = [*TABLE[:2], [("全部合计：滨河、新华、三道坎街道", 50)], *TABLE[2:]]
    words = _page(rows)
    (grid,) = _grids(find_text_grids(text_chunks(words), []), words)
    total = next(c for c in grid.cells if c.text.startswith("全部合计"))
    assert (total.col, total.colspan) == (0, 2)


def test_three_line_table_header_label_spans_its_underlined_columns() -> None:
    header = [[("投资情况", 200)], [("街道", 50), ("计划", 200), ("完成", 300)]]
    body = [[("滨河街道", 50), ("120", 200), ("35.5", 300)],
            [("新华街道", 50), ("98", 200), ("12.25", 300)],
            [("千钢街道", 50), ("301", 200), ("80", 300)]]
    words = _page(header + body)
    rules = [
        Segment(True, 95.0, 45.0, 360.0),  # top rule
        Segment(True, 113.0, 195.0, 360.0),  # underline of the group label
        Segment(True, 129.0, 45.0, 360.0),  # foot of the header
        Segment(True, 180.0, 45.0, 360.0),  # bottom rule
    ]
    (grid,) = _grids(find_text_grids(text_chunks(words), rules), words)
    cells = {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in grid.cells if c.text}
    assert cells["投资情况"] == (0, 1, 1, 2)
    assert cells["街道"] == (0, 0, 2, 1)  # extends up over the blank slot above it
    assert grid.n_rows == 5


@pytest.mark.parametrize(
    "rows",
    [
        # running prose: one chunk per line
        [[("根据自治区住房和城乡建设厅关于老旧小区改造工作的安排，现通报如下。", 50)]] * 6,
        # a red-head's document number and signer on one line, then prose
        [[("乌建局政字〔2021〕56号", 50), ("签发人：张三", 400)],
         [("关于全市老旧小区改造工作进展情况的通报", 100)],
         [("各区住建局、各有关单位：", 50)]],
        # a signature block and date, right aligned
        [[("乌海市住房和城乡建设局", 350)], [("2021年4月30日", 370)]] * 2,
        # footnote marks before their notes: a list, not a table
        [[("*", 50), ("与对照组差异显著，按邓尼特检验计算得出的结果", 80)],
         [("**", 50), ("与对照组差异极显著，按邓尼特检验计算得出的结果", 80)],
         [("a", 50), ("体重按组均值给出，单位为克，保留一位小数", 80)]],
    ],
    ids=["prose", "doc-number-line", "signature", "footnotes"],
)
def test_not_tables(rows: list[list[tuple[str, float]]]) -> None:
    words = _page(rows)
    assert find_text_grids(text_chunks(words), []) == []


def _box(x0: float, top: float, x1: float, bottom: float) -> list[Segment]:
    return [
        Segment(True, top, x0, x1), Segment(True, bottom, x0, x1),
        Segment(False, x0, top, bottom), Segment(False, x1, top, bottom),
    ]


def test_strategies() -> None:
    words = _page(TABLE)
    box = _box(20.0, 60.0, 380.0, 90.0)  # a framed note above the table: one cell
    assert [f.n_cols for f in table_frames(box, words, TableStrategy.LINES)] == [1]
    auto = table_frames(box, words, TableStrategy.AUTO)
    assert [(f.n_rows, f.n_cols) for f in auto] == [(4, 3)]  # a one-cell box is a box
    assert table_frames(box, words, TableStrategy.TEXT) == auto


def test_ruled_frame_with_rules_only_in_the_header_is_split_by_its_text() -> None:
    xs = [40.0, 180.0, 280.0, 380.0]
    ys = [90.0, 114.0, 130.0, 146.0, 162.0]
    segments = [Segment(True, y, xs[0], xs[-1]) for y in ys]
    segments += [Segment(False, x, ys[0], ys[1]) for x in xs]  # columns in the header only
    segments += [Segment(False, x, ys[0], ys[-1]) for x in (xs[0], xs[-1])]  # outer sides
    words = _page(TABLE, top=100.0 - 4.0, pitch=16.0)
    (frame,) = table_frames(segments, words, TableStrategy.AUTO)
    (grid,) = _grids([frame], words)
    assert _texts(grid) == [[t for t, _ in row] for row in TABLE]
    (lattice,) = table_frames(segments, words, TableStrategy.LINES)
    assert [c.colspan for c in lattice.cells if c.row > 0] == [3, 3, 3]


LIST = [  # a list printed a line a row in ruled columns, the rules stopping at the header
    [("词首", 50), ("2/1", 200), ("10/1", 300)],
    [("词中", 50), ("2/2", 200), ("10/2", 300)],
    [("词尾", 50), ("2/3", 200), ("10/3", 300)],
    [("独立", 50), ("2/4", 200), ("10/4", 300)],
    [("词首的a", 50), ("3/1", 200), ("11/1", 300)],
]


def _ruled_columns(xs: list[float], ys: list[float]) -> list[Segment]:
    """Column rules from top to bottom, row rules at `ys` only."""
    return [Segment(True, y, xs[0], xs[-1]) for y in ys] + [
        Segment(False, x, ys[0], ys[-1]) for x in xs
    ]


def test_ruled_columns_without_row_rules_are_split_into_their_lines() -> None:
    xs = [40.0, 180.0, 280.0, 380.0]
    header = [[("名称", 50), ("七位", 200), ("八位", 300)]]
    words = _page(header, top=94.0) + _page(LIST, top=120.0)
    segments = _ruled_columns(xs, [90.0, 110.0, 206.0])
    (frame,) = table_frames(segments, words, TableStrategy.AUTO)
    (grid,) = _grids([frame], words)
    assert _texts(grid) == [[t for t, _ in row] for row in header + LIST]
    (lattice,) = table_frames(segments, words, TableStrategy.LINES)
    assert lattice.n_rows == 2


def test_wrapped_text_in_two_cells_of_one_row_stays_one_row() -> None:
    """Two cells of running text wrapped over five lines in one leading face each other
    line by line, but each line runs across its cell: one row, as ruled."""
    xs = [40.0, 210.0, 380.0]
    full = ("一二三四五六七八九十一二三四五", "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊")
    wrapped = [[(full[0], 45), (full[1], 215)]] * 4
    wrapped += [[("一二三", 45), ("甲乙", 215)]]
    words = _page([[("说明", 50), ("备注", 220)]], top=94.0) + _page(wrapped, top=120.0)
    (frame,) = table_frames(_ruled_columns(xs, [90.0, 110.0, 206.0]), words, TableStrategy.AUTO)
    assert frame.n_rows == 2


@pytest.mark.parametrize(
    "pdf",
    ["wuhai-2021-56.pdf", "wuhai-2022-18.pdf", "../tests/peers/pdfplumber/issue-336-example.pdf"],
)
def test_auto_reads_ruled_tables_exactly_as_lines(pdf: str) -> None:
    """The ruled ranking tables (and pdfplumber's ruled Chinese tables) come out of `auto`
    cell for cell as the lattice reader alone reads them, and nothing else is added."""
    pdfplumber = pytest.importorskip("pdfplumber")
    from bulletin.extract.textlayer.page import load_page, read_text_page
    from goldens import SAMPLES

    path = SAMPLES / pdf
    if not path.exists():
        pytest.skip(f"{path} not generated")
    with pdfplumber.open(path) as doc:
        for number, page in enumerate(doc.pages, start=1):
            parsed = load_page(page, number)
            lines = read_text_page(parsed, TableStrategy.LINES)
            auto = read_text_page(parsed, TableStrategy.AUTO)
            assert auto == lines, f"{pdf} page {number}"
