"""Ruling lines from pixels -> `Segment`s in points, then the shared grid builder.

Morphological opening with a long thin kernel keeps only runs of ink longer than any glyph
stroke; a short closing first bridges the gaps of broken or faint scanned lines. After this
module a scan's table is the same kind of input as a PDF's drawn rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import cv2
import numpy as np

from bulletin.extract.grid.frames import GridFrame, GridTolerance, find_grids
from bulletin.extract.scan.occlusion import gap_hidden
from bulletin.extract.grid.segments import Segment
from bulletin.schemas.geometry import POINTS_PER_INCH

# Scans: rules wobble by a pixel or two, break, and double up; cells are never this thin.
SCAN_TOLERANCE = GridTolerance(snap=3.0, min_coverage=0.5, min_segment=12.0, min_cell=5.0)

_MIN_TABLE_WIDTH = 0.8 * POINTS_PER_INCH  # points
_MIN_TABLE_HEIGHT = 0.3 * POINTS_PER_INCH
_MIN_RULE_INCH = 0.22  # longer than the widest stroke of a 16 pt Han character
_GAP_INCH = 0.01  # pixel holes in a scanned rule; longer breaks are joined as segments
_PIECE_SNAP = 1.2  # points: pieces of one rule lie this close across
_PIECE_GAP = 12.0  # points: breaks in a rule up to this long are bridged
_MAX_THICK_INCH = 0.05  # thicker horizontal/vertical runs are blobs, not rules


@dataclass(frozen=True)
class Rulings:
    """Masks (255 = rule pixel) of horizontal and vertical rules on the upright page."""

    horizontal: np.ndarray
    vertical: np.ndarray

    def combined(self) -> np.ndarray:
        return cv2.bitwise_or(self.horizontal, self.vertical)


def detect_rulings(ink: np.ndarray, dpi: float) -> Rulings:
    """Masks of long straight runs of ink along each axis."""
    length = max(10, int(_MIN_RULE_INCH * dpi))
    gap = max(2, int(_GAP_INCH * dpi))
    return Rulings(
        horizontal=_runs(ink, (length, 1), (gap, 1)),
        vertical=_runs(ink, (1, length), (1, gap)),
    )


def _runs(ink: np.ndarray, kernel: tuple[int, int], bridge: tuple[int, int]) -> np.ndarray:
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((bridge[1], bridge[0]), np.uint8))
    return cv2.morphologyEx(closed, cv2.MORPH_OPEN, np.ones((kernel[1], kernel[0]), np.uint8))


def segments_from_rulings(rulings: Rulings, dpi: float) -> list[Segment]:
    """One Segment per connected run, at the run's centre line, in points."""
    scale = POINTS_PER_INCH / dpi
    thick = max(3, int(_MAX_THICK_INCH * dpi))
    segments = []
    for horizontal, mask in ((True, rulings.horizontal), (False, rulings.vertical)):
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:  # cheaper than labelling every pixel of a sparse mask
            x, y, w, h = cv2.boundingRect(contour)
            along, across = (w, h) if horizontal else (h, w)
            if across > thick and along < 20 * across:
                continue  # a filled block (logo, black bar), not a rule
            if horizontal:
                segments.append(Segment(True, (y + h / 2) * scale, x * scale, (x + w) * scale))
            else:
                segments.append(Segment(False, (x + w / 2) * scale, y * scale, (y + h) * scale))
    return segments


def find_pixel_grids(
    rulings: Rulings, dpi: float, blots: np.ndarray | None = None
) -> list[GridFrame]:
    """Table frames (with spans) from the ruling masks, by the same builder as PDFs use.

    `blots` (occlusion.blot_mask) lets longer breaks be bridged where a seal hides the rule.
    """
    segments = segments_from_rulings(rulings, dpi)
    if blots is None:
        segments = join_pieces(segments, _PIECE_SNAP, _PIECE_GAP)
    else:
        hidden = partial(gap_hidden, blots, dpi)
        segments = join_pieces(segments, _PIECE_SNAP, _PIECE_GAP, hidden)
        segments = reach_hidden_crossings(segments, hidden)
    frames = find_grids(touching(segments, SCAN_TOLERANCE.snap), SCAN_TOLERANCE)
    return outermost([f for f in frames if _table_sized(f)])


def _table_sized(frame: GridFrame) -> bool:
    """Big enough to hold text in at least two cells a row: the strokes of one or two large
    title characters (工, 口) can close a small "frame", a table cannot be that small."""
    return frame.box.width >= _MIN_TABLE_WIDTH and frame.box.height >= _MIN_TABLE_HEIGHT


def outermost(frames: list[GridFrame]) -> list[GridFrame]:
    """Frames not lying inside another frame: on a scan, a "table" inside a cell is the
    strokes of large or inverted header text, not a nested table. A one-cell frame around
    a table is a box (a tinted panel, a page border): the table is kept, the box dropped."""

    def inside(a: GridFrame, b: GridFrame) -> bool:
        return (
            a is not b
            and b.box.contains_point(a.box.x0, a.box.top, 1.0)
            and (b.box.contains_point(a.box.x1, a.box.bottom, 1.0))
        )

    boxes = [b for b in frames if len(b.cells) == 1 and any(inside(a, b) for a in frames)]
    rest = [f for f in frames if not any(f is b for b in boxes)]
    return [a for a in rest if not any(inside(a, b) for b in rest)]


