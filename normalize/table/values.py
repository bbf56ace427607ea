"""Cell text -> canonical values. Numbers stay decimal strings exactly as printed.

OCR artefacts are undone only where they cannot change the meaning (a space inside `1. 57`,
full-width digits); anything that still does not parse becomes None and is flagged, never
guessed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bulletin.normalize.quantities import ordinal
from bulletin.schemas.document import ValueKind
from bulletin.schemas.text import CJK
from bulletin.schemas.vocabulary import Vocabulary

_UNITS = re.compile(r"(万元|亿元|元|万平方米|平方米|㎡|户|个|%|％)$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_INTEGER = re.compile(r"^-?\d+$")
_DATE_PATTERNS = [
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(\d{4})\s*[.．/\-]\s*(\d{1,2})\s*[.．/\-]\s*(\d{1,2})"),
]
_HAN = f"[{CJK}]"
_SPACE_BY_HAN = re.compile(rf"(?<={_HAN})\s+|\s+(?={_HAN})")


_FULL_BRACKETS = str.maketrans("（）", "()")


def clean_text(text: str) -> str:
    """Tidy-up for names: drop spaces next to Han characters (Chinese sets none; OCR adds
    them), collapse the rest.

    NFKC is not applied to names, because it would turn （） into () and change what was printed.
    """
    text = _SPACE_BY_HAN.sub("", text.strip())
    if any(c in text for c in "（）") and any(c in text for c in "()"):
        text = text.translate(_FULL_BRACKETS)  # a mismatched pair (OCR): use the NFKC form
    return re.sub(r"\s+", " ", text)


def parse_number(text: str, integer: bool = False) -> str | None:
    """`4949.834` -> '4949.834'; `1 386万元` -> '1386'; unreadable -> None."""
    s = unicodedata.normalize("NFKC", text).strip()
    s = re.sub(r"\s+", "", s).replace(",", "")
    previous = None
    while previous != s:
        previous = s
        s = _UNITS.sub("", s)
    if not s:
        return None
    pattern = _INTEGER if integer else _NUMBER
    return s if pattern.match(s) else None


def parse_bool(text: str, vocab: Vocabulary) -> str | None:
    """`是`, `已完工`, `√` -> 'true'; `否`, `未完成`, `×` -> 'false' (the vocabulary's status
    words); anything else -> None."""
    words = _status_words(vocab)
    return words.get(_status_key(text))


def _status_key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().upper().replace(" ", "")


@lru_cache(maxsize=4)
def _status_words(vocab: Vocabulary) -> dict[str, str]:
    words = {_status_key(w): "false" for w in vocab.false_words}
    words.update({_status_key(w): "true" for w in vocab.true_words})
    return words


def is_status_word(text: str, vocab: Vocabulary) -> bool:
    return _status_key(text) in _status_words(vocab)


def looks_typed(text: str) -> bool:
    """A cell that holds a value, not a label: a number, a percentage, a date."""
    s = unicodedata.normalize("NFKC", text).strip()
    return parse_number(s) is not None or parse_date(s) is not None


def parse_date(text: str) -> str | None:
    """`2021.4.25` or `2021年4月30日` -> '2021-04-25'; an impossible date -> None."""
    s = unicodedata.normalize("NFKC", text)
    for pattern in _DATE_PATTERNS:
        m = pattern.search(s)
        if m:
            year, month, day = (int(g) for g in m.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


NULL_MARKS = {"/", "／", "-", "—", "——", "--", "－", "无", "空"}
_ORDINAL = re.compile(r"^第?([零一二三四五六七八九十]{1,3}|\d{1,3})名?$")


def is_blank(text: str) -> bool:
    """Empty, or a mark that prints "nothing here" (`/`, `—`, `无`): not unreadable."""
    return not text.strip() or text.strip() in NULL_MARKS


def parse_rank(text: str) -> str | None:
    """`3`, `第3名`, `三`, `第十二名` -> '3' / '12'; anything else -> None."""
    m = _ORDINAL.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))
    value = ordinal(m.group(1)) if m else None
    return None if value is None else str(value)


def parse_value(text: str, kind: ValueKind, vocab: Vocabulary, field: str = "") -> str | None:
    """Canonical text of a cell for its column kind; None when empty or unreadable."""
    if is_blank(text):
        return None
    if field == "rank":
        return parse_rank(text)
    if kind is ValueKind.NUMBER:
        return parse_number(text)
    if kind is ValueKind.INTEGER:
        return parse_number(text, integer=True)
    if kind is ValueKind.BOOLEAN:
        return parse_bool(text, vocab)
    if kind is ValueKind.DATE:
        return parse_date(text)
    return clean_text(text)
