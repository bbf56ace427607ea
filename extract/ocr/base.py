"""The one small interface every OCR engine implements.

One call: `read_lines` for a batch of crops that each hold one short piece of text (a table
cell's line, a line of prose). The page layout finds the lines from pixels, so an engine's own
layout analysis is never needed, and it is loaded and started once per page, never per cell.
"""

from __future__ import annotations

from itertools import pairwise
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

import numpy as np

from bulletin.schemas.text import HAN, join_cjk

DIGITS = "0123456789.-%"  # what a numeric table cell may hold
# A lone bar-like Latin letter between two Han characters is a stroke read twice (the left
# stroke of 旧 or 帅), never text: Chinese sets no single Latin letter inside a word.
_STRAY_BAR = re.compile(rf"(?<=[{HAN}])[|Il丨](?=[{HAN}])")


_THREADS = [1]  # threads this process's recogniser may use now (see `threads_allowed`)


@contextmanager
def threads_allowed(count: int) -> Iterator[None]:
    """Let an engine that reads crops alone read them on `count` threads meanwhile: the
    run allows it for its last tasks, when other workers have nothing left and their cores
    would idle (the reads are the same on any number of threads)."""
    before, _THREADS[0] = _THREADS[0], max(1, count)
    try:
        yield
    finally:
        _THREADS[0] = before


def allowed_threads() -> int:
    return _THREADS[0]


def tidy_spaces(text: str) -> str:
    """Drop the spaces engines put between Han characters, around full-width brackets and
    inside numbers (`1. 57`), and stray bar strokes between Han characters; keep single
    spaces between Latin words."""
    parts = text.split()
    spaced = [True] + [
        not (is_number_char(a[-1]) and is_number_char(b[0])) for a, b in pairwise(parts)
    ]
    return _STRAY_BAR.sub("", join_cjk(parts, spaced))


def is_number_char(ch: str) -> bool:
    """A character of a printed number: OCR splits `1.57` as `1. 57`, never Latin words."""
    return ch.isdigit() or ch in ".,%-"


class OcrEngine(ABC):
    """An OCR engine; heavy imports and model loading happen inside the subclass."""

    name: ClassVar[str]
    # Whether reading a line again (digits only, or resized) can change the result; an
    # engine that normalises line height and cannot restrict its alphabet says False.
    second_reads: ClassVar[bool] = True
    # Whether each crop is read on its own, so that splitting a batch into several calls (or
    # threads) gives the same reads; an engine that packs crops into one image says False.
    reads_alone: ClassVar[bool] = False

    def __init__(self, languages: str = "chi_sim+eng", timeout: float = 120.0) -> None:
        self.languages = languages
        self.timeout = timeout

    @abstractmethod
    def read_lines(
        self, crops: list[np.ndarray], dpi: float, digits: bool = False
    ) -> list[tuple[str, float]]:
        """(text, confidence) per greyscale crop, in order, from one batched call.

        With `digits`, only DIGITS may be read (second reads of numeric cells); an engine
        that cannot restrict its alphabet drops other characters and lowers the confidence.
        """

    def read_numbers(self, crops: list[np.ndarray], dpi: float) -> list[tuple[str, float]]:
        """Digits-only reads, each scored by its least sure character: a second read of a
        number must see every digit and the point (one wrong character is a wrong number). An
        engine that scores only whole lines gives its line score."""
        return self.read_lines(crops, dpi, digits=True)
