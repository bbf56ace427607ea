"""Rules hidden under blots: a gap in a ruling line that a grey seal or redaction covers.

A grey (non-red, so not lifted by seals.py) seal or a redaction mosaic printed over a table
hides its rules for a few centimetres, and the cell borders there look open, so cells
merge. Such a blot is broad and flat: a grey closing as wide as a thick stroke wipes out
text and rules but keeps it. A gap is taken as covered only when a blot lies on most of it
and the visible rule on either side runs mostly over clear paper, so that a shaded row
running along the rule is not mistaken for a blot.
"""

from __future__ import annotations

import cv2
import numpy as np

from bulletin.extract.grid.segments import Segment
from bulletin.schemas.geometry import POINTS_PER_INCH
from bulletin.extract.scan.blobs import components

_STROKE_INCH = 0.04  # wider than any text stroke or rule; blot patches are wider
_BLOT_DEPTH = 25  # grey levels below the paper at which a flat area is a blot
_MAX_GAP_INCH = 1.5  # official seals are at most ~42 mm across
_COVERED = 0.5  # share of a gap a blot must lie on
_CLEAR = 0.3  # share of the visible rule pieces a blot may lie on
_MIN_BLOT_INCH = 0.25  # narrower dark patches are blurred words (a photo), not blots


def blot_mask(gray: np.ndarray, dpi: float) -> np.ndarray:
    """True where the page is covered by a broad area darker than the paper."""
    k = max(3, int(_STROKE_INCH * dpi)) | 1
    flat = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    paper = float(np.median(flat[::4, ::4]))
    return np.asarray(flat < paper - _BLOT_DEPTH)


def broad_blots(blots: np.ndarray, dpi: float) -> np.ndarray:
    """The blots broad both ways, for a photo: its blurred words close into dark patches
    too, one line tall, and a rule carried on over one would split a merged cell."""
    count, labels, stats = components(blots.astype(np.uint8))
    side = np.minimum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    broad = side >= _MIN_BLOT_INCH * dpi
    broad[0] = False
    return np.asarray(broad[labels])


def gap_hidden(blots: np.ndarray, dpi: float, a: Segment, b: Segment) -> bool:
    """Whether the gap between collinear pieces `a` and `b` (a before b) lies under a blot.

    The visible pieces themselves must run mostly over clear paper: a seal is a local
    blot, a shaded row or column lies along the whole rule.
    """
    gap = b.start - a.end
    if gap <= 0 or gap > _MAX_GAP_INCH * POINTS_PER_INCH:
        return False
    pos = (a.pos + b.pos) / 2
    along = _share(blots, dpi, a.horizontal, pos, a.start, a.end) * a.length
    along += _share(blots, dpi, a.horizontal, pos, b.start, b.end) * b.length
    return (
        _share(blots, dpi, a.horizontal, pos, a.end, b.start) >= _COVERED
        and along <= _CLEAR * max(a.length + b.length, 1e-6)
    )


def _share(
    blots: np.ndarray, dpi: float, horizontal: bool, pos: float, start: float, end: float
) -> float:
    """Share of the points of a line (in points, clipped to the page) that lie on a blot."""
    scale = dpi / POINTS_PER_INCH
    h, w = blots.shape
    along_limit, across_limit = (w, h) if horizontal else (h, w)
    across = int(round(pos * scale))
    lo, hi = max(0, int(start * scale)), min(along_limit, int(end * scale))
    if hi <= lo or not 0 <= across < across_limit:
        return 0.0
    line = blots[across, lo:hi] if horizontal else blots[lo:hi, across]
    return float(np.mean(line))
