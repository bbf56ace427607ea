"""Column gaps (channels) in aligned text: where a table's body leaves blank, every line of it.

A *split line* has at least one gap wider than `min_channel` line heights; a *body* is a run
of split lines, close together, whose gaps line up; a *channel* is an x-interval (almost)
every split line of the body leaves blank. Justified prose, tables of contents and numbered
clauses are told apart here, before any table is built.
"""

from __future__ import annotations

from bulletin.extract.grid.chunks import Line, TextTolerance
from bulletin.schemas.extracted import Word
from bulletin.schemas.geometry import Box


_PROSE_WIDTH = 15.0  # line heights: a justified line at least this wide is running text


def without_prose(chunks: list[Word]) -> list[Word]:
    """Chunks of justified running text left out: three or more lines of one width and one
    left edge (of different lengths, so not a repeated cell), and everything inside the
    column they make (a paragraph's shorter last line, a line whose wide spaces cut it into
    words). Such a column beside a table, or beside another column, is not a table column."""
    wide = [
        c for c in chunks
        if c.box.width >= _PROSE_WIDTH * max(c.box.height, 1.0) and not _dotted(c)
    ]
    blocks: list[Box] = []
    for c in wide:
        same = [
            o for o in wide
            if abs(o.box.x0 - c.box.x0) <= 1.0 and abs(o.box.x1 - c.box.x1) <= 1.0
        ]
        if len(same) >= 3 and len({len(o.text) for o in same}) >= 3:
            block = same[0].box
            for o in same[1:]:
                block = block.union(o.box)
            blocks.append(block)
    if not blocks:
        return chunks
    return [
        c for c in chunks
        if not any(b.contains_point(c.box.x0, c.box.top, 1.0)
                   and b.contains_point(c.box.x1, c.box.bottom, 1.0) for b in blocks)
    ]


def line_gaps(line: Line, tol: TextTolerance) -> list[tuple[float, float]]:
    """Wide gaps between consecutive chunks of a line."""
    out = []
    for a, b in zip(line.chunks, line.chunks[1:], strict=False):
        if b.box.x0 - a.box.x1 >= tol.min_channel * line.height:
            out.append((a.box.x1, b.box.x0))
    return out


def lines_close(upper: Line, lower: Line, tol: TextTolerance) -> bool:
    return lower.top - upper.bottom <= tol.max_line_gap * max(upper.height, lower.height)


def bodies(lines: list[Line], tol: TextTolerance) -> list[list[int]]:
    """Runs of line indices: split lines, close together, with few unsplit lines between,
    each split line sharing a gap with the split line before it (the same column gap)."""
    runs: list[list[int]] = []
    current: list[int] = []
    loose = 0
    last_split: int | None = None
    for i, line in enumerate(lines):
        gaps = line_gaps(line, tol)
        if current and not lines_close(lines[i - 1], line, tol):
            runs.append(current)
            current, loose, last_split = [], 0, None
        if gaps:
            if last_split is not None and not _share_gap(line_gaps(lines[last_split], tol), gaps):
                runs.append(current)
                current = []
            current.append(i)
            loose, last_split = 0, i
        elif current:
            loose += 1
            if loose > tol.max_loose_lines:
                runs.append(current)
                current, loose, last_split = [], 0, None
            else:
                current.append(i)
    if current:
        runs.append(current)
    out = []
    for run in runs:
        while run and not line_gaps(lines[run[-1]], tol):
            run = run[:-1]
        if sum(1 for i in run if line_gaps(lines[i], tol)) >= tol.min_rows:
            out.append(run)
    return out


def _share_gap(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    return any(min(hi, bhi) > max(lo, blo) for lo, hi in a for blo, bhi in b)


def find_channels(
    lines: list[Line], tol: TextTolerance, share: float
) -> list[tuple[float, float]]:
    """x-intervals left blank by all but `share` of the lines, at least `min_channel` wide,
    strictly inside the lines' extent."""
    if not lines:
        return []
    height = median([ln.height for ln in lines])
    x0, x1 = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    allowed = max(1, int(share * len(lines))) if share and len(lines) >= 4 else 0
    events: list[tuple[float, int]] = []
    for ln in lines:
        for c in ln.chunks:
            events.append((c.box.x0, 1))
            events.append((c.box.x1, -1))
    events.sort()
    channels = []
    depth, start = 0, None
    for x, step in events:
        before = depth
        depth += step
        if before > allowed >= depth:
            start = x
        elif before <= allowed < depth and start is not None:
            if x - start >= tol.min_channel * height and x0 < start and x < x1:
                channels.append((start, x))
            start = None
    return channels


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 1.0


def leaders(lines: list[Line]) -> bool:
    """A table of contents: entries joined to their page numbers by dot leaders."""
    dotted = sum(1 for ln in lines for c in ln.chunks if _dotted(c))
    return dotted >= 0.3 * len(lines)


def _dotted(chunk: Word) -> bool:
    text = chunk.text.replace(" ", "")
    return "....." in text or "\u2026\u2026" in text or "\u00b7" * 5 in text


def marker_column(lines: list[Line], channel: tuple[float, float]) -> bool:
    """Two columns: short marks (footnote signs, clause or list numbers) before running
    text. Numbered notes or paragraphs, not a table."""
    lo, hi = channel
    height = median([ln.height for ln in lines])
    left = [c.box.width for ln in lines for c in ln.chunks if c.box.x1 <= lo + 0.5]
    right = [c.box.width for ln in lines for c in ln.chunks if c.box.x0 >= hi - 0.5]
    if not left or not right:
        return False
    return max(left) < 4.0 * height and max(right) >= _PROSE_WIDTH * height


def intrudes(line: Line, channel: tuple[float, float]) -> bool:
    lo, hi = channel
    return any(c.box.x0 < hi - 0.5 and c.box.x1 > lo + 0.5 for c in line.chunks)


def shrunk(
    channel: tuple[float, float], lines: list[Line], tol: TextTolerance
) -> tuple[float, float]:
    """The channel narrowed to leave out text that reaches into it from one side (a long
    label in a ragged column), as long as it stays a column gap; text that runs right
    across it spans the columns instead."""
    lo, hi = channel
    height = median([ln.height for ln in lines])
    for ln in lines:
        for c in ln.chunks:
            new_lo, new_hi = lo, hi
            if c.box.x0 <= lo < c.box.x1 < hi:
                new_lo = c.box.x1
            elif lo < c.box.x0 < hi <= c.box.x1:
                new_hi = c.box.x0
            if new_hi - new_lo >= tol.min_channel * height:
                lo, hi = new_lo, new_hi
    return lo, hi


def _across(line: Line, channel: tuple[float, float]) -> bool:
    lo, hi = channel
    return any(c.box.x0 < lo - 0.5 and c.box.x1 > hi + 0.5 for c in line.chunks)


def cut_by(line: Line, channel: tuple[float, float]) -> bool:
    """The line has text on both sides of the channel and none across it."""
    lo, hi = channel
    left = any(c.box.x1 <= lo + 0.5 for c in line.chunks)
    right = any(c.box.x0 >= hi - 0.5 for c in line.chunks)
    across = any(c.box.x0 < lo - 0.5 and c.box.x1 > hi + 0.5 for c in line.chunks)
    return left and right and not across


