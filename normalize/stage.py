"""ExtractedDocument -> Document: fields, tables, hierarchy, values and their findings."""

from __future__ import annotations

from collections.abc import Iterator

from bulletin.normalize.prose.fields import read_fields, table_caption
from bulletin.normalize.table.hierarchy import build_districts, cell_value
from bulletin.normalize.table.stitch import TableDraft, assemble_tables
from bulletin.schemas.document import Document, PageInfo, RankingTable, Value
from bulletin.schemas.extracted import ExtractedDocument, PageContent, ScriptRegion
from bulletin.schemas.findings import ReviewItem
from bulletin.schemas.geometry import Box
from bulletin.schemas.settings import Settings


def normalize_document(extracted: ExtractedDocument, settings: Settings) -> Document:
    pages = extracted.pages
    fields = read_fields(pages)
    assembled = assemble_tables(pages)
    drafts, notes = assembled.drafts, assembled.notes
    tables = [_table(i, d, pages, settings) for i, d in enumerate(drafts)]
    doc = Document(
        source=extracted.source,
        doc_number=fields.doc_number,
        title=fields.title,
        issuer=fields.issuer,
        signer=fields.signer,
        addressee=fields.addressee,
        issue_date=fields.issue_date,
        attachments=fields.attachments,
        cc=fields.cc,
        letterhead_mongolian=_letterhead_regions(pages),
        narrative=fields.narrative,
        pages=[_page_info(p, notes) for p in pages],
        tables=tables,
        other_tables=assembled.others,
    )
    return doc.model_copy(update={"review": review_items(doc)})


def _letterhead_regions(pages: list[PageContent]) -> list[ScriptRegion]:
    """Script regions in the top quarter of the first page: the letterhead, nothing lower."""
    first = pages[0]
    return [r for r in first.script_regions if r.box.bottom <= first.height / 4]


def _page_info(page: PageContent, notes: list[str]) -> PageInfo:
    prefix = f"page {page.number}: "
    return PageInfo(
        number=page.number,
        text_source=page.text_source,
        width=page.width,
        height=page.height,
        dpi=page.dpi,
        rotation=page.rotation,
        skew=page.skew,
        seals=page.seals,
        warnings=[*page.warnings, *(n[len(prefix) :] for n in notes if n.startswith(prefix))],
    )


def _table(
    index: int, draft: TableDraft, pages: list[PageContent], settings: Settings
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
        districts=build_districts(draft, settings.review_confidence),
        total=_total(draft, settings),
    )


def _total(draft: TableDraft, settings: Settings) -> dict[str, Value] | None:
    """Values of the 合计 row for the columns whose cell is not the label cell."""
    if draft.total is None:
        return None
    out: dict[str, Value] = {}
    label_cols = {c.col for c in draft.total if "合" in c.text or "总" in c.text}
    for cell in draft.total:
        if cell.col in label_cols or cell.colspan > 1 or not cell.text.strip():
            continue
        column = draft.header.columns[cell.col]
        out[column.field] = cell_value(cell, column, settings.review_confidence, spanned=False)
    return out


def review_items(doc: Document) -> list[ReviewItem]:
    """Every value a person must check: unreadable, read with low confidence, or under a seal."""
    seals = {p.number: [seal.box for seal in p.seals] for p in doc.pages}
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
        if value.review or sealed:
            items.append(_review(doc.source, table_index, field, value, sealed))
    return items


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
        for name, value in (table.total or {}).items():
            yield table.index, name, value


def _review(source: str, table_index: int, field: str, value: Value, sealed: bool) -> ReviewItem:
    unreadable = bool(value.raw.strip()) and value.value is None
    if unreadable:
        kind, reason = "unreadable", f"cannot read as {value.kind.value}"
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
