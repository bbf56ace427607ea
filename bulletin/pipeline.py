"""One file through the two stages: extract (pages -> grids and text) -> normalize."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.extract.file import extract_document
from bulletin.normalize.stage import normalize_document
from bulletin.schemas.document import Document
from bulletin.schemas.settings import Settings

if TYPE_CHECKING:
    from bulletin.normalize.link.registry import Registry


def process_file(
    path: Path, source: str, settings: Settings, registry: Registry | None = None
) -> Document:
    """The nested document for one input file; raises BulletinError subclasses on bad input."""
    return normalize_document(extract_document(path, source, settings), settings, registry)
