"""What the review page lists: every review item and finding, located in its document.

A review item says what to check (file, page, table, field, the text as read); here it is put
back on its cell: the value it was made from (box, confidence), the rows that show that cell (a
merged cell is one item but every community it covers gets the correction), and for a doubtful
name the registry's candidates. Review items are matched to values in document order, as
normalize/review.py and the linker made them, so two equal readings on one page stay two items.
A finding that names its field and row (the cross-checks of a table) is located the same way;
one about the prose has no cell and is listed for reading only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from bulletin.output.panel import counted, duplicate_findings
from bulletin.review.corrections import Target
from bulletin.schemas.document import Community, District, Document, Level, Street, Value
from bulletin.schemas.findings import Finding, ReviewItem
from bulletin.schemas.geometry import Box

Node = District | Street | Community


@dataclass(frozen=True)
class Slot:
    """One value of a document where a person may correct it."""

    table_index: int
    level: Level | None  # None: the 合计 row
    names: tuple[str, str, str]  # district, street, community as in the output CSVs
    field: str
    value: Value
    node: Node | None

    def target(self, source: str) -> Target:
        return Target.at(source, self.table_index, self.field, self.level, self.names)

    def same_cell(self, other: "Slot") -> bool:
        return (self.table_index, self.field, self.value.page, self.value.box) == (
            other.table_index, other.field, other.value.page, other.value.box)


@dataclass(frozen=True)
class Entry:
    source: str
    category: str  # "review" or "finding"
    kind: str  # the review kind (low_confidence, match, ...) or the finding's check
    severity: str  # "review", or the finding's severity
    reason: str
    field: str | None
    read: str  # the text as read (a finding: what was found)
    value: str  # what the outputs hold now
    expected: str = ""
    confidence: float | None = None
    page: int | None = None
    box: Box | None = None
    candidates: tuple[str, ...] = ()
    targets: tuple[Target, ...] = ()
    location: str = ""


def entries(docs: list[Document]) -> list[Entry]:
    """Every review item, then every finding, of each counted document (sources in order);
    then the copies of a bulletin seen twice (a copy's own items are not in review.csv)."""
    out: list[Entry] = []
    for doc in sorted(counted(docs), key=lambda d: d.source):
        slots = list(_slots(doc))
        used: dict[str, set[int]] = {}  # per kind: one cell may be doubted for two reasons
        out += [_review_entry(doc, item, slots, used.setdefault(item.kind, set()))
                for item in doc.review]
        out += [_finding_entry(doc, f, slots) for f in doc.findings]
    by_source = {d.source: d for d in docs}
    out += [_finding_entry(by_source[f.document], f, []) for f in duplicate_findings(docs)]
    return out


def _slots(doc: Document) -> Iterator[Slot]:
    """Every table value with its row names, in the order review items are made."""
    for table in doc.tables:
        for d in table.districts:
            yield from _node_slots(table.index, Level.DISTRICT, (d.name, "", ""), d)
            for s in d.streets:
                yield from _node_slots(table.index, Level.STREET, (d.name, s.name, ""), s)
                for c in s.communities:
                    names = (d.name, s.name, c.name)
                    yield from _node_slots(table.index, Level.COMMUNITY, names, c)
        for name, value in (table.total or {}).items():
            yield Slot(table.index, None, ("", "", ""), name, value, None)


def _node_slots(
    index: int, level: Level, names: tuple[str, str, str], node: Node
) -> Iterator[Slot]:
    for name, value in node.fields.items():
        yield Slot(index, level, names, name, value, node)


def _review_entry(doc: Document, item: ReviewItem, slots: list[Slot], used: set[int]) -> Entry:
    found = _locate(item, slots, used)
    base = Entry(
        source=doc.source, category="review", kind=item.kind, severity="review",
        reason=item.reason, field=item.field, read=item.read, value=item.read, page=item.page,
        location=_where(doc.source, item.table_index, item.page),
    )
    if found is None:
        return _field_entry(doc, item, base)
    slot = slots[found]
    cell = [s for s in slots if s.same_cell(slot)] if slot.value.box is not None else [slot]
    link = slot.node.link if slot.node is not None and item.kind == "match" else None
    return replace(
        base, value=slot.value.value or "", confidence=slot.value.confidence,
        page=slot.value.page or item.page, box=slot.value.box,
        candidates=tuple(name for _, name, _ in link.candidates) if link else (),
        targets=tuple(s.target(doc.source) for s in cell),
        location=_where(doc.source, slot.table_index, slot.value.page, slot),
    )


def _field_entry(doc: Document, item: ReviewItem, base: Entry) -> Entry:
    """A document field (title, issuer ...) read in doubt: on its lines, corrected in
    documents.csv."""
    source = doc.field_sources.get(item.field or "") if item.table_index is None else None
    if source is None or item.field is None:
        return base
    return replace(
        base, value=str(getattr(doc, item.field, "") or ""), confidence=source.confidence,
        page=source.page, box=source.box, targets=(Target(doc.source, item.field),),
    )


def _locate(item: ReviewItem, slots: list[Slot], used: set[int]) -> int | None:
    """The first slot not yet taken that this item was made from."""
    for i, slot in enumerate(slots):
        if i in used or slot.table_index != item.table_index or slot.field != item.field:
            continue
        if item.kind == "match":
            node = slot.node
            read = node.link.raw if node is not None and node.link is not None else slot.value.raw
            hit = slot.level is not None and slot.field == slot.level.value and read == item.read
        else:
            hit = slot.value.raw == item.read and slot.value.page == item.page
        if hit:
            used.update(j for j, other in enumerate(slots) if other.same_cell(slot))
            used.add(i)
            return i
    return None


def _finding_entry(doc: Document, finding: Finding, slots: list[Slot]) -> Entry:
    base = Entry(
        source=doc.source, category="finding", kind=finding.check,
        severity=finding.severity.value, reason=finding.message, field=finding.field,
        read=finding.found, value=finding.found, expected=finding.expected,
        location=finding.location,
    )
    slot = next((s for s in slots if _about(finding, s)), None)
    if slot is None:
        return base
    return replace(
        base, confidence=slot.value.confidence, page=slot.value.page, box=slot.value.box,
        value=slot.value.value or "", read=slot.value.raw, targets=(slot.target(doc.source),),
    )


def _about(finding: Finding, slot: Slot) -> bool:
    """The finding's own cell: its field in its district's row, or in the 合计 row."""
    if finding.field is None or finding.table_index != slot.table_index:
        return False
    if slot.field != finding.field:
        return False
    if finding.district is None:
        return slot.level is None
    return slot.level is Level.DISTRICT and slot.names[0] == finding.district


def _where(source: str, table: int | None, page: int | None, slot: Slot | None = None) -> str:
    parts = [source]
    if page is not None:
        parts.append(f"page {page}")
    if table is not None:
        parts.append(f"table {table}")
    if slot is not None:
        parts += [n for n in slot.names if n] or (["合计 row"] if slot.level is None else [])
    return " · ".join(parts)
