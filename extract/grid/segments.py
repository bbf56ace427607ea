"""Ruling segments in PDF points: the common input of grid building for text layer and pixels.

Both the PDF drawing operators and the pixel line detector reduce to horizontal and vertical
segments; everything after this module is blind to where they came from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """A horizontal (`pos` = y, span along x) or vertical (`pos` = x, span along y) rule."""

    horizontal: bool
    pos: float
    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


def cluster_positions(values: list[float], tolerance: float) -> list[float]:
    """Collapse sorted positions closer than `tolerance` into their mean (double rules, jitter)."""
    clusters: list[list[float]] = []
    for v in sorted(values):
        if clusters and v - clusters[-1][-1] <= tolerance:
            clusters[-1].append(v)
        else:
            clusters.append([v])
    return [sum(c) / len(c) for c in clusters]


def merge_segments(segments: list[Segment], tolerance: float) -> list[Segment]:
    """Snap near-collinear segments to one position and join pieces separated by small gaps.

    Needed because word processors draw each cell's border separately and scans break lines.
    """
    merged: list[Segment] = []
    for horizontal in (True, False):
        group = [s for s in segments if s.horizontal == horizontal]
        positions = cluster_positions([s.pos for s in group], tolerance)
        for pos in positions:
            near = sorted(
                (s for s in group if abs(s.pos - pos) <= tolerance), key=lambda s: s.start
            )
            merged.extend(_join_runs(near, pos, horizontal, tolerance))
    return merged


def _join_runs(
    segments: list[Segment], pos: float, horizontal: bool, tolerance: float
) -> list[Segment]:
    runs: list[Segment] = []
    for s in segments:
        if runs and s.start <= runs[-1].end + tolerance:
            last = runs[-1]
            runs[-1] = Segment(horizontal, pos, last.start, max(last.end, s.end))
        else:
            runs.append(Segment(horizontal, pos, s.start, s.end))
    return runs


def coverage(segments: list[Segment], start: float, end: float) -> float:
    """Fraction of the interval [start, end] covered by the given collinear segments."""
    if end <= start:
        return 1.0
    covered = 0.0
    cursor = start
    for s in sorted(segments, key=lambda s: s.start):
        lo, hi = max(s.start, cursor), min(s.end, end)
        if hi > lo:
            covered += hi - lo
            cursor = hi
    return covered / (end - start)
