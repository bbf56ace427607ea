"""Tables the vocabulary does not describe: hierarchy columns found from how their spans nest
and what their names end with; labels by meaning; other status words, 总计 and 小计 rows.

Hand-built grids (invented places of the region), one situation per test."""

from __future__ import annotations

from bulletin.schemas.document import Document
from test_hierarchy import grid, row, run


def _tree(doc: Document) -> list[tuple[str, str, str]]:
    return [
        (d.name, s.name, c.name)
        for t in doc.tables
        for d in t.districts
        for s in d.streets
        for c in s.communities
    ]


def _field(doc: Document, name: str) -> list[str | None]:
    return [
        c.fields[name].value
        for t in doc.tables for d in t.districts for s in d.streets for c in s.communities
    ]  # fmt: skip


RURAL = [
    (0, 0, 1, 1, "序号"), (0, 1, 1, 1, "旗县"), (0, 2, 1, 1, "苏木（镇）"),
    (0, 3, 1, 1, "嘎查（村）"), (0, 4, 1, 1, "项目进度"), (0, 5, 1, 1, "计划投资（万元）"),
    (1, 0, 3, 1, "1"), (1, 1, 3, 1, "达拉特旗"), (1, 2, 2, 1, "树林召镇"), (1, 3, 1, 1, "王爱召村"),
    (2, 3, 1, 1, "林原村"), (3, 2, 1, 1, "白泥井镇"), (3, 3, 1, 1, "吉格斯太村"),
    (1, 4, 1, 1, "已完成"), (2, 4, 1, 1, "未完成"), (3, 4, 1, 1, "已完成"),
    (1, 5, 3, 1, "1250.5"),
    (4, 0, 1, 5, "总计"), (4, 5, 1, 1, "1250.5"),
]  # fmt: skip


def test_rural_hierarchy_with_labels_by_meaning_and_other_status_words() -> None:
    doc = run(grid(RURAL))
    (table,) = doc.tables
    assert _tree(doc) == [
        ("达拉特旗", "树林召镇", "王爱召村"),
        ("达拉特旗", "树林召镇", "林原村"),
        ("达拉特旗", "白泥井镇", "吉格斯太村"),
    ]
    assert table.districts[0].fields["rank"].value == "1"
    assert table.districts[0].fields["planned_investment"].value == "1250.5"
    assert table.total is not None and table.total["planned_investment"].value == "1250.5"
    # 项目进度 is no alias: its cells are yes/no words, so it is a yes/no column
    assert _field(doc, "项目进度") == ["true", "false", "true"]


def test_a_header_without_any_alias_is_understood_from_its_cells() -> None:
    labels = ["甲", "乙", "丙", "丁"]
    cells = row(0, *labels) + [
        (1, 0, 3, 1, "准格尔旗"), (1, 1, 2, 1, "薛家湾镇"), (1, 2, 1, 1, "黑岱沟村"),
        (2, 2, 1, 1, "万家寨村"), (3, 1, 1, 1, "沙圪堵镇"), (3, 2, 1, 1, "纳林村"),
        (4, 0, 1, 1, "杭锦旗"), (4, 1, 1, 1, "锡尼镇"), (4, 2, 1, 1, "巴音乌素村"),
        (1, 3, 1, 1, "35"), (2, 3, 1, 1, "20"), (3, 3, 1, 1, "12"), (4, 3, 1, 1, "7"),
    ]  # fmt: skip
    doc = run(grid(cells))
    (table,) = doc.tables
    assert [d.name for d in table.districts] == ["准格尔旗", "杭锦旗"]
    assert _tree(doc)[1] == ("准格尔旗", "薛家湾镇", "万家寨村")
    assert [(c.label, c.field, c.how) for c in table.columns[:3]] == [
        ("甲", "district", "content"), ("乙", "street", "content"), ("丙", "community", "content")
    ]
    assert _field(doc, "丁") == ["35", "20", "12", "7"]
    reasons = [r for r in doc.review if r.kind == "structure"]
    assert {r.field for r in reasons} == {"district", "street", "community"}
    assert any("label" in w and "not understood" in w for w in doc.pages[0].warnings)


def test_levels_from_repeated_names_in_any_column_order() -> None:
    """No merged cells: every row repeats its parents' names; the community column first."""
    cells = row(0, "名称", "所属镇", "所属旗", "户数")
    cells += row(1, "阳光小区", "锡尼镇", "杭锦旗", "30")
    cells += row(2, "锦绣家园", "锡尼镇", "杭锦旗", "44")
    cells += row(3, "草原新村", "独贵塔拉镇", "杭锦旗", "18")
    cells += row(4, "团结小区", "东胜街道", "东胜区", "51")
    doc = run(grid(cells))
    assert _tree(doc) == [
        ("杭锦旗", "锡尼镇", "阳光小区"),
        ("杭锦旗", "锡尼镇", "锦绣家园"),
        ("杭锦旗", "独贵塔拉镇", "草原新村"),
        ("东胜区", "东胜街道", "团结小区"),
    ]
    assert _field(doc, "households") == ["30", "44", "18", "51"]


