"""A PDF page's own text layer: characters with boxes, ruling segments, and a soundness test.

Characters (not pdfplumber's space-split words) are the unit, because Chinese runs carry no
spaces: a "word" can run across a cell border, a character never does.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from extract.orientation import DirectedWord, direction_from_matrix
from extract.segments import Segment
from schemas.extracted import Word
from schemas.geometry import Box

_CID = re.compile(r"\(cid:\d+\)")
# A filled rectangle thinner than this (points) is a rule drawn as a fill; a thicker one is a
# cell's background shading, whose edges are colour changes, not borders.
_MAX_RULE_WIDTH = 4.0


def page_words(page: Any) -> list[Word]:
    """Every visible, non-blank character of a pdfplumber page as a one-character Word.

    Each carries its direction (from the text matrix) so sideways tables read in order.
    """
    words: list[Word] = []
    for ch in page.chars:
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


def page_segments(page: Any) -> list[Segment]:
    """Ruling segments from lines, curves and rectangles.

    A stroked rectangle gives its four sides; a thin filled one (a border drawn as a fill)
    gives its centre line; a thick filled one is background shading and gives nothing.
    """
    segments = []
    for rect in page.rects:
        segments.extend(_rect_segments(rect))
    for e in page.edges:
        if e.get("object_type") == "rect_edge" or not _visible(e):
            continue
        x0, x1 = float(e["x0"]), float(e["x1"])
        top, bottom = float(e["top"]), float(e["bottom"])
        if e.get("orientation") == "h":
            segments.append(Segment(True, (top + bottom) / 2, x0, x1))
        elif e.get("orientation") == "v":
            segments.append(Segment(False, (x0 + x1) / 2, top, bottom))
    return segments


def _rect_segments(rect: dict[str, Any]) -> list[Segment]:
    x0, x1 = float(rect["x0"]), float(rect["x1"])
    top, bottom = float(rect["top"]), float(rect["bottom"])
    if rect.get("stroke"):
        return [
            Segment(True, top, x0, x1), Segment(True, bottom, x0, x1),
            Segment(False, x0, top, bottom), Segment(False, x1, top, bottom),
        ]
    if not _visible(rect):
        return []
    width, height = x1 - x0, bottom - top
    if height <= _MAX_RULE_WIDTH and width >= 2 * height:
        return [Segment(True, (top + bottom) / 2, x0, x1)]
    if width <= _MAX_RULE_WIDTH and height >= 2 * width:
        return [Segment(False, (x0 + x1) / 2, top, bottom)]
    return []


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


def is_scanned_page(page: Any, cover: float = 0.8) -> bool:
    """An image covers most of the page and nothing is drawn: a scan, whatever text lies on it."""
    area = float(page.width) * float(page.height)
    covered = any(
        (float(i["x1"]) - float(i["x0"])) * (float(i["bottom"]) - float(i["top"])) >= cover * area
        for i in page.images
    )
    return covered and not page_segments(page)
