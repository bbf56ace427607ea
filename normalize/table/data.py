"""Any stitched table -> a DataTable: the table as data, whatever its kind.

One header line per column (a multi-row header joined with /), one row per printed body row
with every merged cell's text filled down into each row it covers (and the fill recorded),
and every printed cell with its page, grid position, spans, confidence and box.
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
    for grid, body_start in zip(draft.grids, draft.body_starts, strict=True):
        for c in sorted(grid.cells, key=lambda c: (c.row, c.col)):
            cells.append(TableCell(
                page=c.page, row=c.row, col=c.col, rowspan=c.rowspan, colspan=c.colspan,
                text=c.text, confidence=round(c.confidence, 4), box=c.box,
                header=c.row < body_start,
            ))  # fmt: skip
    return cells
