"""Span expansion: hand-built grids through normalize_document, one situation per test."""

from __future__ import annotations

from bulletin.schemas.document import Document, Level
from bulletin.schemas.extracted import ExtractedDocument, Grid, GridCell, PageContent, TextSource
from bulletin.schemas.geometry import Box
from bulletin.schemas.settings import Settings
from bulletin.normalize.stage import normalize_document

W, H = 40.0, 20.0
HEADER = [
    "排名",
    "辖区",
    "街道办事处",
    "负责人",
    "责任领导",
    "小区名称",
    "是否完工",
    "预计投资额（万元）",
]

Cell = tuple[int, int, int, int, str]  # row, col, rowspan, colspan, text


def grid(cells: list[Cell], page: int = 1) -> Grid:
    n_rows = max(r + rs for r, _, rs, _, _ in cells)
    n_cols = max(c + cs for _, c, _, cs, _ in cells)
    return Grid(
        page=page,
        box=Box.of(0, 0, n_cols * W, n_rows * H),
        n_rows=n_rows,
        n_cols=n_cols,
        cells=[
            GridCell(
                row=r,
                col=c,
                rowspan=rs,
                colspan=cs,
                text=t,
                page=page,
                box=Box.of(c * W, r * H, (c + cs) * W, (r + rs) * H),
            )
            for r, c, rs, cs, t in cells
        ],
    )


def header(labels: list[str] = HEADER) -> list[Cell]:
    return row(0, *labels)


def row(r: int, *texts: str) -> list[Cell]:
    """One unmerged table row."""
    return [(r, i, 1, 1, text) for i, text in enumerate(texts)]


def run(*grids: Grid) -> Document:
    pages = sorted({g.page for g in grids})
    contents = [
        PageContent(
            number=p,
            width=800,
            height=1000,
            text_source=TextSource.TEXT_LAYER,
            grids=[g for g in grids if g.page == p],
        )
        for p in pages
    ]
    return normalize_document(ExtractedDocument(source="t.pdf", pages=contents), Settings())


def communities(doc: Document) -> list[tuple[str, str, str, str | None]]:
    return [
        (d.name, s.name, c.name, c.fields["completed"].value)
        for t in doc.tables
        for d in t.districts
        for s in d.streets
        for c in s.communities
    ]


def test_status_run_crossing_a_street_boundary_reaches_every_community() -> None:
    cells = header() + [
        (1, 0, 3, 1, "1"),
        (1, 1, 3, 1, "甲区"),
        (1, 2, 2, 1, "东街道"),
        (1, 3, 2, 1, "张三"),
        (1, 4, 2, 1, "李四"),
        (3, 2, 1, 1, "西街道"),
        (3, 3, 1, 1, "王五"),
        (3, 4, 1, 1, "李四"),
        (1, 5, 1, 1, "一号楼"),
        (2, 5, 1, 1, "二号楼"),
        (3, 5, 1, 1, "三号楼"),
        (1, 6, 1, 1, "否"),
        (2, 6, 2, 1, "是"),
        (1, 7, 3, 1, "100.50"),
    ]
    doc = run(grid(cells))
    assert communities(doc) == [
        ("甲区", "东街道", "一号楼", "false"),
        ("甲区", "东街道", "二号楼", "true"),
        ("甲区", "西街道", "三号楼", "true"),
    ]
    third = doc.tables[0].districts[0].streets[1].communities[0]
    assert third.fields["completed"].spanned, "value came from a cell spanning other rows"
    assert doc.tables[0].districts[0].streets[1].fields["street_head"].value == "王五"


def test_street_of_one_community_and_district_values_stored_once() -> None:
    cells = header() + [
        (1, 0, 2, 1, "1"),
        (1, 1, 2, 1, "甲区"),
        (1, 2, 1, 1, "东街道"),
        (1, 3, 1, 1, "张三"),
        (1, 4, 1, 1, "李四"),
        (2, 2, 1, 1, "西街道"),
        (2, 3, 1, 1, "王五"),
        (2, 4, 1, 1, "李四"),
        (1, 5, 1, 1, "一号楼"),
        (2, 5, 1, 1, "二号楼"),
        (1, 6, 1, 1, "是"),
        (2, 6, 1, 1, "否"),
        (1, 7, 2, 1, "4949.834"),
    ]
    doc = run(grid(cells))
    district = doc.tables[0].districts[0]
    assert [s.name for s in district.streets] == ["东街道", "西街道"]
    assert [len(s.communities) for s in district.streets] == [1, 1]
    assert district.fields["planned_investment"].value == "4949.834"
    assert district.fields["rank"].value == "1"
    for street in district.streets:
        for community in street.communities:
            assert "planned_investment" not in community.fields


