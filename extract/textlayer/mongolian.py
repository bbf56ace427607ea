"""Scripts the OCR languages do not cover (traditional Mongolian letterheads).

Their text is kept apart as a region with its box, so it never ends up inside a title.
"""

from __future__ import annotations

from bulletin.extract.text.order import group_lines, join_words, union_box
from bulletin.schemas.extracted import ScriptRegion, Word
from bulletin.schemas.text import is_mongolian

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

