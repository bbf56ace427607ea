"""Typed contracts between the pipeline stages and of the published files.

extract/ produces an `ExtractedDocument` (pages -> text lines, grids with spans);
normalize/ turns it into a `Document` (tables -> districts -> streets -> communities);
bulletin/ writes the published CSV/JSON files and the per-run `RunReport`.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOME = {  # name -> the module that defines it
    "Box": "bulletin.schemas.geometry",
    "BulletinError": "bulletin.schemas.errors",
    "Column": "bulletin.schemas.document",
    "Community": "bulletin.schemas.document",
    "District": "bulletin.schemas.document",
    "Document": "bulletin.schemas.document",
    "EngineMissingError": "bulletin.schemas.errors",
    "ExtractedDocument": "bulletin.schemas.extracted",
    "FileReport": "bulletin.schemas.report",
    "FileStatus": "bulletin.schemas.report",
    "Finding": "bulletin.schemas.findings",
    "Grid": "bulletin.schemas.extracted",
    "GridCell": "bulletin.schemas.extracted",
    "InputError": "bulletin.schemas.errors",
    "Level": "bulletin.schemas.document",
    "Link": "bulletin.schemas.document",
    "MatchStatus": "bulletin.schemas.document",
    "OcrEngineName": "bulletin.schemas.settings",
    "OcrError": "bulletin.schemas.errors",
    "PageContent": "bulletin.schemas.extracted",
    "PageInfo": "bulletin.schemas.document",
    "RankingTable": "bulletin.schemas.document",
    "RegistryError": "bulletin.schemas.errors",
    "ReviewItem": "bulletin.schemas.findings",
    "RunReport": "bulletin.schemas.report",
    "ScriptRegion": "bulletin.schemas.extracted",
    "Seal": "bulletin.schemas.extracted",
    "Settings": "bulletin.schemas.settings",
    "Severity": "bulletin.schemas.findings",
    "Street": "bulletin.schemas.document",
    "TextLayerMode": "bulletin.schemas.settings",
    "TextLine": "bulletin.schemas.extracted",
    "TextSource": "bulletin.schemas.extracted",
    "Value": "bulletin.schemas.document",
    "ValueKind": "bulletin.schemas.document",
    "Word": "bulletin.schemas.extracted",
}


def __getattr__(name: str) -> Any:
    """Each contract is imported on first use: `import bulletin.schemas.errors` (every
    command does) must not build every pydantic model (a tenth of a second)."""
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'bulletin.schemas' has no attribute {name!r}")


__all__ = [
    "Box",
    "BulletinError",
    "Column",
    "Community",
    "District",
    "Document",
    "EngineMissingError",
    "ExtractedDocument",
    "FileReport",
    "FileStatus",
    "Finding",
    "Grid",
    "GridCell",
    "InputError",
    "Level",
    "Link",
    "MatchStatus",
    "OcrEngineName",
    "OcrError",
    "PageContent",
    "PageInfo",
    "RankingTable",
    "RegistryError",
    "ReviewItem",
    "RunReport",
    "ScriptRegion",
    "Seal",
    "Settings",
    "Severity",
    "Street",
    "TextLayerMode",
    "TextLine",
    "TextSource",
    "Value",
    "ValueKind",
    "Word",
]
