"""What happened to every input file of a run (report.json)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class FileStatus(StrEnum):
    OK = "ok"
    NO_TABLES = "no_tables"
    ERROR = "error"
    SKIPPED = "skipped"


class FileReport(BaseModel):
    source: str
    status: FileStatus
    error: str | None = None
    error_type: str | None = None
    pages: int = 0
    page_sources: list[str] = Field(default_factory=list, description="text_layer/ocr per page")
    seconds: float = 0.0
    cache_hit: bool = False
    tables: int = 0
    communities: int = 0
    warnings: list[str] = Field(default_factory=list)


class RunReport(BaseModel):
    version: str
    settings_hash: str
    files: list[FileReport]

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for f in self.files:
            counts[f.status.value] = counts.get(f.status.value, 0) + 1
        parts = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        hits = sum(1 for f in self.files if f.cache_hit)
        return f"{len(self.files)} files: {parts}; {hits} from cache"
