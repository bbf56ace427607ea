"""Text lines located in a binary image by projection profiles (recursive XY-cut).

This is what replaces an OCR engine's own layout analysis on bulletins: rows of ink
separated by blank rows are lines, and a line is cut where a horizontal gap is wider than
the line is tall (the document number and the signer share one line, far apart).
"""

from __future__ import annotations

import cv2
import numpy as np

from bulletin.extract.scan.blobs import components, without

PixelBox = tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels, end-exclusive

_MAX_DEPTH = 3
ROW_GAP_INCH = 0.025  # blank rows inside one Han character (是) are fewer than this


def row_gap(dpi: float) -> int:
    """Blank rows closer than this are inside one line of text."""
    return max(2, int(ROW_GAP_INCH * dpi))


def drop_specks(ink: np.ndarray, dpi: float, border: bool = False) -> np.ndarray:
    """Remove connected blobs smaller than scanner speckle (about 0.012 inch across), and
    with `border` those touching the image's edge too: scanner shadows and the paper's
    edge, which would otherwise join every text line beside them into one block (text never
    touches it). One pass: dropping whole blobs leaves the others as they were."""
    count, labels, stats = components(ink)
    if count <= 1:
        return ink
    limit = max(3, int((dpi * 0.012) ** 2))
    drop = stats[:, cv2.CC_STAT_AREA] < limit
    if border:
        drop |= _on_edge(stats, ink.shape)
    drop[0] = False
    return without(ink, labels, stats, drop)


def _on_edge(stats: np.ndarray, shape: tuple[int, ...], margin: int = 2) -> np.ndarray:
    """Which blobs (connectedComponentsWithStats rows) come within `margin` of the edge."""
    height, width = shape[:2]
    x0, y0 = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    x1, y1 = x0 + stats[:, cv2.CC_STAT_WIDTH], y0 + stats[:, cv2.CC_STAT_HEIGHT]
    edge: np.ndarray = (x0 <= margin) | (y0 <= margin) | (x1 >= width - margin) | (
        y1 >= height - margin
    )
    return edge


def line_boxes(ink: np.ndarray, row_gap: int = 1, gap_heights: float = 1.2) -> list[PixelBox]:
    """Boxes of text lines (top to bottom, then left to right) in a 255-is-ink image.

    Rows of ink closer than `row_gap` blank rows are one line: some Han characters (是,
    三) have blank rows inside them at scan resolutions.
    """
    out: list[PixelBox] = []
    _cut(ink, 0, 0, (row_gap, gap_heights), 0, out)
    return sorted(out, key=lambda b: (b[1], b[0]))


def _cut(
    ink: np.ndarray, ox: int, oy: int, gaps: tuple[int, float], depth: int, out: list[PixelBox]
) -> None:
    row_gap, gap_heights = gaps
    for y0, y1 in ink_runs(ink.any(axis=1), row_gap):
        band = ink[y0:y1]
        height = y1 - y0
        pieces = ink_runs(band.any(axis=0), max(2, int(gap_heights * height)))
        for x0, x1 in pieces:
            piece = band[:, x0:x1]
            rows = np.flatnonzero(piece.any(axis=1))
            top, bottom = int(rows[0]), int(rows[-1]) + 1
            inner = piece[top:bottom]
            if depth < _MAX_DEPTH and (len(pieces) > 1 or top > 0 or bottom < height):
                if len(ink_runs(inner.any(axis=1), row_gap)) > 1:
                    _cut(inner, ox + x0, oy + y0 + top, gaps, depth + 1, out)
                    continue
            out.append((ox + x0, oy + y0 + top, ox + x1, oy + y0 + bottom))


def ink_runs(mask: object, min_gap: int) -> list[tuple[int, int]]:
    """[start, end) runs of True, joining runs separated by fewer than `min_gap` False."""
    idx = np.flatnonzero(np.asarray(mask))
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > min_gap)
    starts = np.concatenate(([idx[0]], idx[breaks + 1]))
    ends = np.concatenate((idx[breaks], [idx[-1]])) + 1
    return [(int(s), int(e)) for s, e in zip(starts, ends, strict=True)]
