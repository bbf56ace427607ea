"""A top-down writing cursor over reportlab pages.

reportlab draws bottom-up; documents are written top-down. ``PageWriter``
keeps the current page's frame and a cursor ``y`` (PDF points, the top of the
next line) and starts a new page when a line does not fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .fonts import width
from .wrap import wrap

BLACK = (0.0, 0.0, 0.0)
RED = (0.86, 0.0, 0.0)  # red-head (红头) letterhead and rules


@dataclass(frozen=True)
class Frame:
    """Page size and margins in PDF points."""

    page_w: float
    page_h: float
    top: float
    right: float
    bottom: float
    left: float

    @classmethod
    def a4(cls, is_landscape: bool, margins_mm: tuple[float, float, float, float]) -> Frame:
        w, h = landscape(A4) if is_landscape else A4
        t, r, b, lft = (m * mm for m in margins_mm)
        return cls(w, h, h - t, w - r, b, lft)

    @property
    def text_width(self) -> float:
        return self.right - self.left


@dataclass(frozen=True)
class Box:
    """Where something was drawn: 1-based page, PDF points, origin bottom-left."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float


class PageWriter:
    """Writes lines top-down; counts pages from 1 (``page``)."""

    def __init__(self, canvas: Canvas, frame: Frame, page_number_font: str | None) -> None:
        self.canvas = canvas
        self.frame = frame
        self.page = 1
        self.y = frame.top
        self._number_font = page_number_font
        canvas.setPageSize((frame.page_w, frame.page_h))

    def new_page(self, frame: Frame | None = None) -> None:
        """Finish the current page (with its page number) and start the next."""
        self._page_number()
        self.canvas.showPage()
        self.frame = frame or self.frame
        self.canvas.setPageSize((self.frame.page_w, self.frame.page_h))
        self.page += 1
        self.y = self.frame.top

    def finish(self) -> None:
        self._page_number()
        self.canvas.save()

    def _page_number(self) -> None:
        """Official documents print '— N —' centred under the text block."""
        if self._number_font is None:
            return
        self.canvas.setFillColorRGB(*BLACK)
        self.canvas.setFont(self._number_font, 10)
        f = self.frame
        self.canvas.drawCentredString(f.page_w / 2, f.bottom / 2, f"— {self.page} —")

    def remaining(self) -> float:
        return self.y - self.frame.bottom

    def ensure(self, height: float) -> None:
        if self.remaining() < height:
            self.new_page()

    def skip(self, height: float) -> None:
        self.y -= height

    def line(self, text: str, font: str, size: float, leading: float, align: str = "left",
             color: tuple[float, float, float] = BLACK, indent: float = 0.0) -> None:
        """One line of text; ``align`` is left, center or right."""
        self.ensure(leading)
        f, c = self.frame, self.canvas
        baseline = self.y - (leading + size * 0.76) / 2
        c.setFillColorRGB(*color)
        c.setFont(font, size)
        if align == "center":
            c.drawString((f.left + f.right - width(text, font, size)) / 2, baseline, text)
        elif align == "right":
            c.drawString(f.right - width(text, font, size), baseline, text)
        else:
            c.drawString(f.left + indent, baseline, text)
        self.y -= leading

    def two_ends(self, left: str, right: str, font: str, size: float, leading: float,
                 inset: float = 0.0) -> Box:
        """A line with one text flush left and one flush right (文号 / 签发人).
        Returns the box of the right-hand text."""
        self.ensure(leading)
        baseline = self.y - (leading + size * 0.76) / 2
        f, c = self.frame, self.canvas
        c.setFillColorRGB(*BLACK)
        c.setFont(font, size)
        c.drawString(f.left + inset, baseline, left)
        x1 = f.right - inset
        c.drawString(x1 - width(right, font, size), baseline, right)
        self.y -= leading
        return Box(self.page, x1 - width(right, font, size), baseline - 0.12 * size,
                   x1, baseline + 0.88 * size)

    def paragraph(self, text: str, font: str, size: float, leading: float,
                  first_indent: float = 0.0, hanging: float = 0.0) -> None:
        """Wrap to the frame width; ``hanging`` indents every line after the first."""
        lines = wrap(text, font, size, self.frame.text_width - hanging,
                     first_indent - hanging)
        for i, line in enumerate(lines):
            self.line(line, font, size, leading,
                      indent=first_indent if i == 0 else hanging)

    def rule(self, thickness: float, color: tuple[float, float, float] = BLACK,
             gap: float = 4.0) -> None:
        """A full-width horizontal rule with ``gap`` points of space below it."""
        f, c = self.frame, self.canvas
        c.setStrokeColorRGB(*color)
        c.setLineWidth(thickness)
        c.line(f.left, self.y, f.right, self.y)
        c.setStrokeColorRGB(*BLACK)
        self.y -= gap
