"""Running-text lines with where they stand: the page they are on and how they sit on it.

The parts of an official document are told apart by their place as much as by their words:
the 发文机关标志 is the largest type at the top of the first page, a title is centred, an
addressee starts at the left margin, a 成文日期 sits right under the signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from bulletin.schemas.extracted import PageContent, TextLine, TextSource

PAGE_NUMBER = re.compile(
    r"^[—\-–－]?\s*\d{1,3}\s*[—\-–－]?$|^第\s*\d+\s*页(\s*[,，]?\s*共\s*\d+\s*页)?$"
)
_CENTRED = 0.06  # a centred line's middle lies within this share of the page width of its middle


@dataclass(frozen=True)
class Placed:
    line: TextLine
    page: int
    page_width: float
    ocr: bool  # read by OCR (a text layer is what was printed)

    @property
    def text(self) -> str:
        return self.line.text.strip()

    @property
    def char_size(self) -> float:
        """Points per character: the type size, whatever the line's length."""
        chars = max(len(self.text.replace(" ", "")), 1)
        return min(self.line.box.width / chars, self.line.box.height * 1.6)


def placed_lines(pages: list[PageContent]) -> list[Placed]:
    """Every running-text line in reading order, page numbers left out."""
    return [
        Placed(ln, page.number, page.width, page.text_source is TextSource.OCR)
        for page in pages
        for ln in page.lines
        if not PAGE_NUMBER.match(ln.text.strip())
    ]


def left_margin(lines: list[Placed]) -> float:
    """Where body lines start: the most common left edge (to a point)."""
    edges = [round(p.line.box.x0) for p in lines]
    return float(max(set(edges), key=edges.count)) if edges else 0.0


def is_centred(p: Placed, margin: float) -> bool:
    """Centred on the page and set in from the left margin (a short left-aligned line is
    not a centred one)."""
    box = p.line.box
    middle = (box.x0 + box.x1) / 2
    inset = box.x0 > margin + p.char_size
    return inset and abs(middle - p.page_width / 2) <= _CENTRED * p.page_width


def typical_size(lines: list[Placed]) -> float:
    return median([p.char_size for p in lines]) if lines else 0.0
