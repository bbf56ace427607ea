"""Review items and findings put back on their cells, and the corrections rows they give."""

from __future__ import annotations

from bulletin.review.corrections import Target
from bulletin.review.entries import entries
from bulletin.schemas.document import Document, Value
from bulletin.schemas.findings import Finding, ReviewItem, Severity
from bulletin.schemas.geometry import Box
from sample_docs import tiny


def _doc() -> Document:
    doc = tiny({"海勃湾区": {"海北街道": ["狮城小区", "荣兴楼"]}}, "a.pdf")
    table = doc.tables[0]
    street = table.districts[0].streets[0]
    # the same reading twice on one page, in two cells: two items, two rows
    for community, top in zip(street.communities, (10.0, 30.0), strict=True):
        community.fields["completed"] = Value(value="false", raw="否", page=2, review=True,
                                              box=Box.of(0, top, 10, top + 10))  # fmt: skip
    table.total = {"planned_investment": Value(value="10", raw="10", page=2,
                                               box=Box.of(50, 60, 80, 70))}  # fmt: skip
    items = [ReviewItem(file="a.pdf", page=2, kind="low_confidence", read="否", reason="low",
                        table_index=0, field="completed")] * 2  # fmt: skip
    total = Finding(severity=Severity.ERROR, check="total_sum", document="a.pdf", table_index=0,
                    location="合计", expected="11", found="10", message="sum",
                    field="planned_investment")  # fmt: skip
    prose = Finding(severity=Severity.WARNING, check="narrative_completed", document="a.pdf",
                    table_index=0, location="paragraph 4", expected="1", found="2",
                    message="prose")  # fmt: skip
    return doc.model_copy(update={"review": items, "findings": [total, prose]})


def test_equal_readings_in_two_cells_stay_two_items_each_on_its_row() -> None:
    first, second, *_ = entries([_doc()])
    assert first.targets == (Target("a.pdf", "completed", 0, "海勃湾区", "海北街道", "狮城小区"),)
    assert second.targets == (Target("a.pdf", "completed", 0, "海勃湾区", "海北街道", "荣兴楼"),)
    assert (first.box, second.box) == (Box.of(0, 10, 10, 20), Box.of(0, 30, 10, 40))


def test_a_total_finding_names_only_its_table_and_a_prose_finding_has_no_cell() -> None:
    *_, total, prose = entries([_doc()])
    assert total.targets == (Target("a.pdf", "planned_investment", 0),)
    assert total.targets[0].row("11") == {
        "source": "a.pdf", "table_index": "0", "district": "", "street": "", "community": "",
        "field": "planned_investment", "value": "11"}
    assert prose.targets == () and prose.box is None


def test_a_cell_doubted_for_two_reasons_is_on_both_items() -> None:
    """A community name read unsure by OCR and matched in doubt to the registry: two items,
    each on the name's cell (the second must not miss it because the first took it)."""
    doc = _doc()
    community = doc.tables[0].districts[0].streets[0].communities[0]
    name = community.fields["community"]
    assert name.raw == "狮城小区"
    items = [ReviewItem(file="a.pdf", page=name.page, kind=kind, read="狮城小区", reason=kind,
                        table_index=0, field="community") for kind in ("low_confidence", "match")]
    unsure, match = entries([doc.model_copy(update={"review": items, "findings": []})])
    want = (Target("a.pdf", "community", 0, "海勃湾区", "海北街道", "狮城小区"),)
    assert unsure.targets == want and match.targets == want
