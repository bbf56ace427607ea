"""Header labels -> canonical fields, including OCR'd and grouped labels."""

from __future__ import annotations

import pytest

from bulletin.normalize.table.labels import match_grouped, match_label
from bulletin.schemas.vocabulary import builtin


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("预计投资额（万元）", "planned_investment"),
        ("预计投资额 (万元)", "planned_investment"),
        ("累计完成投资额\n（万元）", "completed_investment"),
        ("完工率（%）", "completion_rate"),
        ("投资完成率 (%)", "investment_completion_rate"),
        ("街道办事处", "street"),
        ("是否完丁", "completed"),
        ("小区名杯", "community"),
        ("户 数", "households"),
        ("所在街道", "street"),
        ("包保领导", "leader"),
        ("计划总投资（万元）", "planned_investment"),
    ],
)
def test_known_labels_and_ocr_variants(label: str, field: str) -> None:
    match = match_label(label, builtin())
    assert match is not None and match.spec.field == field


@pytest.mark.parametrize("label", ["备注", "牵头单位", "", "完成"])
def test_unknown_labels_stay_unknown(label: str) -> None:
    assert match_label(label, builtin()) is None


def test_grouped_header_prefers_the_sub_label() -> None:
    match, printed = match_grouped(["投资情况（万元）", "累计完成"], builtin())
    assert match is not None and match.spec.field == "completed_investment"
    assert printed == "投资情况（万元）/累计完成"
