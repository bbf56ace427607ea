"""Reading order: words -> lines -> text, with CJK-aware joining.

Chinese is written without spaces, so a space is only inserted between two non-CJK runs that
are visibly apart; line breaks inside a Chinese cell are wraps, not word breaks.
"""

from __future__ import annotations

from itertools import pairwise
from bulletin.extract.text.direction import (
    TextDirection,
    direction_of,
    dominant_direction,
    from_reading_frame,
    upright_words,
)
from bulletin.schemas.extracted import TextLine, Word
from bulletin.schemas.text import join_cjk
from bulletin.schemas.geometry import Box

# Gap (in line heights) between Latin/digit characters that reads as a space. Text layers
# place the space glyph (about a quarter em) in the gap and kerning leaves ~0, so the cut
# sits between them, as pdfminer's word_margin (0.1) does.
_GAP_SPACE = 0.12


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines (top to bottom), each line sorted left to right.

    A word joins a line when its vertical centre lies within the line's current extent.
    """
    lines: list[list[Word]] = []
    extents: list[tuple[float, float]] = []
    for w in sorted(words, key=lambda w: (w.box.top, w.box.x0)):
        cy = (w.box.top + w.box.bottom) / 2
        for i, (top, bottom) in enumerate(extents):
            if top <= cy <= bottom:
                lines[i].append(w)
                extents[i] = (min(top, w.box.top), max(bottom, w.box.bottom))
                break
        else:
            lines.append([w])
            extents.append((w.box.top, w.box.bottom))
    order = sorted(range(len(lines)), key=lambda i: extents[i][0])
    return [sorted(lines[i], key=lambda w: w.box.x0) for i in order]


def join_words(words: list[Word], gap_space: float = _GAP_SPACE) -> str:
    """Text of one line of words sorted left to right: a space where two words are further
    apart than `gap_space` line heights (and neither side is CJK)."""
    spaced = [False] + [
        w.box.x0 - prev.box.x1 > gap_space * max(prev.box.height, w.box.height, 1.0)
        for prev, w in pairwise(words)
    ]
    return join_cjk([w.text for w in words], spaced)


def split_on_gaps(words: list[Word], gap_heights: float = 3.0) -> list[list[Word]]:
    """Cut one visual line where the gap exceeds `gap_heights` line heights.

    A red-head document prints the document number and the signer on one line, far apart:
    they are two fields, not one sentence.
    """
    parts: list[list[Word]] = []
    for w in words:
        if parts:
            prev = parts[-1][-1]
            height = max(prev.box.height, w.box.height, 1.0)
            if w.box.x0 - prev.box.x1 > gap_heights * height:
                parts.append([w])
                continue
            parts[-1].append(w)
        else:
            parts.append([w])
    return parts


def cell_text(words: list[Word]) -> str:
    """Text of one cell: lines in the cell's dominant direction, wraps joined CJK-aware.

    A sideways header cell in an upright table reads in its own direction.
    """
    upright = upright_words(words, dominant_direction(words))
    return join_cjk([join_words(line) for line in group_lines(upright)])


def text_lines(words: list[Word]) -> list[TextLine]:
    """Running text as lines in reading order, each with its box and weakest confidence.

    Upright lines come first (top to bottom); sideways lines follow, each read in its own
    direction, with its box mapped back to page points.
    """
    out: list[TextLine] = []
    for direction in TextDirection:
        group = [w for w in words if direction_of(w) is direction]
        for line in group_lines(upright_words(group, direction)):
            for part in split_on_gaps(line):
                text = join_words(part).strip()
                if text:
                    box = from_reading_frame(union_box(part), direction)
                    confidence = min(w.confidence for w in part)
                    out.append(TextLine(text=text, box=box, confidence=confidence))
    return out


def union_box(words: list[Word]) -> Box:
    box = words[0].box
    for w in words[1:]:
        box = box.union(w.box)
    return box