def test_table_split_across_pages_is_one_table_with_the_split_district_joined() -> None:
    page1 = header() + [
        (1, 0, 2, 1, "1"),
        (1, 1, 2, 1, "甲区"),
        (1, 2, 2, 1, "东街道"),
        (1, 3, 2, 1, "张三"),
        (1, 4, 2, 1, "李四"),
        (1, 5, 1, 1, "一号楼"),
        (2, 5, 1, 1, "二号楼"),
        (1, 6, 2, 1, "是"),
        (1, 7, 2, 1, "300"),
    ]
    page2 = header() + [
        (1, 0, 1, 1, ""),
        (1, 1, 1, 1, ""),
        (1, 2, 1, 1, ""),
        (1, 3, 1, 1, ""),
        (1, 4, 1, 1, ""),
        (1, 5, 1, 1, "三号楼"),
        (1, 6, 1, 1, ""),
        (1, 7, 1, 1, ""),
        (2, 0, 1, 1, "2"),
        (2, 1, 1, 1, "乙区"),
        (2, 2, 1, 1, "南街道"),
        (2, 3, 1, 1, "赵六"),
        (2, 4, 1, 1, "钱七"),
        (2, 5, 1, 1, "四号楼"),
        (2, 6, 1, 1, "否"),
        (2, 7, 1, 1, "50"),
        (3, 0, 1, 7, "合计"),
        (3, 7, 1, 1, "350"),
    ]
    doc = run(grid(page1, 1), grid(page2, 2))
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.pages == [1, 2]
    assert communities(doc) == [
        ("甲区", "东街道", "一号楼", "true"),
        ("甲区", "东街道", "二号楼", "true"),
        ("甲区", "东街道", "三号楼", "true"),
        ("乙区", "南街道", "四号楼", "false"),
    ]
    assert [c.page for d in table.districts for s in d.streets for c in s.communities] == [
        1,
        1,
        2,
        2,
    ]
    assert table.districts[0].fields["planned_investment"].value == "300"
    assert table.total is not None and table.total["planned_investment"].value == "350"
    assert [d.name for d in table.districts] == ["甲区", "乙区"], "合计 is not a district"


def test_two_row_grouped_header_reordered_columns_and_extra_columns() -> None:
    cells = [
        (0, 0, 2, 1, "辖区"),
        (0, 1, 2, 1, "排名"),
        (0, 2, 2, 1, "街道"),
        (0, 3, 2, 1, "小区名称"),
        (0, 4, 2, 1, "户数"),
        (0, 5, 1, 2, "投资情况（万元）"),
        (1, 5, 1, 1, "预计投资额"),
        (1, 6, 1, 1, "累计完成投资额"),
        (0, 7, 2, 1, "是否完工"),
        (0, 8, 2, 1, "备注"),
        (0, 9, 2, 1, "牵头单位"),
        (2, 0, 2, 1, "甲区"),
        (2, 1, 2, 1, "1"),
        (2, 2, 2, 1, "东街道"),
        (2, 3, 1, 1, "一号楼"),
        (3, 3, 1, 1, "二号楼"),
        (2, 4, 1, 1, "120"),
        (3, 4, 1, 1, "80"),
        (2, 5, 2, 1, "1,000"),
        (2, 6, 2, 1, "250.5"),
        (2, 7, 1, 1, "是"),
        (3, 7, 1, 1, "否"),
        (2, 8, 1, 1, "已验收"),
        (3, 8, 1, 1, ""),
        (2, 9, 2, 1, "住建局"),
    ]
    doc = run(grid(cells))
    table = doc.tables[0]
    fields = [c.field for c in table.columns]
    assert fields[:8] == [
        "district",
        "rank",
        "street",
        "community",
        "households",
        "planned_investment",
        "completed_investment",
        "completed",
    ]
    assert table.columns[5].label == "投资情况（万元）/预计投资额"
    unknown = {c.field: c for c in table.columns if not c.known}
    assert set(unknown) == {"备注", "牵头单位"}
    assert unknown["备注"].level is Level.COMMUNITY
    district = table.districts[0]
    assert district.fields["planned_investment"].value == "1000"
    assert district.fields["牵头单位"].value == "住建局", "a merged unknown column takes its level"
    one, two = district.streets[0].communities
    assert (one.fields["households"].value, two.fields["households"].value) == ("120", "80")
    assert (one.fields["备注"].value, two.fields["备注"].value) == ("已验收", None)


def test_unreadable_number_is_empty_and_flagged_not_guessed() -> None:
    cells = header() + row(1, "1", "甲区", "东街道", "张三", "李四", "一号楼", "是", "12?4")
    doc = run(grid(cells))
    value = doc.tables[0].districts[0].fields["planned_investment"]
    assert value.value is None and value.raw == "12?4" and value.review
    assert [(r.field, r.kind) for r in doc.review] == [("planned_investment", "unreadable")]


def test_grid_without_ranking_header_is_not_a_table() -> None:
    doc = run(
        grid([(0, 0, 1, 1, "项目"), (0, 1, 1, 1, "金额"), (1, 0, 1, 1, "甲"), (1, 1, 1, 1, "1")])
    )
    assert doc.tables == []
    assert "not a ranking table" in doc.pages[0].warnings[0]
    (kept,) = doc.data_tables
    assert [c.text for c in kept.cells] == ["项目", "金额", "甲", "1"], "kept as read, not dropped"
    assert kept.ranking is None and kept.columns == ["项目", "金额"] and kept.rows == [["甲", "1"]]


