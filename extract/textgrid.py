"""Tables without (enough) rules: columns from text alignment, rows from baselines and rules.

The input is text *chunks* - runs of text on one line with no wide gap inside (a text
layer's characters joined, or a scan's OCR'd line pieces, which the page layout already cuts
at wide gaps) - and the page's horizontal rules. The output is the same `GridFrame` the
ruled path builds, so filling, spans and everything after are shared.

How a table is told from other text:
- a *split line* is a line whose chunks are separated by at least one gap wider than
  `min_channel` line heights; prose, titles, letterheads and signature lines are single
  chunks (their words are closer than that);
- a *body* is a run of at least `min_rows` split lines, vertically close, whose gaps line up:
  a column gap (a *channel*) is an x-interval that the text of (almost) every split line of
  the run leaves blank, and every body line must be cut by one;
- lines just above a body belong to it (its header) when a rule closes them off from the
  text above, or when they are close and lie within the body's width;
- text that crosses a channel is a cell spanning the columns it covers; in a header closed
  off by a rule, a cell extends up over blank slots (a label beside a group of sub-columns).
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.grid import CellFrame, GridFrame
from extract.reading import group_lines, join_words, union_box
from extract.segments import Segment, merge_segments
from schemas.extracted import Word
from schemas.geometry import Box


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
class _Line:
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


def find_text_grids(
    chunks: list[Word], segments: list[Segment], tol: TextTolerance = TextTolerance()
) -> list[GridFrame]:
    """Tables found by text alignment among `chunks`, top to bottom.

    `segments` are the page's rules; only horizontal ones are used (table bounds, header
    rows, row borders), so vertical rules never change what text alignment finds.
    """
    chunks = _without_prose(chunks)
    lines = [_Line(sorted(line, key=lambda c: c.box.x0)) for line in group_lines(chunks)]
    rules = [s for s in merge_segments(segments, 2.0) if s.horizontal and s.length >= 8.0]
    frames = []
    for body in _bodies(lines, tol):
        frame = _table(lines, body, rules, tol)
        if frame is not None:
            frames.append(frame)
    return frames


_PROSE_WIDTH = 15.0  # line heights: a justified line at least this wide is running text


def _without_prose(chunks: list[Word]) -> list[Word]:
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


def _gaps(line: _Line, tol: TextTolerance) -> list[tuple[float, float]]:
    """Wide gaps between consecutive chunks of a line."""
    out = []
    for a, b in zip(line.chunks, line.chunks[1:], strict=False):
        if b.box.x0 - a.box.x1 >= tol.min_channel * line.height:
            out.append((a.box.x1, b.box.x0))
    return out


def _close(upper: _Line, lower: _Line, tol: TextTolerance) -> bool:
    return lower.top - upper.bottom <= tol.max_line_gap * max(upper.height, lower.height)


def _bodies(lines: list[_Line], tol: TextTolerance) -> list[list[int]]:
    """Runs of line indices: split lines, close together, with few unsplit lines between,
    each split line sharing a gap with the split line before it (the same column gap)."""
    runs: list[list[int]] = []
    current: list[int] = []
    loose = 0
    last_split: int | None = None
    for i, line in enumerate(lines):
        gaps = _gaps(line, tol)
        if current and not _close(lines[i - 1], line, tol):
            runs.append(current)
            current, loose, last_split = [], 0, None
        if gaps:
            if last_split is not None and not _share_gap(_gaps(lines[last_split], tol), gaps):
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
        while run and not _gaps(lines[run[-1]], tol):
            run = run[:-1]
        if sum(1 for i in run if _gaps(lines[i], tol)) >= tol.min_rows:
            out.append(run)
    return out


def _share_gap(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    return any(min(hi, bhi) > max(lo, blo) for lo, hi in a for blo, bhi in b)


def _channels(
    lines: list[_Line], tol: TextTolerance, share: float
) -> list[tuple[float, float]]:
    """x-intervals left blank by all but `share` of the lines, at least `min_channel` wide,
    strictly inside the lines' extent."""
    if not lines:
        return []
    height = _median([ln.height for ln in lines])
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


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 1.0


