"""Which copy of a bulletin seen twice is counted, and the year of a bulletin."""

from __future__ import annotations

from bulletin.output.panel import Copy, counted, duplicate_findings, duplicates
from bulletin.schemas.document import Document, PageInfo
from bulletin.schemas.extracted import TextSource
from sample_docs import tiny


def _copy(source: str, number: str | None, *sources: TextSource) -> Document:
    pages = [PageInfo(number=i + 1, text_source=s, width=595, height=842)
             for i, s in enumerate(sources)]  # fmt: skip
    return tiny({"海勃湾区": {"海北街道": ["狮城小区"]}}, source).model_copy(
        update={"doc_number": number, "pages": pages}
    )


def test_the_copy_read_from_its_text_layer_is_counted_whatever_the_names() -> None:
    scan = _copy("a-scan.pdf", "乌建局政字〔2021〕56号", TextSource.OCR, TextSource.OCR)
    pdf = _copy("b.pdf", "乌建局政字(2021)56号", TextSource.TEXT_LAYER, TextSource.TEXT_LAYER)
    other = _copy("c.pdf", "乌建局政字〔2021〕57号", TextSource.OCR)
    copies = {d.source: Copy.of(d) for d in (scan, pdf, other)}
    assert duplicates(copies.values()) == {"a-scan.pdf": copies["b.pdf"]}
    assert [d.source for d in counted([scan, pdf, other])] == ["b.pdf", "c.pdf"]
    (finding,) = duplicate_findings([scan, pdf, other])
    assert (finding.document, finding.expected, finding.severity.value) == (
        "a-scan.pdf", "b.pdf", "warning")


def test_documents_without_a_number_are_never_taken_for_copies() -> None:
    docs = [_copy("a.pdf", None, TextSource.OCR), _copy("b.pdf", None, TextSource.OCR)]
    assert duplicates(Copy.of(d) for d in docs) == {}


def test_the_year_is_the_issue_year_else_the_fill_year() -> None:
    doc = _copy("a.pdf", None, TextSource.OCR)
    assert doc.year is None
    table = doc.tables[0].model_copy(update={"fill_date": "2020-12-31"})
    assert doc.model_copy(update={"tables": [table]}).year == 2020
    assert doc.model_copy(update={"tables": [table], "issue_date": "2021-01-05"}).year == 2021
