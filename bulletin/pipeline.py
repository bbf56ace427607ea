"""One file through every stage: extract -> normalize -> (link) -> check."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from extract.document import extract_document
from normalize.checks import check_document
from normalize.document import normalize_document
from schemas.dataset import Document
from schemas.settings import Settings

if TYPE_CHECKING:
    from normalize.registry import Registry


def process_file(
    path: Path, source: str, settings: Settings, registry: "Registry | None" = None
) -> Document:
    """The nested document for one input file; raises BulletinError subclasses on bad input."""
    extracted = extract_document(path, source, settings)
    doc = normalize_document(extracted, settings)
    if registry is not None:
        from normalize.matching import link_document

        doc = link_document(doc, registry, settings)
    return _with_findings(doc)


def _with_findings(doc: Document) -> Document:
    return doc.model_copy(update={"findings": [*doc.findings, *check_document(doc)]})
