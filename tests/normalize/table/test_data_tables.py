"""Every table as data: rows as printed with merged cells filled down (and the fill recorded),
every printed cell kept, a table of any kind continued over pages joined into one."""

from __future__ import annotations

from test_hierarchy import grid, row, run

from bulletin.schemas.extracted import ExtractedDocument, Grid, PageContent, TextLine, TextSource
from bulletin.schemas.geometry import Box
from bulletin.schemas.settings import Settings


def test_rows_fill_merged_cells_down_and_say_so() -> None:
    cells = row(0, "类别", "项目", "金额")
    cells += [(1, 0, 2, 1, "设备")] + row(1, "", "电脑", "10")[1:] + row(2, "", "打印机", "3")[1:]
    cells += [(3, 0, 1, 2, "合计"), (3, 2, 1, 1, "13")]
    (table,) = run(grid(cells)).data_tables
    assert table.columns == ["类别", "项目", "金额"]
    assert table.rows == [["设备", "电脑", "10"], ["设备", "打印机", "3"], ["合计", "", "13"]]
    assert table.filled == [[False, False, False], [True, False, False], [False, False, False]]
    assert len(table.cells) == 10 and [c.header for c in table.cells].count(True) == 3


def _page(number: int, grid_, caption: str | None = None) -> PageContent:
    lines = [TextLine(text=caption, box=Box.of(0, 0, 80, 10))] if caption else []
    return PageContent(number=number, width=800, height=1000, text_source=TextSource.TEXT_LAYER,
                       grids=[grid_], lines=lines)  # fmt: skip


def test_a_table_of_any_kind_continued_over_pages_is_one_table() -> None:
    first = grid(row(0, "编号", "名称", "说明") + row(1, "1", "甲", "a") + row(2, "2", "乙", "b"))
    # the next page repeats no header and draws its columns a little differently; its
    # caption says it is a continuation
    second = grid([(0, 0, 1, 1, "3"), (0, 1, 1, 1, "丙"), (0, 2, 1, 1, "c"),
                   (1, 0, 1, 1, "4"), (1, 1, 1, 1, "丁"), (1, 2, 1, 1, "d")], page=2)  # fmt: skip
    second = second.model_copy(update={"box": Box.of(0, 20, 150, 60)})
    pages = [_page(1, first), _page(2, second, "续表1")]
    from bulletin.normalize.stage import normalize_document

    doc = normalize_document(ExtractedDocument(source="t.pdf", pages=pages), Settings())
    (table,) = doc.data_tables
    assert table.pages == [1, 2]
    assert [r[1] for r in table.rows] == ["甲", "乙", "丙", "丁"]


def test_the_rest_of_a_row_cut_by_a_page_break_is_joined_to_it() -> None:
    """Word lets a row break across pages: its rest opens the next page as a row of its own,
    with nothing in the number column that every other row fills."""
    first = grid(row(0, "编号", "名称", "说明") + row(1, "1", "甲", "a") + row(2, "2", "乙", "b")
                 + row(3, "3", "丙", "c") + row(4, "4", "丁", "第四行的说明"))
    second = grid(row(0, "", "", "接着写完") + row(1, "5", "戊", "e") + row(2, "6", "己", "f"),
                  page=2)
    doc = run(first, second)
    (table,) = doc.data_tables
    assert len(table.rows) == 6
    assert table.rows[3] == ["4", "丁", "第四行的说明接着写完"]
    assert [r[0] for r in table.rows] == ["1", "2", "3", "4", "5", "6"]
    # both pieces stay printed cells of their pages, and both belong to that one row
    pieces = [(c.grid, c.page, c.row, c.text) for c in table.cells if c.col == 2
              and c.table_row == 3]  # fmt: skip
    assert pieces == [(0, 1, 4, "第四行的说明"), (1, 2, 0, "接着写完")]
    assert [c.table_row for c in table.cells if c.grid == 1 and c.col == 0] == [3, 4, 5]
    assert any("cut by the page break" in w for w in doc.pages[1].warnings)


def test_a_page_top_row_like_the_other_rows_of_the_table_stays_a_row() -> None:
    """A row without a number at the top of a page that prints what other rows of the table
    print (a second item under a number merged over two rows) is a row, not a rest."""
    first = grid(row(0, "编号", "名称", "说明") + [(1, 0, 2, 1, "1")] + row(1, "", "甲", "a")[1:]
                 + row(2, "", "甲二", "a2")[1:] + [(3, 0, 1, 1, "2")] + row(3, "", "乙", "b")[1:])
    second = grid(row(0, "", "乙二", "b2") + row(1, "3", "丙", "c") + row(2, "4", "丁", "d"),
                  page=2)
    (table,) = run(first, second).data_tables
    assert [r[:2] for r in table.rows] == [
        ["1", "甲"], ["1", "甲二"], ["2", "乙"], ["2", "乙二"], ["3", "丙"], ["4", "丁"],
    ]
    assert table.filled[3][0]  # the number merged over the page break, filled down


