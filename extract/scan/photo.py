"""Phone photographs of a page: the sheet found as a quadrilateral and flattened out, and
the light evened, so that the rest of the pixel route sees a scan.

A photo shows the page at a slant on whatever it lay on: rulings converge (a deskew cannot
straighten them, rows drift into each other), the paper is darker where a lamp does not
reach and under the shadow of the phone and hand. The page is the large bright
quadrilateral against a darker surround; its corners give the homography that undoes the
perspective. Uneven light is divided out by the paper's own brightness, estimated with the
text removed (a grey closing larger than any stroke). A scan has neither: its page fills
the image and its paper is even, and it is left untouched (and costs nothing here).
"""

from __future__ import annotations

import cv2
import numpy as np

from bulletin.extract.scan.raster import Raster
from bulletin.extract.scan.resolution import estimate_dpi

_WORK = 600  # pixels across the small copy the page outline is looked for in
_MIN_PAGE, _MAX_PAGE = 0.2, 0.97  # share of the image a photographed page covers
_SURROUND = 40  # grey levels the surround is darker than the page, at least
_UNEVEN = 35  # grey levels of spread in the paper's brightness that call for flattening
_SHARPEN, _SHARPEN_SIGMA = 1.0, 2.0  # unsharp mask of photos: amount, radius (pixels)
_STROKE_SHARE = 1 / 60  # of the page width: the closing that removes text but keeps light


def page_quad(rgb: np.ndarray, gray: np.ndarray | None = None) -> np.ndarray | None:
    """The page's corners (tl, tr, br, bl; full-resolution pixels) when the image shows a
    page on a darker surround, else None (`gray`: the image in grey, when known)."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY) if gray is None else gray
    scale = _WORK / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    level, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    share = cv2.contourArea(outline) / small.size
    if not _MIN_PAGE <= share <= _MAX_PAGE:
        return None
    hull = cv2.convexHull(outline)
    polygon = cv2.approxPolyDP(hull, 0.01 * cv2.arcLength(hull, True), True).reshape(-1, 2)
    quad = _four_sides(polygon.astype(np.float64))
    if quad is None:
        return None
    inside = np.zeros_like(small)
    cv2.fillPoly(inside, [quad.astype(np.int32)], 255)
    page, surround = small[inside > 0], small[inside == 0]
    if surround.size == 0 or np.median(page) - np.median(surround) < _SURROUND:
        return None
    return _ordered(quad.astype(np.float32) / scale)


def _four_sides(polygon: np.ndarray) -> np.ndarray | None:
    """The quadrilateral of the polygon's four longest sides, each carried on to meet the
    next: a corner lost in a shadow (cut off by the threshold) comes back where the page's
    edges meet."""
    n = len(polygon)
    if n < 4:
        return None
    lengths = [np.linalg.norm(polygon[(i + 1) % n] - polygon[i]) for i in range(n)]
    sides = sorted(sorted(range(n), key=lambda i: -lengths[i])[:4])
    corners = []
    for a, b in zip(sides, sides[1:] + sides[:1], strict=True):
        corner = _meet(polygon[a], polygon[(a + 1) % n], polygon[b], polygon[(b + 1) % n])
        if corner is None:
            return None
        corners.append(corner)
    quad = np.array(corners)
    return quad if cv2.isContourConvex(quad.astype(np.float32)) else None


def _meet(p1: np.ndarray, p2: np.ndarray, q1: np.ndarray, q2: np.ndarray) -> np.ndarray | None:
    """Where the line through p1, p2 meets the line through q1, q2 (None when parallel)."""
    d, e = p2 - p1, q2 - q1
    cross = d[0] * e[1] - d[1] * e[0]
    if abs(cross) < 1e-9:
        return None
    t = ((q1[0] - p1[0]) * e[1] - (q1[1] - p1[1]) * e[0]) / cross
    return p1 + t * d


def _ordered(points: np.ndarray) -> np.ndarray:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    total, diff = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array(
        [points[np.argmin(total)], points[np.argmin(diff)],
         points[np.argmax(total)], points[np.argmax(diff)]], np.float32
    )  # fmt: skip


def unwarp(rgb: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The page inside `quad` as an upright rectangle, at the photo's own scale (the longer
    of each pair of opposite sides)."""
    tl, tr, br, bl = quad
    width = int(round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))))
    height = int(round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]],
                      np.float32)  # fmt: skip
    matrix = cv2.getPerspectiveTransform(quad, target)
    return cv2.warpPerspective(
        rgb, matrix, (width, height), flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT, borderValue=(255, 255, 255),
    )  # fmt: skip


def paper_light(rgb: np.ndarray) -> np.ndarray:
    """The paper's brightness at each pixel (float, H x W): text closed away on a small copy,
    smoothed, brought back to full size."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    scale = _WORK / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    reach = max(3, int(small.shape[1] * _STROKE_SHARE)) | 1
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((reach, reach), np.uint8))
    paper = cv2.GaussianBlur(paper, (0, 0), reach)
    full = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return np.maximum(full.astype(np.float32), 1.0)


def evened(rgb: np.ndarray) -> np.ndarray:
    """The image with its light made even (paper white everywhere), or as it is when the
    paper is even already."""
    light = paper_light(rgb)
    low, high = np.percentile(light[::8, ::8], (5, 95))
    if high - low < _UNEVEN:
        return rgb
    out = rgb.astype(np.float32) * (255.0 / light[..., None])
    return np.clip(out, 0, 255).astype(np.uint8)


def sharpened(rgb: np.ndarray) -> np.ndarray:
    """An unsharp mask: a phone's soft focus and shake spread a decimal point into the paper
    around it until the binarisation loses it."""
    soft = cv2.GaussianBlur(rgb, (0, 0), _SHARPEN_SIGMA)
    return cv2.addWeighted(rgb, 1 + _SHARPEN, soft, -_SHARPEN, 0)


def as_scan(raster: Raster) -> Raster:
    """The page as a scan would show it: unchanged unless it is a photo of a page. A dpi
    that was estimated is estimated again on the flattened page (the surround is gone)."""
    quad = page_quad(raster.pixels, raster.gray)
    if quad is None:
        return raster
    pixels = sharpened(evened(unwarp(raster.pixels, quad)))
    note = "a photo: the page's perspective undone and its light evened"
    dpi = raster.dpi
    if raster.note is not None:
        dpi = estimate_dpi(pixels) or dpi
        note += f"; read as {dpi:g} dpi, from the size of its text"
    return Raster(pixels=pixels, dpi=dpi, number=raster.number, note=note, photo=True)
