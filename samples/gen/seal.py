"""A red circular official seal (公章) and stamping it onto a page image.

The seal is drawn as a coverage mask (ring, five-pointed star, the issuer's
name along the upper arc) with uneven ink, then multiplied onto the page the
way red ink darkens paper: black text under the seal stays black, which is
exactly what makes seals hard for OCR.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

SEAL_RGB = (205, 25, 35)
ARC_DEGREES = 250.0  # span of the text arc, centred on the top


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    pts = []
    for i in range(10):
        ang = math.radians(-90 + i * 36)
        rad = r if i % 2 == 0 else r * 0.382
        pts.append((cx + rad * math.cos(ang), cy + rad * math.sin(ang)))
    draw.polygon(pts, fill=255)


def _arc_text(mask: Image.Image, text: str, font: ImageFont.FreeTypeFont,
              radius: float, char_px: int) -> None:
    """Each character upright towards the rim, left to right over the top."""
    d = mask.width
    n = len(text)
    step = ARC_DEGREES / max(n - 1, 1)
    for i, ch in enumerate(text):
        ang = -90 - ARC_DEGREES / 2 + i * step  # degrees, 0 = east, clockwise in image
        glyph = Image.new("L", (char_px * 2, char_px * 2), 0)
        ImageDraw.Draw(glyph).text((char_px, char_px), ch, fill=255, font=font, anchor="mm")
        glyph = glyph.rotate(-(ang + 90), resample=Image.Resampling.BICUBIC)
        x = d / 2 + radius * math.cos(math.radians(ang)) - char_px
        y = d / 2 + radius * math.sin(math.radians(ang)) - char_px
        mask.paste(255, (round(x), round(y)), glyph)


def seal_mask(diameter: int, text: str, font_path: str, rng: np.random.Generator,
              font_index: int = 0) -> np.ndarray:
    """Ink coverage in [0, 1] of a ``diameter``-pixel seal."""
    mask = Image.new("L", (diameter, diameter), 0)
    draw = ImageDraw.Draw(mask)
    ring = max(2, int(diameter * 0.035))
    draw.ellipse((ring // 2, ring // 2, diameter - ring // 2 - 1, diameter - ring // 2 - 1),
                 outline=255, width=ring)
    _star(draw, diameter / 2, diameter / 2, diameter * 0.16)
    char_px = int(diameter * 0.15)
    font = ImageFont.truetype(font_path, char_px, index=font_index)
    _arc_text(mask, text, font, diameter / 2 - ring - char_px * 0.62, char_px)
    cover = np.asarray(mask, dtype=np.float32) / 255.0
    ink = cv2.resize(rng.uniform(0.55, 1.0, (9, 9)).astype(np.float32),
                     (diameter, diameter), interpolation=cv2.INTER_CUBIC)
    pores = rng.random((diameter, diameter)) > 0.06  # small unlinked specks
    return np.clip(cover * ink * pores, 0.0, 1.0)


def stamp(page: np.ndarray, mask: np.ndarray, cx: int, cy: int, degrees: float) -> np.ndarray:
    """Multiply the red seal onto an RGB page, centred at pixel (cx, cy) and
    turned by ``degrees``; parts falling off the page are dropped."""
    h, w = mask.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    mask = cv2.warpAffine(mask, m, (w, h))
    out = page.astype(np.float32)
    x0, y0 = cx - w // 2, cy - h // 2
    px0, py0 = max(x0, 0), max(y0, 0)
    px1, py1 = min(x0 + w, page.shape[1]), min(y0 + h, page.shape[0])
    sub = mask[py0 - y0:py1 - y0, px0 - x0:px1 - x0, None]
    tint = np.array(SEAL_RGB, dtype=np.float32) / 255.0
    out[py0:py1, px0:px1] *= 1.0 - sub * (1.0 - tint)
    return np.clip(out, 0, 255).astype(np.uint8)