def _leaders(lines: list[_Line]) -> bool:
    """A table of contents: entries joined to their page numbers by dot leaders."""
    dotted = sum(1 for ln in lines for c in ln.chunks if _dotted(c))
    return dotted >= 0.3 * len(lines)


def _dotted(chunk: Word) -> bool:
    text = chunk.text.replace(" ", "")
    return "....." in text or "\u2026\u2026" in text or "\u00b7" * 5 in text


def _marker_column(lines: list[_Line], channel: tuple[float, float]) -> bool:
    """Two columns: short marks (footnote signs, clause or list numbers) before running
    text. Numbered notes or paragraphs, not a table."""
    lo, hi = channel
    height = _median([ln.height for ln in lines])
    left = [c.box.width for ln in lines for c in ln.chunks if c.box.x1 <= lo + 0.5]
    right = [c.box.width for ln in lines for c in ln.chunks if c.box.x0 >= hi - 0.5]
    if not left or not right:
        return False
    return max(left) < 4.0 * height and max(right) >= _PROSE_WIDTH * height


def _intrudes(line: _Line, channel: tuple[float, float]) -> bool:
    lo, hi = channel
    return any(c.box.x0 < hi - 0.5 and c.box.x1 > lo + 0.5 for c in line.chunks)


def _shrunk(
    channel: tuple[float, float], lines: list[_Line], tol: TextTolerance
) -> tuple[float, float]:
    """The channel narrowed to leave out text that reaches into it from one side (a long
    label in a ragged column), as long as it stays a column gap; text that runs right
    across it spans the columns instead."""
    lo, hi = channel
    height = _median([ln.height for ln in lines])
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


def _across(line: _Line, channel: tuple[float, float]) -> bool:
    lo, hi = channel
    return any(c.box.x0 < lo - 0.5 and c.box.x1 > hi + 0.5 for c in line.chunks)


def _cut_by(line: _Line, channel: tuple[float, float]) -> bool:
    """The line has text on both sides of the channel and none across it."""
    lo, hi = channel
    left = any(c.box.x1 <= lo + 0.5 for c in line.chunks)
    right = any(c.box.x0 >= hi - 0.5 for c in line.chunks)
    across = any(c.box.x0 < lo - 0.5 and c.box.x1 > hi + 0.5 for c in line.chunks)
    return left and right and not across


def _table(
    lines: list[_Line], run: list[int], rules: list[Segment], tol: TextTolerance
) -> GridFrame | None:
    split = [i for i in run if _gaps(lines[i], tol)]
    rough = _channels([lines[i] for i in split], tol, tol.crossing_share)
    # lines whose text runs right across a gap (titles, section labels) span columns; the
    # gaps themselves are where every other line leaves blank, however ragged its edge
    irregular = {i for i in split if any(_intrudes(lines[i], ch) for ch in rough)}
    channels = _channels([lines[i] for i in split if i not in irregular], tol, 0.0)
    channels = [_shrunk(ch, [lines[i] for i in split], tol) for ch in channels]
    if not channels:
        return None
    cut = [i for i in run if any(_cut_by(lines[i], ch) for ch in channels)]
    if len(cut) < tol.min_rows:
        return None
    # a channel few lines actually use is a ragged edge of text, not a column gap
    channels = [ch for ch in channels if sum(_cut_by(lines[i], ch) for i in cut) >= 2]
    if not channels:
        return None
    body = [i for i in run if cut[0] <= i <= cut[-1]]
    if len(cut) < tol.min_cut_share * len(body):
        return None  # a few aligned lines among headings and text: not a table
    if len(channels) == 1 and _marker_column([lines[i] for i in cut], channels[0]):
        return None
    if _leaders([lines[i] for i in body]):
        return None
    x0, x1 = min(lines[i].x0 for i in body), max(lines[i].x1 for i in body)
    if x1 - x0 < tol.min_width:
        return None
    height = _median([lines[i].height for i in body])
    reach = tol.header_lines * 2.0 * height
    top_rule = _bounding_rule(rules, x0, x1, tol, below=lines[body[0]].top, reach=reach)
    bottom_rule = _bounding_rule(rules, x0, x1, tol, above=lines[body[-1]].bottom)
    header = _header(lines, body[0], x0, x1, top_rule, tol)
    members = header + body
    end = body[-1]
    if bottom_rule is not None:  # lines between the body and the rule that closes the table
        while end + 1 < len(lines) and lines[end + 1].bottom <= bottom_rule.pos:
            end += 1
            members.append(end)
    members = sorted(set(members))
    table_lines = [lines[i] for i in members]
    x0 = min(x0, min(ln.x0 for ln in table_lines))
    x1 = max(x1, max(ln.x1 for ln in table_lines))
    pad = 0.25 * height
    xs = [x0 - pad, *((lo + hi) / 2 for lo, hi in channels), x1 + pad]
    top = top_rule.pos if top_rule is not None else table_lines[0].top - pad
    bottom = bottom_rule.pos if bottom_rule is not None else table_lines[-1].bottom + pad
    header_rule = _header_rule(rules, x0, x1, table_lines, tol)
    rows, borders = _rows(table_lines, rules, x0, x1, header_rule)
    n_header = len(borders) + 1 if header_rule is not None and rows else 0
    if header_rule is not None:
        n_header = min(n_header, sum(1 for row in rows if row[-1].bottom <= header_rule.pos))
    return _frame(rows, xs, top, bottom, n_header, borders, rules)


