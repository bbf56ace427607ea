"""Many small crops pasted onto one image, and words mapped back to the crop they fell in.

Starting tesseract costs ~150 ms (process + model); a page has a hundred cells. One strip
per page keeps that cost constant, and the white gap between crops stops a word from
running from one cell into the next.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_STRIP_HEIGHT = 30000  # tesseract refuses images taller than 32767 px


@dataclass(frozen=True)
class Slot:
    """Where crop `index` sits on its strip: rows y0..y1, columns x0..x1 (pixels)."""

    index: int
    y0: int
    y1: int
    x0: int
    x1: int


def pack(crops: list[np.ndarray], gap: int) -> list[tuple[np.ndarray, list[Slot]]]:
    """Stack crops vertically, `gap` white pixels around each; several strips if very tall."""
    strips: list[tuple[np.ndarray, list[Slot]]] = []
    group: list[int] = []
    height = gap
    for i, crop in enumerate(crops):
        h = crop.shape[0] + gap
        if group and height + h > MAX_STRIP_HEIGHT:
            strips.append(_paste(crops, group, gap))
            group, height = [], gap
        group.append(i)
        height += h
    if group:
        strips.append(_paste(crops, group, gap))
    return strips


def _paste(crops: list[np.ndarray], group: list[int], gap: int) -> tuple[np.ndarray, list[Slot]]:
    width = max(crops[i].shape[1] for i in group) + 2 * gap
    height = sum(crops[i].shape[0] + gap for i in group) + gap
    canvas = np.full((height, width), 255, dtype=np.uint8)
    slots = []
    y = gap
    for i in group:
        h, w = crops[i].shape[:2]
        canvas[y : y + h, gap : gap + w] = crops[i]
        slots.append(Slot(i, y, y + h, gap, gap + w))
        y += h + gap
    return canvas, slots


def slot_of(slots: list[Slot], cy: float, gap: int) -> Slot | None:
    """The slot whose rows (widened by half the gap) hold the vertical centre `cy`."""
    half = gap / 2
    for s in slots:
        if s.y0 - half <= cy < s.y1 + half:
            return s
    return None
