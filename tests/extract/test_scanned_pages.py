"""End to end with real OCR: scanned pages -> PageContent, compared with the text layer of the
born-digital page each scan was made from (same grid, same cell texts).

The samples' scans are renderings of samples/wuhai-2021-56.pdf; every check here compares
against that PDF's own text layer, so no truth is typed by hand.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from goldens import SAMPLES
from extract.raster import render_pdf_page
from extract.scanned import read_image_file, read_pdf_page_by_ocr, read_raster
from schemas.extracted import Grid, PageContent, TextSource
from schemas.settings import Settings

SCANS = SAMPLES / "scans"
REFERENCE = SAMPLES / "wuhai-2021-56.pdf"
ENGINE = "rapidocr" if importlib.util.find_spec("rapidocr") else "tesseract"
pytestmark = pytest.mark.slow


def _text_layer(number: int) -> PageContent:
    import pdfplumber

    from extract.document import read_text_page
    from extract.textlayer import page_words

    with pdfplumber.open(REFERENCE) as pdf:
        page = pdf.pages[number - 1]
        return read_text_page(page, number, page_words(page))


def _norm(text: str) -> str:
    return text.replace(" ", "").translate(str.maketrans("（）：", "():"))


def _differences(want: Grid, got: Grid, review: float) -> tuple[list[str], list[str]]:
    """(wrong and confident, wrong but flagged) cells; structure must already match."""
    cells = {(c.row, c.col): c for c in got.cells}
    confident, flagged = [], []
    for w in want.cells:
        g = cells[(w.row, w.col)]
        if _norm(g.text) != _norm(w.text):
            note = f"({w.row},{w.col}) {w.text!r} -> {g.text!r} @{g.confidence:.2f}"
            (flagged if g.confidence < review else confident).append(note)
    return confident, flagged


def _structure(grid: Grid) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    return (
        grid.n_rows,
        grid.n_cols,
        sorted((c.row, c.col, c.rowspan, c.colspan) for c in grid.cells),
    )


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path.relative_to(SAMPLES.parent)} has not been generated")
    return path


@pytest.mark.parametrize("number", [3, 4])
def test_300dpi_scan_tables_exact(number: int) -> None:
    settings = Settings(ocr=ENGINE)
    got = read_pdf_page_by_ocr(_need(SCANS / "wuhai-2021-56-300dpi.pdf"), number, settings)
    want = _text_layer(number)
    assert got.text_source is TextSource.OCR and got.dpi == 300
    assert [_structure(g) for g in got.grids] == [_structure(g) for g in want.grids]
    for w, g in zip(want.grids, got.grids, strict=True):
        confident, flagged = _differences(w, g, settings.review_confidence)
        assert not confident and not flagged, confident + flagged


@pytest.mark.parametrize("number", [3, 4])
def test_200dpi_skewed_sealed_scan_never_confidently_wrong(number: int) -> None:
    settings = Settings(ocr=ENGINE, dpi=200)
    got = read_pdf_page_by_ocr(
        _need(SCANS / "wuhai-2021-56-200dpi-skew-seal.pdf"), number, settings
    )
    want = _text_layer(number)
    assert abs(got.skew) > 0.5 and got.seals
    assert [_structure(g) for g in got.grids] == [_structure(g) for g in want.grids]
    for w, g in zip(want.grids, got.grids, strict=True):
        confident, flagged = _differences(w, g, settings.review_confidence)
        assert not confident, confident
        assert len(flagged) <= 3, flagged


def test_rotated_page_is_turned_upright() -> None:
    got = read_pdf_page_by_ocr(_need(SCANS / "wuhai-2021-56-rot90.pdf"), 3, Settings(ocr=ENGINE))
    assert got.rotation in (90, 270)  # the samples turn page 3 only
    assert [_structure(g) for g in got.grids] == [_structure(g) for g in _text_layer(3).grids]


def test_upside_down_page_is_detected_by_probe_lines() -> None:
    import numpy as np

    raster = render_pdf_page(_need(REFERENCE), 4, 200, 10**9)
    upside = type(raster)(np.ascontiguousarray(raster.pixels[::-1, ::-1]), raster.dpi, 4)
    got = read_raster(upside, Settings(ocr=ENGINE, dpi=200))
    assert got.rotation == 180
    assert [_structure(g) for g in got.grids] == [_structure(g) for g in _text_layer(4).grids]


def test_letterhead_mongolian_is_a_region_not_a_line() -> None:
    got = read_pdf_page_by_ocr(_need(SCANS / "wuhai-2021-56-300dpi.pdf"), 1, Settings(ocr=ENGINE))
    want = _text_layer(1)
    assert [r.script for r in got.script_regions] == ["mongolian"]
    region = got.script_regions[0]
    assert region.crop_png_base64 and abs(region.box.top - want.script_regions[0].box.top) < 6
    assert all(
        line.box.bottom <= region.box.top or line.box.top >= region.box.bottom for line in got.lines
    )
    texts = [line.text for line in got.lines]
    assert "签发人：李君" in texts or "签发人:李君" in texts


def test_png_and_tiff_pages() -> None:
    settings = Settings(ocr=ENGINE)
    png = list(read_image_file(_need(SCANS / "wuhai-2021-56-p3.png"), settings))
    assert len(png) == 1 and [_structure(g) for g in png[0].grids] == [
        _structure(g) for g in _text_layer(3).grids
    ]
    tiff = _need(SCANS / "wuhai-2022-18.tiff")
    pages = list(read_image_file(tiff, settings))
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    assert sum(len(p.grids) for p in pages) >= 1


@pytest.mark.skipif(ENGINE != "rapidocr", reason="tesseract alone misreads too many Han cells")
def test_tesseract_end_to_end_grid_structure() -> None:
    """Tesseract path, real process: same grids; cells may be flagged, never dropped."""
    got = read_pdf_page_by_ocr(
        _need(SCANS / "wuhai-2021-56-300dpi.pdf"), 4, Settings(ocr="tesseract")
    )
    want = _text_layer(4)
    assert [_structure(g) for g in got.grids] == [_structure(g) for g in want.grids]
    numbers = [c for c in want.grids[0].cells if c.text.replace(".", "").isdigit()]
    cells = {(c.row, c.col): c for c in got.grids[0].cells}
    right = sum(cells[(c.row, c.col)].text == c.text for c in numbers)
    assert right >= 0.9 * len(numbers)