def test_continuation_whose_repeated_header_was_misread_is_still_one_table() -> None:
    first = header() + row(1, "1", "甲区", "东街道", "张三", "李四", "一号楼", "是", "10")
    garbled = [*HEADER[:6], "是否完XX工", HEADER[7]]
    second = header(garbled) + row(1, "2", "乙区", "南街道", "赵六", "钱七", "二号楼", "否", "5")
    doc = run(grid(first, 1), grid(second, 2))
    assert len(doc.tables) == 1
    assert [d.name for d in doc.tables[0].districts] == ["甲区", "乙区"]


def test_cells_under_a_seal_are_listed_for_review() -> None:
    from bulletin.schemas.extracted import Seal

    cells = header() + row(1, "1", "甲区", "东街道", "张三", "李四", "一号楼", "是", "10")
    seal = Seal(box=Box.of(5 * W + 5, H + 5, 5 * W + 15, H + 15), ink_fraction=0.3)
    page = PageContent(
        number=1,
        width=800,
        height=1000,
        text_source=TextSource.OCR,
        grids=[grid(cells)],
        seals=[seal],
    )
    doc = normalize_document(ExtractedDocument(source="t.pdf", pages=[page]), Settings())
    assert [(r.kind, r.field, r.read) for r in doc.review] == [("seal", "community", "一号楼")]


def test_total_row_found_by_its_span_when_the_label_is_misread() -> None:
    cells = header() + row(1, "1", "甲区", "东街道", "张三", "李四", "一号楼", "是", "10")
    cells += [(2, 0, 1, 7, "Git"), (2, 7, 1, 1, "10")]
    table = run(grid(cells)).tables[0]
    assert [d.name for d in table.districts] == ["甲区"]
    assert table.total is not None and table.total["planned_investment"].value == "10"


def test_total_first_subtotals_and_notes_are_not_communities() -> None:
    cells = header()
    cells += [(1, 0, 1, 5, "合计"), (1, 5, 1, 2, ""), (1, 7, 1, 1, "30")]
    cells += row(2, "1", "甲区", "东街道", "张三", "李四", "一号楼", "是", "10")
    cells += [(3, 0, 1, 2, ""), (3, 2, 1, 5, "小计"), (3, 7, 1, 1, "10")]
    cells += row(4, "2", "乙区", "南街道", "赵六", "钱七", "二号楼", "否", "20")
    cells += [(5, 0, 1, 8, "注：数据截至4月25日")]
    doc = run(grid(cells))
    table = doc.tables[0]
    assert [d.name for d in table.districts] == ["甲区", "乙区"]
    assert table.total is not None and table.total["planned_investment"].value == "30"
    assert communities(doc) == [
        ("甲区", "东街道", "一号楼", "true"),
        ("乙区", "南街道", "二号楼", "false"),
    ]
    first, second = table.districts
    assert first.subtotal is not None and first.subtotal["planned_investment"].value == "10"
    assert second.subtotal is None, "a subtotal belongs to the district whose rows it closes"
    warnings = doc.pages[0].warnings
    assert any("note row skipped: 注：数据截至4月25日" in w for w in warnings)


def _with_readings(g: Grid, at: tuple[int, int], *readings: tuple[str, float, str]) -> Grid:
    from bulletin.schemas.extracted import CellReading

    offered = tuple(CellReading(text=t, confidence=c, how=h) for t, c, h in readings)
    cells = [
        c.model_copy(update={"readings": offered}) if (c.row, c.col) == at else c
        for c in g.cells
    ]
    return g.model_copy(update={"cells": cells})


def test_status_misread_under_a_seal_takes_the_reading_its_column_accepts_and_is_flagged() -> None:
    cells = header() + row(1, "1", "甲区", "东街道", "张三", "李四", "一号楼", "東否", "10")
    offered = [("東否", 0.6, "digits"), ("否", 0.9, "without_seal_ink")]
    g = _with_readings(grid(cells), (1, 6), *offered)
    doc = run(g)
    value = doc.tables[0].districts[0].streets[0].communities[0].fields["completed"]
    assert (value.value, value.raw, value.review) == ("false", "東否", True)
    assert value.confidence <= 0.9
    assert [r.field for r in doc.review] == ["completed"]


def test_no_reading_that_parses_leaves_the_cell_empty_and_flagged() -> None:
    cells = header() + row(1, "1", "甲区", "东街道", "张三", "李四", "一号楼", "是", "1?4")
    g = _with_readings(grid(cells), (1, 7), ("1?4", 0.5, "digits"))
    value = run(g).tables[0].districts[0].fields["planned_investment"]
    assert value.value is None and value.review


def test_a_value_that_parses_as_read_ignores_other_readings() -> None:
    cells = header() + row(1, "1", "甲区", "东街道", "张三", "李四", "一号楼", "是", "124")
    g = _with_readings(grid(cells), (1, 7), ("12.4", 0.7, "digits"))
    value = run(g).tables[0].districts[0].fields["planned_investment"]
    assert (value.value, value.review) == ("124", False)
