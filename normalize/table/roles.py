"""Which columns are the hierarchy, from what the table is rather than from its labels.

A ranking table nests: each span of its district column covers whole spans of its street
column, which cover single rows, one per community; its leaf column holds names, the rest are
typed (numbers, rates, yes/no words) or people. So when a label is missing, unreadable or
simply not in the vocabulary, the hierarchy columns are found from the cells: how their row
spans nest (merged cells, or the same name repeated down the rows), and what the names in them
end with (…旗 …苏木 …镇 …嘎查 …村 …社区 …小区, the vocabulary's administrative units). Columns
of other fields whose labels were not understood get their kind from their cells too.

Pure functions of the body's cell keys (one key per merged cell) and texts.
"""

from __future__ import annotations

from collections import Counter

import re
from dataclasses import dataclass

from bulletin.normalize.table.values import is_blank, is_status_word, parse_number
from bulletin.schemas.document import Column, Level, ValueKind
from bulletin.schemas.text import is_han
from bulletin.schemas.vocabulary import Vocabulary

ROLES = ("district", "street", "community")
_LEVELS = {"district": Level.DISTRICT, "street": Level.STREET, "community": Level.COMMUNITY}
_TYPED_SHARE = 0.8  # a column whose cells are this often numbers (or yes/no words) is typed
_NAME_SHARE = 0.6  # a name column holds Chinese names in this share of its cells
_MIN_TYPED = 3  # cells needed before a column's kind is judged from its content
_LEAF_SHARE = 0.8  # the leaf column changes value on (nearly) every row
_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]$")


@dataclass(frozen=True)
class Profile:
    """What one column's body cells look like."""

    col: int
    runs: tuple[tuple[int, int], ...]  # [start, stop) rows of one merged cell or repeated name
    numeric: float  # share of non-blank cells that are numbers
    status: float  # ... that are yes/no words
    names: float  # ... that are Chinese names (two or more Han characters, not a value)
    person: float  # ... of the names that look like a person's (2-4 Han, no unit ending)
    votes: dict[str, float]  # share of distinct names ending like each unit level
    integers: bool  # every number is an integer
    filled: int  # non-blank cells

    @property
    def boundaries(self) -> frozenset[int]:
        return frozenset(start for start, _ in self.runs)


def profile(col: int, keys: list[list[int]], texts: list[list[str]], vocab: Vocabulary) -> Profile:
    column = [row[col] for row in texts]
    filled = [t.strip() for t in column if not is_blank(t)]
    n = max(len(filled), 1)
    numbers = [parse_number(t) for t in filled]
    names = [t for t, num in zip(filled, numbers, strict=True) if num is None and _is_name(t)]
    distinct = sorted(set(names))
    votes: dict[str, float] = {}
    for name in distinct:
        level = vocab.unit_level(_BRACKETS.sub("", name))
        if level is not None:
            votes[level] = votes.get(level, 0.0) + 1 / len(distinct)
    person = [t for t in distinct if len(t) <= 4 and vocab.unit_level(t) is None]
    return Profile(
        col=col,
        runs=_runs([row[col] for row in keys], column),
        numeric=sum(num is not None for num in numbers) / n,
        status=sum(is_status_word(t, vocab) for t in filled) / n,
        names=len(names) / n,
        person=len(person) / max(len(distinct), 1),
        votes=votes,
        integers=all(num is None or "." not in num for num in numbers),
        filled=len(filled),
    )


def _is_name(text: str) -> bool:
    return sum(is_han(ch) for ch in text) >= 2


def _runs(keys: list[int], texts: list[str]) -> tuple[tuple[int, int], ...]:
    """Rows under one merged cell, or repeating one name, or left blank below a name."""
    runs: list[list[int]] = []
    times = Counter(keys)
    for r, (key, text) in enumerate(zip(keys, texts, strict=True)):
        if runs and (
            key == keys[r - 1]
            or (text.strip() and text.strip() == texts[r - 1].strip())
            or (not text.strip() and times[key] == 1)
        ):
            runs[-1][1] = r + 1
        else:
            runs.append([r, r + 1])
    return tuple((a, b) for a, b in runs)


