"""What the program saw, drawn on the page: the reviewer's and the debugger's view.

Grids (merged cells shaded), text lines, seals and script regions over the page image, in the
same upright, deskewed frame the boxes describe.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from bulletin.extract.file import extract_document
from bulletin.extract.scan.preprocess import prepare
from bulletin.pageimage import page_raster
from bulletin.schemas.errors import OutputError, UsageError
from bulletin.schemas.extracted import PageContent, TextSource
from bulletin.schemas.geometry import Box
from bulletin.schemas.settings import Settings

# BGR colours
_CELL, _MERGED, _LINE, _SEAL, _SCRIPT = (
    (40, 160, 40),
    (200, 120, 0),
    (200, 60, 0),
    (0, 0, 230),
    (160, 0, 160),
)


def draw_overlay(path: Path, page_number: int, settings: Settings) -> np.ndarray:
    """A BGR image of page `page_number` (1-based) with everything extract/ found on it."""
    document = extract_document(path, path.name, settings)
    if not 1 <= page_number <= len(document.pages):
        pages = len(document.pages)
        raise UsageError(f"no page {page_number} (the file has {pages})", file=path.name)
    content = document.pages[page_number - 1]
    dpi = content.dpi or settings.dpi
    image = _page_image(path, content, dpi, settings)
    _draw(image, content, dpi)
    return image


def write_overlay(path: Path, page_number: int, settings: Settings, out: Path) -> None:
    image = draw_overlay(path, page_number, settings)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(out), image):
        raise OutputError(f"cannot write the overlay image {out}")


def _page_image(path: Path, content: PageContent, dpi: float, settings: Settings) -> np.ndarray:
    raster = page_raster(path, content.number, dpi, settings)
    if content.text_source is TextSource.OCR:
        gray = prepare(raster, quarter_turns=content.rotation // 90).gray
        return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    return cv2.cvtColor(raster.pixels, cv2.COLOR_RGB2BGR)


def _rect(
    image: np.ndarray, box: Box, dpi: float, colour: tuple[int, int, int], width: int
) -> None:
    x0, y0, x1, y1 = box.to_pixels(dpi)
    cv2.rectangle(image, (x0, y0), (x1, y1), colour, width)


def _draw(image: np.ndarray, content: PageContent, dpi: float) -> None:
    shade = image.copy()
    for grid in content.grids:
        for cell in grid.cells:
            if cell.rowspan > 1 or cell.colspan > 1:
                x0, y0, x1, y1 = cell.box.to_pixels(dpi)
                cv2.rectangle(shade, (x0, y0), (x1, y1), _MERGED, -1)
    cv2.addWeighted(shade, 0.25, image, 0.75, 0, dst=image)
    for grid in content.grids:
        for cell in grid.cells:
            _rect(image, cell.box, dpi, _CELL, 2)
    for line in content.lines:
        _rect(image, line.box, dpi, _LINE, 1)
    for seal in content.seals:
        _rect(image, seal.box, dpi, _SEAL, 3)
    for region in content.script_regions:
        _rect(image, region.box, dpi, _SCRIPT, 3)
