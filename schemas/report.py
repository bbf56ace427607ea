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
    sha256: str | None = Field(None, description="of the input file's bytes")
    error: str | None = None
    error_type: str | None = None
    pages: int = 0
    page_sources: list[str] = Field(default_factory=list, description="text_layer/ocr per page")
    seconds: float = Field(
        0.0, description="worker time spent on the file in this run (from the cache: the "
        "time to find it there)",
    )
    cache_hit: bool = Field(False, description="its pages were not read again (from .cache)")
    tables: int = 0
    communities: int = 0
    review_items: int = 0
    doc_number: str | None = Field(None, description="the bulletin's 文号, to tell copies apart")
    findings: int = 0
    warnings: list[str] = Field(default_factory=list)


class RunReport(BaseModel):
    version: str
    settings_hash: str
    settings: dict[str, object] = Field(default_factory=dict, description="every setting")
    versions: dict[str, str] = Field(
        default_factory=dict, description="bulletin, its engines and the packages that read"
    )
    warnings: list[str] = Field(
        default_factory=list, description="about the run, not one file (e.g. corrections)"
    )
    files: list[FileReport]

    def summary(self) -> str:
        return RunSummary.of(self.files, self.warnings).line()


class RunSummary(BaseModel):
    """The counts a run ends with (what the person watching is told)."""

    files: int = 0
    statuses: dict[str, int] = Field(default_factory=dict)
    cache_hits: int = 0
    review_items: int = 0
    findings: int = 0
    pages: int = 0
    warnings: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, reports: list[FileReport], warnings: list[str] | None = None) -> RunSummary:
        summary = cls(warnings=list(warnings or []))
        for report in reports:
            summary.add(report)
        return summary

    def add(self, report: FileReport) -> None:
        self.files += 1
        self.statuses[report.status.value] = self.statuses.get(report.status.value, 0) + 1
        self.cache_hits += report.cache_hit
        self.review_items += report.review_items
        self.findings += report.findings
        self.pages += report.pages

    @property
    def failed(self) -> bool:
        return self.statuses.get(FileStatus.ERROR.value, 0) > 0

    def line(self) -> str:
        parts = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))
        return (
            f"{self.files} files: {parts}; {self.cache_hits} from cache; "
            f"{self.review_items} review items, {self.findings} findings"
        )
