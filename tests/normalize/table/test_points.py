"""A number read without the decimal point its column prints takes extract's second read of
its pixels only when that read shows the same digits with a point, surely; otherwise it stays
as read, in review when its column is regular. No point is ever put in by arithmetic."""

from __future__ import annotations

from bulletin.normalize.stage import normalize_document
from bulletin.schemas.document import Document, Value
from bulletin.schemas.extracted import (
    NUMBER_REREAD,
    CellReading,
    ExtractedDocument,
    Grid,
    GridCell,
    PageContent,
    TextSource,
)
from bulletin.schemas.geometry import Box
from bulletin.schemas.settings import Settings

HEADER = ["排名", "辖区", "街道办事处", "小区名称", "是否完工", "计划投资（万元）"]
W, H = 40.0, 20.0
REVIEW = Settings().review_confidence


def _grid(investments: list[str], readings: tuple[CellReading, ...] = ()) -> Grid:
    """A header and one community per district, districts 甲区, 乙区 ...; the first
    district's investment cell is offered `readings`."""
    rows = [HEADER] + [
        [str(i + 1), f"{'甲乙丙丁'[i]}区", f"{'东西南北'[i]}街道", f"{'一二三四'[i]}号楼", "是", v]
        for i, v in enumerate(investments)
    ]
    cells = [
        GridCell(
            row=r, col=c, text=text, page=1, confidence=0.99,
            box=Box.of(c * W, r * H, (c + 1) * W, (r + 1) * H),
            readings=readings if (r, c) == (1, 5) else (),
        )
        for r, texts in enumerate(rows)
        for c, text in enumerate(texts)
    ]  # fmt: skip
    n_cols = len(HEADER)
    return Grid(page=1, box=Box.of(0, 0, n_cols * W, len(rows) * H), n_rows=len(rows),
                n_cols=n_cols, cells=cells)  # fmt: skip


def _run(grid: Grid) -> Document:
    page = PageContent(number=1, width=800, height=1000, text_source=TextSource.OCR, grids=[grid])
    return normalize_document(ExtractedDocument(source="t.png", pages=[page]), Settings())


def _first(doc: Document) -> Value:
    """The first district's investment (one community per district: a district's value)."""
    return doc.tables[0].districts[0].fields["planned_investment"]


def _reasons(doc: Document) -> list[str]:
    return [r.reason for r in doc.review if r.field == "planned_investment"]


DECIMALS = ["23823", "1007.9", "2340.6", "4661.4"]


def test_the_point_read_again_from_the_pixels_is_taken_and_flagged() -> None:
    doc = _run(_grid(DECIMALS, (CellReading(text="2382.3", confidence=0.97, how=NUMBER_REREAD),)))
    value = _first(doc)
    assert (value.value, value.raw, value.review) == ("2382.3", "23823", True)
    assert value.confidence < REVIEW  # two reads disagreed: neither is sure
    assert _reasons(doc) == [
        "its decimal point read again from the cell's pixels (23823 as first read)"
    ]


def test_a_point_read_unsurely_is_not_taken_and_the_number_stays_in_review() -> None:
    doc = _run(_grid(DECIMALS, (CellReading(text="2382.3", confidence=0.5, how=NUMBER_REREAD),)))
    value = _first(doc)
    assert (value.value, value.review) == ("23823", True)
    assert value.confidence < REVIEW
    assert _reasons(doc) == [
        "read without a decimal point; the column's other values print 1 digit after one"
    ]


def test_a_second_read_with_other_digits_is_not_taken() -> None:
    doc = _run(_grid(DECIMALS, (CellReading(text="2383.3", confidence=0.99, how=NUMBER_REREAD),)))
    assert (_first(doc).value, _first(doc).review) == ("23823", True)


def test_without_a_second_read_no_point_is_put_in() -> None:
    doc = _run(_grid(DECIMALS))
    assert (_first(doc).value, _first(doc).review) == ("23823", True)


def test_only_the_number_second_read_gives_a_point() -> None:
    """A digits-only read of a weak line (another `how`) answers a cell that does not parse,
    never a number's missing point."""
    doc = _run(_grid(DECIMALS, (CellReading(text="2382.3", confidence=0.99, how="digits"),)))
    assert _first(doc).value == "23823"


def test_a_column_printing_integers_among_decimals_keeps_them_as_read() -> None:
    doc = _run(_grid(["120", "1007.9", "86", "4661.4"]))
    assert (_first(doc).value, _first(doc).review, _first(doc).confidence) == ("120", False, 0.99)
    assert not _reasons(doc)


def test_an_integer_column_is_no_place_for_a_point() -> None:
    reading = CellReading(text="12.4", confidence=0.99, how=NUMBER_REREAD)
    doc = _run(_grid(["124", "100", "86", "40"], (reading,)))
    assert (_first(doc).value, _first(doc).review) == ("124", False)


def test_one_other_point_lets_a_sure_point_in_but_flags_no_integer() -> None:
    """One other value with a point is reason enough to take a point the pixels show; with
    the column's places not regular, an integer without such a read is no doubt."""
    reading = CellReading(text="2382.3", confidence=0.97, how=NUMBER_REREAD)
    assert _first(_run(_grid(["23823", "1007.9", "86"], (reading,)))).value == "2382.3"
    assert _first(_run(_grid(["23823", "1007.9", "86"]))).review is False
