"""Readings of one document vote: a word OCR misread once is spelled as the document spells it
everywhere else.

An issuing body, its city and a bulletin's subject are printed several times (letterhead,
title, prose, table titles, the 版记), and OCR rarely misreads every copy the same way. A window
of a field's text that occurs nowhere else in the document, while a spelling differing from it
in exactly one character occurs at least twice, is read as that spelling. The differing
characters must be ones OCR confuses (乌/鸟, 旧/阳, 关/美) unless the window is long enough to be
unambiguous. Applied only to text that was read by OCR: a text layer is what was printed.
"""

from __future__ import annotations

from collections import Counter

from bulletin.normalize.link.names import fold_confusables
from bulletin.schemas.text import is_han

_LONG = 8  # a window this long may differ in any one character (a name is shorter)
_SHORT = 3  # shorter windows are never changed
_MIN_VOTES = 2  # the other spelling must occur at least this often


def agree(text: str, elsewhere: list[str]) -> str:
    """`text` with each misread character replaced where the rest of the document outvotes it."""
    corpus = "\n".join(elsewhere)
    out = list(text)
    for length in range(max(len(text), _SHORT), _SHORT - 1, -1):
        for start in range(0, len(out) - length + 1):
            window = "".join(out[start : start + length])
            if not all(is_han(ch) for ch in window) or window in corpus:
                continue
            fix = _outvoted(window, corpus, length >= _LONG)
            if fix is not None:
                position, char = fix
                out[start + position] = char
    return "".join(out)


def _outvoted(window: str, corpus: str, long: bool) -> tuple[int, str] | None:
    """(position, character) of the one-character change the corpus prefers, if any."""
    best: tuple[int, str, int] | None = None
    for j, ch in enumerate(window):
        votes = spellings(window[:j], window[j + 1 :], corpus)
        for other, count in votes.most_common(1):
            if other == ch or count < _MIN_VOTES or not is_han(other):
                continue
            if not long and fold_confusables(other) != fold_confusables(ch):
                continue
            if best is None or count > best[2]:
                best = (j, other, count)
    return (best[0], best[1]) if best is not None else None


def spellings(prefix: str, suffix: str, corpus: str) -> Counter[str]:
    """How often each character stands between `prefix` and `suffix` in `corpus` (lines
    apart), counting matches left to right without overlaps, as `re.finditer` of
    prefix(.)suffix would: found with str.find on the longer of the two (a regex compiled
    for every window of every field was most of a document's normalising time)."""
    votes: Counter[str] = Counter()
    width = len(prefix) + 1 + len(suffix)
    anchor, offset = (prefix, 0) if len(prefix) >= len(suffix) else (suffix, len(prefix) + 1)
    start = 0  # where the next match may begin
    found = corpus.find(anchor, offset)
    while found >= 0:
        begin = found - offset
        middle = begin + len(prefix)
        if (
            begin >= start
            and middle < len(corpus)
            and corpus[middle] != "\n"
            and corpus.startswith(prefix, begin)
            and corpus.startswith(suffix, middle + 1)
        ):
            votes[corpus[middle]] += 1
            start = begin + width
            found = corpus.find(anchor, max(found + 1, start + offset))
        else:
            found = corpus.find(anchor, found + 1)
    return votes
