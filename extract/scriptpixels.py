"""Spotting traditional Mongolian lines on a scan before OCR, from the shapes of their ink.

Mongolian words are written as one stroke joined along a stem, so a line of Mongolian is
a few long connected blobs; a line of Han characters is many compact blobs about one line
height wide. Such a line is kept as an image region instead of being OCR'd into garbage.
"""

from __future__ import annotations

import base64

import cv2
import numpy as np

from extract.inklines import PixelBox
from schemas.extracted import ScriptRegion
from schemas.geometry import Box

_WIDE = 1.3  # a blob wider than this many line heights is a joined word, not a Han glyph
_SHARE = 0.6  # share of the line's ink in wide blobs that marks it Mongolian


def looks_mongolian(ink: np.ndarray) -> bool:
    """True when most ink of this one-line crop sits in blobs much wider than the line."""
    height = ink.shape[0]
    total = cv2.countNonZero(ink)
    if height < 4 or total == 0 or ink.shape[1] < 3 * height:
        return False
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    wide = stats[1:, cv2.CC_STAT_WIDTH] > _WIDE * height
    short = stats[1:, cv2.CC_STAT_HEIGHT] < 0.5 * height  # a rule residue is not a word
    share = stats[1:, cv2.CC_STAT_AREA][wide & ~short].sum() / total
    return bool(share >= _SHARE)


def mongolian_region(gray: np.ndarray, box: PixelBox, dpi: float) -> ScriptRegion:
    """The region with its box in points and the crop as base64 PNG for a human or a
    Mongolian-capable OCR later."""
    x0, y0, x1, y1 = box
    ok, png = cv2.imencode(".png", gray[y0:y1, x0:x1])
    crop = base64.b64encode(png.tobytes()).decode("ascii") if ok else None
    return ScriptRegion(
        script="mongolian", box=Box.from_pixels(x0, y0, x1, y1, dpi), crop_png_base64=crop
    )
