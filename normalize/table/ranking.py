"""A stitched table draft -> the published RankingTable: caption, columns, hierarchy, total
and subtotals."""

from __future__ import annotations

from bulletin.normalize.prose.caption import Caption, table_caption
from bulletin.normalize.table.header import is_subtotal_label, is_total_label
from bulletin.normalize.table.hierarchy import (
    Block,
    Reading,
    blocks,
    build_districts,
    leveled_columns,
)
from bulletin.normalize.table.stitch import Subtotal, TableDraft
from bulletin.schemas.document import Column, District, RankingTable, Value
from bulletin.schemas.extracted import GridCell, PageContent


def caption_of(draft: TableDraft, pages: list[PageContent]) -> Caption:
    """What is printed above the table's first part, below any grid above it."""
    first = draft.grids[0]
    page = next(p for p in pages if p.number == first.page)
    above = max((g.box.bottom for g in page.grids if g.box.bottom <= first.box.top), default=0.0)
    return table_caption(page, first.box.top, above)


def ranking_table(
    index: int, draft: TableDraft, caption: Caption, reading: Reading
) -> RankingTable:
    columns = leveled_columns(draft)
    reading = reading.of_table(draft)
    districts = build_districts(draft, reading)
    return RankingTable(
        index=index,
        title=caption.title,
        attachment=caption.attachment,
        fill_date=caption.fill_date,
        pages=draft.pages,
        columns=columns,
        districts=_with_subtotals(districts, draft, columns, reading),
        total=_row_values(draft.total, columns, reading) if draft.total is not None else None,
    )


def _row_values(cells: list[GridCell], columns: list[Column], reading: Reading) -> dict[str, Value]:
    """Values of a total or subtotal row for the columns whose cell is not its label."""
    out: dict[str, Value] = {}
    for cell in cells:
        text = cell.text
        label = is_total_label(text, reading.vocab) or is_subtotal_label(text, reading.vocab)
        if label or cell.colspan > 1 or not text.strip():
            continue
        column = columns[cell.col]
        if column.field in ("district", "street", "community"):
            continue  # a unit's name printed beside 小计 names the row, it is not a value
        out[column.field] = reading.value(cell, column, spanned=False)
    return out


def _with_subtotals(
    districts: list[District], draft: TableDraft, columns: list[Column], reading: Reading
) -> list[District]:
    """Each subtotal row attached to its district: the one whose merged name cell also covers
    the subtotal row, else the one whose rows the subtotal row closes."""
    if not draft.subtotals:
        return districts
    spans = blocks(draft.body, draft.header.index_of("district"), Block(0, len(draft.body)))
    out = list(districts)
    for sub in draft.subtotals:
        i = _district_of(sub, spans, draft)
        if i is not None and out[i].subtotal is None:
            values = _row_values(sub.cells, columns, reading)
            out[i] = out[i].model_copy(update={"subtotal": values})
    return out


def _district_of(sub: Subtotal, spans: list[Block], draft: TableDraft) -> int | None:
    col = draft.header.index_of("district")
    if col is not None:
        for i, span in enumerate(spans):
            names = {id(draft.body[r][col].cell) for r in range(span.start, span.stop)}
            if any(id(c) in names for c in sub.cells):
                return i
    return next((i for i, span in enumerate(spans) if sub.after == span.stop - 1), None)