def join_pieces(
    segments: list[Segment],
    snap: float,
    gap: float,
    hidden: Callable[[Segment, Segment], bool] | None = None,
) -> list[Segment]:
    """Join the pieces of one broken rule: same position within `snap`, gaps up to `gap`,
    or longer gaps that `hidden` says something printed over the rule covers.

    Tighter in position than the grid builder's snap, so that a glyph stroke just inside a
    cell is not pulled into the rule next to it.
    """
    out: list[Segment] = []
    for horizontal in (True, False):
        rest = sorted((s for s in segments if s.horizontal == horizontal), key=lambda s: s.start)
        while rest:
            run, keep = rest[0], []
            for s in rest[1:]:
                if abs(s.pos - run.pos) <= snap and (
                    s.start <= run.end + gap or (hidden is not None and hidden(run, s))
                ):
                    pos = (run.pos * run.length + s.pos * s.length) / max(
                        run.length + s.length, 1e-6
                    )
                    run = Segment(horizontal, pos, run.start, max(run.end, s.end))
                else:
                    keep.append(s)
            out.append(run)
            rest = keep
    return out


def reach_hidden_crossings(
    segments: list[Segment], hidden: Callable[[Segment, Segment], bool]
) -> list[Segment]:
    """Carry each rule on to the nearest crossing rule beyond either end when `hidden` says
    the stretch in between is covered: a seal over a table's corner hides the end of a
    rule, not a gap between two of its pieces. Once only, to the nearest crossing: a rule
    that really stops, stops at a crossing."""
    out = []
    for s in segments:
        across = [
            p.pos for p in segments if p.horizontal != s.horizontal and p.start <= s.pos <= p.end
        ]
        ahead = [x for x in across if x > s.end]
        behind = [x for x in across if x < s.start]
        start, end = s.start, s.end
        if ahead and hidden(s, Segment(s.horizontal, s.pos, min(ahead), min(ahead))):
            end = min(ahead)
        if behind and hidden(Segment(s.horizontal, s.pos, max(behind), max(behind)), s):
            start = max(behind)
        out.append(Segment(s.horizontal, s.pos, start, end))
    return out


def touching(segments: list[Segment], snap: float) -> list[Segment]:
    """Segments that meet a segment of the other direction: table rules always do, strokes
    of characters inside a cell never reach the cell's borders."""
    hs = [s for s in segments if s.horizontal]
    vs = [s for s in segments if not s.horizontal]

    def meets(a: Segment, b: Segment) -> bool:
        return a.start - snap <= b.pos <= a.end + snap and b.start - snap <= a.pos <= b.end + snap

    return [h for h in hs if any(meets(h, v) for v in vs)] + [
        v for v in vs if any(meets(v, h) for h in hs)
    ]


_MIN_FREE_RULE_INCH = 1.0  # outside frames, shorter runs are strokes of large title characters
_MAX_FREE_THICK_INCH = 0.03


def free_rules(
    rulings: Rulings, frames: list[GridFrame], dpi: float, down: bool = False
) -> tuple[np.ndarray, list[Segment]]:
    """(mask of the rules' pixels, their segments in points) outside every frame: a
    three-line table's top, header and bottom rules, kept as segments for the text-alignment
    grid and taken out of the ink that the page's text lines are found in (a rule touching a
    line would make it one block). With `down` (a page whose lines run top to bottom) the
    vertical rules are taken out of the ink too, as its lines would be joined by them."""
    keep, segments = _free_runs(rulings.horizontal, frames, dpi)
    if down:
        turned, _ = _free_runs(np.ascontiguousarray(rulings.vertical.T), [], dpi)
        keep = cv2.bitwise_or(keep, _outside(np.ascontiguousarray(turned.T), frames, dpi))
    return keep, segments


def _outside(mask: np.ndarray, frames: list[GridFrame], dpi: float) -> np.ndarray:
    mask = mask.copy()
    for frame in frames:
        x0, y0, x1, y1 = frame.box.to_pixels(dpi)
        mask[max(0, y0 - 3) : y1 + 3, max(0, x0 - 3) : x1 + 3] = 0
    return mask


def _free_runs(
    horizontal: np.ndarray, frames: list[GridFrame], dpi: float
) -> tuple[np.ndarray, list[Segment]]:
    """The long thin runs of a horizontal-rule mask outside the frames, and their segments."""
    mask = _outside(horizontal, frames, dpi)
    keep = np.zeros_like(mask)
    segments = []
    scale = POINTS_PER_INCH / dpi
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w < _MIN_FREE_RULE_INCH * dpi or h > max(2, _MAX_FREE_THICK_INCH * dpi):
            continue
        keep[y : y + h, x : x + w] = mask[y : y + h, x : x + w]
        segments.append(Segment(True, (y + h / 2) * scale, x * scale, (x + w) * scale))
    return keep, segments
