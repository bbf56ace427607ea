"""Linking names to the registry: look-alikes, OCR confusions, aliases, scopes, review items."""

from __future__ import annotations


import pytest
from hypothesis import given
from hypothesis import strategies as st
from sample_docs import from_source, tiny

from bulletin.normalize.link.matching import link_document
from bulletin.normalize.link.names import CONFUSABLE_GROUPS, fold_confusables, normalize_name
from bulletin.normalize.link.registry import Registry, load_registry
from bulletin.normalize.link.scoring import Choices, best_entries, score
from bulletin.schemas.document import Community, Document, MatchStatus
from bulletin.schemas.settings import Settings
from goldens import SAMPLES

SAMPLE = SAMPLES / "registry" / "wuhai.csv"
SETTINGS = Settings()


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(SAMPLE)


def one(registry: Registry, district: str, street: str, community: str) -> Document:
    return link_document(tiny({district: {street: [community]}}), registry, SETTINGS)


def nodes(doc: Document) -> tuple:
    d = doc.tables[0].districts[0]
    return d, d.streets[0], d.streets[0].communities[0]


# Each look-alike pair of STRUCTURE.md, both sides read under their true parents.
LOOK_ALIKES = [
    ("海勃湾区", "滨河街道", "铁路小区(包括铁路西住宅小区)", "150302-005-0001"),
    ("乌达区", "滨海街道", "邮电住宅楼", "150304-003-0001"),
    ("海南区", "拉僧仲街道", "民政楼", "150303-001-0006"),
    ("海勃湾区", "凤凰岭街道", "民政小区", "150302-003-0006"),
    ("海勃湾区", "新华西街道", "粮食局小区", "150302-002-0002"),
    ("海南区", "拉僧仲街道", "粮食局家属楼", "150303-001-0003"),
    ("海勃湾区", "凤凰岭街道", "国税楼", "150302-003-0002"),
    ("乌达区", "巴音赛街道", "国税小区", "150304-004-0003"),
    ("海勃湾区", "海北街道", "国税综合住宅楼", "150302-001-0005"),
    ("海勃湾区", "新华街道", "幸福小区", "150302-004-0007"),
    ("海南区", "新华街道", "幸福小区", "150303-002-0001"),
    ("乌达区", "巴音赛街道", "幸福B区", "150304-004-0009"),
    ("乌达区", "五虎山街道", "铁路西住宅楼", "150304-002-0001"),
    ("海南区", "拉僧庙街道", "拉僧庙小区", "150303-005-0002"),
]


@pytest.mark.parametrize(("district", "street", "community", "expected"), LOOK_ALIKES)
def test_look_alikes_link_to_their_own_entry(
    registry: Registry, district: str, street: str, community: str, expected: str
) -> None:
    doc = one(registry, district, street, community)
    d, s, c = nodes(doc)
    assert c.link is not None and c.link.id == expected
    assert c.link.status is MatchStatus.EXACT and not c.link.outside_parent
    assert s.link is not None and s.link.id == expected.rsplit("-", 1)[0]
    assert d.link is not None and d.link.id == expected.split("-")[0]
    assert doc.review == []


@pytest.mark.parametrize(("a", "b"), [
    ("滨河街道", "滨海街道"), ("民政楼", "民政小区"), ("粮食局小区", "粮食局家属楼"),
    ("国税楼", "国税小区"), ("国税小区", "国税综合住宅楼"), ("幸福小区", "幸福B区"),
    ("铁路西住宅楼", "铁路小区(包括铁路西住宅小区)"), ("拉僧仲街道", "拉僧庙街道"),
])
def test_look_alikes_never_score_high_enough_to_accept(a: str, b: str) -> None:
    result = score([a], Choices.build([b], [0]), cutoff=1)
    assert result.scores.tolist() and result.scores[0] < SETTINGS.match_accept


def test_one_wrong_character_in_a_street_is_not_accepted(registry: Registry) -> None:
    """滨海街道 read under 海勃湾区 is the 乌达区 street, flagged; never 滨河街道."""
    doc = one(registry, "海勃湾区", "滨海街道", "铁路小区(包括铁路西住宅小区)")
    _, street, _ = nodes(doc)
    assert street.link is not None
    assert street.link.id == "150304-003" and street.link.outside_parent
    assert [r.field for r in doc.review][0] == "street"
    assert "outside its parent" in doc.review[0].reason


def test_community_of_another_district_is_flagged_not_guessed(registry: Registry) -> None:
    doc = one(registry, "海勃湾区", "凤凰岭街道", "民政楼")
    _, _, c = nodes(doc)
    assert c.link is not None and c.link.id == "150303-001-0006" and c.link.outside_parent
    assert doc.review[0].kind == "match" and doc.review[0].page == 2