def _spans_width(rule: Segment, x0: float, x1: float, share: float) -> bool:
    overlap = min(rule.end, x1) - max(rule.start, x0)
    return overlap >= share * (x1 - x0)


def _bounding_rule(
    rules: list[Segment],
    x0: float,
    x1: float,
    tol: TextTolerance,
    below: float | None = None,
    above: float | None = None,
    reach: float = 0.0,
) -> Segment | None:
    """The nearest table-wide rule above `below` (or below `above`). Above a table, a rule
    across its whole width within `reach` wins over a nearer one that stops short (a group
    label's underline in the header)."""
    wide = [r for r in rules if _spans_width(r, x0, x1, tol.full_rule)]
    if below is not None:
        found = sorted((r for r in wide if r.pos <= below), key=lambda r: -r.pos)
        full = [
            r for r in found
            if _spans_width(r, x0, x1, tol.foot_rule) and below - r.pos <= reach
        ]
        return full[0] if full else (found[0] if found else None)
    assert above is not None
    found = [r for r in wide if r.pos >= above]
    return min(found, key=lambda r: r.pos) if found else None


def _header(
    lines: list[_Line],
    first: int,
    x0: float,
    x1: float,
    top_rule: Segment | None,
    tol: TextTolerance,
) -> list[int]:
    """Lines above the body that belong to the table: all lines below a table-wide rule
    that closes the table off (within `header_lines`); else close lines inside its width
    that do not read as a title (one chunk nearly as wide as the table)."""
    out: list[int] = []
    i = first - 1
    while i >= 0 and len(out) < tol.header_lines:
        line = lines[i]
        if top_rule is not None:
            if line.top < top_rule.pos:
                break
            out.append(i)
        else:
            height = line.height
            inside = line.x0 >= x0 - height and line.x1 <= x1 + height
            title = len(line.chunks) == 1 and line.x1 - line.x0 > 0.6 * (x1 - x0)
            if not (inside and not title and _close(line, lines[i + 1], tol)):
                break
            out.append(i)
        i -= 1
    if top_rule is not None and i >= 0 and lines[i].bottom > top_rule.pos:
        return []  # the "rule" runs through text above: it bounds nothing
    return out


def _header_rule(
    rules: list[Segment], x0: float, x1: float, table_lines: list[_Line], tol: TextTolerance
) -> Segment | None:
    """The first rule inside the table that runs its whole width: the header's foot (a
    group label's underline stops short of the stub column)."""
    top, bottom = table_lines[0].bottom, table_lines[-1].top
    found = [
        r for r in rules
        if top <= r.pos <= bottom and min(r.end, x1) - max(r.start, x0) >= tol.foot_rule * (x1 - x0)
    ]
    return min(found, key=lambda r: r.pos) if found else None