def _cell(page: int, r: int, c: int, x0: float, x1: float, text: str, colspan: int = 1):
    from bulletin.schemas.extracted import GridCell

    return GridCell(row=r, col=c, colspan=colspan, text=text, page=page,
                    box=Box.of(x0, 20 * r, x1, 20 * r + 20))  # fmt: skip


def _sliver_page(text: str = "") -> Grid:
    """Page 2 of a 3-column table whose right border was drawn 3 pt off for its first row:
    a 4th column 3 pt wide (1% of the width), empty, that the other rows span."""
    cells = [_cell(2, 0, 0, 0, 100, "3"), _cell(2, 0, 1, 100, 200, "丙"),
             _cell(2, 0, 2, 200, 297, "c"), _cell(2, 0, 3, 297, 300, text),
             _cell(2, 1, 0, 0, 100, "4"), _cell(2, 1, 1, 100, 200, "丁"),
             _cell(2, 1, 2, 200, 300, "d", colspan=2)]  # fmt: skip
    return Grid(page=2, box=Box.of(0, 0, 300, 40), n_rows=2, n_cols=4, cells=cells)


def test_a_ruling_slips_sliver_column_does_not_break_a_table_over_pages() -> None:
    from bulletin.normalize.stage import normalize_document

    first = grid(row(0, "编号", "名称", "说明") + row(1, "1", "甲", "a") + row(2, "2", "乙", "b"))
    first = first.model_copy(update={"box": Box.of(0, 0, 300, 60)})
    wide = [c.model_copy(update={"box": Box.of(100 * c.col, c.box.top, 100 * (c.col + 1),
                                                c.box.bottom)}) for c in first.cells]
    first = first.model_copy(update={"cells": wide})  # fmt: skip
    pages = [_page(1, first), _page(2, _sliver_page())]
    doc = normalize_document(ExtractedDocument(source="t.pdf", pages=pages), Settings())
    (table,) = doc.data_tables
    assert table.pages == [1, 2] and table.columns == ["编号", "名称", "说明"]
    assert table.rows == [["1", "甲", "a"], ["2", "乙", "b"], ["3", "丙", "c"], ["4", "丁", "d"]]


def test_a_narrow_column_that_holds_text_is_a_column() -> None:
    from bulletin.normalize.table.slivers import without_slivers

    assert without_slivers(_sliver_page("注")) is None
    merged = without_slivers(_sliver_page())
    assert merged is not None and merged.n_cols == 3
    assert sorted((c.row, c.col, c.colspan, c.text) for c in merged.cells) == [
        (0, 0, 1, "3"), (0, 1, 1, "丙"), (0, 2, 1, "c"), (1, 0, 1, "4"), (1, 1, 1, "丁"),
        (1, 2, 1, "d"),
    ]


def test_a_table_set_all_in_mongolian_keeps_its_rows_as_rows() -> None:
    """A scan's table whose cells hold only Mongolian (regions, no text): no row of it is a
    Mongolian label row of the header (a bilingual header's is, over a body with text), so
    every row under the first is a body row, the row-spanning cells filled as spans."""
    from bulletin.schemas.extracted import GridCell, ScriptRegion

    spans = {(0, 0): 2, (2, 0): 2}
    cells = []
    for r in range(4):
        for c in range(3):
            if c == 0 and r % 2:
                continue
            box = Box.of(c * 50, r * 20, c * 50 + 50, r * 20 + 20 * spans.get((r, c), 1))
            region = ScriptRegion(script="mongolian", box=box, vertical=True)
            cells.append(GridCell(row=r, col=c, rowspan=spans.get((r, c), 1), text="", page=1,
                                  box=box, script_regions=[region]))  # fmt: skip
    table_grid = Grid(page=1, box=Box.of(0, 0, 150, 80), n_rows=4, n_cols=3, cells=cells)
    (table,) = run(table_grid).data_tables
    assert len(table.columns) == 3 and len(table.rows) == 3
    assert [c.header for c in table.cells].count(True) == 3
    bilingual = grid(row(0, "名称", "数量") + row(1, "", "") + row(2, "甲", "1"))
    label = ScriptRegion(script="mongolian", box=Box.of(0, 20, 50, 40))
    bilingual = bilingual.model_copy(update={"cells": [
        c.model_copy(update={"script_regions": [label]}) if c.row == 1 else c
        for c in bilingual.cells]})  # fmt: skip
    (table,) = run(bilingual).data_tables
    assert table.rows == [["甲", "1"]]