@pytest.mark.parametrize(("read", "expected"), [
    ("鸟达区", "150304"),  # 乌 -> 鸟, the classic OCR confusion
    ("马达区", "150304"),  # 乌 -> 马, seen in the broken-text-layer sample
    ("乌达匹", "150304"),
])
def test_ocr_confused_district(registry: Registry, read: str, expected: str) -> None:
    d, _, _ = nodes(one(registry, read, "滨海街道", "邮电住宅楼"))
    assert d.link is not None and d.link.id == expected and d.link.status is MatchStatus.FUZZY
    assert d.name == "乌达区" and d.fields["district"].value == "乌达区"
    assert d.fields["district"].raw == read and d.link.raw == read


@pytest.mark.parametrize(("street", "read", "expected"), [
    ("拉僧仲街道", "民政搂", "150303-001-0006"),
    ("巴音赛街道", "幸福8区", "150304-004-0009"),
    ("凤凰岭街道", "检察院搂小匹", "150302-003-0004"),
])
def test_ocr_confused_community(registry: Registry, street: str, read: str, expected: str) -> None:
    district = {"拉": "海南区", "巴": "乌达区", "凤": "海勃湾区"}[street[0]]
    _, _, c = nodes(one(registry, district, street, read))
    assert c.link is not None and c.link.id == expected
    assert c.link.status is MatchStatus.FUZZY and c.link.score >= SETTINGS.match_accept


@pytest.mark.parametrize(("district", "read", "expected"), [
    ("乌达区", "苏海图告道", "150304-001"),  # 街 -> 告, seen in the 300 dpi scan
    ("海勃湾区", "风凰岭街道", "150302-003"),  # 凤 -> 风, seen in the rotated scan
])
def test_ocr_confused_street(registry: Registry, district: str, read: str, expected: str) -> None:
    _, s, _ = nodes(one(registry, district, read, "某小区"))
    assert s.link is not None and s.link.id == expected and s.link.status is MatchStatus.FUZZY


@pytest.mark.parametrize(("street", "read", "expected"), [
    ("滨河街道", "铁路小区", "150302-005-0001"),  # short form
    ("滨河街道", "鐵路小區", "150302-005-0001"),  # traditional alias
    ("海北街道", "第一通用机械厂小区", "150302-001-0003"),  # former name
])
def test_community_alias(registry: Registry, street: str, read: str, expected: str) -> None:
    district = "海勃湾区"
    _, _, c = nodes(one(registry, district, street, read))
    assert c.link is not None and c.link.id == expected and c.link.status is MatchStatus.ALIAS
    assert c.name == registry.by_id[expected].name
    assert c.link.raw == read


def test_same_alias_text_is_a_name_elsewhere(registry: Registry) -> None:
    """`铁路小区` is an alias in 滨河街道 but a community of its own in 五虎山街道."""
    _, _, c = nodes(one(registry, "乌达区", "五虎山街道", "铁路小区"))
    assert c.link is not None and c.link.id == "150304-002-0002"
    assert c.link.status is MatchStatus.EXACT


@pytest.mark.parametrize("read", [
    "铁路小区（包括铁路西住宅小区）", "铁路小区〔包括铁路西住宅小区〕",
    "铁路小区 [包括铁路西住宅小区]",
    "鐵路小區(包括鐵路西住宅小區)", "铁路小区( 包括铁路西住宅小区 )",
    "” ”铁路小区(包括铁路西住宅小区).",  # OCR specks read as quotes and a full stop
])
def test_bracket_space_and_script_variants_are_exact(registry: Registry, read: str) -> None:
    _, _, c = nodes(one(registry, "海勃湾区", "滨河街道", read))
    assert c.link is not None and c.link.status is MatchStatus.EXACT
    assert c.link.id == "150302-005-0001"


def test_street_alias_in_traditional_script(registry: Registry) -> None:
    _, s, _ = nodes(one(registry, "海勃湾区", "海北街道辦事處", "组织部楼"))
    assert s.link is not None and s.link.id == "150302-001" and s.link.status is MatchStatus.ALIAS
    assert s.name == "海北街道" and s.fields["street"].raw == "海北街道辦事處"


def test_unmatched_name_keeps_what_was_read_and_asks_for_review(registry: Registry) -> None:
    doc = one(registry, "海勃湾区", "海北街道", "月亮湾花园")
    _, _, c = nodes(doc)
    assert c.link is not None and c.link.status is MatchStatus.UNMATCHED and c.link.id is None
    assert c.name == "月亮湾花园"
    (item,) = doc.review
    assert item.read == "月亮湾花园" and item.file == "tiny.pdf" and item.field == "community"
    assert "community:" in item.reason


