"""The normalize stage, assembled in one place: ExtractedDocument -> the published Document.

Document fields and ranking tables are read from the pages; a person's corrections are
applied; then what a person must check is listed, names are linked to the registry (when one
is given) and the cross-checks run. Every step takes the document as the previous one left it
and returns a new one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from bulletin.normalize.checks import check_document
from bulletin.normalize.corrections import Correction, apply_corrections
from bulletin.normalize.prose.fields import read_fields
from bulletin.normalize.review import review_items
from bulletin.normalize.table.hierarchy import Reading
from bulletin.normalize.table.data import data_table
from bulletin.normalize.table.ranking import caption_of, ranking_table
from bulletin.normalize.table.stitch import PageNote, assemble_tables
from bulletin.schemas.document import Document, PageInfo
from bulletin.schemas.extracted import ExtractedDocument, PageContent, ScriptRegion
from bulletin.schemas.settings import Settings
from bulletin.schemas.vocabulary import load_vocabulary

if TYPE_CHECKING:
    from bulletin.normalize.link.registry import Registry


def normalize_document(
    extracted: ExtractedDocument, settings: Settings, registry: Registry | None = None,
    corrections: Sequence[Correction] = (),
) -> Document:
    doc = read_document(extracted, settings)
    if corrections:  # names in corrections may be the registry's: link once to know them
        published = _linked(doc, registry, settings) if registry is not None else None
        doc = apply_corrections(doc, corrections, published)
    doc = doc.model_copy(update={"review": review_items(doc, settings.review_confidence)})
    if registry is not None:
        doc = _linked(doc, registry, settings)
    return doc.model_copy(update={"findings": [*doc.findings, *check_document(doc)]})


def _linked(doc: Document, registry: Registry, settings: Settings) -> Document:
    from bulletin.normalize.link.matching import link_document

    return link_document(doc, registry, settings)


def read_document(extracted: ExtractedDocument, settings: Settings) -> Document:
    """Fields and tables as printed, before review, linking and checks."""
    pages = extracted.pages
    vocab = load_vocabulary(settings.vocabulary)
    reading = Reading(vocab, settings.review_confidence)
    fields = read_fields(pages, vocab)
    assembled = assemble_tables(pages, vocab)
    captions = [caption_of(d, pages) for d in assembled.tables]
    ranking = [i for i, d in enumerate(assembled.tables) if d.is_ranking]
    tables = [
        ranking_table(n, assembled.tables[i], captions[i], reading) for n, i in enumerate(ranking)
    ]
    data = [
        data_table(i, d, ranking.index(i) if i in ranking else None, captions[i])
        for i, d in enumerate(assembled.tables)
    ]
    return Document(
        source=extracted.source,
        doc_number=fields.doc_number,
        title=fields.title,
        issuer=fields.issuer,
        signer=fields.signer,
        addressee=fields.addressee,
        issue_date=fields.issue_date,
        issue_date_kind=fields.issue_date_kind,
        attachments=fields.attachments,
        cc=fields.cc,
        letterhead_mongolian=_letterhead_regions(pages),
        narrative=fields.narrative,
        field_sources=fields.sources,
        pages=[_page_info(p, assembled.notes) for p in pages],
        tables=tables,
        data_tables=data,
    )


def _letterhead_regions(pages: list[PageContent]) -> list[ScriptRegion]:
    """Script regions in the top quarter of the first page: the letterhead, nothing lower."""
    first = pages[0]
    return [r for r in first.script_regions if r.box.bottom <= first.height / 4]


def _page_info(page: PageContent, notes: list[PageNote]) -> PageInfo:
    return PageInfo(
        number=page.number,
        text_source=page.text_source,
        width=page.width,
        height=page.height,
        dpi=page.dpi,
        rotation=page.rotation,
        skew=page.skew,
        seals=page.seals,
        warnings=[*page.warnings, *(n.message for n in notes if n.page == page.number)],
    )
