"""A page as a picture, in the frame its boxes describe: for the review page and the archive.

Boxes are PDF points of the upright, deskewed page. A text-layer page is that page as rendered;
a scanned page is turned and deskewed by exactly the `rotation` and `skew` its reading recorded
(no second estimate), so a box drawn or cut at any resolution lands on its cell.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from bulletin.extract.file import InputKind, detect_kind
from bulletin.extract.scan.preprocess import rotate
from bulletin.extract.scan.raster import Raster, image_frames, page_fit, render_pdf_page
from bulletin.schemas.document import PageInfo
from bulletin.schemas.errors import InputError
from bulletin.schemas.extracted import PageContent, TextSource
from bulletin.schemas.settings import Settings

_MIN_SKEW = 0.05  # degrees: below this the reading did not rotate the page (preprocess.prepare)


def page_raster(path: Path, number: int, dpi: float, settings: Settings) -> Raster:
    """Page `number` (1-based) as read from the file: a PDF page rendered at `dpi`, an image
    file's frame at its own resolution."""
    kind, _ = detect_kind(path)
    if kind is InputKind.PDF:
        return render_pdf_page(path, number, dpi, settings.max_page_pixels, settings.min_dpi)
    for raster in image_frames(path, settings.max_image_pixels, page_fit(settings)):
        if raster.number == number:
            return raster
    raise InputError(f"no page {number}", file=path.name)


def upright_page(
    path: Path, page: PageInfo | PageContent, dpi: float, settings: Settings
) -> Raster:
    """The page at `dpi` in the frame of its boxes (RGB), whatever the file's resolution."""
    raster = page_raster(path, page.number, dpi, settings)
    pixels = raster.pixels
    if page.text_source is TextSource.OCR:
        turns = (page.rotation // 90) % 4
        if turns:
            pixels = np.ascontiguousarray(np.rot90(pixels, k=-turns))  # k<0: clockwise
        if abs(page.skew) >= _MIN_SKEW:
            pixels = rotate(pixels, page.skew)
    if abs(raster.dpi - dpi) > 0.5:
        scale = dpi / raster.dpi
        size = (max(1, round(pixels.shape[1] * scale)), max(1, round(pixels.shape[0] * scale)))
        pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
    return Raster(pixels=pixels, dpi=float(dpi), number=page.number)
