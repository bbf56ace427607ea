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

from bulletin.extract.grid.channels import (
    bodies,
    cut_by,
    find_channels,
    intrudes,
    leaders,
    line_gaps,
    lines_close,
    marker_column,
    median,
    shrunk,
    without_prose,
)
from bulletin.extract.grid.chunks import Line, TextTolerance
from bulletin.extract.grid.frames import CellFrame, GridFrame
from bulletin.extract.grid.segments import Segment, merge_segments
from bulletin.extract.text.order import group_lines
from bulletin.schemas.extracted import Word
from bulletin.schemas.geometry import Box


def find_text_grids(
    chunks: list[Word], segments: list[Segment], tol: TextTolerance = TextTolerance()
) -> list[GridFrame]:
    """Tables found by text alignment among `chunks`, top to bottom.

    `segments` are the page's rules; only horizontal ones are used (table bounds, header
    rows, row borders), so vertical rules never change what text alignment finds.
    """
    chunks = without_prose(chunks)
    lines = [Line(sorted(line, key=lambda c: c.box.x0)) for line in group_lines(chunks)]
    rules = [s for s in merge_segments(segments, 2.0) if s.horizontal and s.length >= 8.0]
    frames = []
    for body in bodies(lines, tol):
        frame = _table(lines, body, rules, tol)
        if frame is not None:
            frames.append(frame)
    return frames


def _table(
    lines: list[Line], run: list[int], rules: list[Segment], tol: TextTolerance
) -> GridFrame | None:
    split = [i for i in run if line_gaps(lines[i], tol)]
    rough = find_channels([lines[i] for i in split], tol, tol.crossing_share)
    # lines whose text runs right across a gap (titles, section labels) span columns; the
    # gaps themselves are where every other line leaves blank, however ragged its edge
    irregular = {i for i in split if any(intrudes(lines[i], ch) for ch in rough)}
    channels = find_channels([lines[i] for i in split if i not in irregular], tol, 0.0)
    channels = [shrunk(ch, [lines[i] for i in split], tol) for ch in channels]
    if not channels:
        return None
    cut = [i for i in run if any(cut_by(lines[i], ch) for ch in channels)]
    if len(cut) < tol.min_rows:
        return None
    # a channel few lines actually use is a ragged edge of text, not a column gap
    channels = [ch for ch in channels if sum(cut_by(lines[i], ch) for i in cut) >= 2]
    if not channels:
        return None
    body = [i for i in run if cut[0] <= i <= cut[-1]]
    if len(cut) < tol.min_cut_share * len(body):
        return None  # a few aligned lines among headings and text: not a table
    if len(channels) == 1 and marker_column([lines[i] for i in cut], channels[0]):
        return None
    if leaders([lines[i] for i in body]):
        return None
    x0, x1 = min(lines[i].x0 for i in body), max(lines[i].x1 for i in body)
    if x1 - x0 < tol.min_width:
        return None
    height = median([lines[i].height for i in body])
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
    lines: list[Line],
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
            if not (inside and not title and lines_close(line, lines[i + 1], tol)):
                break
            out.append(i)
        i -= 1
    if top_rule is not None and i >= 0 and lines[i].bottom > top_rule.pos:
        return []  # the "rule" runs through text above: it bounds nothing
    return out


def _header_rule(
    rules: list[Segment], x0: float, x1: float, table_lines: list[Line], tol: TextTolerance
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
    table_lines: list[Line],
    rules: list[Segment],
    x0: float,
    x1: float,
    header_rule: Segment | None,
) -> tuple[list[list[Line]], list[float]]:
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
    rows = [[Line(sorted(bands[i], key=lambda c: c.box.x0))] for i in kept]
    # the border under each kept band: the last border before the next kept band
    under = [borders[kept[j + 1] - 1] for j in range(len(kept) - 1)]
    return rows + _body_rows(body), under


def _body_rows(lines: list[Line]) -> list[list[Line]]:
    """One row per line, except a line that continues the one above in every cell it
    fills: each of its pieces starts in lower case under a piece of the line above (text
    wrapped in its cells: `Disposable income per capita in / constant dollars`)."""
    rows: list[list[Line]] = []
    for line in lines:
        above = rows[-1][-1] if rows else None
        if above is not None and _continues(above, line):
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _continues(above: Line, line: Line) -> bool:
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
    rows: list[list[Line]],
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
