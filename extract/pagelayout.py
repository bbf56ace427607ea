"""Where the text is on a prepared scan: table frames, the lines inside each cell, the lines
outside tables, and script regions - all found from pixels, before any OCR.

Reading a cell's lines separately is what keeps words from running across a ruling line,
and it lets one OCR call read the whole page as a strip of small crops.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from extract.grid import GridFrame
from extract.inklines import PixelBox, drop_specks, line_boxes
from extract.preprocess import Prepared
from extract.rulings import detect_rulings, erase_rulings, find_pixel_grids
from extract.scriptpixels import looks_mongolian, mongolian_region
from schemas.extracted import ScriptRegion

_MIN_LINE_INCH = 0.03  # shorter ink rows are dots and rule residue, not text
_PAD = 3  # pixels of margin around each crop


@dataclass(frozen=True)
class TextBox:
    """One line of ink to read; `cell` is (grid index, cell index) or None outside tables."""

    box: PixelBox
    cell: tuple[int, int] | None


@dataclass(frozen=True)
class PageLayout:
    gray: np.ndarray  # upright page, rulings and seals erased: what the OCR sees
    frames: list[GridFrame]
    boxes: list[TextBox]
    inked_cells: set[tuple[int, int]] = field(default_factory=set)
    script_regions: list[ScriptRegion] = field(default_factory=list)


def lay_out(page: Prepared) -> PageLayout:
    rulings = detect_rulings(page.ink, page.dpi)
    frames = find_pixel_grids(rulings, page.dpi)
    grown = cv2.dilate(rulings.combined(), np.ones((_rule_reach(page.dpi),) * 2, np.uint8))
    ink = drop_specks(cv2.bitwise_and(page.ink, cv2.bitwise_not(grown)), page.dpi)
    gray = erase_rulings(page.gray, rulings)
    boxes: list[TextBox] = []
    inked: set[tuple[int, int]] = set()
    for g, frame in enumerate(frames):
        for c, cell in enumerate(frame.cells):
            found = _cell_lines(ink, cell.box.to_pixels(page.dpi), page.dpi)
            if found:
                inked.add((g, c))
            boxes.extend(TextBox(b, (g, c)) for b in found)
    free, regions = _free_lines(ink, gray, frames, page.dpi)
    return PageLayout(gray, frames, boxes + free, inked, regions)


def _rule_reach(dpi: float) -> int:
    return max(3, int(dpi * 0.015))


def _cell_lines(ink: np.ndarray, px: tuple[int, int, int, int], dpi: float) -> list[PixelBox]:
    x0, y0, x1, y1 = px
    inset = max(1, _rule_reach(dpi) // 2)
    x0, y0, x1, y1 = x0 + inset, y0 + inset, x1 - inset, y1 - inset
    if x1 - x0 < 4 or y1 - y0 < 4:
        return []
    return [
        (bx0 + x0, by0 + y0, bx1 + x0, by1 + y0)
        for bx0, by0, bx1, by1 in line_boxes(ink[y0:y1, x0:x1], gap_heights=2.0)
        if by1 - by0 >= _MIN_LINE_INCH * dpi
    ]


def _free_lines(
    ink: np.ndarray, gray: np.ndarray, frames: list[GridFrame], dpi: float
) -> tuple[list[TextBox], list[ScriptRegion]]:
    """Lines outside every table; Mongolian lines become regions and are not read."""
    outside = ink.copy()
    for frame in frames:
        x0, y0, x1, y1 = frame.box.to_pixels(dpi)
        outside[max(0, y0 - 2) : y1 + 2, max(0, x0 - 2) : x1 + 2] = 0
    boxes, regions = [], []
    for b in line_boxes(outside):
        if b[3] - b[1] < _MIN_LINE_INCH * dpi:
            continue
        if looks_mongolian(outside[b[1] : b[3], b[0] : b[2]]):
            regions.append(mongolian_region(gray, b, dpi))
        else:
            boxes.append(TextBox(b, None))
    return boxes, regions


def crop(gray: np.ndarray, box: PixelBox) -> np.ndarray:
    """The box with a small white-padded margin, as the OCR engines want it."""
    x0, y0, x1, y1 = box
    h, w = gray.shape
    piece = gray[max(0, y0 - _PAD) : min(h, y1 + _PAD), max(0, x0 - _PAD) : min(w, x1 + _PAD)]
    return cv2.copyMakeBorder(piece, _PAD, _PAD, _PAD, _PAD, cv2.BORDER_CONSTANT, value=255)
