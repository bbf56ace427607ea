"""One file through the two stages, in steps that may run in different processes.

Reading (extract/) is done page by page: `read_text_pages` reads the PDF pages whose text
layer is sound and names the others, `read_ocr` reads one page from its pixels. Each
page travels as its PageContent JSON; the pages of a file, in order, are its *reading*, which
is cached apart from what is made of it. `normalize_reading` assembles them into the
ExtractedDocument and runs normalize/ (fields, tables, corrections, review, registry links,
checks), returning the document's JSON and its rows of every published table, so that the
process writing the outputs never has to hold or even parse a Document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.extract.file import (
    FileProbe,
    InputKind,
    NeedsOcr,
    probe_file,
    read_ocr_page,
    read_pdf_pages,
    with_warnings,
)
from bulletin.schemas.extracted import ExtractedDocument, PageContent
from bulletin.schemas.report import FileReport, FileStatus
from bulletin.schemas.settings import Settings

if TYPE_CHECKING:
    from bulletin.normalize.corrections import Correction
    from bulletin.normalize.link.registry import Registry
    from bulletin.output.rows import Row
    from bulletin.schemas.document import Document

__all__ = [
    "FileProbe", "InputKind", "NeedsOcr", "Normalized", "normalize_reading", "probe_file",
    "read_ocr", "read_text_pages", "reading_bytes",
]


def read_text_pages(
    path: Path, numbers: list[int], settings: Settings, first_warnings: tuple[str, ...] = ()
) -> tuple[list[tuple[int, bytes]], list[NeedsOcr]]:
    """(page number, PageContent JSON) for the pages read by their text layer, and the pages
    that must be read by OCR. `first_warnings` are the file's own, for its first page."""
    done, ocr = [], []
    for read in read_pdf_pages(path, numbers, settings):
        if isinstance(read, NeedsOcr):
            ocr.append(read)
        else:
            done.append((read.number, _page_json(read, first_warnings)))
    return done, ocr


def read_ocr(
    path: Path, kind: InputKind, need: NeedsOcr, settings: Settings,
    first_warnings: tuple[str, ...] = (),
) -> bytes:
    """One page read from its pixels, as PageContent JSON."""
    return _page_json(read_ocr_page(path, kind, need, settings), first_warnings)


def _page_json(page: PageContent, first_warnings: tuple[str, ...]) -> bytes:
    if page.number == 1:
        page = with_warnings(page, first_warnings)
    return page.model_dump_json().encode("utf-8")


def reading_bytes(pages: list[bytes]) -> bytes:
    """A file's reading: its pages' JSON in page order, as one JSON array (joined, not
    re-encoded, so that every road to a reading gives the same bytes)."""
    return b"[" + b",".join(pages) + b"]"


@dataclass(frozen=True)
class Normalized:
    """What the outputs need of one document: its JSON (as written to OUT/json) and its rows
    of every published table, and its tables' own CSVs (OUT/tables/<source>/, as
    bulletin/output/table_files.py names them); `report` lacks what only the run knows
    (seconds, sha256)."""

    report: FileReport
    document: bytes
    rows: dict[str, list[Row]]
    tables: tuple[tuple[str, bytes], ...] = ()


def normalize_reading(
    source: str, reading: bytes, settings: Settings, registry: Registry | None = None,
    corrections: tuple[Correction, ...] = (),
) -> Normalized:
    """The published document of a file from its reading (see `reading_bytes`)."""
    from bulletin.normalize.stage import normalize_document
    from bulletin.output.table_files import table_files
    from bulletin.output.tables import OUTPUT_TABLES
    from bulletin.output.writers import document_json

    wrapped = b'{"source":' + json.dumps(source).encode("utf-8") + b',"pages":' + reading + b"}"
    extracted = ExtractedDocument.model_validate_json(wrapped)
    doc = normalize_document(extracted, settings, registry, corrections)
    rows = {t.name: t.rows([doc]) for t in OUTPUT_TABLES}
    return Normalized(_report(doc), document_json(doc), rows, table_files(doc))


def _report(doc: Document) -> FileReport:
    streets = [s for t in doc.tables for d in t.districts for s in d.streets]
    return FileReport(
        source=doc.source,
        status=FileStatus.OK if doc.tables else FileStatus.NO_TABLES,
        pages=len(doc.pages),
        page_sources=[p.text_source.value for p in doc.pages],
        tables=len(doc.tables),
        communities=sum(len(s.communities) for s in streets),
        review_items=len(doc.review),
        doc_number=doc.doc_number,
        findings=len(doc.findings),
        warnings=[
            *_no_ranking_table(doc),
            *(f"page {p.number}: {w}" for p in doc.pages for w in p.warnings),
        ],
    )


def _no_ranking_table(doc: Document) -> list[str]:
    """Why the file has no ranking rows: no table at all, or only tables of other kinds
    (those are in OUT/tables/ and cells.csv all the same)."""
    if doc.tables:
        return []
    if not doc.data_tables:
        return [f"{doc.source}: no table found on any of {len(doc.pages)} pages"]
    return [f"{doc.source}: no ranking table found; its {len(doc.data_tables)} other "
            f"table(s) are in tables/{doc.source}/"]
