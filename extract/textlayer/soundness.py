"""Whether a page's own text layer can be trusted, or the page must be read from its pixels.

A font without a Unicode map gives `(cid:NN)`, control characters or a spray of ASCII
punctuation and Latin-1 symbols where Chinese should be; a scan that someone already OCR'd
carries an invisible text layer of unknown quality over a full-page image.
"""

from __future__ import annotations

import re
import unicodedata

from bulletin.extract.textlayer.page import PdfPage

_CID = re.compile(r"\(cid:\d+\)")


def why_not_text_layer(page: PdfPage, min_quality: float) -> str | None:
    """None when the page's own text layer can be trusted, else why it cannot.

    A scanned page under an earlier OCR layer has no drawn rules: its tables exist only as
    pixels. Text in a legacy font we cannot read (page.script_regions) is not judged: it is
    kept apart as regions, and the rest of the page stands on its own. A page that draws
    nothing at all is read as the empty page it is: rendering it would show blank paper.
    """
    if not page.words and not page.script_regions:
        return None if page.blank else "no text layer"
    quality = text_quality("".join(w.text for w in page.words)) if page.words else 1.0
    if quality < min_quality:
        return f"text layer unsound (quality {quality:.2f})"
    if is_scanned_page(page):
        return "a scanned page under an earlier OCR text layer"
    return None


def text_quality(text: str) -> float:
    """Share of characters that look like real text (0..1)."""
    text = _CID.sub("\x00", text)
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    bad = sum(1 for c in chars if _suspicious(c))
    return 1.0 - bad / len(chars)


def _suspicious(c: str) -> bool:
    cat = unicodedata.category(c)
    if cat in ("Cc", "Co", "Cs", "Cn") or c == "\ufffd":
        return True
    o = ord(c)
    if 0x80 <= o <= 0x2FF:  # Latin-1 supplement and extended: mojibake, not bulletin text
        return True
    return c in "!\"#$&'*+;<=>?@[\\]^_`{|}~"


def is_scanned_page(page: PdfPage, cover: float = 0.8) -> bool:
    """An image covers most of the page and nothing is drawn: a scan, whatever text lies on it."""
    area = page.width * page.height
    return not page.segments and any(b.width * b.height >= cover * area for b in page.images)
