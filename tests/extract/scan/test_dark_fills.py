"""Dark fills are inverted before OCR; a glyph that a low resolution closed into a blob is not
a fill (a 150-dpi fax prints the many strokes of 富 as one solid patch, and inverting its core
left an outline the recogniser read as 玄)."""

from __future__ import annotations

import numpy as np

from bulletin.extract.scan.preprocess import lighten_dark_backgrounds

DPI = 150.0


def _page() -> np.ndarray:
    return np.full((600, 900), 255, np.uint8)


def test_a_glyph_closed_into_a_blob_is_no_fill() -> None:
    page = _page()
    for x in range(100, 400, 20):  # a line of glyphs, 14 px (0.09 inch) tall, solid
        page[200:214, x : x + 15] = 0
    assert np.array_equal(lighten_dark_backgrounds(page, DPI), page)


def test_a_bold_glyph_core_of_a_large_letterhead_is_no_fill() -> None:
    page = _page()
    page[100:126, 100:125] = 0  # 0.17 inch: the dense middle of a large bold character
    assert np.array_equal(lighten_dark_backgrounds(page, DPI), page)


def test_a_white_on_black_header_row_is_inverted() -> None:
    page = _page()
    page[300:345, 100:800] = 20  # a 0.3 x 4.7 inch dark row
    for x in range(150, 300, 6):  # its white text: 2-px strokes
        page[315:330, x : x + 2] = 250
    out = lighten_dark_backgrounds(page, DPI)
    assert out[305, 400] > 200  # the fill is now paper
    assert out[320, 150] < 50  # the text is now ink
    assert np.array_equal(out[:250], page[:250])  # nothing else changes