def infer_roles(
    columns: list[Column], keys: list[list[int]], texts: list[list[str]], vocab: Vocabulary
) -> list[Column]:
    """The columns with the hierarchy roles and the kinds the labels did not give, found from
    the cells. Roles the labels gave are kept."""
    if not keys:
        return columns
    profiles = [profile(c, keys, texts, vocab) for c in range(len(columns))]
    out = [_kind_from_cells(col, p) if not col.known else col for col, p in zip(
        columns, profiles, strict=True)]  # fmt: skip
    taken = {c.field: i for i, c in enumerate(out) if c.known and c.field in ROLES}
    free = [p for p, c in zip(profiles, out, strict=True) if not c.known and _texty(p)]
    rows = len(keys)
    if "community" not in taken:
        leaf = _leaf(free, rows)
        if leaf is not None:
            taken["community"] = leaf.col
            free = [p for p in free if p is not leaf]
    if "community" in taken:
        known = {role: profiles[col] for role, col in taken.items()}
        taken.update(_coarser(free, known))
    for role, col in taken.items():
        if not out[col].known:
            out[col] = out[col].model_copy(update={
                "field": role, "level": _LEVELS[role], "kind": ValueKind.TEXT, "known": True,
                "how": "content",
            })  # fmt: skip
    return out


def _texty(p: Profile) -> bool:
    return p.names >= _NAME_SHARE and p.numeric < 1 - _TYPED_SHARE and p.status < 0.5


def _leaf(free: list[Profile], rows: int) -> Profile | None:
    """The column that names a new place on (nearly) every row and is not a person's name."""
    leaves = [p for p in free if len(p.runs) >= _LEAF_SHARE * rows
              and (p.person < 0.5 or p.votes.get("community", 0) > 0)]  # fmt: skip
    if not leaves:
        return None
    return max(leaves, key=lambda p: (p.votes.get("community", 0.0), len(p.runs), -p.col))


def _coarser(free: list[Profile], known: dict[str, Profile]) -> dict[str, int]:
    """District and street columns among the columns whose spans group the leaf's rows,
    coarse to fine: a place column nests (its run boundaries are boundaries of every finer
    place column) and holds places, not people."""
    leaf = known["community"]
    places = [p for p in free if len(p.runs) < len(leaf.runs)
              and (p.person < 0.5 or sum(p.votes.values()) > 0.5)]  # fmt: skip
    places.sort(key=lambda p: (len(p.runs), p.col))
    chain: list[Profile] = []
    for p in places:  # coarse to fine; each must refine the one before it
        if not chain or chain[-1].boundaries <= p.boundaries:
            chain.append(p)
    found: dict[str, int] = {}
    district = known.get("district")
    if district is None:
        district = _pick(chain, "district", None)
        if district is not None:
            found["district"] = district.col
    if "street" not in known:
        street = _pick([p for p in chain if p is not district], "street", district)
        if street is not None:
            found["street"] = street.col
    return found


def _pick(chain: list[Profile], role: str, coarser: Profile | None) -> Profile | None:
    """The first chain column (coarse to fine) finer than `coarser` whose names end like
    `role`'s units, else the first whose names end like no unit at all."""
    if coarser is not None:
        chain = [p for p in chain
                 if len(p.runs) > len(coarser.runs) and coarser.boundaries <= p.boundaries]
    voted = [p for p in chain if p.votes.get(role, 0) >= 0.5]
    if voted:
        return voted[0]
    return next((p for p in chain if not p.votes), None)


def _kind_from_cells(column: Column, p: Profile) -> Column:
    """An unknown column's kind from what its cells hold (numbers, yes/no words, text); a
    column with only a cell or two filled (a 备注 column) says too little and stays text."""
    if p.filled < _MIN_TYPED:
        return column
    if p.numeric >= _TYPED_SHARE:
        kind = ValueKind.INTEGER if p.integers else ValueKind.NUMBER
    elif p.status >= _TYPED_SHARE:
        kind = ValueKind.BOOLEAN
    else:
        return column
    return column.model_copy(update={"kind": kind})
