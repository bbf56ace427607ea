"""Header labels -> canonical fields, by meaning: the vocabulary's aliases are the seed, not a
gate.

A label is compared after NFKC, without spaces, units in brackets and punctuation, so that
`预计投资额 (万元)`, `预计投资额（万元）` and an OCR'd `预 计 投资额(万元)` are one label. Then:

1. an alias, exactly;
2. an alias with OCR-confusable characters folded (乌/鸟, 丁/工 ...), or close to one (one
   misread character in a label of three or more), unless another field's alias is nearly as
   close;
3. what the label says it holds: a label naming an administrative unit (所属苏木乡镇, 嘎查村名称,
   旗县（区）) is that level's name column, unless it names a person (社区负责人).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bulletin.normalize.link.names import fold_confusables
from bulletin.schemas.vocabulary import FieldSpec, Vocabulary

_BRACKETED = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_NOISE = re.compile(r"[\s:：,，.。、/\\|_\-—]+")
FUZZY_ACCEPT = 70.0  # one misread character in a four-character label scores 75
FUZZY_MARGIN = 8.0  # ... but only when no other field's alias is nearly as close
FUZZY_MIN_LENGTH = 3  # two-character labels differ in meaning by one character (完成/完工)
# A label ending in one of these names a person, whatever unit it mentions.
_PERSON = ("负责人", "责任人", "领导", "书记", "主任", "联系人", "包联人", "电话", "签字")
# Unit levels whose name column is one of the three hierarchy fields.
_UNIT_FIELD = {"district": "district", "street": "street", "community": "community"}


@dataclass(frozen=True)
class LabelMatch:
    spec: FieldSpec
    how: str  # "alias", "fuzzy" or "meaning"


@lru_cache(maxsize=8192)  # every row's cells are asked, most texts again and again
def label_key(label: str) -> str:
    """Comparable form of a header label: no units in brackets, spaces or punctuation."""
    s = unicodedata.normalize("NFKC", label)
    s = _BRACKETED.sub("", s)
    return _NOISE.sub("", s)


@dataclass(frozen=True)
class _Index:
    exact: dict[str, FieldSpec]
    folded: dict[str, FieldSpec]


@lru_cache(maxsize=4)
def _index(vocab: Vocabulary) -> _Index:
    exact: dict[str, FieldSpec] = {}
    for spec in vocab.fields:
        for alias in (spec.field, *spec.aliases):
            exact.setdefault(label_key(alias), spec)
    folded: dict[str, FieldSpec] = {}
    for key, spec in exact.items():
        folded.setdefault(fold_confusables(key), spec)
    return _Index(exact, folded)


def match_label(label: str, vocab: Vocabulary) -> LabelMatch | None:
    """The field a printed header label means, or None when it is not understood."""
    key = label_key(label)
    if not key:
        return None
    index = _index(vocab)
    if key in index.exact:
        return LabelMatch(index.exact[key], "alias")
    folded = fold_confusables(key)
    if folded in index.folded:
        return LabelMatch(index.folded[folded], "fuzzy")
    fuzzy = _fuzzy(folded, index) if len(key) >= FUZZY_MIN_LENGTH else None
    if fuzzy is not None:
        return LabelMatch(fuzzy, "fuzzy")
    return _by_unit(key, vocab)


def _fuzzy(folded: str, index: _Index) -> FieldSpec | None:
    ranked = process.extract(
        folded, list(index.folded), scorer=fuzz.ratio, limit=8, score_cutoff=FUZZY_ACCEPT,
        processor=None,
    )
    if not ranked:
        return None
    best = index.folded[ranked[0][0]]
    rivals = [score for alias, score, _ in ranked[1:] if index.folded[alias].field != best.field]
    if rivals and ranked[0][1] - rivals[0] < FUZZY_MARGIN:
        return None
    return best


def _by_unit(key: str, vocab: Vocabulary) -> LabelMatch | None:
    """A label that names a unit (所属苏木乡镇, 嘎查村名称) is that level's name column."""
    if key.endswith(_PERSON):
        return None
    stem = re.sub(r"(名称|名字|名)$", "", key)
    stem = re.sub(r"^(所属|所在|所辖)", "", stem)
    for suffix, level in vocab.units:
        if stem.endswith(suffix) and level in _UNIT_FIELD:
            spec = vocab.spec(_UNIT_FIELD[level])
            return LabelMatch(spec, "meaning") if spec is not None else None
    return None


def match_grouped(parts: list[str], vocab: Vocabulary) -> tuple[LabelMatch | None, str]:
    """Match a column whose header has a group label over a sub-label (two-row header).

    The sub-label is the more specific one (`投资情况（万元）` / `预计投资额`), so it is tried
    first, then the joined text, then the group alone when there is only one sub-column.
    Returns the match and the label as printed (`group/sub`).
    """
    printed = "/".join(parts)
    for candidate in [*reversed(parts), "".join(parts)]:
        match = match_label(candidate, vocab)
        if match is not None:
            return match, printed
    return None, printed
