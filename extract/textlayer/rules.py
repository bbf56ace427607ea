"""A PDF page's drawn rules as ruling segments (pdfplumber lines, curves and rectangles).

Word processors draw borders in several ways: stroked lines, stroked rectangles per cell, or
thin filled rectangles. All of them reduce to horizontal and vertical `Segment`s here, the
grid kernel's input.
"""

from __future__ import annotations

from typing import Any

from bulletin.extract.grid.segments import Segment

# A filled rectangle thinner than this (points) is a rule drawn as a fill; a thicker one is a
# cell's background shading, whose edges are colour changes, not borders.
_MAX_RULE_WIDTH = 4.0


def page_segments(rects: list[dict[str, Any]], edges: list[dict[str, Any]]) -> list[Segment]:
    """Ruling segments from a page's rectangles and edges (pdfplumber objects).

    A stroked rectangle gives its four sides; a thin filled one (a border drawn as a fill)
    gives its centre line; a thick filled one is background shading and gives nothing.
    """
    segments = []
    for rect in rects:
        segments.extend(_rect_segments(rect))
    for e in edges:
        if e.get("object_type") == "rect_edge" or not _visible(e):
            continue
        x0, x1 = float(e["x0"]), float(e["x1"])
        top, bottom = float(e["top"]), float(e["bottom"])
        if e.get("orientation") == "h":
            segments.append(Segment(True, (top + bottom) / 2, x0, x1))
        elif e.get("orientation") == "v":
            segments.append(Segment(False, (x0 + x1) / 2, top, bottom))
    return segments


def _rect_segments(rect: dict[str, Any]) -> list[Segment]:
    x0, x1 = float(rect["x0"]), float(rect["x1"])
    top, bottom = float(rect["top"]), float(rect["bottom"])
    if rect.get("stroke"):
        return [
            Segment(True, top, x0, x1), Segment(True, bottom, x0, x1),
            Segment(False, x0, top, bottom), Segment(False, x1, top, bottom),
        ]
    if not _visible(rect):
        return []
    width, height = x1 - x0, bottom - top
    if height <= _MAX_RULE_WIDTH and width >= 2 * height:
        return [Segment(True, (top + bottom) / 2, x0, x1)]
    if width <= _MAX_RULE_WIDTH and height >= 2 * width:
        return [Segment(False, (x0 + x1) / 2, top, bottom)]
    return []


def _visible(edge: dict[str, Any]) -> bool:
    """Stroked rules and non-white fills count; white fills (page backgrounds) do not."""
    if edge.get("stroke"):
        return True
    return bool(edge.get("fill")) and not _is_white(edge.get("non_stroking_color"))


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    values = list(color) if isinstance(color, (list, tuple)) else [color]
    if not all(isinstance(v, (int, float)) for v in values):
        return False
    if len(values) == 4:  # CMYK: white is no ink
        return all(v <= 0.05 for v in values)
    return all(v >= 0.95 for v in values)
