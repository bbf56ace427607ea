"""Typed contracts between the pipeline stages and of the published files.

extract/ produces an `ExtractedDocument` (pages -> text lines, grids with spans);
normalize/ turns it into a `Document` (tables -> districts -> streets -> communities);
bulletin/ writes the published CSV/JSON files and the per-run `RunReport`.
"""

from bulletin.schemas.document import (
    Column,
    Community,
    District,
    Document,
    Level,
    Link,
    MatchStatus,
    PageInfo,
    RankingTable,
    Street,
    Value,
    ValueKind,
)
from bulletin.schemas.errors import (
    BulletinError,
    EngineMissingError,
    InputError,
    OcrError,
    RegistryError,
)
from bulletin.schemas.extracted import (
    ExtractedDocument,
    Grid,
    GridCell,
    PageContent,
    ScriptRegion,
    Seal,
    TextLine,
    TextSource,
    Word,
)
from bulletin.schemas.findings import Finding, ReviewItem, Severity
from bulletin.schemas.geometry import Box
from bulletin.schemas.report import FileReport, FileStatus, RunReport
from bulletin.schemas.settings import OcrEngineName, Settings, TextLayerMode

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
