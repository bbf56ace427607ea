"""A number line without a decimal point in a table column whose other numbers carry one is
read again - digits only, enlarged and sharpened, from the page before its rules were taken
out - and offered on its cell; no other line is."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bulletin.extract.grid.frames import CellFrame, GridFrame
from bulletin.extract.ocr.base import OcrEngine
from bulletin.extract.scan.layout import PageLayout, TextBox
from bulletin.extract.scan.readings import number_readings
from bulletin.schemas.extracted import NUMBER_REREAD
from bulletin.schemas.geometry import Box

DPI = 150.0
PX = 72.0 / DPI  # points per pixel


class Numbers(OcrEngine):
    """Reads every number crop as `text`; keeps the crops it was given."""

    name = "numbers"

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text, self.crops = text, []

    def read_lines(self, crops, dpi, digits=False):  # type: ignore[no-untyped-def]
        raise AssertionError("a number's second read is read_numbers")

    def read_numbers(self, crops, dpi):  # type: ignore[no-untyped-def]
        self.crops += crops
        return [(self.text, 0.99) for _ in crops]


def _layout() -> tuple[PageLayout, list[tuple[str, float]]]:
    """Three rows by three columns of 100 x 40 px cells: numbers with points and one
    without in column 0, integers in column 1, status words in column 2. Each cell's line is
    an inked 60 x 16 px block."""
    xs, ys = tuple(c * 100 * PX for c in range(4)), tuple(r * 40 * PX for r in range(4))
    cells = tuple(
        CellFrame(r, c, 1, 1, Box.of(xs[c], ys[r], xs[c + 1], ys[r + 1]))
        for r in range(3) for c in range(3)
    )  # fmt: skip
    frame = GridFrame(xs, ys, cells)
    gray = np.full((120, 300), 255, np.uint8)
    boxes = []
    for i, cell in enumerate(cells):
        x0, y0 = cell.col * 100 + 20, cell.row * 40 + 12
        gray[y0 : y0 + 16, x0 : x0 + 60] = 0
        boxes.append(TextBox((x0, y0, x0 + 60, y0 + 16), (0, i)))
    ink = np.where(gray < 128, 255, 0).astype(np.uint8)
    texts = ["1007.9", "124", "是", "23823", "100", "否", "2340.6", "86", "是"]
    layout = PageLayout(gray, ink, DPI, [frame], boxes)
    return layout, [(t, 0.99) for t in texts]


def test_only_the_number_without_its_columns_point_is_read_again() -> None:
    layout, reads = _layout()
    engine = Numbers("2382.3")
    offered = number_readings(engine, layout, layout, reads)
    assert len(engine.crops) == 1
    (placed,) = offered
    assert (placed.reading.text, placed.reading.how) == ("2382.3", NUMBER_REREAD)
    assert placed.box == Box.from_pixels(*layout.boxes[3].box, DPI)  # the 23823 line


def test_the_second_read_sees_the_page_before_its_rules_were_taken_out() -> None:
    layout, reads = _layout()
    erased = replace(layout, gray=np.full_like(layout.gray, 255), ink=np.zeros_like(layout.ink))
    engine = Numbers("2382.3")
    number_readings(engine, erased, layout, reads)
    (crop,) = engine.crops
    assert crop.shape[0] >= 2 * 16  # enlarged
    assert (crop < 64).mean() > 0.3  # the ink the erased page no longer has


def test_a_second_read_like_the_first_is_not_offered() -> None:
    layout, reads = _layout()
    assert number_readings(Numbers("23823"), layout, layout, reads) == []
