"""Merge geometry -> district / street / community.

Each value belongs to the level whose rows its merged cell spans: a district's rank and
investments are stored once on the district, never copied into its communities. A merged
status cell may run across a street boundary; every community under it gets that status,
marked `spanned` so the reader knows where it came from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from bulletin.normalize.table.points import column_places, point_read
from bulletin.normalize.table.stitch import LogicalCell, TableDraft
from bulletin.normalize.table.values import is_blank, parse_value
from bulletin.schemas.document import Column, Community, District, Level, Street, Value, ValueKind
from bulletin.schemas.extracted import GridCell
from bulletin.schemas.vocabulary import Vocabulary

_LEVEL_ORDER = (Level.DISTRICT, Level.STREET, Level.COMMUNITY)


@dataclass(frozen=True)
class Block:
    """A run of body rows [start, stop) sharing one key cell (a district or a street)."""

    start: int
    stop: int


def blocks(
    body: list[list[LogicalCell]], col: int | None, within: Block, fill_blank: bool = True
) -> list[Block]:
    """Runs of rows covered by one logical cell of column `col` inside `within`.

    With `fill_blank` (key columns: districts, streets), a row repeating the name above it (a
    table that prints the name on every row instead of merging) and a one-row empty key cell
    (a table that prints a name once and leaves the rows below blank) continue the block
    above; an empty merged cell is still a block of its own (an unreadable name, flagged
    later).
    """
    if col is None:
        return [within]
    out: list[Block] = []
    for r in range(within.start, within.stop):
        cell = body[r][col]
        above = body[r - 1][col]
        same = out and (
            cell.key == above.key
            or (fill_blank and _blank_single(body, r, col))
            or (fill_blank and bool(cell.cell.text.strip())
                and cell.cell.text.strip() == above.cell.text.strip())
        )
        if same:
            out[-1] = Block(out[-1].start, r + 1)
        else:
            out.append(Block(r, r + 1))
    return out


def _blank_single(body: list[list[LogicalCell]], r: int, col: int) -> bool:
    key = body[r][col].key
    rows = sum(1 for row in body if row[col].key == key)
    return rows == 1 and not body[r][col].cell.text.strip()


def cell_value(
    cell: GridCell,
    column: Column,
    review_below: float,
    spanned: bool,
    vocab: Vocabulary,
    places: Counter[int] | None = None,
) -> Value:
    """The cell's value for its column. When the text as read does not parse for the
    column's kind (a seal stroke read into a status word: `東否`), the first of the cell's
    other readings that does (extract's read of the same pixels without the seal's ink,
    digits only) is taken, at its own confidence and always flagged for review: the reader
    had to choose. With none, the value stays empty and flagged, never guessed. A number
    read without the point its column prints (`places`: the column's decimal places) is
    held to the point rule (points.py)."""
    value = parse_value(cell.text, column.kind, vocab, column.field)
    confidence = cell.confidence
    chose = False
    if value is None and not is_blank(cell.text):
        for reading in cell.readings:
            value = parse_value(reading.text, column.kind, vocab, column.field)
            if value is not None:
                confidence, chose = min(confidence, reading.confidence), True
                break
    elif value is not None and places is not None and column.kind is ValueKind.NUMBER:
        read = point_read(cell, value, confidence, places, review_below)
        value, confidence, chose = read.value, read.confidence, read.doubt
    unreadable = not is_blank(cell.text) and value is None
    return Value(
        value=value,
        raw=cell.text,
        kind=column.kind,
        page=cell.page,
        box=cell.box,
        confidence=round(confidence, 4),
        review=unreadable or chose or confidence < review_below,
        spanned=spanned,
    )


def column_levels(draft: TableDraft) -> list[Level]:
    """The level of every column, from the alias table where geometry agrees with it.

    A column is district-level only if each district has one value in it (merged or
    repeated), street-level likewise; unknown columns get the coarsest level that their
    merged cells prove, and community level otherwise.
    """
    header, body = draft.header, draft.body
    districts = blocks(body, header.index_of("district"), Block(0, len(body)))
    streets = [s for d in districts for s in blocks(body, header.index_of("street"), d)]
    levels = []
    for col, column in enumerate(header.columns):
        fits = {
            Level.DISTRICT: _constant_over(body, col, districts),
            Level.STREET: _constant_over(body, col, streets),
            Level.COMMUNITY: True,
        }
        if column.known:
            wanted = _LEVEL_ORDER.index(column.level)
            level = next(lv for lv in _LEVEL_ORDER[wanted:] if fits[lv])
        elif _has_merges(body, col):
            level = next(lv for lv in _LEVEL_ORDER if fits[lv])
        else:
            level = Level.COMMUNITY
        levels.append(level)
    return levels


def _constant_over(body: list[list[LogicalCell]], col: int, runs: list[Block]) -> bool:
    for b in runs:
        texts = {body[r][col].cell.text.strip() for r in range(b.start, b.stop)} - {""}
        if len(texts) > 1:
            return False
    return True


def _has_merges(body: list[list[LogicalCell]], col: int) -> bool:
    return any(body[r][col].key == body[r - 1][col].key for r in range(1, len(body)))


@dataclass(frozen=True)
class Reading:
    """How cells become values: the vocabulary, the confidence below which a value is
    flagged for review, and (per table) the decimal places each number column prints."""

    vocab: Vocabulary
    review_below: float
    places: Mapping[str, Counter[int]] = field(default_factory=dict)

    def value(self, cell: GridCell, column: Column, spanned: bool) -> Value:
        return cell_value(
            cell, column, self.review_below, spanned, self.vocab, self.places.get(column.field)
        )

    def of_table(self, draft: TableDraft) -> Reading:
        """The reading of one table: its number columns' decimal places known."""
        return replace(self, places=column_places(draft, draft.header.columns))


def leveled_columns(draft: TableDraft) -> list[Column]:
    """The header's columns, each at the level its cells prove."""
    return [
        c.model_copy(update={"level": lv})
        for c, lv in zip(draft.header.columns, column_levels(draft), strict=True)
    ]


def build_districts(draft: TableDraft, reading: Reading) -> list[District]:
    header, body = draft.header, draft.body
    columns = leveled_columns(draft)
    districts = []
    for d in blocks(body, header.index_of("district"), Block(0, len(body))):
        streets = [
            _street(draft, columns, s, reading)
            for s in blocks(body, header.index_of("street"), d)
        ]
        fields = _level_fields(body, columns, d, Level.DISTRICT, reading)
        districts.append(District(name=_name(fields, "district"), fields=fields, streets=streets))
    return districts


def _street(draft: TableDraft, columns: list[Column], s: Block, reading: Reading) -> Street:
    body = draft.body
    communities = []
    for c in blocks(body, draft.header.index_of("community"), s, fill_blank=False):
        fields = _level_fields(body, columns, c, Level.COMMUNITY, reading)
        communities.append(
            Community(
                name=_name(fields, "community"), fields=fields, page=draft.body_pages[c.start]
            )
        )
    fields = _level_fields(body, columns, s, Level.STREET, reading)
    return Street(name=_name(fields, "street"), fields=fields, communities=communities)


def _level_fields(
    body: list[list[LogicalCell]],
    columns: list[Column],
    b: Block,
    level: Level,
    reading: Reading,
) -> dict[str, Value]:
    """Values of one level's columns for one block: the first non-empty cell in the block."""
    fields: dict[str, Value] = {}
    for col, column in enumerate(columns):
        if column.level is not level:
            continue
        cells = [body[r][col] for r in range(b.start, b.stop)]
        chosen = next((lc for lc in cells if lc.cell.text.strip()), cells[0])
        spanned = any(
            body[r][col].key == chosen.key for r in range(len(body)) if not b.start <= r < b.stop
        )
        fields[column.field] = reading.value(chosen.cell, column, spanned)
    return fields


def _name(fields: dict[str, Value], field: str) -> str:
    value = fields.get(field)
    return value.value or "" if value is not None else ""