def _rows(
    table_lines: list[_Line],
    rules: list[Segment],
    x0: float,
    x1: float,
    header_rule: Segment | None,
) -> tuple[list[list[_Line]], list[float]]:
    """Body lines are one row each. Header text (above the header's foot rule) is cut into
    bands by the rules inside the header (a group label's underline); each band is one row
    (wrapped header text stays together). Returns the rows and the band borders."""
    if header_rule is None:
        return _body_rows(table_lines), []
    head = [ln for ln in table_lines if ln.bottom <= header_rule.pos]
    body = [ln for ln in table_lines if ln.bottom > header_rule.pos]
    if not head:
        return _body_rows(body), []
    top = min(ln.top for ln in head)
    borders = sorted(
        {round(r.pos, 1) for r in rules
         if top < r.pos < header_rule.pos - 1.0 and r.start < x1 and r.end > x0}
    )
    bands: list[list[Word]] = [[] for _ in range(len(borders) + 1)]
    for line in head:
        for c in line.chunks:
            bands[sum(1 for b in borders if c.box.center[1] > b)].append(c)
    kept = [i for i, band in enumerate(bands) if band]
    rows = [[_Line(sorted(bands[i], key=lambda c: c.box.x0))] for i in kept]
    # the border under each kept band: the last border before the next kept band
    under = [borders[kept[j + 1] - 1] for j in range(len(kept) - 1)]
    return rows + _body_rows(body), under


def _body_rows(lines: list[_Line]) -> list[list[_Line]]:
    """One row per line, except a line that continues the one above in every cell it
    fills: each of its pieces starts in lower case under a piece of the line above (text
    wrapped in its cells: `Disposable income per capita in / constant dollars`)."""
    rows: list[list[_Line]] = []
    for line in lines:
        above = rows[-1][-1] if rows else None
        if above is not None and _continues(above, line):
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _continues(above: _Line, line: _Line) -> bool:
    if line.top - above.bottom > 0.5 * line.height:
        return False
    for c in line.chunks:
        first = c.text.lstrip()[:1]
        if not ("a" <= first <= "z"):
            return False
        if not any(a.box.x0 - 1.0 <= c.box.x0 <= a.box.x1 for a in above.chunks):
            return False
    return True


def _frame(
    rows: list[list[_Line]],
    xs: list[float],
    top: float,
    bottom: float,
    n_header: int,
    borders: list[float],
    rules: list[Segment],
) -> GridFrame:
    ys = [top]
    for upper, lower in zip(rows, rows[1:], strict=False):
        lo = max(ln.bottom for ln in upper)
        hi = min(ln.top for ln in lower)
        between = [r.pos for r in rules if lo - 1.0 <= r.pos <= hi + 1.0]
        ys.append(min(between, key=lambda p: abs(p - (lo + hi) / 2)) if between else (lo + hi) / 2)
    ys.append(bottom)
    n_cols = len(xs) - 1
    # owner[r][c]: (top row, first col, last col) of the text group holding the slot
    owner: list[list[tuple[int, int, int] | None]] = [[None] * n_cols for _ in rows]
    for r, row in enumerate(rows):
        groups: list[list[int]] = []
        under = _underlines(rules, borders[r], xs) if r < len(borders) else []
        for line in row:
            for c in line.chunks:
                lo, hi = _col(xs, c.box.x0, True), _col(xs, c.box.x1, False)
                if r < n_header:
                    lo, hi = _underlined(c.box, under, xs, lo, hi)
                groups.append([min(lo, hi), max(lo, hi)])
        merged = _merge_intervals(groups)
        if len(merged) == 1 and len(row) == 1 and len(row[0].chunks) == 1 and r >= n_header:
            merged = [_centred_span(row[0].chunks[0].box, xs, *merged[0])]
        for a, b in merged:
            for k in range(a, b + 1):
                owner[r][k] = (r, a, b)
    _join_header_bands(owner, n_header, borders, xs, rules)
    _extend_header_up(owner, n_header)
    cells = []
    seen: set[tuple[int, int, int]] = set()
    for r in range(len(rows)):
        for k in range(n_cols):
            o = owner[r][k]
            if o is None:
                cells.append(CellFrame(r, k, 1, 1, Box.of(xs[k], ys[r], xs[k + 1], ys[r + 1])))
            elif o not in seen:
                seen.add(o)
                r0, a, b = o
                r1 = max(rr for rr in range(len(rows)) if owner[rr][a] == o)
                box = Box.of(xs[a], ys[r0], xs[b + 1], ys[r1 + 1])
                cells.append(CellFrame(r0, a, r1 - r0 + 1, b - a + 1, box))
    return GridFrame(xs=tuple(xs), ys=tuple(ys), cells=tuple(cells))


