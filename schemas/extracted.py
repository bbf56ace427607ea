"""The contract out of `extract/`: pages with text lines and table grids whose spans are fields.

Spans are recorded, never filled: a merged cell is one `GridCell` with rowspan/colspan > 1 and
its text appears once. Filling values into the rows a span covers is normalize/'s job.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bulletin.schemas.geometry import Box

_FROZEN = ConfigDict(frozen=True)


class TextSource(StrEnum):
    TEXT_LAYER = "text_layer"
    OCR = "ocr"


class Word(BaseModel):
    """One word (for CJK: one run of characters) with its box and confidence in [0, 1]."""

    model_config = _FROZEN
    text: str
    box: Box
    confidence: float = Field(1.0, ge=0.0, le=1.0)


class TextLine(BaseModel):
    """A line of running text outside any table, in reading order."""

    model_config = _FROZEN
    text: str
    box: Box
    confidence: float = Field(1.0, ge=0.0, le=1.0)


class ScriptRegion(BaseModel):
    """Text in a script the OCR languages do not cover (e.g. traditional Mongolian).

    Kept as a box (and, for scans, a PNG crop as base64) so that it never becomes OCR garbage.
    """

    model_config = _FROZEN
    script: str
    box: Box
    text: str | None = None
    crop_png_base64: str | None = None
    vertical: bool = Field(False, description="set top to bottom (lines left to right)")


# The `how` of a number line's second read, made where the line has no decimal point but its
# table column's other numbers do: digits only, enlarged and sharpened, from the page before
# its rules were taken out, scored by the least sure character (normalize takes it only to
# give a number the point its column prints).
NUMBER_REREAD = "digits_enlarged"


class CellReading(BaseModel):
    """One alternative reading of a cell and how it was made (e.g. `without_seal_ink`,
    `digits`, `confident_characters`)."""

    model_config = _FROZEN
    text: str
    confidence: float = Field(ge=0.0, le=1.0)
    how: str


class GridCell(BaseModel):
    """One (possibly merged) cell; `row`/`col` are its top-left slot in the grid."""

    model_config = _FROZEN
    row: int = Field(ge=0)
    col: int = Field(ge=0)
    rowspan: int = Field(1, ge=1)
    colspan: int = Field(1, ge=1)
    text: str = ""
    box: Box
    confidence: float = Field(1.0, ge=0.0, le=1.0)
    page: int = Field(ge=1, description="1-based page number")
    script_regions: tuple[ScriptRegion, ...] = Field(
        (),
        description="lines in a script the OCR does not read (a bilingual header's Mongolian "
        "label), kept apart from `text`",
    )
    readings: tuple[CellReading, ...] = Field(
        (),
        description="other readings of the cell's pixels the OCR was unsure between (best "
        "first after `text`); normalize may take one that its column's type accepts",
    )  # tuples: normalize hashes cells


class Grid(BaseModel):
    """A ruled table found on one page. Cells tile the grid: spans never overlap."""

    model_config = _FROZEN
    page: int = Field(ge=1)
    box: Box
    n_rows: int = Field(ge=1)
    n_cols: int = Field(ge=1)
    cells: list[GridCell]

    @model_validator(mode="after")
    def _tiles(self) -> "Grid":
        seen: set[tuple[int, int]] = set()
        for cell in self.cells:
            if cell.row + cell.rowspan > self.n_rows or cell.col + cell.colspan > self.n_cols:
                raise ValueError(f"cell ({cell.row},{cell.col}) spans past the grid")
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if (r, c) in seen:
                        raise ValueError(f"cells overlap at ({r},{c})")
                    seen.add((r, c))
        return self

    def rows(self) -> list[list[GridCell | None]]:
        """Slot matrix: each slot holds the cell covering it (merged cells repeat by identity)."""
        matrix: list[list[GridCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    matrix[r][c] = cell
        return matrix


class Seal(BaseModel):
    """A red stamp found (and removed before OCR) on a scanned page."""

    model_config = _FROZEN
    box: Box
    ink_fraction: float = Field(ge=0.0, le=1.0)


class PageContent(BaseModel):
    model_config = _FROZEN
    number: int = Field(ge=1, description="1-based page number within the file")
    width: float = Field(gt=0, description="points")
    height: float = Field(gt=0, description="points")
    text_source: TextSource
    dpi: float | None = Field(None, description="render/scan resolution when OCR was used")
    rotation: int = Field(0, description="clockwise degrees applied to make the page upright")
    skew: float = Field(0.0, description="degrees of deskew applied")
    lines: list[TextLine] = Field(default_factory=list, description="text outside grids")
    grids: list[Grid] = Field(default_factory=list)
    seals: list[Seal] = Field(default_factory=list)
    script_regions: list[ScriptRegion] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class ExtractedDocument(BaseModel):
    model_config = _FROZEN
    source: str = Field(description="input path relative to the folder given")
    pages: list[PageContent]
