"""A stitched table draft -> the published RankingTable: caption, columns, hierarchy, total."""

from __future__ import annotations

from bulletin.normalize.prose.fields import table_caption
from bulletin.normalize.table.header import is_total_label
from bulletin.normalize.table.hierarchy import build_districts, cell_value
from bulletin.normalize.table.stitch import TableDraft
from bulletin.schemas.document import RankingTable, Value
from bulletin.schemas.extracted import PageContent


def ranking_table(
    index: int, draft: TableDraft, pages: list[PageContent], review_below: float
) -> RankingTable:
    first = draft.grids[0]
    page = next(p for p in pages if p.number == first.page)
    above = max((g.box.bottom for g in page.grids if g.box.bottom <= first.box.top), default=0.0)
    title, fill_date = table_caption(page, first.box.top, above)
    return RankingTable(
        index=index,
        title=title,
        fill_date=fill_date,
        pages=draft.pages,
        columns=list(draft.header.columns),
        districts=build_districts(draft, review_below),
        total=_total(draft, review_below),
    )


def _total(draft: TableDraft, review_below: float) -> dict[str, Value] | None:
    """Values of the total row for the columns whose cell is not the label cell."""
    if draft.total is None:
        return None
    out: dict[str, Value] = {}
    for cell in draft.total:
        if is_total_label(cell.text) or cell.colspan > 1 or not cell.text.strip():
            continue
        column = draft.header.columns[cell.col]
        out[column.field] = cell_value(cell, column, review_below, spanned=False)
    return out
