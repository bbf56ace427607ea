"""Cross-check findings: table arithmetic and prose against tables."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sample_docs import from_source, val

from bulletin.normalize.checks import check_document
from bulletin.normalize.prose.narrative import read_figures
from bulletin.normalize.quantities import agrees, convert, ordinal, unit_of_label
from bulletin.schemas.document import Document, ValueKind
from bulletin.schemas.findings import Severity


def test_reference_bulletin_yields_exactly_the_planted_disagreement() -> None:
    (finding,) = check_document(from_source("wuhai-2021-56"))
    assert finding.check == "narrative_completed"
    assert finding.found == "23" and finding.expected.startswith("22 ")
    assert finding.table_index == 0 and finding.severity is Severity.WARNING
    assert finding.document == "wuhai-2021-56.pdf"
    assert "23个改造任务已完工" in finding.message


def test_second_sample_is_consistent() -> None:
    assert check_document(from_source("wuhai-2022-18")) == []


def test_reference_prose_figures_are_read_with_their_year() -> None:
    doc = from_source("wuhai-2021-56")
    figures = read_figures(doc.narrative, {"海勃湾区", "乌达区", "海南区"})
    got = {(f.year, f.kind, f.field, f.district, str(f.value)) for f in figures}
    assert (2020, "tasks", None, None, "38") in got
    assert (2021, "tasks", None, None, "16") in got
    assert (2020, "field", "completion_rate", "乌达区", "52.37") in got
    assert (2021, "field", "investment_completion_rate", "海南区", "0.56") in got
    assert (2021, "field", "planned_investment", None, "1.1") in got


def _district(doc: Document, table: int, index: int):  # type: ignore[no-untyped-def]
    return doc.tables[table].districts[index]


def test_total_that_does_not_add_up() -> None:
    doc = from_source("wuhai-2021-56")
    _district(doc, 0, 1).fields["planned_investment"] = val("2624", 3, ValueKind.NUMBER)
    sums = [f for f in check_document(doc) if f.check == "total_sum"]
    assert len(sums) == 1 and sums[0].severity is Severity.ERROR
    assert sums[0].found == "18950" and sums[0].expected.startswith("18951 ")


def test_community_level_total_sums_communities() -> None:
    doc = from_source("wuhai-2022-18")
    community = doc.tables[0].districts[0].streets[0].communities[0]
    community.fields["households"] = val("309")
    (finding,) = [f for f in check_document(doc) if f.check == "total_sum"]
    assert "户数" in finding.location and finding.expected.startswith("10695")


def test_investment_rate_formula() -> None:
    doc = from_source("wuhai-2021-56")
    _district(doc, 1, 2).fields["investment_completion_rate"] = val("0.55", 4)
    (finding,) = [f for f in check_document(doc) if f.check == "rate_formula"]
    assert "海南区" in finding.location and finding.found == "0.55"
    assert finding.expected.startswith("0.5556")


def test_completion_rate_is_never_recomputed() -> None:
    doc = from_source("wuhai-2021-56")
    assert _district(doc, 0, 0).fields["completion_rate"].value == "90.95"  # not 8072.1/15152
    assert not [f for f in check_document(doc) if f.check == "rate_formula"]


def test_district_value_differing_inside_its_span() -> None:
    doc = from_source("wuhai-2021-56")
    community = _district(doc, 0, 1).streets[0].communities[0]
    community.fields["planned_investment"] = val("2632", 3)
    (finding,) = [f for f in check_document(doc) if f.check == "span_constant"]
    assert finding.found == "2632" and "2623" in finding.expected


@pytest.mark.parametrize(("old", "new", "check", "found"), [
    ("完成投资1.03亿元", "完成投资1.05亿元", "narrative_value", "1.05亿元"),
    ("乌达区 52.37%", "乌达区 53.37%", "narrative_value", "53.37%"),
    ("完工率 76.05%", "完工率 77.05%", "narrative_value", "77.05%"),
    ("实施38个", "实施39个", "narrative_tasks", "39"),
    ("预计投资 1.1 亿元", "预计投资 1.2 亿元", "narrative_value", "1.2亿元"),
    ("完成投资 186.1 万元", "完成投资 187 万元", "narrative_value", "187万元"),
    ("完成投资 186.1 万元", "完成投资 186 万元", None, None),  # 186.1 rounded: agrees
])
def test_prose_disagreements_are_found(
    old: str, new: str, check: str | None, found: str | None
) -> None:
    doc = from_source("wuhai-2021-56")
    doc.narrative = [p.replace(old, new) for p in doc.narrative]
    assert any(new in p for p in doc.narrative)
    findings = [f for f in check_document(doc) if f.check != "narrative_completed"]
    assert [(f.check, f.found) for f in findings] == ([(check, found)] if check else [])


def test_per_district_counts_and_rank_in_prose() -> None:
    doc = from_source("wuhai-2022-18")
    doc.narrative = [p.replace("海南区10个改造任务已完工3个", "海南区10个改造任务已完工4个")
                     .replace("排名第四", "排名第三") for p in doc.narrative]
    got = {(f.check, f.found) for f in check_document(doc)}
    assert got == {("narrative_completed", "4"), ("narrative_value", "3")}


def test_households_without_a_column_are_not_compared() -> None:
    doc = from_source("wuhai-2021-56")
    doc.narrative = [p.replace("涉及5154户", "涉及9999户") for p in doc.narrative]
    assert len(check_document(doc)) == 1  # still only the planted one


def test_households_with_a_column_are_compared() -> None:
    doc = from_source("wuhai-2022-18")
    doc.narrative = [p.replace("10694户", "10695户") for p in doc.narrative]
    (finding,) = check_document(doc)
    assert finding.found == "10695户" and finding.expected.startswith("10694")


def test_prose_split_into_short_paragraphs_keeps_the_year() -> None:
    doc = from_source("wuhai-2021-56")
    doc.narrative = [part for p in doc.narrative for part in p.split("，")]
    (finding,) = check_document(doc)
    assert finding.check == "narrative_completed"


def test_quantity_helpers() -> None:
    assert agrees(Decimal("1.03"), Decimal("1.033810"))
    assert agrees(Decimal("1.1"), Decimal("1.0891634"))
    assert not agrees(Decimal("1.71"), Decimal("1.7"))
    assert convert(Decimal("10338.1"), "万元", "亿元") == Decimal("1.03381")
    assert convert(Decimal(1), "万元", "平方米") is None
    assert unit_of_label("投资情况（万元）/预计投资额") == "万元"
    assert unit_of_label("预计投资额 (万元)") == "万元" and unit_of_label("户数") is None
    assert [ordinal(t) for t in ("一", "十", "十二", "二十", "7")] == [1, 10, 12, 20, 7]


def test_an_unread_district_name_does_not_hide_the_others() -> None:
    """An empty district name (unread cell) must not count as mentioned in every sentence."""
    doc = from_source("wuhai-2022-18")
    doc.tables[0].districts[3].name = ""
    assert check_document(doc) == []


def test_a_district_list_does_not_make_later_sentences_district_figures() -> None:
    doc = from_source("wuhai-2021-56")
    doc.narrative.append(
        "（三）2020年小结。完工率分别为海勃湾区 90.95%，乌达区 52.37%。共实施39个改造任务。"
    )
    found = [(f.check, f.found) for f in check_document(doc)]
    assert ("narrative_tasks", "39") in found


def _resplit(paragraphs: list[str], how: str) -> list[str]:
    """The same prose with other paragraph breaks: one paragraph, a break after every
    sentence, or a break after every clause (as a reflowed rendering or an OCR'd page gives)."""
    text = "".join(paragraphs)
    if how == "one":
        return [text]
    marks = "。；" if how == "sentences" else "。；，"
    out, current = [], ""
    for ch in text:
        current += ch
        if ch in marks:
            out.append(current)
            current = ""
    return out + ([current] if current else [])


@pytest.mark.parametrize("stem", ["wuhai-2021-56", "wuhai-2022-18"])
@pytest.mark.parametrize("how", ["one", "sentences", "clauses"])
def test_findings_do_not_depend_on_paragraph_breaks(stem: str, how: str) -> None:
    """A finding is a claim a person will act on: the same prose broken differently gives
    the same findings (never a city-wide figure compared with one district's)."""
    doc = from_source(stem)
    expected = [(f.check, f.expected, f.found) for f in check_document(doc)]
    resplit = doc.model_copy(update={"narrative": _resplit(doc.narrative, how)})
    assert [(f.check, f.expected, f.found) for f in check_document(resplit)] == expected


def test_ranks_follow_the_rate_the_prose_names() -> None:
    doc = from_source("wuhai-2022-18")  # 按投资完成率排名, ranks consistent: no finding
    assert not [f for f in check_document(doc) if f.check == "rank_order"]
    districts = doc.tables[0].districts
    first = next(d for d in districts if d.fields["rank"].value == "1")
    second = next(d for d in districts if d.fields["rank"].value == "2")
    first.fields["rank"], second.fields["rank"] = second.fields["rank"], first.fields["rank"]
    (finding,) = [f for f in check_document(doc) if f.check == "rank_order"]
    assert second.name in finding.message and first.name in finding.message


def test_tied_rates_may_be_ranked_either_way() -> None:
    doc = from_source("wuhai-2022-18")
    districts = sorted(doc.tables[0].districts, key=lambda d: int(d.fields["rank"].value or 0))
    rate = districts[0].fields["investment_completion_rate"]
    districts[1].fields["investment_completion_rate"] = rate
    assert not [f for f in check_document(doc) if f.check == "rank_order"]
