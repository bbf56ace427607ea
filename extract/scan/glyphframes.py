"""Frames closed by the strokes of large glyphs, told apart from ruled tables.

The long strokes of a letterhead's characters (工, 口, 市) close "frames" as rules do, but
the rest of each glyph hangs on them, in most of the frame's cells and outside it. A table's
rules touch little other ink, and what they touch sits in a few cells: a glyph touching a
border, a hatched cell (the unused positions of a code table), the diagonal of a corner
header. Ink fainter than the rules (a distributor's grey watermark across the page) is
printed over the table, not part of what the rules belong to, and is left out.
"""

from __future__ import annotations

import cv2
import numpy as np

from bulletin.extract.grid.frames import GridFrame
from bulletin.extract.scan.blobs import components
from bulletin.extract.scan.rules import Rulings
from bulletin.schemas.geometry import POINTS_PER_INCH

_GLYPH_REACH_INCH = 0.1  # how far outside the frame ink joined to its rules is looked for
_GLYPH_SHARE = 0.3  # of the rule pixels: more ink hanging on them, and the rules are strokes
_SPREAD = 0.2  # of a frame's cells (and its outside): more holding such ink, and it is glyphs
_TONE_PERCENTILE = 10  # the rules' own darkness: their darkest pixels (a rule's core)
_BORDER_INCH = 0.01  # how far around a cell its border's rule pixels are counted
_LINE_REACH_INCH = 0.04  # how far from a frame line its rule's pixels lie (the snap, 3 pt)


def drawn_as_table(
    frame: GridFrame,
    rulings: Rulings,
    ink: np.ndarray,
    dpi: float,
    gray: np.ndarray | None = None,
) -> bool:
    """Whether the frame's rules are lines of their own rather than strokes of large glyphs:
    the ink hanging on them is little (at most `_GLYPH_SHARE` of the rule pixels), or it
    sits in few of the frame's cells. `gray` (the page the ink was found in) lets ink
    fainter than the rules be left out."""
    h, w = ink.shape
    x0, y0, x1, y1 = frame.box.to_pixels(dpi)
    m = max(4, int(_GLYPH_REACH_INCH * dpi))
    wx0, wy0, wx1, wy1 = max(0, x0 - m), max(0, y0 - m), min(w, x1 + m), min(h, y1 + m)
    window = ink[wy0:wy1, wx0:wx1]
    rules = cv2.bitwise_and(
        rulings.combined()[wy0:wy1, wx0:wx1], _along_frame(frame, window.shape, (wx0, wy0), dpi)
    )
    if gray is not None:
        window, rules = _as_dark_as_rules(gray[wy0:wy1, wx0:wx1], window, rules)
    hanging = _hanging(window, rules)
    if np.count_nonzero(hanging) <= _GLYPH_SHARE * max(1, cv2.countNonZero(rules)):
        return True
    return _in_few_cells(frame, hanging, rules, (wx0, wy0), dpi)


def _along_frame(
    frame: GridFrame, shape: tuple[int, ...], origin: tuple[int, int], dpi: float
) -> np.ndarray:
    """Where the frame's own rules run (255): a long stroke inside a cell (the stem of a
    Mongolian word, an underline) is a rule to the detector but not one of the frame's."""
    mask = np.zeros(shape[:2], np.uint8)
    reach = max(2, int(_LINE_REACH_INCH * dpi))
    ox, oy = origin
    x0, y0, x1, y1 = frame.box.to_pixels(dpi)
    for y in frame.ys:
        py = int(round(y * dpi / POINTS_PER_INCH)) - oy
        mask[max(0, py - reach) : py + reach + 1, max(0, x0 - ox - reach) : x1 - ox + reach] = 255
    for x in frame.xs:
        px = int(round(x * dpi / POINTS_PER_INCH)) - ox
        mask[max(0, y0 - oy - reach) : y1 - oy + reach, max(0, px - reach) : px + reach + 1] = 255
    return mask


def _as_dark_as_rules(
    gray: np.ndarray, ink: np.ndarray, rules: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Ink and rule pixels at least halfway from the paper to the rules' own darkness."""
    on_rules = gray[rules > 0]
    if on_rules.size == 0:
        return ink, rules
    tone = float(np.percentile(on_rules, _TONE_PERCENTILE))
    # 255 where gray <= the halfway level (uint8 against a float: its floor is the same cut)
    _, dark = cv2.threshold(gray, (tone + median_grey(gray)) / 2, 255, cv2.THRESH_BINARY_INV)
    return cv2.bitwise_and(ink, dark), cv2.bitwise_and(rules, dark)


def median_grey(gray: np.ndarray) -> float:
    """np.median of a uint8 image, from its histogram: a tenth of the time on a table's
    window (sorting millions of pixels to find one of 256 levels)."""
    counts = np.cumsum(cv2.calcHist([gray], [0], None, [256], [0, 256]).ravel())
    total = int(counts[-1])
    low = int(np.searchsorted(counts, (total - 1) // 2 + 1))
    high = int(np.searchsorted(counts, total // 2 + 1))
    return (low + high) / 2


def _hanging(ink: np.ndarray, rules: np.ndarray) -> np.ndarray:
    """Ink joined to the rules but not along them (bool mask)."""
    count, labels, _ = components(ink)
    joined = np.zeros(count, bool)
    joined[np.unique(labels[rules > 0])] = True
    joined[0] = False
    near_rules = cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0
    return np.asarray(joined[labels] & ~near_rules)


def _in_few_cells(
    frame: GridFrame, hanging: np.ndarray, rules: np.ndarray, origin: tuple[int, int],
    dpi: float,
) -> bool:
    """Whether at most `_SPREAD` of the frame's cells, and of its outside taken as one more,
    hold hanging ink beyond `_GLYPH_SHARE` of the rule pixels on their own border."""
    hang_sum = cv2.integral(hanging.astype(np.uint8))
    rule_sum = cv2.integral((rules > 0).astype(np.uint8))
    band = max(2, int(_BORDER_INCH * dpi))
    ox, oy = origin
    heavy = 0
    for cell in frame.cells:
        x0, y0, x1, y1 = cell.box.to_pixels(dpi)
        box = (x0 - ox, y0 - oy, x1 - ox, y1 - oy)
        border = _count(rule_sum, _grown(box, band)) - _count(rule_sum, _grown(box, -band))
        heavy += _count(hang_sum, box) > _GLYPH_SHARE * max(1, border)
    x0, y0, x1, y1 = frame.box.to_pixels(dpi)
    box = (x0 - ox, y0 - oy, x1 - ox, y1 - oy)
    outside = _count(hang_sum, (0, 0, hanging.shape[1], hanging.shape[0])) - _count(hang_sum, box)
    border = _count(rule_sum, _grown(box, band)) - _count(rule_sum, _grown(box, -band))
    heavy += outside > _GLYPH_SHARE * max(1, border)
    return heavy <= _SPREAD * (len(frame.cells) + 1)


def _grown(box: tuple[int, int, int, int], by: int) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    return x0 - by, y0 - by, x1 + by, y1 + by


def _count(integral: np.ndarray, box: tuple[int, int, int, int]) -> int:
    """Pixels set in the box (clipped to the image), from the image's integral."""
    h, w = integral.shape[0] - 1, integral.shape[1] - 1
    x0, y0, x1, y1 = box
    x0, x1 = min(max(0, x0), w), min(max(0, x1), w)
    y0, y1 = min(max(0, y0), h), min(max(0, y1), h)
    if x1 <= x0 or y1 <= y0:
        return 0
    return int(integral[y1, x1] - integral[y0, x1] - integral[y1, x0] + integral[y0, x0])
