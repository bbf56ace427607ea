"""A page as a fax machine receives it: 150 dpi, bilevel, the sender's
transmission header line (TTI) printed across the top in a small bitmap
font, a slight skew and a slight stretch along the feed direction, and the
usual defects: isolated black specks, short white dropout runs on some scan
lines, and one thin vertical streak from dirt on the sender's scanner glass.

Every random choice comes from the ``Generator`` passed in.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from . import degrade

TTI_FONT = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0)


def _header(img: np.ndarray, text: str) -> np.ndarray:
    """Stamp the TTI line in the top margin, non-antialiased (bitmap-like)."""
    pil = Image.fromarray(img)
    draw = ImageDraw.Draw(pil)
    draw.fontmode = "1"
    font = ImageFont.truetype(TTI_FONT[0], 13, index=TTI_FONT[1])
    draw.text((40, 10), text, fill=0, font=font)
    return np.asarray(pil)


def transmit(page: np.ndarray, rng: np.random.Generator, tti: str) -> Image.Image:
    """``page``: grayscale uint8 rendering at 150 dpi; returns a mode-1 image."""
    h, w = page.shape
    img = degrade.rotate(page, float(rng.uniform(-0.5, 0.5)))
    stretch = float(rng.uniform(1.004, 1.008))  # the feed runs a little slow
    img = cv2.resize(img, (w, round(h * stretch)), interpolation=cv2.INTER_LINEAR)[:h]
    img = _header(img, tti)
    img = degrade.blur(img, 0.45)
    a = img.astype(np.float32) + rng.normal(0, 10, img.shape).astype(np.float32)
    bw = np.where(a < 150, 0, 255).astype(np.uint8)
    n = int(h * w * 0.00012)
    bw[rng.integers(0, h, n), rng.integers(0, w, n)] = 0  # specks
    for y in rng.integers(60, h - 20, 6):  # dropouts: white runs on a scan line
        x0 = int(rng.integers(0, w - 200))
        bw[int(y), x0:x0 + int(rng.integers(80, 400))] = 255
    x = int(rng.integers(int(0.02 * w), int(0.06 * w)))  # streak in the left margin
    y0 = int(rng.integers(0, h // 5))
    bw[y0:, x] = 0
    return Image.fromarray(bw).convert("1")
