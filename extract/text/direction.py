"""Text direction: rotated text read in its own frame, and rotated tables turned upright.

A table printed sideways (landscape on a portrait page) has characters whose baseline runs
down or up the page. Reading them needs the boxes mapped into a frame where that text runs
left to right; the frame is only used for ordering, every stored box stays in page points.
"""

from __future__ import annotations

from collections import Counter
from enum import IntEnum

from bulletin.schemas.extracted import Word
from bulletin.schemas.geometry import Box


class TextDirection(IntEnum):
    """Where a line of text runs, as clockwise degrees from upright left-to-right text."""

    RIGHT = 0  # ordinary upright text
    DOWN = 90  # page content turned clockwise: reads top to bottom
    LEFT = 180  # upside down
    UP = 270  # page content turned anticlockwise: reads bottom to top


class DirectedWord(Word):
    """A text-layer Word that knows its direction (OCR words are upright `Word`s)."""

    direction: TextDirection = TextDirection.RIGHT


def direction_of(word: Word) -> TextDirection:
    return word.direction if isinstance(word, DirectedWord) else TextDirection.RIGHT


def direction_from_matrix(a: float, b: float) -> TextDirection:
    """Direction of a glyph from its text matrix's first column (PDF space, y up)."""
    if abs(a) >= abs(b):
        return TextDirection.RIGHT if a >= 0 else TextDirection.LEFT
    return TextDirection.DOWN if b < 0 else TextDirection.UP


def dominant_direction(words: list[Word]) -> TextDirection:
    """The direction most characters run in (upright on a tie or when empty)."""
    counts = Counter(direction_of(w) for w in words)
    if not counts:
        return TextDirection.RIGHT
    best = max(counts.values())
    if counts.get(TextDirection.RIGHT, 0) == best:
        return TextDirection.RIGHT
    return max(counts, key=lambda d: counts[d])


def to_reading_frame(box: Box, direction: TextDirection) -> Box:
    """Map a page box into the frame where text of `direction` runs left to right.

    The result is only for ordering (it may have negative coordinates).
    """
    if direction is TextDirection.DOWN:
        return Box(x0=box.top, top=-box.x1, x1=box.bottom, bottom=-box.x0)
    if direction is TextDirection.UP:
        return Box(x0=-box.bottom, top=box.x0, x1=-box.top, bottom=box.x1)
    if direction is TextDirection.LEFT:
        return Box(x0=-box.x1, top=-box.bottom, x1=-box.x0, bottom=-box.top)
    return box


def from_reading_frame(box: Box, direction: TextDirection) -> Box:
    """Inverse of `to_reading_frame`: back to page points."""
    if direction is TextDirection.DOWN:
        return Box.of(-box.bottom, box.x0, -box.top, box.x1)
    if direction is TextDirection.UP:
        return Box.of(box.top, -box.x1, box.bottom, -box.x0)
    if direction is TextDirection.LEFT:
        return Box.of(-box.x1, -box.bottom, -box.x0, -box.top)
    return box


def upright_words(words: list[Word], direction: TextDirection) -> list[Word]:
    """Copies of the words with boxes in the reading frame of `direction`."""
    if direction is TextDirection.RIGHT:
        return list(words)
    return [
        Word(text=w.text, box=to_reading_frame(w.box, direction), confidence=w.confidence)
        for w in words
    ]


def upright_slot(
    row: int, col: int, rowspan: int, colspan: int, n_rows: int, n_cols: int,
    direction: TextDirection,
) -> tuple[int, int, int, int]:
    """A cell's (row, col, rowspan, colspan) once a table printed in `direction` is upright.

    A table turned clockwise (DOWN) has its header at the page's right: its rows run right
    to left across the page and its columns top to bottom.
    """
    if direction is TextDirection.DOWN:
        return n_cols - col - colspan, row, colspan, rowspan
    if direction is TextDirection.UP:
        return col, n_rows - row - rowspan, colspan, rowspan
    if direction is TextDirection.LEFT:
        return n_rows - row - rowspan, n_cols - col - colspan, rowspan, colspan
    return row, col, rowspan, colspan


def upright_shape(n_rows: int, n_cols: int, direction: TextDirection) -> tuple[int, int]:
    if direction in (TextDirection.DOWN, TextDirection.UP):
        return n_cols, n_rows
    return n_rows, n_cols
