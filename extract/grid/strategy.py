"""A page's table frames by the chosen strategy: ruling lines, text alignment, or both.

`lines` is the lattice reader alone (rules -> frames). `text` takes columns from text
alignment only. `auto` keeps every ruled table as the lattice reads it and adds text
alignment only where rules are missing or incomplete: a ruled frame whose body rows have no
column rules is split where its text leaves the header's columns blank, a one-cell box is a
box (its text is free again), and text outside every frame is searched for borderless and
three-line tables.
"""

from __future__ import annotations

from bulletin.extract.grid.aligned import find_text_grids
from bulletin.extract.grid.chunks import TextTolerance, text_chunks
from bulletin.extract.grid.frames import GridFrame, GridTolerance, find_grids
from bulletin.extract.grid.openframes import complete_frames
from bulletin.extract.grid.segments import Segment
from bulletin.schemas.extracted import Word
from bulletin.schemas.geometry import Box
from bulletin.schemas.settings import TableStrategy

_OBJECT = "\ufffc"  # stands for ink that is not text in a chunk (never reaches a cell)


def table_frames(
    segments: list[Segment],
    words: list[Word],
    strategy: TableStrategy,
    grid_tol: GridTolerance = GridTolerance(),
    text_tol: TextTolerance = TextTolerance(),
    frames: list[GridFrame] | None = None,
    chunks: list[Word] | None = None,
    blockers: list[Box] | None = None,
) -> list[GridFrame]:
    """Frames in filling order (inner before outer, then top to bottom).

    `frames` are ruled frames already found (a scan finds them before OCR); `chunks` are
    the text runs when the words are not single characters (a scan's OCR'd line pieces);
    `blockers` are boxes of ink that is not text (glyphs drawn as images inside a line),
    which must not read as gaps between columns.
    """
    if frames is None:
        frames = find_grids(segments, grid_tol)
    if strategy is TableStrategy.LINES:
        return frames
    if chunks is None:
        ink = [Word(text=_OBJECT, box=b) for b in blockers or []]
        chunks = text_chunks([*words, *ink], text_tol)
    if strategy is TableStrategy.TEXT:
        return find_text_grids(chunks, segments, text_tol)
    ruled = complete_frames([f for f in frames if len(f.cells) > 1], chunks, text_tol)
    free = [c for c in chunks if not any(_holds(f, c) for f in ruled)]
    found = [
        t for t in find_text_grids(free, segments, text_tol)
        if not any(t.box.intersection_area(f.box) > 0 for f in ruled)
    ]
    return _in_order(ruled, found)


def inline_images(images: list[Box], max_height: float = 36.0) -> list[Box]:
    """A page's small images: glyphs or symbols drawn as pictures in a line of text (a
    Mongolian word in a Chinese standard), not figures or backgrounds."""
    return [b for b in images if 0 < b.height <= max_height and b.width > 0]


def _holds(frame: GridFrame, chunk: Word) -> bool:
    x, y = chunk.box.center
    return frame.box.contains_point(x, y)


def _in_order(ruled: list[GridFrame], found: list[GridFrame]) -> list[GridFrame]:
    """Text-found tables go before the first ruled frame lower on the page."""
    out = list(ruled)
    for t in sorted(found, key=lambda f: f.ys[0]):
        at = next((i for i, f in enumerate(out) if f.ys[0] > t.ys[0]), len(out))
        out.insert(at, t)
    return out
