"""Validation findings and items a person must check. Nothing is ever silently corrected."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(BaseModel):
    """A cross-check that failed: what was expected, what was found, and where."""

    model_config = ConfigDict(frozen=True)
    severity: Severity
    check: str = Field(description="machine-readable name of the check, e.g. total_sum")
    document: str
    table_index: int | None = None
    location: str = Field(description="human-readable place: district, row, column, paragraph")
    expected: str
    found: str
    message: str
    field: str | None = Field(None, description="the output column it is about, when one cell is")
    district: str | None = Field(
        None, description="the district row it is about; None for the 合计 row or the prose"
    )


class ReviewItem(BaseModel):
    """One thing a person should look at (low OCR confidence, doubtful name match ...)."""

    model_config = ConfigDict(frozen=True)
    file: str
    page: int | None
    kind: str = Field(description="low_confidence | match | seal | unreadable | structure")
    read: str = Field(description="the text as read")
    candidates: str = Field("", description="top candidates with scores, `name (id) score; ...`")
    reason: str
    table_index: int | None = None
    field: str | None = None
