"""Header labels -> canonical fields, through the alias table kept in schemas/.

Labels are compared after NFKC, without spaces, units in brackets and punctuation, so that
`预计投资额 (万元)`, `预计投资额（万元）` and an OCR'd `预 计 投资额(万元)` are one label.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz, process

from bulletin.schemas.fields import FieldSpec, field_specs

_BRACKETED = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_NOISE = re.compile(r"[\s:：,，.。、/\\|_\-—]+")
FUZZY_ACCEPT = 70.0  # one misread character in a four-character label scores 75
FUZZY_MARGIN = 8.0  # ... but only when no other field's alias is nearly as close


def label_key(label: str) -> str:
    """Comparable form of a header label: no units in brackets, spaces or punctuation."""
    s = unicodedata.normalize("NFKC", label)
    s = _BRACKETED.sub("", s)
    return _NOISE.sub("", s)


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, FieldSpec]:
    index: dict[str, FieldSpec] = {}
    for spec in field_specs():
        for alias in (spec.field, *spec.aliases):
            index.setdefault(label_key(alias), spec)
    return index


def match_label(label: str) -> FieldSpec | None:
    """Exact alias first, then a close fuzzy match (OCR'd headers); None when unknown."""
    key = label_key(label)
    if not key:
        return None
    index = _alias_index()
    if key in index:
        return index[key]
    ranked = process.extract(
        key, list(index), scorer=fuzz.ratio, limit=8, score_cutoff=FUZZY_ACCEPT
    )
    if not ranked:
        return None
    best = index[ranked[0][0]]
    rivals = [score for alias, score, _ in ranked[1:] if index[alias].field != best.field]
    if rivals and ranked[0][1] - rivals[0] < FUZZY_MARGIN:
        return None
    return best


def match_grouped(parts: list[str]) -> tuple[FieldSpec | None, str]:
    """Match a column whose header has a group label over a sub-label (two-row header).

    The sub-label is the more specific one (`投资情况（万元）` / `预计投资额`), so it is tried
    first, then the joined text, then the group alone when there is only one sub-column.
    Returns the spec and the label as printed (`group/sub`).
    """
    printed = "/".join(parts)
    for candidate in [*reversed(parts), "".join(parts)]:
        spec = match_label(candidate)
        if spec is not None:
            return spec, printed
    return None, printed