def test_subtotal_rows_are_kept_on_their_district_never_districts() -> None:
    cells = row(0, "旗县区", "项目名称", "是否完工", "总投资")
    cells += [(1, 0, 3, 1, "达拉特旗")] + row(1, "", "一号项目", "是", "100")[1:]
    cells += row(2, "", "二号项目", "否", "50")[1:]
    cells += [(3, 1, 1, 1, "小计"), (3, 2, 1, 1, ""), (3, 3, 1, 1, "150")]
    cells += [(4, 0, 2, 1, "准格尔旗")] + row(4, "", "三号项目", "是", "70")[1:]
    cells += [(5, 1, 1, 1, "小计"), (5, 2, 1, 1, ""), (5, 3, 1, 1, "70")]
    cells += [(6, 0, 1, 3, "合计"), (6, 3, 1, 1, "220")]
    doc = run(grid(cells))
    (table,) = doc.tables
    assert [d.name for d in table.districts] == ["达拉特旗", "准格尔旗"]
    assert [c for _, _, c in _tree(doc)] == ["一号项目", "二号项目", "三号项目"]
    assert [d.subtotal["planned_investment"].value for d in table.districts if d.subtotal] == [
        "150", "70"
    ]
    assert table.total is not None and table.total["planned_investment"].value == "220"


def test_a_table_without_a_place_hierarchy_is_not_a_ranking_table() -> None:
    cells = row(0, "支出项目", "金额（万元）", "备注")
    cells += row(1, "设备购置", "120", "")
    cells += row(2, "人员经费", "80", "")
    cells += row(3, "办公经费", "15", "")
    doc = run(grid(cells))
    assert doc.tables == [] and len(doc.data_tables) == 1
    assert any("without a place hierarchy" in w for w in doc.pages[0].warnings)


def test_serial_numbers_per_row_are_a_community_level_rank() -> None:
    cells = row(0, "序号", "街道", "社区", "是否完工")
    cells += row(1, "1", "新华街道", "光明社区", "是")
    cells += row(2, "2", "新华街道", "胜利社区", "否")
    cells += row(3, "3", "滨河街道", "河畔社区", "是")
    doc = run(grid(cells))
    (table,) = doc.tables
    assert [d.name for d in table.districts] == [""]  # no district column printed
    assert [s.name for s in table.districts[0].streets] == ["新华街道", "滨河街道"]
    assert _field(doc, "rank") == ["1", "2", "3"]


def test_a_subtotal_that_does_not_add_up_is_a_finding() -> None:
    cells = row(0, "旗县区", "项目名称", "总投资")
    cells += [(1, 0, 3, 1, "达拉特旗")] + row(1, "", "一号项目", "100")[1:]
    cells += row(2, "", "二号项目", "50")[1:]
    cells += [(3, 1, 1, 1, "小计"), (3, 2, 1, 1, "160")]
    doc = run(grid(cells))
    (finding,) = [f for f in doc.findings if f.check == "subtotal_sum"]
    assert finding.found == "160" and finding.expected.startswith("150 ")


def test_levels_from_names_alone_without_merges_or_labels() -> None:
    """Labels that say nothing, no merged cells: the repeated names nest, and their endings
    say which level each column holds."""
    cells = row(0, "A", "B", "C", "D")
    cells += row(1, "图克镇", "乌审旗", "陶利嘎查", "12")
    cells += row(2, "图克镇", "乌审旗", "梅林庙嘎查", "8")
    cells += row(3, "嘎鲁图镇", "乌审旗", "巴音温都尔嘎查", "15")
    cells += row(4, "乌兰陶勒盖镇", "乌审旗", "巴音敖包嘎查", "9")
    doc = run(grid(cells))
    assert _tree(doc) == [
        ("乌审旗", "图克镇", "陶利嘎查"),
        ("乌审旗", "图克镇", "梅林庙嘎查"),
        ("乌审旗", "嘎鲁图镇", "巴音温都尔嘎查"),
        ("乌审旗", "乌兰陶勒盖镇", "巴音敖包嘎查"),
    ]


def test_a_user_vocabulary_adds_labels_and_status_words(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bulletin.normalize.stage import normalize_document
    from bulletin.schemas.extracted import ExtractedDocument, PageContent, TextSource
    from bulletin.schemas.settings import Settings

    cells = row(0, "街道", "社区", "交付情况")
    cells += row(1, "新华街道", "光明社区", "已交付")
    cells += row(2, "新华街道", "胜利社区", "待交付")
    cells += row(3, "滨河街道", "河畔社区", "已交付")
    page = PageContent(number=1, width=800, height=1000, text_source=TextSource.TEXT_LAYER,
                       grids=[grid(cells)])  # fmt: skip
    extracted = ExtractedDocument(source="t.pdf", pages=[page])
    before = normalize_document(extracted, Settings())
    assert _field(before, "交付情况") == ["已交付", "待交付", "已交付"]  # not understood: text
    (tmp_path / "header_aliases.csv").write_text(
        "field,level,kind,aliases\ncompleted,community,boolean,交付情况\n", encoding="utf-8"
    )
    (tmp_path / "status_words.csv").write_text(
        "value,words\ntrue,已交付\nfalse,待交付\n", encoding="utf-8"
    )
    settings = Settings(vocabulary=tmp_path)
    assert settings.fingerprint() != Settings().fingerprint()
    after = normalize_document(extracted, settings)
    assert _field(after, "completed") == ["true", "false", "true"]
