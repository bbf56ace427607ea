"""Turn a ``RankingTable`` into a ``Grid`` with the real merged cells.

Span rules (STRUCTURE.md): district-level columns span all rows of a district,
street-level columns the rows of one street, the status column spans runs of
equal values inside a district (a run may cross a street boundary) unless the
table gives each community its own status cell, everything else is one cell per
community. A table with 小计 rows ends each district with one: its label cell
spans the columns the table names, the district-level cells span it too, and
the summed columns print the district's subtotals. The 合计 row puts its label
in one cell over the leading columns.

Header rows: one (labels), two when columns are grouped (the group label spans
its sub-columns, ungrouped labels span both rows), plus one more under them when
the table prints its Mongolian labels in a row of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from .layout import Grid, GridCell
from .model import Community, District, Level, MongolianHeader, RankingTable

STATUS_TEXT = {True: "是", False: "否"}


@dataclass(frozen=True)
class TableGrid:
    grid: Grid
    community_rows: tuple[int, ...]  # grid row of each community, in reading order
    total_row: int
    subtotal_rows: tuple[int, ...] = ()  # grid row of each district's 小计, if any


def header_cells(table: RankingTable) -> tuple[list[GridCell], int]:
    """Header cells and the number of header rows."""
    cols = table.columns
    cells: list[GridCell] = []
    if not any(c.group for c in cols):
        cells = [GridCell(0, k, 1, 1, c.label) for k, c in enumerate(cols)]
        n = 1
    else:
        k = 0
        while k < len(cols):
            group = cols[k].group
            if group is None:
                cells.append(GridCell(0, k, 2, 1, cols[k].label))
                k += 1
                continue
            end = k
            while end < len(cols) and cols[end].group == group:
                cells.append(GridCell(1, end, 1, 1, cols[end].label))
                end += 1
            cells.append(GridCell(0, k, 1, end - k, group))
            k = end
        n = 2
    if table.mongolian_header is MongolianHeader.ROW_BELOW:
        cells += [GridCell(n, k, 1, 1, c.mongolian, script="mongolian-vertical")
                  for k, c in enumerate(cols)]
        n += 1
    return cells, n


def status_runs(communities: list[Community], merge: bool = True) -> list[tuple[int, int, bool]]:
    """(first index, length, value) of each 是否完工 cell in a district."""
    runs: list[tuple[int, int, bool]] = []
    for i, c in enumerate(communities):
        if merge and runs and runs[-1][2] == c.completed and not c.status_break:
            start, n, value = runs[-1]
            runs[-1] = (start, n + 1, value)
        else:
            runs.append((i, 1, c.completed))
    return runs


def _district_cells(table: RankingTable, d: District, top: int) -> list[GridCell]:
    comms = d.communities()
    sub = table.subtotal
    span = len(comms) + (1 if sub else 0)
    status = {True: table.status_text[0], False: table.status_text[1]}
    cells: list[GridCell] = []
    for k, col in enumerate(table.columns):
        if col.level is Level.DISTRICT:
            text = {"rank": d.rank, "district": d.name}.get(col.key, d.values.get(col.key, ""))
            cells.append(GridCell(top, k, span, 1, text))
        elif col.level is Level.STREET:
            row = top
            for s in d.streets:
                text = {"street": s.name, "street_head": s.head,
                        "leader": s.leader}.get(col.key) or s.extra.get(col.key, "")
                cells.append(GridCell(row, k, len(s.communities), 1, text))
                row += len(s.communities)
        elif col.key == "completed":
            for start, n, value in status_runs(comms, table.status_merge):
                cells.append(GridCell(top + start, k, n, 1, status[value]))
        else:
            for i, c in enumerate(comms):
                text = c.name if col.key == "community" else c.extra[col.key]
                cells.append(GridCell(top + i, k, 1, 1, text))
    if sub:
        cells += _subtotal_cells(table, d, top + len(comms))
    return cells


def _subtotal_cells(table: RankingTable, d: District, row: int) -> list[GridCell]:
    assert table.subtotal is not None
    keys = table.column_keys()
    first, last = keys.index(table.subtotal.first), keys.index(table.subtotal.last)
    cells = [GridCell(row, first, 1, last - first + 1, table.subtotal.label)]
    for k, col in enumerate(table.columns):
        if col.level is Level.DISTRICT or first <= k <= last:
            continue
        cells.append(GridCell(row, k, 1, 1, d.values.get(col.key, "")))
    return cells


def _total_cells(table: RankingTable, row: int) -> list[GridCell]:
    total = table.total
    keys = table.column_keys()
    stray = set(total.values) - set(keys[total.label_cols:])
    if stray:
        raise ValueError(f"{table.title}: 合计 values for unknown or label columns {sorted(stray)}")
    cells = [GridCell(row, 0, 1, total.label_cols, total.label)]
    for k in range(total.label_cols, len(keys)):
        cells.append(GridCell(row, k, 1, 1, total.values.get(keys[k], "")))
    return cells


def build(table: RankingTable) -> TableGrid:
    """The full grid: header rows, one row per community (and 小计), then the 合计 row."""
    cells, n_header = header_cells(table)
    row = n_header
    community_rows: list[int] = []
    subtotal_rows: list[int] = []
    for d in table.districts:
        cells.extend(_district_cells(table, d, row))
        n = len(d.communities())
        community_rows.extend(range(row, row + n))
        row += n
        if table.subtotal:
            subtotal_rows.append(row)
            row += 1
    cells.extend(_total_cells(table, row))
    grid = Grid(tuple(c.width for c in table.columns), row + 1, n_header, tuple(cells))
    return TableGrid(grid, tuple(community_rows), row, tuple(subtotal_rows))
