"""A ranking table laid out again as printed: a grid of cells with their merges.

Rebuilt from the published table, not from the page, so it holds what the outputs hold: the
title over the full width; the header rows (a label `group/sub` is a group cell over its
sub-labels; a label without a group spans every header row); one body row per community (a
street without communities, a district without streets get one row each); then the 合计 values.
A body cell is merged over the consecutive rows that show the same printed cell (same page and
box): a district's rank and investments over its communities, a street over its own, a status
printed once for several communities.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletin.schemas.document import (
    Column,
    Community,
    District,
    Level,
    RankingTable,
    Street,
    Value,
    ValueKind,
)

LABEL_SEPARATOR = "/"  # Column.label joins a group label and its sub-label with it


@dataclass(frozen=True)
class LaidOutCell:
    row: int  # 0-based
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    kind: ValueKind | None = None  # a number to type by its column's kind; None: text as is
    header: bool = False


@dataclass(frozen=True)
class _Leaf:
    district: District
    street: Street | None
    community: Community | None


def ranking_layout(table: RankingTable) -> list[LaidOutCell]:
    width = max(1, len(table.columns))
    cells = [LaidOutCell(0, 0, table.title or "", colspan=width, header=True)]
    header = _header(table.columns, top=1)
    cells += header
    body_top = max((c.row + c.rowspan for c in header), default=1)
    leaves = _leaves(table)
    for col, column in enumerate(table.columns):
        cells += _body_column(leaves, column, col, body_top)
    if table.total:
        cells += _total_row(table, body_top + len(leaves))
    return cells


def _total_row(table: RankingTable, row: int) -> list[LaidOutCell]:
    """The 合计 values; the columns before the first one are its label cell, merged (its text
    is not kept by the published table)."""
    total = table.total or {}
    cells = [
        _value_cell(row, col, column, total[column.field], 1)
        for col, column in enumerate(table.columns)
        if column.field in total
    ]
    first = min((c.col for c in cells), default=0)
    if first > 1:
        cells.insert(0, LaidOutCell(row, 0, "", colspan=first))
    return cells


def _header(columns: list[Column], top: int) -> list[LaidOutCell]:
    parts = [c.label.split(LABEL_SEPARATOR) for c in columns]
    depth = max((len(p) for p in parts), default=1)
    cells: list[LaidOutCell] = []
    for level in range(depth):
        col = 0
        while col < len(columns):
            here = parts[col]
            if level >= len(here):
                col += 1
                continue
            if level == len(here) - 1:  # the column's own label: down to the last header row
                cells.append(LaidOutCell(top + level, col, here[level],
                                         rowspan=depth - level, header=True))
                col += 1
                continue
            end = col + 1  # a group label: over the following columns of the same group
            while end < len(columns) and parts[end][: level + 1] == here[: level + 1] \
                    and len(parts[end]) > level + 1:
                end += 1
            cells.append(LaidOutCell(top + level, col, here[level], colspan=end - col,
                                     header=True))
            col = end
    return cells


def _leaves(table: RankingTable) -> list[_Leaf]:
    leaves = []
    for d in table.districts:
        if not d.streets:
            leaves.append(_Leaf(d, None, None))
        for s in d.streets:
            if not s.communities:
                leaves.append(_Leaf(d, s, None))
            leaves += [_Leaf(d, s, c) for c in s.communities]
    return leaves


def _holder(leaf: _Leaf, level: Level) -> District | Street | Community | None:
    if level is Level.DISTRICT:
        return leaf.district
    return leaf.street if level is Level.STREET else leaf.community


def _body_column(leaves: list[_Leaf], column: Column, col: int, top: int) -> list[LaidOutCell]:
    """One column's body cells, each merged over the rows that show the same printed cell."""
    cells = []
    row = 0
    while row < len(leaves):
        holder = _holder(leaves[row], column.level)
        value = holder.fields.get(column.field) if holder is not None else None
        if value is None:
            row += 1
            continue
        key = _cell_key(holder, column, value)
        span = 1
        while row + span < len(leaves):
            other = _holder(leaves[row + span], column.level)
            other_value = other.fields.get(column.field) if other is not None else None
            if other_value is None or _cell_key(other, column, other_value) != key:
                break
            span += 1
        cells.append(_value_cell(top + row, col, column, value, span))
        row += span
    return cells


def _cell_key(holder: object, column: Column, value: Value) -> tuple[object, ...]:
    """What identifies one printed cell: its page and box, else the node it belongs to."""
    if value.box is not None:
        return (value.page, value.box.as_list())
    return ("node", id(holder), column.field)


def _value_cell(row: int, col: int, column: Column, value: Value, span: int) -> LaidOutCell:
    """Numbers typed (the printed decimals kept by their format), everything else as printed."""
    if value.value is not None and column.kind in (ValueKind.NUMBER, ValueKind.INTEGER):
        return LaidOutCell(row, col, value.value, rowspan=span, kind=column.kind)
    return LaidOutCell(row, col, value.raw, rowspan=span)
