"""Which script a character belongs to, and the one CJK-aware way of joining text pieces.

Shared by every stage (so it lives with the contracts): Chinese is written without spaces,
so a space is never put where either side is a CJK character, whatever route the text came
by (a text layer's characters, OCR words, wrapped lines of a cell).
"""

from __future__ import annotations

from collections.abc import Sequence

# Character-class bodies for regular expressions (`[{HAN}]`), and the same ranges as tests.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # ideographs: ext. A, unified, compatibility
CJK = HAN + "\u3000-\u303f\uff00-\uffef"  # ... plus CJK punctuation and full-width forms
MONGOLIAN = (0x1800, 0x18AF)
# Inner Mongolian word processors (Menksoft and others) encode traditional Mongolian in the
# Private Use Area beside a sound Chinese text layer: in these documents such runs are
# Mongolian, not a broken text layer.
PRIVATE_USE = (0xE000, 0xF8FF)


def is_han(ch: str) -> bool:
    """A Chinese ideograph (what a Han-share test counts), supplementary planes included."""
    o = ord(ch)
    return (
        0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF
    )


def is_cjk(ch: str) -> bool:
    """Han ideographs, CJK punctuation and full-width forms: never separated by spaces."""
    o = ord(ch)
    return is_han(ch) or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF


def is_mongolian(ch: str) -> bool:
    """Traditional Mongolian as Unicode encodes it (U+1800-U+18AF)."""
    return MONGOLIAN[0] <= ord(ch) <= MONGOLIAN[1]


def is_mongolian_script(ch: str) -> bool:
    """Mongolian in either encoding: Unicode, or a legacy font's private-use codes."""
    return is_mongolian(ch) or PRIVATE_USE[0] <= ord(ch) <= PRIVATE_USE[1]


def join_cjk(pieces: Sequence[str], spaced: Sequence[bool] | None = None) -> str:
    """Join text pieces in order: no space at a CJK edge; elsewhere a space before piece i
    when `spaced[i]` (visibly apart, a word break), or always when `spaced` is None.

    Wrapped lines of a cell (`spaced` None), the characters of one line (`spaced` from the
    gaps) and OCR tokens all go through here, so the routes agree on every space.
    """
    out = ""
    for i, piece in enumerate(pieces):
        piece = piece.strip()
        if not piece:
            continue
        if out and (spaced is None or spaced[i]) and not (is_cjk(out[-1]) or is_cjk(piece[0])):
            out += " "
        out += piece
    return out
