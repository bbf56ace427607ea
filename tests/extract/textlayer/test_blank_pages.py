"""A page that draws nothing (the back of a cover) is read as the empty page it is: no OCR,
so a text-layer file with one blank page does not load a recogniser for it."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from bulletin.extract.file import extract_document
from bulletin.extract.textlayer.page import load_page
from bulletin.extract.textlayer.pdfium import PdfiumPage
from bulletin.extract.textlayer.soundness import why_not_text_layer
from bulletin.schemas.errors import InputError
from bulletin.schemas.extracted import PageContent, TextSource
from bulletin.schemas.settings import Settings
from goldens import SAMPLES
from hostile_pdfs import huge_page, pdf_bytes


def _with_blank_second_page(tmp_path: Path) -> Path:
    pdf = pdfium.PdfDocument(SAMPLES / "wuhai-2021-56.pdf")
    pdf.new_page(595, 842, index=1)
    path = tmp_path / "with-blank.pdf"
    pdf.save(path)
    return path


def test_a_blank_page_is_read_as_an_empty_text_page_and_the_others_unchanged(
    tmp_path: Path,
) -> None:
    settings = Settings()
    plain = extract_document(SAMPLES / "wuhai-2021-56.pdf", "a.pdf", settings)
    doc = extract_document(_with_blank_second_page(tmp_path), "a.pdf", settings)
    blank = doc.pages[1]
    assert blank.text_source is TextSource.TEXT_LAYER
    assert (blank.lines, blank.grids, blank.script_regions) == ([], [], [])
    others = [p for i, p in enumerate(doc.pages) if i != 1]
    assert [_read(p) for p in others] == [_read(p) for p in plain.pages]


def _read(page: PageContent) -> tuple[object, ...]:
    cells = [(c.row, c.col, c.text, c.box) for g in page.grids for c in g.cells]
    return page.text_source, page.lines, cells


def test_a_page_with_only_a_drawing_is_still_read_by_ocr(tmp_path: Path) -> None:
    """A page of paths and no text may be outlined glyphs: its pixels are read."""
    path = tmp_path / "drawn.pdf"
    path.write_bytes(huge_page(600))
    document = pdfium.PdfDocument(path)
    page = load_page(PdfiumPage(document[0]), 1)
    assert not page.blank
    assert why_not_text_layer(page, 0.5) == "no text layer"


def test_a_page_without_area_is_refused_naming_it(tmp_path: Path) -> None:
    """A damaged media box gives a page of 0 x 0 pt: bad input, not a page to read."""
    path = tmp_path / "flat.pdf"
    path.write_bytes(pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 0 0] /Resources << >> >>",
    ]))
    with pytest.raises(InputError, match=r"^flat.pdf page 1: the page has no area "
                                         r"\(media box 0 x 0 pt\)$"):
        extract_document(path, "flat.pdf", Settings())