def test_low_score_is_not_accepted(registry: Registry) -> None:
    doc = one(registry, "海勃湾区", "海北街道", "组织局楼")  # one plain substitution: 75
    _, _, c = nodes(doc)
    assert c.link is not None and c.link.id is None
    assert c.link.candidates[0][0] == "150302-001-0001"
    assert "组织部楼 (150302-001-0001)" in doc.review[0].candidates
    assert "below match_accept" in doc.review[0].reason


def test_same_street_name_without_a_district_is_ambiguous(registry: Registry) -> None:
    doc = one(registry, "月亮区", "新华街道", "先锋小区")
    d, s, c = nodes(doc)
    assert d.link is not None and d.link.status is MatchStatus.UNMATCHED
    assert s.link is not None and s.link.status is MatchStatus.AMBIGUOUS and s.link.id is None
    assert {cand[0] for cand in s.link.candidates} == {"150302-004", "150303-002"}
    assert c.link is not None and c.link.id == "150302-004-0004"  # unique everywhere
    assert [r.field for r in doc.review] == ["district", "street"]


def test_relinking_is_idempotent_and_keeps_the_raw_text(registry: Registry) -> None:
    once = one(registry, "鸟达区", "滨海街道", "邮电住宅搂")
    twice = link_document(once, registry, SETTINGS)
    assert twice.tables == once.tables and twice.review == once.review == []
    d, _, c = nodes(twice)
    assert d.link is not None and d.link.raw == "鸟达区"
    assert c.link is not None and c.link.raw == "邮电住宅搂"


@pytest.mark.parametrize("stem", ["wuhai-2021-56", "wuhai-2022-18"])
def test_every_sample_name_links_inside_its_parent(registry: Registry, stem: str) -> None:
    doc = link_document(from_source(stem), registry, SETTINGS)
    assert doc.review == []
    for table in doc.tables:
        for d in table.districts:
            for s in d.streets:
                assert s.link is not None and s.link.id is not None
                assert registry.by_id[s.link.id].parent_id == d.link.id  # type: ignore[union-attr]
                for c in s.communities:
                    assert c.link is not None and c.link.status is MatchStatus.EXACT
                    assert registry.by_id[c.link.id].parent_id == s.link.id  # type: ignore[index]


OCR_NOISE = str.maketrans({"楼": "搂", "区": "匹", "乌": "鸟", "城": "域", "园": "圆", "住": "往"})


def test_ocr_noisy_sample_links_to_the_same_ids(registry: Registry) -> None:
    """The scanned sample's names with typical OCR slips still reach the same entries."""
    clean = link_document(from_source("wuhai-2021-56"), registry, SETTINGS)
    noisy_doc = from_source("wuhai-2021-56")
    for c in _communities(noisy_doc):
        c.name = c.name.translate(OCR_NOISE)
    noisy = link_document(noisy_doc, registry, SETTINGS)
    ids = [c.link.id for c in _communities(clean)]  # type: ignore[union-attr]
    assert [c.link.id for c in _communities(noisy)] == ids  # type: ignore[union-attr]
    assert noisy.review == []


def _communities(doc: Document) -> list[Community]:
    return [c for t in doc.tables for d in t.districts for s in d.streets for c in s.communities]


def test_linking_is_deterministic(registry: Registry) -> None:
    a = link_document(from_source("wuhai-2022-18"), registry, SETTINGS)
    b = link_document(from_source("wuhai-2022-18"), registry, SETTINGS)
    assert a.model_dump_json() == b.model_dump_json()


def test_confusable_groups_do_not_overlap() -> None:
    chars = "".join(CONFUSABLE_GROUPS)
    assert len(chars) == len(set(chars))


@given(st.text(max_size=20))
def test_normalisation_is_idempotent(text: str) -> None:
    once = normalize_name(text)
    assert normalize_name(once) == once
    assert fold_confusables(fold_confusables(once)) == fold_confusables(once)


def test_batch_top_k_matches_a_plain_reference() -> None:
    choices = ["滨河街道", "滨海街道", "海北街道", "新华街道"]
    table = Choices.build(choices, [0, 1, 2, 3])
    idx, scores = best_entries(["滨海街道", "海北街道", "月亮湾"], table,
                               k=2, chunk=2, workers=1)
    assert idx[:, 0].tolist() == [1, 2, -1]
    assert scores[0].tolist() == [100.0, 75.0] and scores[2].tolist() == [0.0, 0.0]


def test_an_entry_scores_as_its_best_alias() -> None:
    choices = Choices.build(["铁路小区(包括铁路西住宅小区)", "铁路小区", "海北街道"], [0, 2])
    result = score(["铁路小匹"], choices, cutoff=60)
    assert result.entries.tolist() == [0] and result.scores[0] == pytest.approx(95.0)
