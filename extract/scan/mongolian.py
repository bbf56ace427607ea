"""Spotting traditional Mongolian lines on a scan, from the shapes of their ink.

Mongolian letters hang from one stem, so a (horizontally set) Mongolian line has a thin band
of rows far denser than the rest, or its words join into blobs much wider than the line is
tall; Han characters spread their ink evenly over the line height in compact blobs. A line
that looks like this and does not read as confident Chinese is kept as an image region
instead of being OCR'd into garbage.

Inside a table cell (a bilingual header prints a Mongolian label over, under or beside the
Chinese one, or in a header row of its own) the lines are small and their stems break up
when scanned, so the shape bar is lower there, and the OCR's own reading decides the rest: a
line read as Chinese, or as a confident number, is never Mongolian. Set top to bottom, the
script has the same shape turned a quarter.
"""

from __future__ import annotations

import base64

import cv2
import numpy as np

from bulletin.extract.ocr.batch import numeric
from bulletin.extract.scan.textboxes import PixelBox
from bulletin.schemas.extracted import ScriptRegion
from bulletin.schemas.geometry import Box
from bulletin.schemas.text import is_han
from bulletin.extract.scan.blobs import components

_WIDE = 1.3  # a blob wider than this many line heights is a joined word, not a Han glyph
_SHARE = 0.6  # share of the line's ink in wide blobs that marks it Mongolian
_MIN_HEIGHT_INCH = 0.1
_STEM = 3.0  # densest band / median row; Han lines measure 1.4-2.5, a Mongolian stem 4+
_CELL_STEM = 2.0  # small cell labels: Han lines measure 1.1-1.7, broken Mongolian stems 2-5


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
    count, _, stats = components(ink)
    wide = stats[1:, cv2.CC_STAT_WIDTH] > _WIDE * height
    short = stats[1:, cv2.CC_STAT_HEIGHT] < 0.5 * height  # a rule residue is not a word
    return float(stats[1:, cv2.CC_STAT_AREA][wide & ~short].sum() / total)


def cell_line_is_mongolian(
    ink: np.ndarray, text: str, confidence: float, confident: float, vertical: bool
) -> bool:
    """A line inside a cell (255 = ink) shaped like Mongolian that the OCR read without any
    Han character (`率（%）` wraps a label) and not as a confident number (a lone `1` has a
    dense band too).

    A line set top to bottom is the layout's finding already (joined strokes down the line,
    which stacked Han characters never make): there only a confident Chinese read vetoes it,
    as the recogniser reads such a sliver as anything (`1`, `11`).
    """
    if vertical:
        return not reads_as_chinese(text, confidence, confident)
    if any(is_han(ch) for ch in text) or (numeric(text) and confidence >= confident):
        return False
    total = cv2.countNonZero(ink)
    if total == 0:
        return False
    return _stem_ratio(ink) >= _CELL_STEM or _wide_share(ink, total) >= _SHARE


def _han_share(text: str) -> float:
    body = text.replace(" ", "")
    return sum(1 for ch in body if is_han(ch)) / max(len(body), 1)


def reads_as_chinese(text: str, confidence: float, confident: float) -> bool:
    """A confident read that is mostly Han: the shape test was fooled (a line of 一二三)."""
    return confidence >= confident and _han_share(text) >= 0.5


def mongolian_region(
    gray: np.ndarray, box: PixelBox, dpi: float, vertical: bool = False
) -> ScriptRegion:
    """The region with its box in points and the crop as base64 PNG for a human or a
    Mongolian-capable OCR later."""
    x0, y0, x1, y1 = box
    ok, png = cv2.imencode(".png", gray[y0:y1, x0:x1])
    crop = base64.b64encode(png.tobytes()).decode("ascii") if ok else None
    return ScriptRegion(
        script="mongolian",
        box=Box.from_pixels(x0, y0, x1, y1, dpi),
        crop_png_base64=crop,
        vertical=vertical,
    )
