"""One PDF page read from its text layer: characters and drawn rules -> grids and lines.

`load_page` is the one place a page's content stream is parsed (by pdfium, through
textlayer/pdfium.py; pdfplumber pages give the same objects). What goes wrong there is the
input's fault (a damaged stream, an unknown operator) and becomes an InputError naming the
page; everything after it runs on plain values, so a failure there is a bug in this code and
is reported as one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bulletin.extract.grid.fill import fill_grid
from bulletin.extract.grid.segments import Segment
from bulletin.extract.grid.strategy import inline_images, table_frames
from bulletin.extract.text.order import text_lines
from bulletin.extract.textlayer.chars import page_words
from bulletin.extract.textlayer.mongolian import (
    legacy_regions,
    legacy_script,
    split_script_regions,
)
from bulletin.extract.textlayer.rules import page_segments
from bulletin.schemas.errors import InputError
from bulletin.schemas.extracted import PageContent, ScriptRegion, TextSource, Word
from bulletin.schemas.geometry import Box
from bulletin.schemas.settings import TableStrategy


@dataclass(frozen=True)
class PdfPage:
    """What a page's text layer holds, in PDF points (top-left origin)."""

    number: int
    width: float
    height: float
    words: list[Word]
    segments: list[Segment]
    images: list[Box]  # every image drawn on the page
    script_regions: list[ScriptRegion]  # text in legacy fonts we cannot read (mongolian.py)
    blank: bool = False  # the page draws nothing at all: no text, path, image or annotation


def load_page(page: Any, number: int) -> PdfPage:
    """Parse one page (pdfium's, as textlayer/pdfium.py presents it, or pdfplumber's: both
    give `chars`, `rects`, `edges`, `images`); a content stream that cannot be parsed is bad
    input."""
    try:
        chars, rects, edges, images = page.chars, page.rects, page.edges, page.images
        width, height = float(page.width), float(page.height)
    except Exception as exc:  # pdfminer raises many unrelated types on a damaged stream
        raise InputError(
            f"cannot parse the page's content ({type(exc).__name__}: {exc})", page=number
        ) from exc
    if not (width > 0 and height > 0):  # a damaged media box: nothing can be placed on it
        raise InputError(f"the page has no area (media box {width:g} x {height:g} pt)",
                         page=number)
    boxes = [_image_box(i) for i in images]
    plain: list[dict[str, Any]] = []
    legacy: dict[str, list[dict[str, Any]]] = {}
    for char in chars:
        script = legacy_script(char)
        if script is None:
            plain.append(char)
        else:
            legacy.setdefault(script, []).append(char)
    regions = legacy_regions((s, w) for s, found in legacy.items() for w in page_words(found))
    return PdfPage(
        number=number, width=width, height=height, words=page_words(plain),
        segments=page_segments(rects, edges), images=[b for b in boxes if b is not None],
        script_regions=regions, blank=_draws_nothing(page),
    )


def _draws_nothing(page: Any) -> bool:
    """pdfium's page says so itself (pdfium.py); pdfplumber's has its objects and annots."""
    draws_nothing = getattr(page, "draws_nothing", None)
    if draws_nothing is not None:
        return bool(draws_nothing)
    return not page.objects and not page.annots


def _image_box(image: dict[str, Any]) -> Box | None:
    x0, x1 = float(image["x0"]), float(image["x1"])
    top, bottom = float(image["top"]), float(image["bottom"])
    return Box.of(x0, top, x1, bottom) if x0 <= x1 and top <= bottom else None


def read_text_page(page: PdfPage, strategy: TableStrategy = TableStrategy.AUTO) -> PageContent:
    """Grids from the page's drawn rules and its text's alignment (`strategy`), text from its
    characters."""
    words = page.words
    grids = []
    blockers = inline_images(page.images)
    for frame in table_frames(page.segments, words, strategy, blockers=blockers):
        grid, words = fill_grid(frame, words, page.number)
        grids.append(grid)
    words, regions = split_script_regions(words)  # inside cells, normalize/ separates them
    return PageContent(
        number=page.number,
        width=page.width,
        height=page.height,
        text_source=TextSource.TEXT_LAYER,
        lines=text_lines(words),
        grids=grids,
        script_regions=[*regions, *page.script_regions],
    )
