"""Second readings of a page's lines, for what the first read may have got wrong.

A fax is read once more smoothed and enlarged, and the more confident read kept. A table
cell's line that the OCR was unsure of, or that lies under a seal, gets other readings of the
same pixels - digits only, and with the seal's ink removed harder (only ink darker than any
lifted seal ink left) - offered on the cell as `readings`. Extract cannot know what a column
holds; normalize takes the first reading its column's type accepts and flags that it had to
choose. No reading is ever made up: each is what the recogniser saw in the cell's pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bulletin.extract.ocr.base import OcrEngine
from bulletin.extract.scan.layout import PageLayout, smoothed_up
from bulletin.extract.scan.textboxes import PixelBox
from bulletin.schemas.extracted import CellReading
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
    """Each line of a fax read once more, smoothed and enlarged, and the more confident of
    the two reads kept: thin strokes lost in thresholding hurt one form or the other, and
    which one differs from line to line."""
    again = engine.read_lines([smoothed_up(c, dpi) for c in crops], dpi * 2)
    return [b if b[1] > a[1] else a for a, b in zip(reads, again, strict=True)]


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
