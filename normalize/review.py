"""What a person must check: every value read unreadably, with low confidence, or under a seal.

Name matches that need a person are added by the linker (normalize/link/matching.py); this
module covers what the page itself leaves in doubt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from bulletin.normalize.table.points import doubt, places
from bulletin.schemas.document import Document, Value, ValueKind
from bulletin.schemas.findings import ReviewItem
from bulletin.schemas.geometry import Box


def review_items(doc: Document, review_below: float) -> list[ReviewItem]:
    """Every value a person must check: unreadable, read with low confidence, or under a seal."""
    seals = {p.number: [seal.box for seal in p.seals] for p in doc.pages}
    columns = _number_places(doc)
    items = []
    seen: set[tuple[int, str, int | None, tuple[float, ...]]] = set()
    for table_index, field, value in _values(doc):
        cell = (table_index, field, value.page, tuple(value.box.as_list()) if value.box else ())
        if cell in seen:  # a merged cell is one thing to check, however many rows it spans
            continue
        seen.add(cell)
        sealed = value.box is not None and any(
            _covers(seal, value.box) for seal in seals.get(value.page or 0, [])
        )
        if (value.review or sealed) and not value.corrected:  # a correction answers it
            column = columns.get((table_index, field), Counter())
            items.append(_review(doc.source, table_index, field, value, sealed, column))
    return _fields(doc, review_below) + _structure(doc) + items


def _fields(doc: Document, review_below: float) -> list[ReviewItem]:
    """Document fields read below the review confidence (a misread title or issuer)."""
    return [
        ReviewItem(
            file=doc.source, page=source.page, kind="low_confidence",
            read=str(getattr(doc, name) or ""), field=name,
            reason=f"OCR confidence {source.confidence:.2f} below threshold",
        )
        for name, source in doc.field_sources.items()
        if source.confidence < review_below and getattr(doc, name, None)
    ]


def _structure(doc: Document) -> list[ReviewItem]:
    """Columns whose labels were not understood but whose cells say what they hold: the
    reading is probably right, a person should still confirm it."""
    return [
        ReviewItem(
            file=doc.source, page=table.pages[0], kind="structure", read=column.label,
            reason=f"column recognised from its cells as the {column.field} names; its label "
            "was not understood", table_index=table.index, field=column.field,
        )
        for table in doc.tables
        for column in table.columns
        if column.how == "content"
    ]


def _covers(seal: Box, cell: Box) -> bool:
    """A seal matters to a cell when it covers a tenth of it (a big merged cell that a seal
    only grazes keeps its centred text clear)."""
    area = cell.width * cell.height
    return area > 0 and seal.intersection_area(cell) >= 0.1 * area


def _values(doc: Document) -> Iterator[tuple[int, str, Value]]:
    for table in doc.tables:
        for district in table.districts:
            holders = (
                [district.fields]
                + [s.fields for s in district.streets]
                + [c.fields for s in district.streets for c in s.communities]
            )
            for fields in holders:
                for name, value in fields.items():
                    yield table.index, name, value
            for name, value in (district.subtotal or {}).items():
                yield table.index, name, value
        for name, value in (table.total or {}).items():
            yield table.index, name, value


def _number_places(doc: Document) -> dict[tuple[int, str], Counter[int]]:
    """The decimal places each number column's values print, per (table, field)."""
    out: dict[tuple[int, str], Counter[int]] = {}
    for table_index, field, value in _values(doc):
        if value.kind is ValueKind.NUMBER and value.value is not None:
            out.setdefault((table_index, field), Counter())[places(value.value)] += 1
    return out


def _review(
    source: str, table_index: int, field: str, value: Value, sealed: bool, column: Counter[int]
) -> ReviewItem:
    unreadable = bool(value.raw.strip()) and value.value is None
    why = None
    if value.review and value.kind is ValueKind.NUMBER and value.value is not None:
        why = doubt(value.value, value.raw, column)  # the point rule's, or None
    if unreadable:
        kind, reason = "unreadable", f"cannot read as {value.kind.value}"
    elif why is not None:
        kind, reason = "low_confidence", why
    elif value.review:
        kind, reason = "low_confidence", f"OCR confidence {value.confidence:.2f} below threshold"
    else:
        kind, reason = "seal", "a red seal covers part of this cell"
    return ReviewItem(
        file=source,
        page=value.page,
        kind=kind,
        read=value.raw,
        reason=reason,
        table_index=table_index,
        field=field,
    )
