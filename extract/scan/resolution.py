"""The resolution of an image that does not say it (or says something impossible).

Boxes in points, and every threshold of the pixel route (a rule's least length, a speck's
size, a text line's least height), depend on the dpi. A PNG or JPEG often has no density at
all, or a phone's nominal 72 dpi; read as 300 dpi, a 96-dpi page's text is "too small to be
text" and every cell comes out empty. Han text gives the scale away: glyphs are square and of
one size, and the bigger part of a bulletin page's glyphs (table cells) are 9-12 pt.
"""

from __future__ import annotations

import cv2
import numpy as np

from bulletin.extract.scan.blobs import components
GLYPH_INCH = 0.12  # 75th percentile of glyph heights on table pages (0.10-0.11 on the
# samples; 0.16-0.19 on pages of large running text, which then read as ~1.5x the dpi)
_MAX_PAGE_INCH = 20.0  # a page's long side at most (A3 is 16.5; a crop may be small)
_MIN_GLYPHS = 30
_LIMITS = (50.0, 600.0)


def plausible(dpi: float, shape: tuple[int, ...]) -> bool:
    """Whether `dpi` makes the image a sheet of paper (a 2000-px photo at "72 dpi" would be
    28 inches long)."""
    return max(shape[:2]) / dpi <= _MAX_PAGE_INCH


def estimate_dpi(rgb: np.ndarray) -> float | None:
    """The dpi at which the image's glyphs have the usual size, or None without enough text
    to tell (then the caller keeps its default)."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, _, stats = components(ink)
    w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    glyph = (h >= 5) & (w >= 3) & (w < 3 * h) & (h < 3 * w)
    glyph &= (h < gray.shape[0] / 8) & (w < gray.shape[1] / 8)  # not frames or photos
    if np.count_nonzero(glyph) < _MIN_GLYPHS:
        return None
    dpi = float(np.percentile(h[glyph], 75)) / GLYPH_INCH
    return float(np.clip(round(dpi), *_LIMITS))
