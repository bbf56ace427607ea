"""Tesseract TSV -> pixel words -> text, undoing tesseract's habits with Chinese.

Tesseract separates every Han character with a space and splits numbers at the decimal
point (`1. 57`); Chinese has no spaces and a number is one token, so a space survives only
between two Latin words that are visibly apart.
"""

from __future__ import annotations

from itertools import pairwise
from dataclasses import dataclass

from bulletin.extract.ocr.base import is_number_char
from bulletin.schemas.text import join_cjk

_LATIN_GAP = 0.45  # gap in line heights that separates two Latin words


@dataclass(frozen=True)
class PixelWord:
    """One tesseract word in pixels of the image it read; `line` identifies its text line."""

    text: str
    x0: int
    y0: int
    x1: int
    y1: int
    confidence: float  # 0..1
    line: tuple[int, int, int]


def parse_tsv(tsv: str) -> list[PixelWord]:
    """Word rows (level 5) with text; tesseract's -1 confidences become 0."""
    words = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        conf = max(0.0, min(100.0, float(cols[10]))) / 100.0
        line = (int(cols[2]), int(cols[3]), int(cols[4]))
        words.append(PixelWord(text, left, top, left + width, top + height, conf, line))
    return words


def lines_of(words: list[PixelWord]) -> list[list[PixelWord]]:
    """Words grouped by tesseract's line id, lines top to bottom, words left to right."""
    groups: dict[tuple[int, int, int], list[PixelWord]] = {}
    for w in words:
        groups.setdefault(w.line, []).append(w)
    ordered = sorted(groups.values(), key=lambda ws: min(w.y0 for w in ws))
    return [sorted(ws, key=lambda w: w.x0) for ws in ordered]


def join_line(words: list[PixelWord]) -> str:
    """One line's text: no spaces at Han or digit boundaries, one between far Latin words
    ("1. 57", "2 021" are one number split by tesseract)."""
    spaced = [False] + [_spaced(prev, w) for prev, w in pairwise(words)]
    return join_cjk([w.text for w in words], spaced)


def _spaced(prev: PixelWord, word: PixelWord) -> bool:
    if is_number_char(prev.text[-1]) and is_number_char(word.text[0]):
        return False
    height = max(prev.y1 - prev.y0, word.y1 - word.y0, 1)
    return word.x0 - prev.x1 > _LATIN_GAP * height


def text_and_confidence(words: list[PixelWord]) -> tuple[str, float]:
    """Text of a crop (lines joined without spaces around Han) and its mean character
    confidence, as rapidocr scores a line.

    Not the weakest word: tesseract makes every Han character a word of its own, and
    chi_sim gives 0 to rare characters it reads right (马鹏洋 as 0.92, 0, 0.87), so a
    line's minimum dropped whole names and header labels (预计投资额 of 预计投资额（万元）,
    which loses the column) as unreadable. A line with one doubtful character still
    stays below the review threshold.
    """
    text = join_cjk([join_line(ws) for ws in lines_of(words)])
    chars = sum(len(w.text) for w in words)
    if not chars:
        return text, 0.0
    return text, sum(w.confidence * len(w.text) for w in words) / chars
