"""Our reading of a page as blocks, lines and words with boxes: what ALTO and the PDF text layer
hold.

Running text comes as lines with the box of their ink. A table cell holds its text and the box of
the cell, not of the ink; its text is put where printed text sits in a ruled cell, centred, with
characters about as wide as tall (Chinese characters are square) and never larger than the cell.
Words are whitespace-separated runs (a run of Chinese characters is one word), each given the
share of its line's width that its characters take.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletin.schemas.extracted import PageContent, Word
from bulletin.schemas.geometry import Box


@dataclass(frozen=True)
class Line:
    box: Box
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class Block:
    """A text block: one running-text line, or one table cell (`table` is its grid's index)."""

    box: Box
    lines: tuple[Line, ...]
    table: int | None = None


def page_blocks(page: PageContent) -> list[Block]:
    """Every piece of text on the page, top to bottom; table cells grouped by their grid."""
    blocks = [
        Block(line.box, (_line(line.text, line.box, line.confidence),))
        for line in page.lines if line.text.strip()
    ]  # fmt: skip
    for index, grid in enumerate(page.grids):
        for cell in grid.cells:
            if cell.text.strip():
                box = _ink_box(cell.text, cell.box)
                blocks.append(Block(cell.box, (_line(cell.text, box, cell.confidence),), index))
    return sorted(blocks, key=lambda b: (b.box.top, b.box.x0))


def _ink_box(text: str, cell: Box) -> Box:
    """Where the text of a ruled cell is printed: centred, square characters, inside the cell."""
    chars = max(1, len(text.strip()))
    size = min(cell.height, cell.width / chars)
    width = min(cell.width, size * chars)
    x0 = cell.x0 + (cell.width - width) / 2
    top = cell.top + (cell.height - size) / 2
    return Box.of(x0, top, x0 + width, top + size)


def _line(text: str, box: Box, confidence: float) -> Line:
    """The words of one line of text, each with its share of the line's box."""
    tokens = text.split()
    total = sum(len(t) for t in tokens) + max(0, len(tokens) - 1)  # a space between words
    words = []
    at = 0
    for token in tokens:
        x0 = box.x0 + box.width * at / total
        x1 = box.x0 + box.width * (at + len(token)) / total
        words.append(Word(text=token, box=Box.of(x0, box.top, x1, box.bottom),
                          confidence=confidence))
        at += len(token) + 1
    return Line(box, tuple(words))
