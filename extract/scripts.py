"""Scripts the OCR languages do not cover (traditional Mongolian letterheads).

Their text is kept apart as a region with its box, so it never ends up inside a title.
"""

from __future__ import annotations

from extract.reading import group_lines, union_box
from schemas.extracted import ScriptRegion, Word
from schemas.scripts import is_mongolian  # noqa: F401 (re-exported)



def split_script_regions(words: list[Word]) -> tuple[list[Word], list[ScriptRegion]]:
    """Separate Mongolian characters into line-sized regions; return the rest unchanged."""
    mongolian = [w for w in words if w.text and all(is_mongolian(c) for c in w.text)]
    if not mongolian:
        return words, []
    rest = [w for w in words if not (w.text and all(is_mongolian(c) for c in w.text))]
    regions = [
        ScriptRegion(script="mongolian", box=union_box(line), text=_mongolian_text(line))
        for line in group_lines(mongolian)
    ]
    return rest, regions


def _mongolian_text(line: list[Word]) -> str:
    """Mongolian words are space-separated; characters of one word touch."""
    text = ""
    prev: Word | None = None
    for w in line:
        if prev is not None and w.box.x0 - prev.box.x1 > 0.25 * max(w.box.height, 1.0):
            text += " "
        text += w.text
        prev = w
    return text
