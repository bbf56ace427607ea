"""A PDF page's characters, rules and images read by pdfium, in pdfplumber's terms.

pdfminer (under pdfplumber) interprets a content stream in pure Python: on dense table pages
that is ~0.1-0.3 s a page, the whole cost of a text-layer page. pdfium does the same in C,
ten times faster. This module presents what pdfium finds as the objects `load_page` takes
from pdfplumber (`chars`, `rects`, `edges`, `images`, in points from the top-left corner),
following pdfminer's rules where they matter: a character's box is its advance across and
its font size high, sitting on the baseline's descent; a path becomes a line (`m l`), a
rectangle (`m l l l h` with square corners) or a curve (ignored by the rules, as curves'
edges are), subpath by subpath. tests/extract/textlayer/test_pdfium_page.py checks that both
readers give the same words and rules on every sample and peer PDF.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as raw

Obj = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_FORM_DEPTH = 8  # forms inside forms: deeper nesting is not drawn by any producer we know
# Letter spacing (Tc) up to this share of the font size belongs to the character before it;
# a longer step to the next character on the baseline is a gap (a word space, a column).
_SPACING = 0.15


def _mult(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF row-vector convention: [x y 1] . m . n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


@dataclass
class PdfiumPage:
    """One page of a pdfium document with pdfplumber's page attributes used by load_page."""

    page: Any  # pypdfium2.PdfPage
    width: float = field(init=False)
    height: float = field(init=False)
    _to_page: Matrix = field(init=False)  # pdfium's page space -> pdfminer's (rotation)
    _drawing: tuple[list[Obj], list[Obj]] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        """pdfium's coordinates start at the media box's corner, unrotated; pdfminer turns
        them by the page's /Rotate (as a viewer shows the page), and so do we."""
        left, bottom, right, top = self.page.get_mediabox()
        w, h = float(right - left), float(top - bottom)
        quarter = raw.FPDFPage_GetRotation(self.page.raw) % 4
        self._to_page = [(1.0, 0.0, 0.0, 1.0, 0.0, 0.0), (0.0, -1.0, 1.0, 0.0, 0.0, w),
                         (-1.0, 0.0, 0.0, -1.0, w, h), (0.0, 1.0, -1.0, 0.0, h, 0.0)][quarter]
        self.width, self.height = (h, w) if quarter % 2 else (w, h)

    def _point(self, x: float, y: float) -> tuple[float, float]:
        """pdfium page space (y up) -> points from the top-left corner of the page as shown."""
        px, py = _apply(self._to_page, x, y)
        return px, self.height - py

    def _bounds(self, corners: list[tuple[float, float]]) -> tuple[float, float, float, float]:
        points = [self._point(x, y) for x, y in corners]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return min(xs), min(ys), max(xs), max(ys)

    @property
    def chars(self) -> list[Obj]:
        textpage = self.page.get_textpage()
        try:
            found = list(_text_chars(textpage.raw))
        finally:
            textpage.close()
        return [self._char(c, found[i + 1] if i + 1 < len(found) else None)
                for i, c in enumerate(found) if c.text.strip()]

    def _char(self, c: _Char, after: _Char | None) -> Obj:
        """pdfminer's box of a character: from its origin along the baseline to the next
        character's origin when that is near (letter spacing belongs to the character, as in
        pdfminer; a farther one is a gap), else the glyph's width; its font size high, from
        the font's descent below the baseline. pdfium's loose box (glyph extents, the font's
        ascent) is kept for sideways text, where boxes only order the characters."""
        m = _mult(c.matrix, self._to_page)
        size = c.size * math.hypot(m[2], m[3])  # pdfium gives the Tf size; the matrix scales it
        left, bottom, right, top = c.box
        x0, top, x1, bottom = self._bounds([(left, bottom), (right, top), (left, top),
                                            (right, bottom)])
        if abs(m[0]) >= abs(m[1]) and m[0] > 0:  # upright
            glyph = x1 - x0
            x0 = self._point(*c.origin)[0]
            x1 = x0 + glyph
            baseline = self._point(*c.origin)[1]
            if after is not None:
                ahead = self._point(*after.origin)
                advance = ahead[0] - x0
                if abs(ahead[1] - baseline) < 0.01 and 0 < advance <= glyph + _SPACING * size:
                    x1 = x0 + advance  # to the next character: letter spacing, not a gap
            bottom = baseline - c.descent * math.hypot(m[2], m[3])
            top = bottom - size
        return {"text": c.text, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                "matrix": m, "fontname": c.font, "size": size}

    @property
    def rects(self) -> list[Obj]:
        return [o for o in self._paths() if o["object_type"] == "rect"]

    @property
    def edges(self) -> list[Obj]:
        """Lines as edges (rectangle sides are in `rects`; curves' edges are never rules)."""
        edges = []
        for line in (o for o in self._paths() if o["object_type"] == "line"):
            orientation = "h" if line["top"] == line["bottom"] else "v"
            edges.append({**line, "orientation": orientation})
        return edges

    @property
    def images(self) -> list[Obj]:
        return self._drawn()[1]

    @property
    def draws_nothing(self) -> bool:
        """No object and no annotation on the page: a blank page (a cover's back), which
        has nothing to read by OCR either. (pdfplumber: `not page.objects and not page.annots`.)"""
        handle = self.page.raw
        return raw.FPDFPage_CountObjects(handle) == 0 and raw.FPDFPage_GetAnnotCount(handle) == 0

    def _objects(self) -> Iterator[tuple[Any, Matrix]]:
        """Every page object with the matrix from its own space to PDF user space."""
        handle = self.page.raw
        stack = [(raw.FPDFPage_GetObject(handle, i), _IDENTITY, 0)
                 for i in reversed(range(raw.FPDFPage_CountObjects(handle)))]
        matrix = raw.FS_MATRIX()
        while stack:
            obj, outer, depth = stack.pop()
            raw.FPDFPageObj_GetMatrix(obj, matrix)
            own = _mult((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_FORM:
                if depth < _MAX_FORM_DEPTH:
                    stack += [(raw.FPDFFormObj_GetObject(obj, i), own, depth + 1)
                              for i in reversed(range(raw.FPDFFormObj_CountObjects(obj)))]
                continue
            yield obj, own

    def _paths(self) -> list[Obj]:
        return self._drawn()[0]

    def _drawn(self) -> tuple[list[Obj], list[Obj]]:
        """(the paths' shapes, the images' boxes), from one pass over the page's objects."""
        if self._drawing is None:
            paths, images = [], []
            for obj, m in self._objects():
                kind = raw.FPDFPageObj_GetType(obj)
                if kind == raw.FPDF_PAGEOBJ_PATH:
                    paths += self._path_shapes(obj, m)
                elif kind == raw.FPDF_PAGEOBJ_IMAGE:
                    corners = [_apply(m, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
                    images.append(self._box("image", corners))
            self._drawing = (paths, images)
        return self._drawing

    def _path_shapes(self, obj: Any, m: Matrix) -> list[Obj]:
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        raw.FPDFPageObj_GetFillColor(obj, r, g, b, a)
        paint = {
            "stroke": bool(stroke.value), "fill": bool(fill_mode.value),
            "non_stroking_color": (r.value / 255, g.value / 255, b.value / 255),
        }
        return [shape | paint for points, closed in _subpaths(obj)
                if (shape := self._shape([_apply(m, x, y) for x, y in points], closed))]

    def _shape(self, pts: list[tuple[float, float]], closed: bool) -> Obj | None:
        """pdfminer's reading of one subpath: a line, a rectangle, or a curve (None)."""
        shape = "m" + "l" * (len(pts) - 1) + ("h" if closed else "")
        if closed:
            pts = [*pts, pts[0]]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape, pts = shape[:-2] + "h", pts[:-1]
        if shape in ("ml", "mlh"):
            return self._box("line", pts[:2])
        if shape in ("mlllh", "mllll") and len(pts) == 5 and pts[0] == pts[4]:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
            if (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            ):
                return self._box("rect", [pts[0], pts[2]])
        return None

    def _box(self, kind: str, pts: list[tuple[float, float]]) -> Obj:
        x0, top, x1, bottom = self._bounds(pts)
        return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom}

    def close(self) -> None:
        self.page.close()


def _subpaths(obj: Any) -> Iterator[tuple[list[tuple[float, float]], bool]]:
    """(points, closed) per subpath; of a Bézier curve only its end point counts, as in
    pdfminer, so a curve is never mistaken for straight rules (it stays a curve)."""
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    closed, curved = False, False
    bezier = 0
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        kind = raw.FPDFPathSegment_GetType(segment)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if points and not curved:
                yield points, closed
            points, closed, curved, bezier = [(x.value, y.value)], False, False, 0
            continue
        if kind == raw.FPDF_SEGMENT_BEZIERTO:
            curved = True
            bezier += 1
            if bezier % 3:
                continue
        points.append((x.value, y.value))
        closed = closed or bool(raw.FPDFPathSegment_GetClose(segment))
    if points and not curved:
        yield points, closed


@dataclass(frozen=True)
class _Char:
    text: str
    origin: tuple[float, float]
    box: tuple[float, float, float, float]  # loose: left, bottom, right, top (y up)
    matrix: Matrix
    size: float  # as set by Tf (the text matrix scales it)
    descent: float  # of the font at `size`, negative: below the baseline
    font: str


def _text_chars(handle: Any) -> Iterator[_Char]:
    """Every character pdfium found on the page, spaces included (their origins end the
    advance of the character before them), in content order. A character without a
    Unicode map becomes U+FFFD, as pdfminer's `(cid:N)`: unsound text, never a guess. A
    control code (a tab drawn as text, a NUL) is a space: it separates, it is never text."""
    box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    descent = ctypes.c_float()
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    pending = ""
    for i in range(raw.FPDFText_CountChars(handle)):
        if raw.FPDFText_IsGenerated(handle, i):
            continue
        code = raw.FPDFText_GetUnicode(handle, i)
        if 0xD800 <= code <= 0xDBFF:  # the high half of a surrogate pair
            pending = chr(code)
            continue
        if raw.FPDFText_IsHyphen(handle, i):
            text = "-"
        elif raw.FPDFText_HasUnicodeMapError(handle, i):
            text = "\ufffd"
        elif code < 0x20 or 0x7F <= code < 0xA0:  # a tab, or a control code: never ink
            text = " "
        else:
            text = (pending + chr(code)).encode("utf-16", "surrogatepass").decode("utf-16")
        pending = ""
        raw.FPDFText_GetLooseCharBox(handle, i, box)
        raw.FPDFText_GetMatrix(handle, i, matrix)
        raw.FPDFText_GetCharOrigin(handle, i, x, y)
        raw.FPDFText_GetFontInfo(handle, i, name, 256, flags)
        size = raw.FPDFText_GetFontSize(handle, i)
        font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(handle, i))
        if not font or not raw.FPDFFont_GetDescent(font, ctypes.c_float(size), descent):
            descent.value = 0.0
        yield _Char(
            text, (x.value, y.value), (box.left, box.bottom, box.right, box.top),
            (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f),
            size, descent.value, name.value.decode("utf-8", "replace"),
        )