def _centred_span(box: Box, xs: list[float], a: int, b: int) -> tuple[int, int]:
    """A lone label crossing a column gap in the body (a sub-heading centred over the
    value columns) spans the widest run of columns, up to the last, it is centred on."""
    if a == b:
        return a, b
    centre = (box.x0 + box.x1) / 2
    last = len(xs) - 2
    for start in range(1, a + 1):
        lo, hi = xs[start], xs[last + 1]
        if abs(centre - (lo + hi) / 2) <= 0.05 * (hi - lo):
            return start, last
    return a, b


def _underlines(rules: list[Segment], border: float, xs: list[float]) -> list[Segment]:
    """Rules at a header band's lower border short of the table's width (the header's foot
    runs the whole width): group underlines."""
    return [
        r for r in rules if abs(r.pos - border) <= 1.0 and r.length < 0.97 * (xs[-1] - xs[0])
    ]


def _underlined(
    box: Box, under: list[Segment], xs: list[float], lo: int, hi: int
) -> tuple[int, int]:
    """A header label over an underline spans the columns the underline covers."""
    for rule in under:
        if rule.start - 2.0 <= box.x0 and box.x1 <= rule.end + 2.0:
            cols = [
                k for k in range(len(xs) - 1)
                if rule.start - 2.0 <= (xs[k] + xs[k + 1]) / 2 <= rule.end + 2.0
            ]
            if cols:
                return min(lo, cols[0]), max(hi, cols[-1])
    return lo, hi


def _join_header_bands(
    owner: list[list[tuple[int, int, int] | None]],
    n_header: int,
    borders: list[float],
    xs: list[float],
    rules: list[Segment],
) -> None:
    """A header label cut by a band border that no rule draws under it is one cell: the
    text of a column without an underline continues from band to band (`Age / group`)."""
    for r in range(min(n_header, len(borders) + 1) - 1):
        for k in range(len(xs) - 1):
            upper, lower = owner[r][k], owner[r + 1][k]
            if upper is None or lower is None or upper == lower:
                continue
            if (upper[1], upper[2]) != (lower[1], lower[2]) or lower[0] != r + 1:
                continue
            lo, hi = xs[upper[1]], xs[upper[2] + 1]
            ruled = any(
                abs(rule.pos - borders[r]) <= 1.0 and rule.start < hi - 1.0 and rule.end > lo + 1.0
                for rule in rules
            )
            if not ruled:
                for rr in range(len(owner)):
                    for kk in range(len(owner[rr])):
                        if owner[rr][kk] == lower:
                            owner[rr][kk] = upper


def _extend_header_up(owner: list[list[tuple[int, int, int] | None]], n_header: int) -> None:
    """In the header rows, a label extends up over blank slots to the header's top."""
    for r in range(n_header - 1, 0, -1):
        for k in range(len(owner[r])):
            o = owner[r][k]
            if o is None or o[1] != k or o[0] != r:
                continue
            _, a, b = o
            if all(owner[rr][kk] is None for rr in range(r) for kk in range(a, b + 1)):
                new = (0, a, b)
                for rr in range(len(owner)):
                    for kk in range(a, b + 1):
                        if rr < r or owner[rr][kk] == o:
                            owner[rr][kk] = new


def _merge_intervals(groups: list[list[int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(groups):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def _col(xs: list[float], x: float, left_edge: bool) -> int:
    """Column of a chunk's left (or right) edge; an edge a hair past a boundary stays."""
    eps = 0.5 if left_edge else -0.5
    x = x + eps
    for k in range(len(xs) - 1):
        if x < xs[k + 1]:
            return k
    return len(xs) - 2
