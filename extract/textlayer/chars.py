"""A PDF page's characters as one-character Words with boxes and reading direction.

Characters (not pdfplumber's space-split words) are the unit, because Chinese runs carry no
spaces: a "word" can run across a cell border, a character never does.
"""

from __future__ import annotations

from typing import Any

from bulletin.extract.text.direction import DirectedWord, direction_from_matrix
from bulletin.schemas.extracted import Word
from bulletin.schemas.geometry import Box


def page_words(chars: list[dict[str, Any]]) -> list[Word]:
    """Every visible, non-blank character (pdfplumber `page.chars`) as a one-character Word.

    Each carries its direction (from the text matrix) so sideways tables read in order.
    """
    words: list[Word] = []
    for ch in chars:
        text = ch.get("text", "")
        if not text.strip():
            continue
        x0, x1 = float(ch["x0"]), float(ch["x1"])
        top, bottom = float(ch["top"]), float(ch["bottom"])
        if x1 <= x0 or bottom <= top:
            continue
        matrix = ch.get("matrix") or (1.0, 0.0)
        direction = direction_from_matrix(float(matrix[0]), float(matrix[1]))
        box = Box.of(x0, top, x1, bottom)
        words.append(DirectedWord(text=text, box=box, direction=direction))
    return words
