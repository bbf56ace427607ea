"""A page photographed with a phone: the sheet lies on a darker desk, seen at a
slant (a quadrilateral, not filling the frame), lit unevenly with the shadow
of the phone and hand over one side, slightly out of focus, with colour
sensor noise, saved as a JPEG.

Every random choice comes from the ``Generator`` passed in.
"""

from __future__ import annotations

import cv2
import numpy as np

PAPER = np.array([243, 239, 228], np.float32)  # warm white balance of indoor light


def _desk(h: int, w: int, rng: np.random.Generator) -> np.ndarray:
    """A dark wood-like desk: brown base, slow tone changes, grain along x."""
    base = np.array([78, 60, 44], np.float32)
    slow = cv2.resize(rng.normal(0, 10, (6, 8)).astype(np.float32), (w, h),
                      interpolation=cv2.INTER_CUBIC)
    grain = cv2.resize(rng.normal(0, 9, (h // 6, 24)).astype(np.float32), (w, h),
                       interpolation=cv2.INTER_LINEAR)
    tone = (slow + grain)[..., None]
    return np.clip(base + tone * np.array([1.0, 0.8, 0.6], np.float32), 0, 255)


def _corners(w: int, h: int, page_aspect: float,
             rng: np.random.Generator) -> np.ndarray:
    """Where the page's corners land: about 80% of the frame width, the top edge
    shorter than the bottom (the phone tilted back), a small turn."""
    page_w = w * rng.uniform(0.76, 0.8)
    page_h = page_w * page_aspect
    cx, cy = w / 2 + rng.uniform(-25, 25), h / 2 + rng.uniform(-20, 30)
    top_shrink = rng.uniform(0.05, 0.08)  # keystone
    pts = np.array([[-0.5 + top_shrink / 2, -0.5], [0.5 - top_shrink / 2, -0.5],
                    [0.5, 0.5], [-0.5, 0.5]], np.float32)
    pts *= np.array([page_w, page_h * 0.97], np.float32)
    turn = np.radians(rng.uniform(-3.0, 3.0))
    rot = np.array([[np.cos(turn), -np.sin(turn)], [np.sin(turn), np.cos(turn)]], np.float32)
    pts = pts @ rot.T + np.array([cx, cy], np.float32)
    return pts + rng.uniform(-6, 6, pts.shape).astype(np.float32)


def _lighting(h: int, w: int, rng: np.random.Generator) -> np.ndarray:
    """Multiplicative light field: a lamp to one side, vignetting, and the soft
    shadow of the phone and hand falling over the lower right."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    lx, ly = rng.uniform(0.1, 0.35) * w, rng.uniform(0.05, 0.25) * h
    dist = np.hypot(xx - lx, yy - ly) / np.hypot(w, h)
    light = 1.08 - 0.35 * dist
    vignette = 1.0 - 0.18 * (((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2)
    shadow = np.zeros((h, w), np.float32)
    x0 = rng.uniform(0.55, 0.68) * w
    poly = np.array([[x0, h], [x0 + 0.12 * w, 0.55 * h], [w, 0.45 * h], [w, h]], np.int32)
    cv2.fillPoly(shadow, [poly], 1.0)
    soft = cv2.GaussianBlur(shadow, (0, 0), 0.06 * w)
    field = light * vignette * (1.0 - rng.uniform(0.22, 0.3) * soft)
    return np.clip(field, 0.35, 1.15)[..., None]


def photograph(page: np.ndarray, rng: np.random.Generator, width: int = 2000) -> np.ndarray:
    """``page``: RGB uint8 rendering of the page; returns the RGB photo, ``width``
    pixels wide in 3:4 portrait."""
    h_out = width * 4 // 3
    ph, pw = page.shape[:2]
    sheet = page.astype(np.float32) / 255.0 * PAPER  # white paper is not 255
    dst = _corners(width, h_out, ph / pw, rng)
    src = np.array([[0, 0], [pw - 1, 0], [pw - 1, ph - 1], [0, ph - 1]], np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(sheet, m, (width, h_out), flags=cv2.INTER_AREA,
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.ones((ph, pw), np.float32), m, (width, h_out),
                               flags=cv2.INTER_LINEAR)[..., None]
    # the sheet's own soft shadow on the desk, a little down and right
    drop = cv2.GaussianBlur(np.roll(mask[..., 0], (9, 7), axis=(0, 1)), (0, 0), 9)[..., None]
    desk = _desk(h_out, width, rng) * (1.0 - 0.45 * drop)
    img = warped * mask + desk * (1.0 - mask)
    img = img * _lighting(h_out, width, rng)
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(1.0, 1.3))
    kernel = np.zeros((5, 5), np.float32)
    kernel[2, 1:4] = 1.0 / 3  # a little hand shake, sideways
    img = cv2.filter2D(img, -1, kernel)
    img = img + np.asarray(rng.normal(0, 2.2, img.shape), np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)
