"""Red seals on colour scans: found in HSV, recorded as Seal boxes and removed before OCR.

A seal printed over a table cell would otherwise turn into strokes the OCR reads as
characters. Only seal-shaped red blobs are removed: a red letterhead title is a wide line of
characters and stays (in grey) for the OCR to read: a seal is an outline, round or oval,
so its ink runs all the way round the rim of its box, which no Han character's does (a
square 国 leaves the rim's diagonals blank, a 鄂 most of it).
"""

from __future__ import annotations

import cv2
import numpy as np

from bulletin.schemas.extracted import Seal
from bulletin.schemas.geometry import Box
from bulletin.extract.scan.blobs import components

_MIN_SEAL_INCH = 0.45  # official seals are 38-42 mm; small stamps still pass
_MAX_ASPECT = 1.8  # seal bounding boxes are about square (ovals included)
_PALE = 205  # red channel at and above which a pixel in a seal box is paper or seal ink
_RIM = (0.78, 1.03)  # the band, in radii of the box's ellipse, where a seal's ring lies
_RIM_COVERED = 0.93  # share of directions round the centre in which ink lies on that band
_DIRECTIONS = 72


def red_mask(rgb: np.ndarray) -> np.ndarray:
    """255 where a pixel is a saturated red (either end of the hue circle)."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    low = cv2.inRange(hsv, (0, 70, 70), (12, 255, 255))
    high = cv2.inRange(hsv, (160, 70, 70), (180, 255, 255))
    return cv2.bitwise_or(low, high)


def find_seals(rgb: np.ndarray, dpi: float) -> tuple[list[tuple[int, int, int, int]], np.ndarray]:
    """Pixel boxes of seal-shaped red blobs and the mask of their red pixels.

    A quarter-size look first: most pages have no red at all, and HSV on a full 300-dpi
    page costs more than the rest of the clean-up.
    """
    if cv2.countNonZero(red_mask(rgb[::4, ::4])) < 4:
        return [], np.zeros(rgb.shape[:2], np.uint8)
    mask = red_mask(rgb)
    reach = max(3, int(dpi * 0.04)) | 1
    joined = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (reach, reach)))
    count, _, stats = components(joined)
    boxes = []
    keep = np.zeros_like(mask)
    min_side = _MIN_SEAL_INCH * dpi
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if min(w, h) < min_side or max(w, h) > _MAX_ASPECT * min(w, h):
            continue
        if rim_coverage(joined[y : y + h, x : x + w]) < _RIM_COVERED:
            continue  # a large red character of a letterhead, not an outline
        boxes.append((int(x), int(y), int(x + w), int(y + h)))
        keep[y : y + h, x : x + w] = mask[y : y + h, x : x + w]
    return _outermost(boxes), keep


def rim_coverage(blob: np.ndarray) -> float:
    """Share of directions from the box's centre in which ink (255) lies on the rim band of
    the ellipse inscribed in the box."""
    h, w = blob.shape
    angles = np.linspace(0.0, 2 * np.pi, _DIRECTIONS, endpoint=False)
    radii = np.linspace(_RIM[0], _RIM[1], 8)
    xs = (w / 2) + np.outer(np.cos(angles), radii) * (w / 2)
    ys = (h / 2) + np.outer(np.sin(angles), radii) * (h / 2)
    xs = np.clip(xs.astype(int), 0, w - 1)
    ys = np.clip(ys.astype(int), 0, h - 1)
    return float(np.mean((blob[ys, xs] > 0).any(axis=1)))


def _outermost(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Drop boxes inside another (a seal's star is a blob of its own inside the ring)."""

    def inside(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
        return a != b and b[0] <= a[0] and b[1] <= a[1] and a[2] <= b[2] and a[3] <= b[3]

    return [a for a in boxes if not any(inside(a, b) for b in boxes)]


def seal_records(
    boxes: list[tuple[int, int, int, int]], mask: np.ndarray, dpi: float
) -> list[Seal]:
    """Seal models in points; `ink_fraction` is the red share of each box."""
    seals = []
    for x0, y0, x1, y1 in boxes:
        area = max(1, (x1 - x0) * (y1 - y0))
        fraction = cv2.countNonZero(mask[y0:y1, x0:x1]) / area
        seals.append(
            Seal(box=Box.from_pixels(x0, y0, x1, y1, dpi), ink_fraction=min(1.0, fraction))
        )
    return seals


def gray_without_seals(
    rgb: np.ndarray, boxes: list[tuple[int, int, int, int]], gray: np.ndarray | None = None
) -> np.ndarray:
    """Greyscale page where, inside each seal box, the red channel stands in for grey.

    Seal ink is bright in the red channel (R ~210-240) and is lifted to white; black or grey
    text and rules, including those printed under the seal's ink (R ~100-150), stay dark.
    Grey pixels have R equal to their grey, so text beside the ring is only lightened a
    little by the lift. `gray`: the page in grey when known (it is copied, not changed).
    """
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if gray is None else gray.copy()
    for x0, y0, x1, y1 in boxes:
        red = rgb[y0:y1, x0:x1, 0].astype(np.float32)
        gray[y0:y1, x0:x1] = np.clip(red * (255.0 / _PALE), 0, 255).astype(np.uint8)
    return gray
