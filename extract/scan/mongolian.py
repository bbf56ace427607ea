"""Spotting traditional Mongolian lines on a scan, from the shapes of their ink.

Mongolian letters hang from one stem, so a (horizontally set) Mongolian line has a thin band
of rows far denser than the rest, or its words join into blobs much wider than the line is
tall; Han characters spread their ink evenly over the line height in compact blobs. A line
that looks like this and does not read as confident Chinese is kept as an image region
instead of being OCR'd into garbage.
"""

from __future__ import annotations

import base64

import cv2
import numpy as np

from bulletin.extract.scan.textboxes import PixelBox
from bulletin.schemas.extracted import ScriptRegion
from bulletin.schemas.geometry import Box
from bulletin.schemas.text import is_han

_WIDE = 1.3  # a blob wider than this many line heights is a joined word, not a Han glyph
_SHARE = 0.6  # share of the line's ink in wide blobs that marks it Mongolian
_MIN_HEIGHT_INCH = 0.1
_STEM = 3.0  # densest band / median row; Han lines measure 1.4-2.5, a Mongolian stem 4+


def looks_mongolian(ink: np.ndarray, dpi: float) -> bool:
    """True for a one-line crop (255 = ink) with a dominant stem band or joined words.

    Letterhead script is large; a small line of dashes (a page number "- 1 -") is not it.
    """
    height = ink.shape[0]
    total = cv2.countNonZero(ink)
    if height < _MIN_HEIGHT_INCH * dpi or total == 0 or ink.shape[1] < 3 * height:
        return False
    return _stem_ratio(ink) >= _STEM or _wide_share(ink, total) >= _SHARE


def _stem_ratio(ink: np.ndarray) -> float:
    """Densest band of ~8% of the line height, against the median row."""
    rows = (ink > 0).sum(axis=1).astype(np.float64)
    band = max(2, ink.shape[0] // 12)
    dense = np.convolve(rows, np.ones(band) / band, mode="valid").max()
    inked = rows[rows > 0]
    return float(dense / max(np.median(inked), 1.0))


def _wide_share(ink: np.ndarray, total: int) -> float:
    height = ink.shape[0]
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    wide = stats[1:, cv2.CC_STAT_WIDTH] > _WIDE * height
    short = stats[1:, cv2.CC_STAT_HEIGHT] < 0.5 * height  # a rule residue is not a word
    return float(stats[1:, cv2.CC_STAT_AREA][wide & ~short].sum() / total)


def reads_as_chinese(text: str, confidence: float, confident: float) -> bool:
    """A confident read that is mostly Han: the shape test was fooled (a line of 一二三)."""
    han = sum(1 for ch in text if is_han(ch))
    return confidence >= confident and han >= 0.5 * max(len(text.replace(" ", "")), 1)


def mongolian_region(gray: np.ndarray, box: PixelBox, dpi: float) -> ScriptRegion:
    """The region with its box in points and the crop as base64 PNG for a human or a
    Mongolian-capable OCR later."""
    x0, y0, x1, y1 = box
    ok, png = cv2.imencode(".png", gray[y0:y1, x0:x1])
    crop = base64.b64encode(png.tobytes()).decode("ascii") if ok else None
    return ScriptRegion(
        script="mongolian", box=Box.from_pixels(x0, y0, x1, y1, dpi), crop_png_base64=crop
    )
