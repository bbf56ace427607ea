"""Propose registry aliases from the names a run could not link.

A proposal is only a suggestion for a person: the raw text, the level, the best candidate (if
any) and how often it was seen. Accepted fuzzy matches are not proposed: turning an OCR slip
into an alias would hide the next misreading instead of scoring it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from bulletin.schemas.document import (
    Community,
    District,
    Document,
    Level,
    Link,
    MatchStatus,
    Street,
)

PROPOSED = frozenset({MatchStatus.UNMATCHED, MatchStatus.AMBIGUOUS})
COLUMNS = ["level", "id", "name", "alias", "score", "status", "occurrences", "files"]


@dataclass(frozen=True)
class Suggestion:
    level: Level
    id: str  # empty when no candidate scored above match_floor: a new entry may be missing
    name: str
    alias: str
    score: float
    status: MatchStatus
    occurrences: int
    files: tuple[str, ...]

    def row(self) -> dict[str, str]:
        return {
            "level": self.level.value, "id": self.id, "name": self.name, "alias": self.alias,
            "score": f"{self.score:g}", "status": self.status.value,
            "occurrences": str(self.occurrences), "files": "|".join(self.files),
        }


def _links(doc: Document) -> Iterable[tuple[Level, Link]]:
    nodes: list[tuple[Level, District | Street | Community]] = []
    for table in doc.tables:
        for d in table.districts:
            nodes.append((Level.DISTRICT, d))
            for s in d.streets:
                nodes.append((Level.STREET, s))
                nodes += [(Level.COMMUNITY, c) for c in s.communities]
    return ((level, n.link) for level, n in nodes if n.link is not None)


@dataclass
class _Tally:
    name: str
    score: float
    status: MatchStatus
    occurrences: int = 0
    files: list[str] = field(default_factory=list)


def suggest_aliases(docs: Iterable[Document]) -> list[Suggestion]:
    """One suggestion per (level, raw text, best candidate), most frequent first."""
    tallies: dict[tuple[Level, str, str], _Tally] = {}
    for doc in docs:
        for level, link in _links(doc):
            if link.status not in PROPOSED:
                continue
            cand_id, cand_name, score = link.candidates[0] if link.candidates else ("", "", 0.0)
            tally = tallies.setdefault(
                (level, link.raw.strip(), cand_id), _Tally(cand_name, score, link.status)
            )
            tally.occurrences += 1
            if doc.source not in tally.files:
                tally.files.append(doc.source)
    out = [
        Suggestion(level, cand_id, t.name, raw, t.score, t.status, t.occurrences,
                   tuple(sorted(t.files)))
        for (level, raw, cand_id), t in tallies.items()
    ]
    return sorted(out, key=lambda s: (-s.occurrences, s.level.value, s.alias, s.id))
