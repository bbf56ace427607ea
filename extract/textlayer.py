"""A PDF page's own text layer: characters with boxes, ruling segments, and a soundness test.

Characters (not pdfplumber's space-split words) are the unit, because Chinese runs carry no
spaces: a "word" can run across a cell border, a character never does.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from extract.segments import Segment
from schemas.extracted import Word
from schemas.geometry import Box

_CID = re.compile(r"\(cid:\d+\)")


def page_words(page: Any) -> list[Word]:
    """Every visible, non-blank character of a pdfplumber page as a one-character Word."""
    words = []
    for ch in page.chars:
        text = ch.get("text", "")
        if not text.strip():
            continue
        x0, x1 = float(ch["x0"]), float(ch["x1"])
        top, bottom = float(ch["top"]), float(ch["bottom"])
        if x1 <= x0 or bottom <= top:
            continue
        words.append(Word(text=text, box=Box.of(x0, top, x1, bottom)))
    return words


def page_segments(page: Any) -> list[Segment]:
    """Ruling segments from lines and rectangle edges (a border drawn as a thin filled
    rectangle gives two close edges, which grid building snaps into one rule)."""
    segments = []
    for e in page.edges:
        if not _visible(e):
            continue
        x0, x1 = float(e["x0"]), float(e["x1"])
        top, bottom = float(e["top"]), float(e["bottom"])
        if e.get("orientation") == "h":
            segments.append(Segment(True, (top + bottom) / 2, x0, x1))
        elif e.get("orientation") == "v":
            segments.append(Segment(False, (x0 + x1) / 2, top, bottom))
    return segments


def _visible(edge: dict[str, Any]) -> bool:
    """Stroked rules and non-white fills count; white fills (page backgrounds) do not."""
    if edge.get("stroke"):
        return True
    return bool(edge.get("fill")) and not _is_white(edge.get("non_stroking_color"))


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    values = list(color) if isinstance(color, (list, tuple)) else [color]
    if not all(isinstance(v, (int, float)) for v in values):
        return False
    if len(values) == 4:  # CMYK: white is no ink
        return all(v <= 0.05 for v in values)
    return all(v >= 0.95 for v in values)


def text_quality(text: str) -> float:
    """Share of characters that look like real text (0..1).

    A font without a Unicode map gives `(cid:NN)`, control characters or a spray of ASCII
    punctuation and Latin-1 symbols where Chinese should be; real Chinese or English text
    has few of those.
    """
    text = _CID.sub("\x00", text)
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    bad = sum(1 for c in chars if _suspicious(c))
    return 1.0 - bad / len(chars)


def _suspicious(c: str) -> bool:
    cat = unicodedata.category(c)
    if cat in ("Cc", "Co", "Cs", "Cn") or c == "\ufffd":
        return True
    o = ord(c)
    if 0x80 <= o <= 0x2FF:  # Latin-1 supplement and extended: mojibake, not bulletin text
        return True
    return c in "!\"#$&'*+;<=>?@[\\]^_`{|}~"
