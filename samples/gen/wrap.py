"""Line breaking for Chinese text, as a word processor does it.

CJK text may break between any two characters, but Latin words and numbers
(``76.05%``, ``2021``) stay whole, and the usual kinsoku rules hold: no line
starts with closing punctuation and none ends with an opening bracket. Text is
never changed: joining the returned lines gives back the input exactly.
"""

from __future__ import annotations

import re

from .fonts import width

NO_LINE_START = set("，。、；：？！）》〕】」』”’%.,;:!?)")
NO_LINE_END = set("（《〔【「『“‘(")
_TOKEN = re.compile(r"[A-Za-z0-9.%()+\-/]+|\s|.", re.DOTALL)


def tokens(text: str) -> list[str]:
    """Split into unbreakable units, gluing kinsoku characters to their neighbour."""
    raw = _TOKEN.findall(text)
    out: list[str] = []
    for tok in raw:
        if out and (tok[0] in NO_LINE_START or out[-1][-1] in NO_LINE_END):
            out[-1] += tok
        else:
            out.append(tok)
    return out


def wrap(text: str, font: str, size: float, line_width: float,
         first_indent: float = 0.0) -> list[str]:
    """Greedy fill: each line holds as many tokens as fit in ``line_width`` points
    (the first line ``first_indent`` less). A token wider than a line is split
    by character so that nothing overflows a narrow table cell."""
    lines: list[str] = []
    current = ""
    avail = line_width - first_indent
    for tok in tokens(text):
        if current and width(current + tok, font, size) > avail:
            lines.append(current)
            current, avail = "", line_width
        if not current and width(tok, font, size) > avail:
            pieces = _split_chars(tok, font, size, avail)
            lines.extend(pieces[:-1])
            current = pieces[-1]
            avail = line_width if len(pieces) > 1 else avail
        else:
            current += tok
    if current or not lines:
        lines.append(current)
    return lines


def _split_chars(tok: str, font: str, size: float, avail: float) -> list[str]:
    pieces = [""]
    for ch in tok:
        if pieces[-1] and width(pieces[-1] + ch, font, size) > avail:
            pieces.append("")
        pieces[-1] += ch
    return pieces
