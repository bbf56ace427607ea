"""The one small interface every OCR engine implements.

Two calls only: `read` for a whole image (words with boxes) and `read_lines` for a batch of
crops that each hold one short piece of text (a table cell's line). The page pipeline uses
`read_lines` so that an engine is loaded and started once per page, never once per cell.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

import numpy as np

from schemas.extracted import Word

DIGITS = "0123456789.-%"  # what a numeric table cell may hold


class OcrEngine(ABC):
    """An OCR engine; heavy imports and model loading happen inside the subclass."""

    name: ClassVar[str]

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
