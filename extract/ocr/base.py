"""The one small interface every OCR engine implements.

Two calls only: `read` for a whole image (words with boxes) and `read_lines` for a batch of
crops that each hold one short piece of text (a table cell's line). The page pipeline uses
`read_lines` so that an engine is loaded and started once per page, never once per cell.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np

from schemas.extracted import Word

DIGITS = "0123456789.-%"  # what a numeric table cell may hold
# A lone bar-like Latin letter between two Han characters is a stroke read twice (the left
# stroke of 旧 or 帅), never text: Chinese sets no single Latin letter inside a word.
_STRAY_BAR = re.compile(r"(?<=[\u4e00-\u9fff])[|Il丨](?=[\u4e00-\u9fff])")


def tidy_spaces(text: str) -> str:
    """Drop the spaces engines put between Han characters, around full-width brackets and
    inside numbers (`1. 57`), and stray bar strokes between Han characters; keep single
    spaces between Latin words."""
    from extract.reading import is_cjk

    out = ""
    parts = text.split()
    for part in parts:
        if out and not (is_cjk(out[-1]) or is_cjk(part[0]) or _num(out[-1]) and _num(part[0])):
            out += " "
        out += part
    return _STRAY_BAR.sub("", out)


def _num(ch: str) -> bool:
    return ch.isdigit() or ch in ".,%-"


class OcrEngine(ABC):
    """An OCR engine; heavy imports and model loading happen inside the subclass."""

    name: ClassVar[str]
    # Whether reading a line again (digits only, or resized) can change the result; an
    # engine that normalises line height and cannot restrict its alphabet says False.
    second_reads: ClassVar[bool] = True

    def __init__(self, languages: str = "chi_sim+eng", timeout: float = 120.0) -> None:
        self.languages = languages
        self.timeout = timeout

    @abstractmethod
    def read(self, image: np.ndarray, dpi: float) -> list[Word]:
        """Words of a greyscale image, boxes in PDF points, confidence in [0, 1]."""

    @abstractmethod
    def read_lines(
        self, crops: list[np.ndarray], dpi: float, digits: bool = False
    ) -> list[tuple[str, float]]:
        """(text, confidence) per greyscale crop, in order, from one batched call.

        With `digits`, only DIGITS may be read (second reads of numeric cells); an engine
        that cannot restrict its alphabet drops other characters and lowers the confidence.
        """
