"""A number read without the decimal point its column prints: the point read again from the
cell's pixels, never put in.

A number can come out of the reader without its point, as confidently as the rest: on a
phone photo the blur joined the feet of 2382.3's digits and its point into a run as long as
a rule, the rule's removal took the point, and the cell read 23823 in a column of 1007.9,
2340.6, 4661.4. Extract offers, for a number
line without a point in a table column whose other numbers carry one, a second read of the
line's pixels: digits only, enlarged and sharpened, scored by its least sure character
(`NUMBER_REREAD`). Here, where a column's type is known, a number column's value without a
point, in a column whose other values carry one, takes that reading when it shows the same
digits with a point, read at least `review_below` sure. Otherwise, when every other value of
the column prints the same places (two at least), the value stays as read, below
`review_below` and in review. Both end in review: the two reads disagree, so neither is sure.
No point is ever placed by arithmetic (the column's places, the total row).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bulletin.normalize.table.stitch import TableDraft
from bulletin.normalize.table.values import parse_number
from bulletin.schemas.document import Column, ValueKind
from bulletin.schemas.extracted import NUMBER_REREAD, GridCell


@dataclass(frozen=True)
class PointRead:
    """A value after the point rule: the text, its confidence, whether it is in doubt."""

    value: str
    confidence: float
    doubt: bool


def places(number: str) -> int:
    """Decimal places a parsed number prints: '2382.3' -> 1, '23823' -> 0."""
    return len(number.partition(".")[2])


def column_places(draft: TableDraft, columns: Sequence[Column]) -> dict[str, Counter[int]]:
    """For each number column, how many of its values print each count of decimal places:
    every body cell once (a merged cell is one value), the total and the subtotal rows."""
    cells: dict[int, list[GridCell]] = {}
    for row in draft.body:
        for col, logical in enumerate(row):
            cells.setdefault(col, [])
            if all(c is not logical.cell for c in cells[col]):
                cells[col].append(logical.cell)
    rows = ([draft.total] if draft.total else []) + [s.cells for s in draft.subtotals]
    for cell in (c for r in rows for c in r if c.colspan == 1):
        cells.setdefault(cell.col, []).append(cell)
    out: dict[str, Counter[int]] = {}
    for col, column in enumerate(columns):
        if column.kind is ValueKind.NUMBER:
            numbers = [parse_number(c.text) for c in cells.get(col, [])]
            out[column.field] = Counter(places(n) for n in numbers if n is not None)
    return out


def point_read(
    cell: GridCell, value: str, confidence: float, column: Counter[int], review_below: float
) -> PointRead:
    """`value` (the cell's number as read) under the point rule; `column` counts the places
    of the column's values, this one among them."""
    others = _others(value, column)
    if places(value) or not any(n for p, n in others.items() if p):
        return PointRead(value, confidence, False)
    unsure = min(confidence, max(0.0, review_below - 0.01))
    for reading in cell.readings:
        again = parse_number(reading.text) if reading.how == NUMBER_REREAD else None
        if again is not None and _pointed(again, value) and reading.confidence >= review_below:
            return PointRead(again, min(unsure, reading.confidence), True)
    if _printed_places(value, others) is not None:
        return PointRead(value, unsure, True)
    return PointRead(value, confidence, False)


def doubt(value: str, raw: str, column: Counter[int]) -> str | None:
    """What the point rule doubted about a number value, for its review item, or None."""
    first = parse_number(raw)
    if first is not None and _pointed(value, first):
        return f"its decimal point read again from the cell's pixels ({raw} as first read)"
    printed = _printed_places(value, _others(value, column))
    if printed is not None:
        digits = f"{printed} digit{'s' if printed > 1 else ''}"
        return f"read without a decimal point; the column's other values print {digits} after one"
    return None


def _others(value: str, column: Counter[int]) -> Counter[int]:
    others = column.copy()
    others[places(value)] -= 1
    return others


def _pointed(again: str, first: str) -> bool:
    """Whether `again` is `first` with a decimal point between its digits."""
    return places(again) > 0 and places(first) == 0 and again.replace(".", "") == first


def _printed_places(value: str, others: Counter[int]) -> int | None:
    """The places every other value of the column prints (two of them at least), when
    `value` has none and they have some; else None."""
    printed = {p for p, n in others.items() if n > 0}
    if places(value) or len(printed) != 1 or sum(others.values()) < 2:
        return None
    (p,) = printed
    return p or None  # decimal places, never 0 here
