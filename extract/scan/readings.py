"""Second readings of a page's lines, for what the first read may have got wrong.

A fax is read once more smoothed and enlarged; where the two reads differ, a third, lighter
view decides (the one of the two it agrees with). A table cell's line that the OCR was
unsure of, or that lies under a seal, gets other readings of the same pixels - digits only,
and with the seal's ink removed harder (only ink darker than any lifted seal ink left) -
offered on the cell as `readings`; so is a number line without a decimal point in a table
column whose other numbers carry one, read again enlarged. Extract cannot know what a column
holds; normalize takes the first reading its column's type accepts (for a number without its
column's point, the one that shows the point) and flags that it had to choose. No reading is
ever made up: each is what the recogniser saw in the cell's pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bulletin.extract.ocr.base import OcrEngine
from bulletin.extract.ocr.batch import numeric
from bulletin.extract.scan.layout import (
    PageLayout,
    crop,
    enlargement,
    sharpened_up,
    smoothed_up,
)
from bulletin.extract.scan.textboxes import PixelBox
from bulletin.schemas.extracted import NUMBER_REREAD, CellReading
from bulletin.schemas.geometry import Box

_SEAL_HARD = 140  # grey level: under a seal, only ink darker than this is the text's


@dataclass(frozen=True)
class PlacedReading:
    """A reading of the line at `box` (points); fill puts it on the cell holding the box."""

    box: Box
    reading: CellReading


def with_enlarged_reads(
    engine: OcrEngine, crops: list[np.ndarray], reads: list[tuple[str, float]], dpi: float
) -> list[tuple[str, float]]:
    """Each line of a fax read once more, smoothed and enlarged: thin strokes lost in
    thresholding hurt one form or the other, and which one differs from line to line. The
    more confident of two reads is not always right (营, whose 冖 the fax closed up, read as
    莒 enlarged, more confidently than as 营 as scanned), so where they differ a third,
    lighter view is read too (one more batched call, for those lines only) and decides."""
    again = engine.read_lines([smoothed_up(c, dpi) for c in crops], dpi * enlargement(dpi))
    split = [i for i, (a, b) in enumerate(zip(reads, again, strict=True)) if a[0] != b[0]]
    out = [_surer(a, b) for a, b in zip(reads, again, strict=True)]
    if split:
        views = [smoothed_up(crops[i], dpi, lighter=True) for i in split]
        lighter = engine.read_lines(views, dpi * enlargement(dpi, lighter=True))
        for i, third in zip(split, lighter, strict=True):
            out[i] = decided(reads[i], again[i], third)
    return out


def decided(
    scanned: tuple[str, float], enlarged: tuple[str, float], third: tuple[str, float]
) -> tuple[str, float]:
    """Of two reads of one line that differ, the one the third read agrees with, at the
    better confidence of the two that agree; agreeing with neither, the third is no
    evidence, and the more confident of the two stands (as it would without it)."""
    for read in (scanned, enlarged):
        if read[0] == third[0]:
            return read[0], max(read[1], third[1])
    return _surer(scanned, enlarged)


def _surer(a: tuple[str, float], b: tuple[str, float]) -> tuple[str, float]:
    return a if a[1] >= b[1] else b


def cell_readings(
    engine: OcrEngine,
    layout: PageLayout,
    crops: list[np.ndarray],
    reads: list[tuple[str, float]],
    seals: list[PixelBox],
    confident: float,
) -> list[PlacedReading]:
    """Other readings of the cell lines that were read below `confident` or lie on a seal,
    in two batched calls; a reading the same as the first read is not offered."""
    boxes = layout.boxes
    sealed = [i for i, b in enumerate(boxes) if b.cell is not None and overlaps(b.box, seals)]
    weak = [
        i for i, b in enumerate(boxes)
        if b.cell is not None and reads[i][1] < confident and _has_digit(reads[i][0])
    ]  # fmt: skip
    out: list[PlacedReading] = []
    if weak:
        again = engine.read_lines([crops[i] for i in weak], layout.dpi, digits=True)
        out += _offered(layout, weak, reads, again, "digits")
    if sealed:
        cleaned = [np.where(crops[i] > _SEAL_HARD, 255, crops[i]).astype(np.uint8) for i in sealed]
        again = engine.read_lines(cleaned, layout.dpi)
        out += _offered(layout, sealed, reads, again, "without_seal_ink")
    return out


def number_readings(
    engine: OcrEngine, layout: PageLayout, printed: PageLayout, reads: list[tuple[str, float]]
) -> list[PlacedReading]:
    """The number lines without a point in a table column whose other number lines carry
    one, read again in one batched call: digits only, enlarged and sharpened, each scored by
    its least sure character, from `printed` - the page before its rules were taken out (a
    blurred number's bottom strokes can join into a run as long as a rule: taking that out
    took the point of 2382.3 with it, and the line read 23823 as surely as its neighbours).
    Offered on the cell where it differs: whether the column prints points is normalize's
    to say."""
    lines = _pointless_numbers(layout, reads)
    if not lines:
        return []
    crops = [sharpened_up(crop(printed, layout.boxes[i].box)) for i in lines]
    again = engine.read_numbers(crops, layout.dpi * 2)
    return _offered(layout, lines, reads, again, NUMBER_REREAD)


def _pointless_numbers(layout: PageLayout, reads: list[tuple[str, float]]) -> list[int]:
    """Lines read as a number without a point, in a grid column (cells one column wide) in
    which another line reads as a number with one."""
    columns: dict[tuple[int, int], list[int]] = {}
    for i, b in enumerate(layout.boxes):
        if b.cell is not None and numeric(reads[i][0]):
            cell = layout.frames[b.cell[0]].cells[b.cell[1]]
            if cell.colspan == 1:
                columns.setdefault((b.cell[0], cell.col), []).append(i)
    return sorted(
        i for lines in columns.values() if any("." in reads[j][0] for j in lines)
        for i in lines if "." not in reads[i][0]
    )  # fmt: skip


def _offered(
    layout: PageLayout,
    indices: list[int],
    first: list[tuple[str, float]],
    again: list[tuple[str, float]],
    how: str,
) -> list[PlacedReading]:
    return [
        PlacedReading(
            Box.from_pixels(*layout.boxes[i].box, layout.dpi),
            CellReading(text=text, confidence=min(1.0, max(0.0, conf)), how=how),
        )
        for i, (text, conf) in zip(indices, again, strict=True)
        if text and text != first[i][0]
    ]


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def overlaps(box: PixelBox, others: list[PixelBox]) -> bool:
    """Whether the box overlaps any of the others (pixel boxes, end-exclusive)."""
    x0, y0, x1, y1 = box
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in others)
