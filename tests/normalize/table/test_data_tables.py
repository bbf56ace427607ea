"""Every table as data: rows as printed with merged cells filled down (and the fill recorded),
every printed cell kept, a table of any kind continued over pages joined into one."""

from __future__ import annotations

from test_hierarchy import grid, row, run

from bulletin.schemas.extracted import ExtractedDocument, PageContent, TextLine, TextSource
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
