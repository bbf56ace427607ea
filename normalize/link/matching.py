"""Link every district, street and community name of a Document to the registry.

Order per name: exact (normalised form) -> alias -> fuzzy, first within the matched parent, then
in wider scopes (a community: its street, its district, everywhere; a street: its district,
everywhere). A match found outside the parent is kept but flagged and sent to review. Names are
scored level by level: all names of one level in one batch (`normalize.scoring`), then each name
is decided against the registry entries of its scope by reading that batch's matrix.

Statuses: exact, alias and fuzzy are accepted (id set, name replaced by the canonical name);
ambiguous (two candidates within `match_margin`) and unmatched (nothing at or above
`match_accept`) keep the name as read, leave the id empty and always produce a ReviewItem.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bulletin.normalize.link.registry import Entry, LevelIndex, Registry
from bulletin.normalize.link.scoring import score
from bulletin.schemas.document import (
    Community,
    District,
    Document,
    Level,
    Link,
    MatchStatus,
    Street,
    Value,
)
from bulletin.schemas.findings import ReviewItem
from bulletin.schemas.settings import Settings

TOP_CANDIDATES = 3
Node = District | Street | Community


@dataclass(frozen=True)
class Scope:
    """Entry positions (within one LevelIndex) a name may match; `outside` flags a wider scope."""

    positions: np.ndarray
    outside: bool
    label: str


@dataclass(frozen=True)
class Match:
    """The decision for one name; `reason` is set whenever a person should look at it."""

    entry: Entry | None
    score: float
    status: MatchStatus
    candidates: list[tuple[str, str, float]]
    outside_parent: bool = False
    reason: str | None = None


@dataclass
class _Item:
    """One name occurrence in the document being linked (mutated only on our own copy)."""

    node: Node
    level: Level
    table_index: int
    query: str
    scopes: list[Scope]
    parent: "_Item | None"
    match: Match | None = None


def link_document(doc: Document, registry: Registry, settings: Settings) -> Document:
    """Return a copy of `doc` with every name linked, renamed when accepted, reviews appended."""
    out = doc.model_copy(deep=True)
    reviews: list[ReviewItem] = []
    previous: list[_Item] = []
    for level in (Level.DISTRICT, Level.STREET, Level.COMMUNITY):
        items = _collect(out, level, previous, registry)
        _decide_level(items, registry, settings)
        for item in items:
            review = _apply(item, out.source, settings)
            if review is not None:
                reviews.append(review)
        previous = items
    out.review = list(out.review) + reviews
    return out


def _collect(doc: Document, level: Level, parents: list[_Item], registry: Registry) -> list[_Item]:
    """The name occurrences of `level` in document order, each with the scopes it may match."""
    index = registry.levels[level]
    if level is Level.DISTRICT:
        everywhere = Scope(np.arange(len(index.entries)), False, "all districts")
        return [
            _Item(d, level, t.index, _query(d), [everywhere], None)
            for t in doc.tables for d in t.districts
        ]
    items = []
    for parent in parents:
        children: list[Street] | list[Community] = (
            parent.node.streets if isinstance(parent.node, District)
            else parent.node.communities  # type: ignore[union-attr]
        )
        scopes = _scopes(parent, index, registry)
        items += [_Item(c, level, parent.table_index, _query(c), scopes, parent) for c in children]
    return items


def _query(node: Node) -> str:
    """What to match: the text as first read (re-linking a linked document reuses it)."""
    return node.link.raw if node.link is not None else node.name


def _scopes(parent: _Item, index: LevelIndex, registry: Registry) -> list[Scope]:
    """Scopes for the children of `parent`, narrowest first."""
    everywhere = np.arange(len(index.entries))
    parent_entry = parent.match.entry if parent.match else None
    if parent_entry is None:
        grand = parent.parent.match.entry if parent.parent and parent.parent.match else None
        if grand is None:
            return [Scope(everywhere, False, "everywhere")]
        inner = _positions(index, _grandchildren(registry, grand.id))
        return [Scope(inner, False, grand.name), Scope(everywhere, True, "everywhere")]
    scopes = [Scope(_positions(index, registry.children.get(parent_entry.id, ())), False,
                    parent_entry.name)]
    grand = registry.parent(parent_entry.id)
    if parent.level is Level.STREET and grand is not None:
        inner = _positions(index, _grandchildren(registry, grand.id))
        scopes.append(Scope(inner, True, grand.name))
    scopes.append(Scope(everywhere, True, "everywhere"))
    return scopes


def _grandchildren(registry: Registry, entry_id: str) -> list[str]:
    return [g for c in registry.children.get(entry_id, ()) for g in registry.children.get(c, ())]


def _positions(index: LevelIndex, ids: tuple[str, ...] | list[str]) -> np.ndarray:
    return np.array(sorted(index.position[i] for i in ids if i in index.position), dtype=np.intp)


def _decide_level(items: list[_Item], registry: Registry, settings: Settings) -> None:
    """Score all distinct names of one level in one batch, then decide each occurrence."""
    index = registry.levels[items[0].level] if items else None
    if index is None:
        return
    keys = sorted({registry.key(item.query) for item in items})
    sparse = score(keys, index.choices, cutoff=settings.match_floor)
    matrix = sparse.dense(len(keys), len(index.entries))
    rows = {k: i for i, k in enumerate(keys)}
    for item in items:
        key = registry.key(item.query)
        item.match = decide(key, matrix[rows[key]], index, item.scopes, settings)


def decide(
    key: str, scores: np.ndarray, index: LevelIndex, scopes: list[Scope], settings: Settings
) -> Match:
    """Decide one name: the first scope with an accepted match wins; ambiguity stops the search."""
    if not key:
        return Match(None, 0.0, MatchStatus.UNMATCHED, [], reason="empty name")
    for scope in scopes:
        match = _decide_in_scope(key, scores, index, scope, settings)
        if match is not None and (match.entry is not None or match.status is MatchStatus.AMBIGUOUS):
            if match.entry is not None and scope.outside:
                reason = f"matched outside its parent: found in {scope.label}"
                return Match(match.entry, match.score, match.status, match.candidates, True, reason)
            return match
    widest = scopes[-1]
    candidates = _candidates(scores, index, widest.positions)
    best = candidates[0][2] if candidates else 0.0
    if best < settings.match_floor:
        reason = f"no candidate scores at least {settings.match_floor:g}"
    elif len(candidates) > 1 and best - candidates[1][2] < settings.match_margin:
        return Match(None, best, MatchStatus.AMBIGUOUS, candidates,
                     reason=f"best candidates within {settings.match_margin:g} points")
    else:
        reason = f"best candidate scores {best:g}, below match_accept {settings.match_accept:g}"
    return Match(None, best, MatchStatus.UNMATCHED, candidates, reason=reason)


def _decide_in_scope(
    key: str, scores: np.ndarray, index: LevelIndex, scope: Scope, settings: Settings
) -> Match | None:
    """Exact, then alias, then accepted fuzzy within one scope; None when nothing is accepted."""
    candidates = _candidates(scores, index, scope.positions)
    for status, table in ((MatchStatus.EXACT, index.exact), (MatchStatus.ALIAS, index.alias)):
        hits = _within(scope.positions, table.get(key, ()))
        if len(hits) == 1:
            return Match(index.entries[hits[0]], 100.0, status, candidates)
        if len(hits) > 1:
            same = [(index.entries[p].id, index.entries[p].name, 100.0) for p in hits]
            return Match(None, 100.0, MatchStatus.AMBIGUOUS, same[:TOP_CANDIDATES],
                         reason=f"{len(hits)} registry entries share this {status.value} name")
    if not candidates or candidates[0][2] < settings.match_accept:
        return None
    best = candidates[0]
    if len(candidates) > 1 and best[2] - candidates[1][2] < settings.match_margin:
        return Match(None, best[2], MatchStatus.AMBIGUOUS, candidates,
                     reason=f"best candidates within {settings.match_margin:g} points")
    return Match(index.entries[index.position[best[0]]], best[2], MatchStatus.FUZZY, candidates)


def _within(positions: np.ndarray, hits: tuple[int, ...]) -> list[int]:
    """The hits that lie in the (sorted) scope positions."""
    if not hits or positions.size == 0:
        return []
    found = np.searchsorted(positions, hits)
    return [h for h, f in zip(hits, found, strict=True) if f < positions.size and positions[f] == h]


def _candidates(
    scores: np.ndarray, index: LevelIndex, positions: np.ndarray
) -> list[tuple[str, str, float]]:
    """Top candidates (id, name, score rounded to 0.1) among `positions`, best first."""
    if positions.size == 0:
        return []
    sub = scores[positions]
    order = np.lexsort((positions, -sub))[:TOP_CANDIDATES]
    return [
        (index.entries[positions[o]].id, index.entries[positions[o]].name,
         round(float(sub[o]), 1))
        for o in order if sub[o] > 0
    ]


def _apply(item: _Item, source: str, settings: Settings) -> ReviewItem | None:
    """Set the node's link (and canonical name when accepted); return its review item if any."""
    match = item.match
    assert match is not None  # every item is decided by _decide_level
    node, field = item.node, item.level.value
    value = node.fields.get(field)
    raw = node.link.raw if node.link is not None else (value.raw if value else node.name)
    entry = match.entry
    node.link = Link(
        id=entry.id if entry else None, canonical=entry.name if entry else None,
        score=match.score, status=match.status, raw=raw,
        outside_parent=match.outside_parent, candidates=match.candidates,
    )
    if entry is not None:
        node.name = entry.name
        if value is not None:
            node.fields[field] = value.model_copy(update={"value": entry.name})
    if match.reason is None:
        return None
    return ReviewItem(
        file=source, page=_page(node, value), kind="match", read=raw,
        candidates="; ".join(f"{n} ({i}) {s:g}" for i, n, s in match.candidates),
        reason=f"{field}: {match.reason}", table_index=item.table_index, field=field,
    )


def _page(node: Node, value: Value | None) -> int | None:
    if value is not None and value.page is not None:
        return value.page
    return node.page if isinstance(node, Community) else None
