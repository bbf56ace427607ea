"""One file through every stage: extract -> normalize -> (link) -> check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.extract.file import extract_document
from bulletin.normalize.checks import check_document
from bulletin.normalize.stage import normalize_document
from bulletin.schemas.document import Document
from bulletin.schemas.settings import Settings

if TYPE_CHECKING:
    from bulletin.normalize.link.registry import Registry


def process_file(
    path: Path, source: str, settings: Settings, registry: "Registry | None" = None
) -> Document:
    """The nested document for one input file; raises BulletinError subclasses on bad input."""
    extracted = extract_document(path, source, settings)
    doc = normalize_document(extracted, settings)
    if registry is not None:
        from bulletin.normalize.link.matching import link_document

        doc = link_document(doc, registry, settings)
    return _with_findings(doc)


def _with_findings(doc: Document) -> Document:
    return doc.model_copy(update={"findings": [*doc.findings, *check_document(doc)]})
