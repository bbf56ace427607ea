"""Page images in memory: PDF pages rendered by pdfium, image files decoded by Pillow.

Everything downstream works on RGB uint8 arrays plus the resolution they were taken at, so a
PDF page rendered at 300 dpi and a 300-dpi TIFF are the same thing to the OCR path. No page is
ever written to disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bulletin.extract.scan.resolution import estimate_dpi, plausible
from bulletin.schemas.errors import InputError

DEFAULT_DPI = 300.0
_MIN_DPI, _MAX_DPI = 50.0, 1200.0  # outside this the metadata is junk (72 "dpi" screenshots stay)


@dataclass(frozen=True)
class Raster:
    """One page image: RGB pixels (H, W, 3) at `dpi`; `number` is the 1-based page."""

    pixels: np.ndarray
    dpi: float
    number: int
    note: str | None = None  # what the reader should know about the image (an estimated dpi)
    photo: bool = False  # a photo of a page, flattened (photo.py)


def render_pdf_page(path: Path, number: int, dpi: float, max_pixels: int) -> Raster:
    """Render page `number` (1-based) of a PDF at `dpi`, refusing absurd page sizes."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise InputError(f"pdfium cannot open the PDF ({exc})") from exc
    try:
        if not 1 <= number <= len(pdf):
            raise InputError(f"no page {number} (the PDF has {len(pdf)})")
        page = pdf[number - 1]
        width, height = page.get_size()
        scale = dpi / 72.0
        if width * scale * height * scale > max_pixels:
            raise InputError(
                f"page renders to {int(width * scale)}x{int(height * scale)} px at {dpi:g} dpi, "
                f"over the limit of {max_pixels} pixels",
                page=number,
            )
        # rendered as RGB(A) and copied once out of pdfium's buffer: the same pixels as a
        # detour through PIL, in half the time
        bitmap = page.render(scale=scale, rev_byteorder=True)
        pixels = np.array(bitmap.to_numpy()[:, :, :3])
        page.close()
    finally:
        pdf.close()
    return Raster(pixels=pixels, dpi=float(dpi), number=number)


def image_frames(path: Path, max_pixels: int) -> Iterator[Raster]:
    """Each frame of a PNG, JPEG or (multi-page) TIFF with its dpi: the metadata's when it
    makes the image a sheet of paper, else estimated from the text (resolution.py).

    Pillow's decompression-bomb guard is set to our own limit and its errors become
    InputError naming the frame, so one hostile file cannot exhaust memory.
    """
    with _open_image(path, max_pixels) as image:
        for index in range(getattr(image, "n_frames", 1)):
            yield _frame(image, index, path, max_pixels)


def image_frame_count(path: Path, max_pixels: int) -> int:
    """How many frames (pages) an image file holds, from its header."""
    with _open_image(path, max_pixels) as image:
        return int(getattr(image, "n_frames", 1))


def image_frame(path: Path, number: int, max_pixels: int) -> Raster:
    """Frame `number` (1-based) alone, so that the pages of a TIFF can be read apart."""
    with _open_image(path, max_pixels) as image:
        return _frame(image, number - 1, path, max_pixels)


def _open_image(path: Path, max_pixels: int) -> Any:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        return Image.open(path)
    except Image.DecompressionBombError as exc:
        raise InputError(f"image too large: {exc}", page=1) from exc
    except (OSError, SyntaxError) as exc:
        raise InputError(f"cannot decode image ({exc})") from exc


def _frame(image: object, index: int, path: Path, max_pixels: int) -> Raster:
    from PIL import Image

    number = index + 1
    assert isinstance(image, Image.Image)
    try:
        image.seek(index)
        width, height = image.size
        if width * height > max_pixels:
            raise InputError(
                f"image is {width}x{height} px, over the limit of {max_pixels} pixels",
                page=number,
            )
        pixels = np.array(image.convert("RGB"))
    except Image.DecompressionBombError as exc:
        raise InputError(f"image too large: {exc}", page=number) from exc
    except (OSError, SyntaxError, ValueError) as exc:  # truncated or corrupt data
        raise InputError(f"cannot decode image ({exc})", page=number) from exc
    dpi = _dpi(image.info.get("dpi"))
    if dpi is not None and plausible(dpi, pixels.shape):
        return Raster(pixels=pixels, dpi=dpi, number=number)
    estimate = estimate_dpi(pixels)
    said = "no resolution" if dpi is None else f"an impossible {dpi:.0f} dpi"
    if estimate is None:
        note = f"the image gives {said}; read as {DEFAULT_DPI:g} dpi"
        return Raster(pixels=pixels, dpi=DEFAULT_DPI, number=number, note=note)
    note = f"the image gives {said}; read as {estimate:g} dpi, from the size of its text"
    return Raster(pixels=pixels, dpi=estimate, number=number, note=note)


def _dpi(value: object) -> float | None:
    """The horizontal resolution from PIL's `info["dpi"]`, or None when absent or absurd."""
    if isinstance(value, tuple) and value:
        try:
            dpi = float(value[0])
        except (TypeError, ValueError):
            return None
        if _MIN_DPI <= dpi <= _MAX_DPI:
            return dpi
    return None
