"""Page images in memory: PDF pages rendered by pdfium, image files decoded by Pillow.

Everything downstream works on RGB uint8 arrays plus the resolution they were taken at, so a
PDF page rendered at 300 dpi and a 300-dpi TIFF are the same thing to the OCR path. No page is
ever written to disk.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from bulletin.extract.scan.resolution import estimate_dpi, plausible
from bulletin.schemas.errors import InputError
from bulletin.schemas.settings import Settings

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

    @cached_property
    def gray(self) -> np.ndarray:
        """The page in grey, converted once: the photo check, the orientation and deskew
        estimates and (on a page that needs no turning) the OCR's grey all start from it.
        Read-only to its users (copy before painting on it)."""
        gray = cv2.cvtColor(self.pixels, cv2.COLOR_RGB2GRAY)
        gray.flags.writeable = False
        return gray


def render_pdf_page(
    path: Path, number: int, dpi: float, max_pixels: int, min_dpi: float | None = None
) -> Raster:
    """Render page `number` (1-based) of a PDF at `dpi`, or, for a page too large to render
    at `dpi` within `max_pixels`, at the highest resolution that fits but not below
    `min_dpi` (with a note saying so); a page that does not fit even then is refused. (None:
    never lower the resolution.) The size is checked before a single pixel exists."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise InputError(f"pdfium cannot open the PDF ({exc})") from exc
    try:
        if not 1 <= number <= len(pdf):
            raise InputError(f"no page {number} (the PDF has {len(pdf)})")
        from bulletin.extract.file import load_pdf_page

        page = load_pdf_page(pdf, number)
        width, height = page.get_size()
        used, note = fitting_dpi(width, height, dpi, max_pixels, min_dpi, number)
        # rendered as RGB(A) and copied once out of pdfium's buffer: the same pixels as a
        # detour through PIL, in half the time
        bitmap = page.render(scale=used / 72.0, rev_byteorder=True)
        pixels = np.array(bitmap.to_numpy()[:, :, :3])
        page.close()
    finally:
        pdf.close()
    return Raster(pixels=pixels, dpi=float(used), number=number, note=note)


def fitting_dpi(width: float, height: float, dpi: float, max_pixels: int,
                min_dpi: float | None, number: int) -> tuple[float, str | None]:
    """The resolution to render a `width` x `height` pt page at: `dpi` when it fits in
    `max_pixels`, else the highest whole dpi that does (not below `min_dpi`), with the note
    for the page; an InputError naming the page when nothing allowed fits."""
    def pixels_at(resolution: float) -> float:
        return width * height * (resolution / 72.0) ** 2

    if pixels_at(dpi) <= max_pixels:
        return dpi, None
    size = f"{width / 72 * 25.4:.0f} x {height / 72 * 25.4:.0f} mm"
    fit = math.floor(72.0 * math.sqrt(max_pixels / max(width * height, 1e-9)))
    if min_dpi is None or fit < min_dpi:
        lowest = dpi if min_dpi is None else min_dpi
        scale = lowest / 72.0
        raise InputError(
            f"page of {size} renders to {width * scale:.0f}x{height * scale:.0f} px at "
            f"{lowest:g} dpi, over the limit of {max_pixels} pixels (--max-page-pixels)",
            page=number,
        )
    note = (f"page of {size} read at {fit} dpi instead of {dpi:g}, to stay within "
            f"{max_pixels} pixels (--max-page-pixels)")
    return float(fit), note


def image_frames(path: Path, max_pixels: int, fit: PageFit | None = None) -> Iterator[Raster]:
    """Each frame of a PNG, JPEG or (multi-page) TIFF with its dpi: the metadata's when it
    makes the image a sheet of paper, else estimated from the text (resolution.py).

    Pillow's decompression-bomb guard is set to our own limit and its errors become
    InputError naming the frame, so one hostile file cannot exhaust memory. With `fit`, a
    frame larger than its pixel budget is scaled down to fit (PageFit).
    """
    with _open_image(path, max_pixels) as image:
        for index in range(getattr(image, "n_frames", 1)):
            yield fitted(_frame(image, index, path, max_pixels), fit)


def image_frame_count(path: Path, max_pixels: int) -> int:
    """How many frames (pages) an image file holds, from its header."""
    with _open_image(path, max_pixels) as image:
        return int(getattr(image, "n_frames", 1))


def image_frame(path: Path, number: int, max_pixels: int, fit: PageFit | None = None) -> Raster:
    """Frame `number` (1-based) alone, so that the pages of a TIFF can be read apart."""
    with _open_image(path, max_pixels) as image:
        return fitted(_frame(image, number - 1, path, max_pixels), fit)


@dataclass(frozen=True)
class PageFit:
    """The pixels a page is read at, at most (`max_pixels`), and the lowest resolution it
    may be scaled down to so that it fits (`min_dpi`): Settings.max_page_pixels, min_dpi."""

    max_pixels: int
    min_dpi: float


def page_fit(settings: Settings) -> PageFit:
    return PageFit(settings.max_page_pixels, settings.min_dpi)


def fitted(raster: Raster, fit: PageFit | None) -> Raster:
    """`raster` scaled down to `fit` (with a note), refused when that would take it below
    the lowest resolution allowed; unchanged when it fits already."""
    height, width = raster.pixels.shape[:2]
    if fit is None or width * height <= fit.max_pixels:
        return raster
    width_pt, height_pt = width / raster.dpi * 72, height / raster.dpi * 72
    used, note = fitting_dpi(width_pt, height_pt, raster.dpi, fit.max_pixels, fit.min_dpi,
                             raster.number)
    import cv2

    scale = used / raster.dpi
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    pixels = cv2.resize(raster.pixels, size, interpolation=cv2.INTER_AREA)
    notes = "; ".join(n for n in (raster.note, note) if n)
    return Raster(pixels=pixels, dpi=used, number=raster.number, note=notes, photo=raster.photo)


def _open_image(path: Path, max_pixels: int) -> Any:
    from PIL import Image

    default = Image.MAX_IMAGE_PIXELS  # Pillow checks it while opening, process-wide: scoped
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        return Image.open(path)
    except Image.DecompressionBombError as exc:
        raise InputError(f"image too large: {exc}", page=1) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # Pillow's damaged headers
        raise InputError(f"cannot decode image ({exc})") from exc
    finally:
        Image.MAX_IMAGE_PIXELS = default


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
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # truncated or corrupt data
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
