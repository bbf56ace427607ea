"""Long horizontal rules outside ruled frames on a scan: a three-line table's top, header
and bottom rules, kept as segments for the text-alignment grid and taken out of the ink
that the page's text lines are found in (a rule touching a line would make it one block).

Only rules at least `_MIN_FREE_RULE_INCH` long count: shorter straight runs outside
frames are more often the strokes of large title characters than rules.
"""

from __future__ import annotations

import cv2
import numpy as np

from extract.grid import GridFrame
from extract.rulings import Rulings
from extract.segments import Segment
from schemas.geometry import POINTS_PER_INCH

_MIN_FREE_RULE_INCH = 1.0
_MAX_THICK_INCH = 0.03


def free_rules(
    rulings: Rulings, frames: list[GridFrame], dpi: float
) -> tuple[np.ndarray, list[Segment]]:
    """(mask of the rules' pixels, their segments in points) outside every frame."""
    mask = rulings.horizontal.copy()
    for frame in frames:
        x0, y0, x1, y1 = frame.box.to_pixels(dpi)
        mask[max(0, y0 - 3) : y1 + 3, max(0, x0 - 3) : x1 + 3] = 0
    keep = np.zeros_like(mask)
    segments = []
    scale = POINTS_PER_INCH / dpi
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w < _MIN_FREE_RULE_INCH * dpi or h > max(2, _MAX_THICK_INCH * dpi):
            continue
        keep[y : y + h, x : x + w] = mask[y : y + h, x : x + w]
        segments.append(Segment(True, (y + h / 2) * scale, x * scale, (x + w) * scale))
    return keep, segments
