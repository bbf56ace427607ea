"""Which script a character belongs to: shared by every stage, so it lives with the contracts."""

from __future__ import annotations

MONGOLIAN = (0x1800, 0x18AF)


def is_cjk(ch: str) -> bool:
    """Han ideographs, CJK punctuation and full-width forms: never separated by spaces."""
    o = ord(ch)
    return (
        0x3000 <= o <= 0x303F
        or 0x3400 <= o <= 0x4DBF
        or 0x4E00 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFF00 <= o <= 0xFFEF
    )


def is_mongolian(ch: str) -> bool:
    return MONGOLIAN[0] <= ord(ch) <= MONGOLIAN[1]


def join_wrapped(lines: list[str]) -> str:
    """Join wrapped lines: no space across a CJK wrap, one space between Latin lines."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(line[0])):
            out += " "
        out += line
    return out
