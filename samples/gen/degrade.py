"""Pixel degradations that make a clean rendering look scanned.

Every function takes and returns a ``uint8`` numpy image (H x W grayscale or
H x W x 3 RGB) and draws randomness only from the ``Generator`` passed in, so
a fixed seed gives the same pixels on every run.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
from PIL import Image

WHITE = 255


def rotate(img: np.ndarray, degrees: float) -> np.ndarray:
    """Rotate about the centre, counter-clockwise for positive angles, keeping
    the page size; the uncovered corners are paper white (a skewed feed)."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    border = (WHITE, WHITE, WHITE) if img.ndim == 3 else WHITE
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=border)


def blur(img: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur: a scanner's optics at the given sigma (pixels)."""
    return cv2.GaussianBlur(img, (0, 0), sigma) if sigma > 0 else img


def paper_and_noise(img: np.ndarray, rng: np.random.Generator, sigma: float,
                    speckles: int) -> np.ndarray:
    """Sensor noise, a faint uneven paper tone and dust specks, followed by the
    scanner's level stretch that clips most of the paper back to white (which
    also keeps the JPEG small)."""
    h, w = img.shape[:2]
    a = img.astype(np.float32)
    tone = cv2.resize(rng.normal(0, 3, (8, 6)).astype(np.float32), (w, h),
                      interpolation=cv2.INTER_CUBIC)
    noise = rng.normal(0, sigma, (h, w)).astype(np.float32)
    shade = tone - np.abs(tone).mean() + noise
    a = a + (shade[..., None] if img.ndim == 3 else shade)
    a = (a - 18.0) * 255.0 / (240.0 - 18.0)
    out = np.clip(a, 0, 255).astype(np.uint8)
    ys = rng.integers(0, h, speckles)
    xs = rng.integers(0, w, speckles)
    for y, x in zip(ys, xs, strict=True):
        r = int(rng.integers(1, 3))
        cv2.circle(out, (int(x), int(y)), r, (70, 70, 70) if img.ndim == 3 else 70, -1)
    return out


def jpeg_roundtrip(img: np.ndarray, quality: int) -> np.ndarray:
    """Compress and decompress once: the blocking of an earlier lossy save."""
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return np.asarray(Image.open(buf).convert("RGB" if img.ndim == 3 else "L"))


def bilevel(img: np.ndarray, threshold: int) -> Image.Image:
    """Black-and-white as a fax-mode scanner makes it (for CCITT group 4)."""
    gray = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    return Image.fromarray(np.where(gray < threshold, 0, 255).astype(np.uint8)).convert("1")
