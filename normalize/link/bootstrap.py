"""A registry where none exists: one entry per place seen in a converted archive.

Every distinct district, street within its district and community within its street becomes an
entry, numbered within its parent by how often it is seen, then by when it was first seen
(documents by source, tables and rows in reading order), so the same archive always gives the
same ids: districts `D001`, their streets `D001-S01`, their
communities `D001-S01-C001`. Spellings that the matcher would take for one name (a score at or
above `match_accept` with the matcher's own confusion-aware scoring: 乌/马, a dropped character)
are grouped under one entry, the most frequent spelling as its name and the others as aliases,
and every such grouping is listed for a person to confirm. Names are only ever grouped under the
same parent: two streets of the same name in two districts stay two entries.

Growing: given the registry made last time, every existing entry keeps its id, name and aliases;
names seen anew join an entry they match (as an alias, listed) or are appended as new entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from bulletin.normalize.link.names import normalize_name
from bulletin.normalize.link.registry import Entry, Registry
from bulletin.normalize.link.choices import Choices
from bulletin.normalize.link.scoring import score
from bulletin.schemas.document import Document, Level, Street

_PREFIX = {Level.DISTRICT: "D", Level.STREET: "S", Level.COMMUNITY: "C"}
_DIGITS = {Level.DISTRICT: 3, Level.STREET: 2, Level.COMMUNITY: 3}
ALIAS_COLUMNS = ["level", "id", "parent_id", "name", "alias", "score", "occurrences"]


@dataclass(frozen=True)
class Grouped:
    """A spelling filed as an alias of an entry: for a person to confirm (or split off)."""

    level: Level
    id: str
    parent_id: str | None
    name: str
    alias: str
    score: float
    occurrences: int

    def row(self) -> dict[str, str]:
        return {
            "level": self.level.value, "id": self.id, "parent_id": self.parent_id or "",
            "name": self.name, "alias": self.alias, "score": f"{self.score:.1f}",
            "occurrences": str(self.occurrences),
        }


@dataclass
class _Draft:
    id: str
    level: Level
    name: str
    parent_id: str | None
    aliases: list[str] = field(default_factory=list)

    def entry(self) -> Entry:
        return Entry(self.id, self.level, self.name, self.parent_id, tuple(self.aliases))


Where = tuple[str, int]  # (source, table index): one table lists a place once


@dataclass
class _Seen:
    """Spellings of one level under one parent, in the order first seen, with their counts
    and the tables they appear in."""

    spellings: dict[str, int] = field(default_factory=dict)
    tables: dict[str, set[Where]] = field(default_factory=dict)

    def add(self, name: str, where: Where) -> None:
        self.spellings[name] = self.spellings.get(name, 0) + 1
        self.tables.setdefault(name, set()).add(where)


def init_registry(
    docs: Iterable[Document], accept: float, existing: Registry | None = None
) -> tuple[list[Entry], list[Grouped]]:
    """Entries (existing first, in their order, then new ones) and the groupings to confirm."""
    drafts = [_Draft(e.id, e.level, e.name, e.parent_id, list(e.aliases))
              for e in (existing.entries if existing else ())]  # fmt: skip
    builder = _Builder(drafts, accept)
    ordered = sorted(docs, key=lambda d: d.source)
    districts = _Seen()
    for name, where in _district_names(ordered):
        districts.add(name, where)
    builder.place(Level.DISTRICT, None, districts)
    for level in (Level.STREET, Level.COMMUNITY):
        scopes: dict[str, _Seen] = {}
        for parent_id, name, where in _children(ordered, level, builder):
            scopes.setdefault(parent_id, _Seen()).add(name, where)
        for parent_id, seen in scopes.items():
            builder.place(level, parent_id, seen)
    return [d.entry() for d in builder.drafts], builder.grouped


def _spelling(node: object) -> str:
    """The name as read (a run linked to a registry keeps it as `link.raw`)."""
    link = getattr(node, "link", None)
    return (link.raw if link is not None else getattr(node, "name", "")).strip()


def _district_names(docs: list[Document]) -> Iterator[tuple[str, Where]]:
    for doc in docs:
        for table in doc.tables:
            for d in table.districts:
                if _spelling(d):
                    yield _spelling(d), (doc.source, table.index)


def _children(
    docs: list[Document], level: Level, builder: "_Builder"
) -> Iterator[tuple[str, str, Where]]:
    """(parent entry id, child spelling, table) for every street or community row."""
    for doc in docs:
        for table in doc.tables:
            where = (doc.source, table.index)
            for d in table.districts:
                district = builder.resolve(Level.DISTRICT, None, _spelling(d))
                if district is None:
                    continue
                for s in d.streets:
                    if level is Level.STREET:
                        if _spelling(s):
                            yield district, _spelling(s), where
                        continue
                    street = builder.resolve(Level.STREET, district, _spelling(s))
                    yield from _communities(s, street, where)


def _communities(
    street: Street, street_id: str | None, where: Where
) -> Iterator[tuple[str, str, Where]]:
    if street_id is None:
        return
    for c in street.communities:
        if _spelling(c):
            yield street_id, _spelling(c), where


class _Builder:
    """The entries being built, and how a spelling under a parent resolves to one of them."""

    def __init__(self, drafts: list[_Draft], accept: float) -> None:
        self.drafts = drafts
        self.accept = accept
        self.grouped: list[Grouped] = []
        self._tables: dict[str, set[Where]] = {}  # entry id -> the tables its spellings are in
        self._keys: dict[tuple[Level, str | None, str], str] = {}
        for d in drafts:
            for spelling in (d.name, *d.aliases):
                self._keys.setdefault((d.level, d.parent_id, normalize_name(spelling)), d.id)

    def resolve(self, level: Level, parent_id: str | None, spelling: str) -> str | None:
        return self._keys.get((level, parent_id, normalize_name(spelling)))

    def place(self, level: Level, parent_id: str | None, seen: _Seen) -> None:
        """File every spelling of one scope: known ones resolve; the rest, most frequent first,
        join the entry they score highest with (>= accept) or become new entries. Two spellings
        printed in the same table are two places, however alike."""
        order = sorted(seen.spellings, key=lambda s: -seen.spellings[s])  # stable: first seen
        for spelling in order:
            tables = seen.tables[spelling]
            known = self.resolve(level, parent_id, spelling)
            if known is not None:
                self._tables.setdefault(known, set()).update(tables)
                continue
            scope = [d for d in self.drafts if d.level is level and d.parent_id == parent_id]
            apart = [d for d in scope if not self._tables.get(d.id, set()) & tables]
            best, best_score = self._closest(spelling, apart)
            if best is not None:
                best.aliases.append(spelling)
                self.grouped.append(Grouped(level, best.id, parent_id, best.name, spelling,
                                            best_score, seen.spellings[spelling]))
            else:
                best = _Draft(self._new_id(level, parent_id, scope), level, spelling, parent_id)
                self.drafts.append(best)
            self._keys[(level, parent_id, normalize_name(spelling))] = best.id
            self._tables.setdefault(best.id, set()).update(tables)

    def _closest(self, spelling: str, scope: list[_Draft]) -> tuple[_Draft | None, float]:
        """The entry of `scope` whose name or alias the matcher would accept for `spelling`."""
        if not scope:
            return None, 0.0
        names: list[str] = []
        starts: list[int] = []
        for d in scope:
            starts.append(len(names))
            names += [normalize_name(n) for n in (d.name, *d.aliases)]
        sparse = score([normalize_name(spelling)], Choices.build(names, starts),
                       cutoff=self.accept)
        if sparse.scores.size == 0:
            return None, 0.0
        top = int(np.lexsort((sparse.entries, -sparse.scores))[0])
        return scope[int(sparse.entries[top])], round(float(sparse.scores[top]), 1)

    def _new_id(self, level: Level, parent_id: str | None, scope: list[_Draft]) -> str:
        taken = {d.id for d in self.drafts}
        base = f"{parent_id}-" if parent_id else ""
        n = len(scope) + 1
        while True:
            candidate = f"{base}{_PREFIX[level]}{n:0{_DIGITS[level]}d}"
            if candidate not in taken:
                return candidate
            n += 1


def registry_rows(entries: Iterable[Entry]) -> list[dict[str, str]]:
    """Entries as rows of the registry CSV format (id,level,name,parent_id,aliases)."""
    return [
        {"id": e.id, "level": e.level.value, "name": e.name, "parent_id": e.parent_id or "",
         "aliases": "|".join(e.aliases)}
        for e in entries
    ]
