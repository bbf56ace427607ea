"""Scripts the OCR languages do not cover (traditional Mongolian letterheads).

Their text is kept apart as a region with its box, so it never ends up inside a title. Two
encodings occur: Unicode Mongolian (U+1800-18AF), kept with its text, and legacy fonts that
put Mongolian glyphs on private-use code points (Menksoft, U+E000-F8FF): no Unicode text can
be recovered from those, so they become regions without text, and the page's Chinese text
layer stays usable (it is not sent to OCR for them). Which fonts are such legacy fonts is a
data file, `legacy_fonts.csv` (a font name part -> script), that a user can extend.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from bulletin.extract.text.order import group_lines, join_words, union_box
from bulletin.schemas.extracted import ScriptRegion, Word
from bulletin.schemas.text import is_mongolian

PRIVATE_USE = (0xE000, 0xF8FF)

# Mongolian words are space-separated and the characters of one word touch: a gap of a
# quarter of the line height is a word break.
_WORD_GAP = 0.25

def split_script_regions(words: list[Word]) -> tuple[list[Word], list[ScriptRegion]]:
    """Separate Mongolian characters into line-sized regions; return the rest unchanged."""
    mongolian = [w for w in words if w.text and all(is_mongolian(c) for c in w.text)]
    if not mongolian:
        return words, []
    rest = [w for w in words if not (w.text and all(is_mongolian(c) for c in w.text))]
    regions = [
        ScriptRegion(script="mongolian", box=union_box(line), text=join_words(line, _WORD_GAP))
        for line in group_lines(mongolian)
    ]
    return rest, regions


@lru_cache(maxsize=1)
def legacy_fonts() -> tuple[tuple[str, str], ...]:
    """(font name part, script) from legacy_fonts.csv, compared case-insensitively."""
    table = resources.files("bulletin.extract.textlayer").joinpath("legacy_fonts.csv")
    rows = csv.DictReader(table.read_text(encoding="utf-8").splitlines())
    return tuple((r["font_contains"].lower(), r["script"]) for r in rows)


def legacy_script(char: dict[str, Any]) -> str | None:
    """The script of a pdfplumber character drawn on a private-use code point by a legacy
    font (None for any other character)."""
    text = char.get("text", "")
    if not text or not all(PRIVATE_USE[0] <= ord(c) <= PRIVATE_USE[1] for c in text):
        return None
    font = str(char.get("fontname", "")).lower()
    return next((script for part, script in legacy_fonts() if part in font), None)


def legacy_regions(words: Iterable[tuple[str, Word]]) -> list[ScriptRegion]:
    """Line-sized regions (without text: legacy codes are not Unicode) per script."""
    by_script: dict[str, list[Word]] = {}
    for script, word in words:
        by_script.setdefault(script, []).append(word)
    return [
        ScriptRegion(script=script, box=union_box(line))
        for script, found in sorted(by_script.items())
        for line in group_lines(found)
    ]
