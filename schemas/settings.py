"""One frozen, validated settings object for everything that changes the output.

Run-time knobs that do not change the output (workers, executor, progress) live in the CLI's
run options instead, so that they are not part of the cache key.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bulletin.schemas.vocabulary import vocabulary_digest


class OcrEngineName(StrEnum):
    TESSERACT = "tesseract"
    RAPIDOCR = "rapidocr"


class ExecutorKind(StrEnum):
    """Where a run's files are converted (a run option, not an output setting)."""

    LOCAL = "local"  # worker processes on this machine
    DASK = "dask"  # a dask.distributed cluster


class TextLayerMode(StrEnum):
    """How to choose each page's text source."""

    AUTO = "auto"  # use the text layer when it is sound, OCR otherwise
    OCR = "ocr"  # always OCR (ignore any text layer)
    TEXT = "text"  # never OCR; pages without a sound text layer are reported


class TableStrategy(StrEnum):
    """Where table columns and rows come from (like pdfplumber's `vertical_strategy`)."""

    LINES = "lines"  # ruling lines only: a table without rules is not read
    TEXT = "text"  # text alignment only: rules bound tables and split rows, never columns
    AUTO = "auto"  # ruling lines, and text alignment where rules are missing or incomplete


# The longest timeout: the waits it bounds count in milliseconds in a C int (24.8 days), and
# "no limit" (inf) is not offered: a file that never ends would hold its worker for ever.
MAX_TIMEOUT = 1_000_000.0


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    dpi: int = Field(300, ge=72, le=1200, description="render resolution for OCR of PDF pages")
    ocr: OcrEngineName = Field(
        OcrEngineName.RAPIDOCR,
        description="rapidocr (PP-OCR models inside the wheel) reads Chinese tables best; "
        "measured in README",
    )
    ocr_languages: str = Field("chi_sim+eng", description="tesseract language string")
    text_layer: TextLayerMode = TextLayerMode.AUTO
    table_strategy: TableStrategy = Field(
        TableStrategy.AUTO,
        description="lines: ruled tables only; text: columns from text alignment only; "
        "auto: rules, and text alignment where rules are missing or incomplete",
    )
    vocabulary: Path | None = Field(
        None, description="a folder of vocabulary CSVs (the format of schemas/vocabulary/) that "
        "extend the built-in labels, status words, row labels and administrative units",
    )
    min_text_quality: float = Field(
        0.85, ge=0, le=1, description="share of sound characters a text layer needs to be trusted"
    )
    ocr_confidence: float = Field(
        0.80, ge=0, le=1, description="OCR reads below this are read again (digits only, or "
        "enlarged); a Mongolian-shaped line counts as Chinese only when read above it",
    )
    ocr_timeout: float = Field(
        120.0, gt=0, le=MAX_TIMEOUT, allow_inf_nan=False,
        description="seconds one OCR engine call may take before it is an error",
    )
    review_confidence: float = Field(
        0.80, ge=0, le=1, description="cells read below this OCR confidence are flagged for review"
    )
    match_accept: float = Field(88.0, ge=0, le=100, description="fuzzy score to accept a name")
    match_floor: float = Field(60.0, ge=0, le=100, description="below this a name is unmatched")
    match_margin: float = Field(
        4.0, ge=0, le=100, description="best must beat the runner-up by this, else ambiguous"
    )
    max_image_pixels: int = Field(
        250_000_000, gt=0, description="larger images are refused (decompression bombs)"
    )
    max_page_pixels: int = Field(
        40_000_000, gt=0, description="pixels a page is read at, at most: a PDF page larger at "
        "--dpi is rendered at the highest resolution that fits (not below --min-dpi), an image "
        "scaled down to fit; a page that does not fit even so is refused",
    )
    min_dpi: int = Field(
        150, ge=72, le=1200, description="the lowest resolution a page is scaled down to so "
        "that it fits --max-page-pixels (below it, small characters are no longer read)",
    )
    max_worker_memory: int = Field(
        2048, ge=256, description="MB of memory a worker process may hold; a page that needs "
        "more is refused (the worker is restarted), so a batch's peak memory is bounded",
    )
    file_timeout: float = Field(
        600.0, gt=0, le=MAX_TIMEOUT, allow_inf_nan=False,
        description="seconds per file before it is abandoned (at most 1,000,000: 11.6 days)",
    )
    connect_timeout: float = Field(
        10.0, gt=0, le=3600,
        description="seconds to reach a dask scheduler and hear it answer before giving up",
    )

    @model_validator(mode="after")
    def _thresholds(self) -> "Settings":
        if self.match_floor > self.match_accept:
            raise ValueError("match_floor must not exceed match_accept")
        return self

    def fingerprint(self) -> str:
        """Stable hash of every output-affecting setting (part of the result cache key)."""
        return self._hash(set(type(self).model_fields) - RUN_ONLY)

    def reading_fingerprint(self) -> str:
        """Stable hash of the settings that change how pages are read (the reading cache key):
        a changed review or matching threshold re-runs only what comes after reading."""
        return self._hash(READING)

    def _hash(self, fields: set[str] | frozenset[str]) -> str:
        data = self.model_dump(mode="json", include=set(fields))
        if "vocabulary" in data:  # the folder's content, wherever it lies
            data["vocabulary"] = vocabulary_digest(self.vocabulary) if self.vocabulary else None
        blob = json.dumps(data, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


# Which settings shape the reading of pages (pages -> grids -> text); the rest shape only what
# is made of a reading (normalising, linking, checks). tests/run/test_cache_key.py checks that
# every field is in exactly one group.
READING = frozenset({
    "dpi", "ocr", "ocr_languages", "text_layer", "table_strategy", "min_text_quality",
    "ocr_confidence", "max_image_pixels", "max_page_pixels", "min_dpi",
})
NORMALIZING = frozenset({
    "review_confidence", "match_accept", "match_floor", "match_margin", "vocabulary",
})
# Timeouts decide whether a file finishes (a timed-out file is never cached), not what it
# produces.
# The memory limit decides the same way, and how long to wait for a scheduler has no bearing.
RUN_ONLY = frozenset({"file_timeout", "ocr_timeout", "max_worker_memory", "connect_timeout"})
