"""Any stitched table -> a DataTable: the table as data, whatever its kind.

One header line per column (a multi-row header joined with /), one row per printed body row
with every merged cell's text filled down into each row it covers (and the fill recorded),
and every printed cell with its grid, page, grid position, spans, confidence, box and the row
it belongs to (both pieces of a row cut by a page break belong to one row).
"""

from __future__ import annotations

from bulletin.normalize.prose.caption import Caption
from bulletin.normalize.table.stitch import TableDraft
from bulletin.schemas.document import DataTable, TableCell


def data_table(index: int, draft: TableDraft, ranking: int | None, caption: Caption) -> DataTable:
    rows: list[list[str]] = []
    filled: list[list[bool]] = []
    seen: set[int] = set()
    for printed in draft.printed:
        texts, fills = [], []
        for col, lc in enumerate(printed):
            first_column = col == 0 or printed[col - 1].key != lc.key
            text = lc.cell.text if first_column else ""  # a colspan's text: its first column
            texts.append(text)
            fills.append(lc.key in seen and first_column and bool(text))
        seen.update(lc.key for lc in printed)
        rows.append(texts)
        filled.append(fills)
    return DataTable(
        index=index, ranking=ranking, title=caption.title, attachment=caption.attachment,
        pages=draft.pages, columns=[c.label for c in draft.header.columns], rows=rows,
        filled=filled, cells=_cells(draft),
    )


def _cells(draft: TableDraft) -> list[TableCell]:
    cells = []
    rows = _table_rows(draft)
    for g, (grid, body_start) in enumerate(zip(draft.grids, draft.body_starts, strict=True)):
        for c in sorted(grid.cells, key=lambda c: (c.row, c.col)):
            cells.append(TableCell(
                grid=g, page=c.page, row=c.row, col=c.col, rowspan=c.rowspan,
                colspan=c.colspan, text=c.text, confidence=round(c.confidence, 4), box=c.box,
                header=c.row < body_start, table_row=rows.get((g, c.row)),
            ))  # fmt: skip
    return cells


def _table_rows(draft: TableDraft) -> dict[tuple[int, int], int]:
    """(grid, row in the grid) -> its row among the rows as printed: every grid row below its
    header is one, in order, but the rest of a row cut by a page break is the row above."""
    out: dict[tuple[int, int], int] = {}
    index = -1
    for g, (grid, body_start) in enumerate(zip(draft.grids, draft.body_starts, strict=True)):
        for r in range(body_start, grid.n_rows):
            if not (r == body_start and g in draft.rests):
                index += 1
            out[(g, r)] = index
    return out
