"""Text chunks: runs of text on one line with no wide gap inside, the unit that text
alignment finds columns among (a text layer's characters joined; a scan's OCR'd line pieces,
which the page layout already cuts at wide gaps, are chunks as they are)."""

from __future__ import annotations

from dataclasses import dataclass

from bulletin.extract.text.order import group_lines, join_words, union_box
from bulletin.schemas.extracted import Word


@dataclass(frozen=True)
class TextTolerance:
    """Text-alignment thresholds, in line heights (font size) unless said otherwise."""

    chunk_gap: float = 0.4  # a wider gap between characters ends a chunk (a space is ~0.25)
    min_channel: float = 0.5  # narrowest gap between two columns
    max_line_gap: float = 2.6  # a wider vertical gap between lines ends a table
    max_loose_lines: int = 2  # unsplit lines (section labels, wraps) a body may hold in a row
    min_rows: int = 3  # split lines a body needs
    min_cut_share: float = 0.5  # share of a body's lines its column gaps must cut
    crossing_share: float = 0.12  # share of body lines whose text may cross a column gap
    header_lines: int = 6  # lines above a body that may be its header
    full_rule: float = 0.8  # a rule this share of the table's width bounds it
    foot_rule: float = 0.97  # a rule inside the table this wide ends its header
    min_width: float = 72.0  # points: narrower "tables" are a column of numbers in prose


@dataclass
class Line:
    chunks: list[Word]

    @property
    def top(self) -> float:
        return min(c.box.top for c in self.chunks)

    @property
    def bottom(self) -> float:
        return max(c.box.bottom for c in self.chunks)

    @property
    def x0(self) -> float:
        return min(c.box.x0 for c in self.chunks)

    @property
    def x1(self) -> float:
        return max(c.box.x1 for c in self.chunks)

    @property
    def height(self) -> float:
        heights = sorted(c.box.height for c in self.chunks)
        return max(heights[len(heights) // 2], 1.0)


def text_chunks(words: list[Word], tol: TextTolerance = TextTolerance()) -> list[Word]:
    """Words (a text layer's characters) joined into chunks on each line, cut at gaps wider
    than `chunk_gap` line heights. Sideways characters (a Mongolian word in a Chinese line)
    count as ink where they stand, so that they never leave a false column gap."""
    upright = [w for w in words if w.text.strip()]
    chunks: list[Word] = []
    for line in group_lines(upright):
        part: list[Word] = []
        for w in line:
            if part:
                height = max(min(part[-1].box.height, w.box.height), 1.0)
                if w.box.x0 - part[-1].box.x1 > tol.chunk_gap * height:
                    chunks.append(_chunk(part))
                    part = []
            part.append(w)
        if part:
            chunks.append(_chunk(part))
    return chunks


def _chunk(part: list[Word]) -> Word:
    return Word(
        text=join_words(part), box=union_box(part), confidence=min(w.confidence for w in part)
    )


