"""Scanned pages -> PageContent, the same contract the text layer produces.

The flow: raster (render or decode) -> prepare (upright, deskew, seals out) -> layout from
pixels (rulings -> grids, lines per cell, lines outside tables, Mongolian regions) -> one
batched OCR read of every line (+ batched second reads) -> words in points -> the shared
`fill_grid` and `text_lines`. Boxes refer to the upright, deskewed page.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from bulletin.extract.grid.fill import fill_cells
from bulletin.extract.grid.strategy import table_frames
from bulletin.extract.ocr.batch import numeric, read_all
from bulletin.extract.ocr import get_engine
from bulletin.extract.ocr.base import OcrEngine
from bulletin.extract.scan.layout import (
    PageLayout,
    TextBox,
    crop,
    horizontal_lines,
    lay_out,
    low_resolution_bilevel,
)
from bulletin.extract.scan.readings import (
    PlacedReading,
    cell_readings,
    number_readings,
    overlaps,
    with_enlarged_reads,
)
from bulletin.extract.scan.textboxes import PixelBox
from bulletin.extract.scan.bends import straightened
from bulletin.extract.scan.photo import as_scan
from bulletin.extract.scan.preprocess import Prepared, prepare
from bulletin.extract.scan.raster import Raster, image_frames, page_fit, render_pdf_page
from bulletin.extract.text.order import text_lines
from bulletin.extract.scan.mongolian import (
    cell_line_is_mongolian,
    mongolian_region,
    reads_as_chinese,
)
from bulletin.schemas.errors import BulletinError
from bulletin.schemas.extracted import Grid, PageContent, ScriptRegion, TextSource, Word
from bulletin.schemas.geometry import Box
from bulletin.schemas.settings import Settings
from bulletin.schemas.text import is_han

BLANK_CONFIDENCE = 0.99  # a cell with no ink at all is blank, almost surely
INK_NO_TEXT = 0.0  # a cell with ink the OCR could not read


def read_pdf_page_by_ocr(path: Path, number: int, settings: Settings) -> PageContent:
    """OCR page `number` (1-based) of a PDF rendered in memory at settings.dpi (the caller
    names the page in any error)."""
    raster = render_pdf_page(path, number, settings.dpi, settings.max_page_pixels,
                             settings.min_dpi)
    return read_raster(raster, settings)


def read_image_file(path: Path, settings: Settings) -> Iterator[PageContent]:
    """OCR every frame of a PNG, JPEG or multi-page TIFF. As for PDF pages, a BulletinError
    gets its page, and any other exception stays what it is (a bug) with the page noted."""
    engine = get_engine(settings)
    number = 1
    try:
        for raster in image_frames(path, settings.max_image_pixels, page_fit(settings)):
            number = raster.number
            yield read_raster(raster, settings, engine)
    except BulletinError as exc:
        raise exc.located(page=number) from exc.__cause__
    except Exception as exc:
        exc.add_note(f"while reading page {number}")
        raise


def read_raster(raster: Raster, settings: Settings, engine: OcrEngine | None = None) -> PageContent:
    """One page image -> PageContent; a photo of a page is flattened first (photo.py) and
    its bent rules straightened (bends.py), and a page found upside down is turned and read
    again."""
    engine = engine or get_engine(settings)
    raster = straightened(as_scan(raster))
    page = prepare(raster)
    content = _read_prepared(page, raster.number, engine, settings, probe=True)
    if content is None:
        page = prepare(raster, (page.rotation // 90 + 2) % 4, page.vertical_script)
        content = _read_prepared(page, raster.number, engine, settings, probe=False)
    assert content is not None
    if raster.note:
        content = content.model_copy(update={"warnings": [raster.note, *content.warnings]})
    return content


def _read_prepared(
    page: Prepared, number: int, engine: OcrEngine, settings: Settings, probe: bool
) -> PageContent | None:
    """None when the probe lines read better upside down."""
    layout = lay_out(page)
    crops = [crop(layout, b.box, in_cell=b.cell is not None) for b in layout.boxes]
    result = read_all(engine, crops, page.dpi, settings.ocr_confidence, probe)
    if result.upside_down:
        return None
    layout, crops, reads = _chinese_not_vertical(
        engine, layout, crops, result.reads, settings.ocr_confidence
    )
    if low_resolution_bilevel(layout):
        reads = with_enlarged_reads(engine, crops, reads, page.dpi)
    seals = [s.box.to_pixels(page.dpi) for s in page.seals]
    layout, crops, reads, faint = _without_seal_ink(layout, crops, reads, seals)
    others = cell_readings(engine, layout, crops, reads, seals, settings.ocr_confidence)
    printed = replace(layout, gray=page.gray, ink=page.ink)  # rules and all
    others += number_readings(engine, layout, printed, reads)
    words, regions, in_cells = _words_and_regions(layout, reads, seals, settings.ocr_confidence)
    grids, outside, loose = _grids(layout, words, in_cells, others, seals, number, settings)
    height, width = page.gray.shape
    return PageContent(
        number=number,
        width=Box.from_pixels(0, 0, width, height, page.dpi).x1,
        height=Box.from_pixels(0, 0, width, height, page.dpi).bottom,
        text_source=TextSource.OCR,
        dpi=page.dpi,
        rotation=page.rotation,
        skew=page.skew,
        lines=text_lines([w for w in outside if w.text]),
        grids=grids,
        seals=page.seals,
        script_regions=regions + loose,
        warnings=[f"{faint} mark(s) under a seal fainter than the page's text ink: not read"]
        if faint else [],
    )


def _without_seal_ink(
    layout: PageLayout,
    crops: list[np.ndarray],
    reads: list[tuple[str, float]],
    seals: list[PixelBox],
) -> tuple[PageLayout, list[np.ndarray], list[tuple[str, float]], int]:
    """Drop the lines under a seal whose darkest ink is nearer white than the page's text
    ink is: text printed under a seal is dark where it is not covered, while the seal's own
    strokes, once lifted, are faint everywhere, and the recogniser reads them as `1` or `二`.
    The reference is the median darkest ink of the page's lines (a light scan has light
    text). Returns the rest and how many were dropped (the page notes it)."""
    darkest = [int(c.min()) if c.size else 255 for c in crops]
    if not darkest:
        return layout, crops, reads, 0
    faint_above = (float(np.median(darkest)) + 255) / 2
    faint = {
        i for i, b in enumerate(layout.boxes)
        if overlaps(b.box, seals) and darkest[i] > faint_above
    }  # fmt: skip
    keep = [i for i in range(len(layout.boxes)) if i not in faint]
    return (*_lines_kept(layout, crops, reads, keep), len(faint))


def _lines_kept(
    layout: PageLayout,
    crops: list[np.ndarray],
    reads: list[tuple[str, float]],
    keep: list[int],
    more: Sequence[tuple[TextBox, np.ndarray, tuple[str, float]]] = (),
) -> tuple[PageLayout, list[np.ndarray], list[tuple[str, float]]]:
    """The page's lines at `keep` (layout boxes, crops and reads together), then `more`."""
    return (
        replace(layout, boxes=[layout.boxes[i] for i in keep] + [b for b, _, _ in more]),
        [crops[i] for i in keep] + [c for _, c, _ in more],
        [reads[i] for i in keep] + [r for _, _, r in more],
    )


def _chinese_not_vertical(
    engine: OcrEngine,
    layout: PageLayout,
    crops: list[np.ndarray],
    reads: list[tuple[str, float]],
    confident: float,
) -> tuple[PageLayout, list[np.ndarray], list[tuple[str, float]]]:
    """Cells taken for vertically set text are found again as horizontal lines, and those
    read (one more batched call, only when there are such cells), when a vertical piece
    reads as confident Chinese, or reads with Han characters and the horizontal lines read
    more confidently: two wrapped lines of a narrow cell line their characters up in columns
    that look like vertical lines (计与 算技 机术 ...), which the recogniser reads weakly."""
    sure: set[tuple[int, int]] = set()
    unsure: set[tuple[int, int]] = set()
    for b, (text, conf) in zip(layout.boxes, reads, strict=True):
        if b.vertical and b.cell is not None and any(is_han(ch) for ch in text):
            (sure if reads_as_chinese(text, conf, confident) else unsure).add(b.cell)
    cells = sorted(sure | unsure)
    if not cells:
        return layout, crops, reads
    found = {cell: horizontal_lines(layout, cell) for cell in cells}
    more = {cell: [crop(layout, b.box) for b in found[cell]] for cell in cells}
    flat = engine.read_lines([c for cell in cells for c in more[cell]], layout.dpi)
    again, at = {}, 0
    for cell in cells:
        again[cell], at = flat[at : at + len(more[cell])], at + len(more[cell])
    wrong = sure | {
        cell for cell in unsure - sure
        if _reads_better_across(
            again[cell], [r for b, r in zip(layout.boxes, reads, strict=True) if b.cell == cell],
            confident)
    }  # fmt: skip
    keep = [i for i, b in enumerate(layout.boxes) if b.cell not in wrong]
    more_lines = [
        line for cell in sorted(wrong)
        for line in zip(found[cell], more[cell], again[cell], strict=True)
    ]  # fmt: skip
    return _lines_kept(layout, crops, reads, keep, more_lines)


def _reads_better_across(
    across: list[tuple[str, float]], down: list[tuple[str, float]], confident: float
) -> bool:
    """Whether a cell's horizontal lines read as confident Chinese, and more confidently than
    its vertical pieces: a Mongolian label set top to bottom, cut into horizontal lines, does
    not read as confident Chinese."""
    text = "".join(t for t, _ in across)
    mean = _mean_confidence(across)
    return reads_as_chinese(text, mean, confident) and mean > _mean_confidence(down)


def _mean_confidence(reads: list[tuple[str, float]]) -> float:
    """Confidence per character over some reads (an empty read counts as one character)."""
    weights = [max(1, len(text)) for text, _ in reads]
    return sum(w * c for w, (_, c) in zip(weights, reads, strict=True)) / max(1, sum(weights))


def _words_and_regions(
    layout: PageLayout, reads: list[tuple[str, float]], seals: list[PixelBox], confident: float
) -> tuple[list[Word], list[ScriptRegion], list[ScriptRegion]]:
    """(words, Mongolian regions outside tables, Mongolian regions in cells).

    On a page set top to bottom in Mongolian, every line is the script unless it reads as
    text (`_read_as_text`). Elsewhere, in a cell, a horizontal line is taken for Mongolian
    only in a table that has Chinese text (a Latin table's words have stems too), and not on
    the same row as Chinese in its cell (a bilingual label sets the scripts over each other;
    a character split off a name, faint under a seal, is not Mongolian); a line set top to
    bottom in any table. Nothing under a seal is (what the seal leaves of the text has any
    shape).
    """
    chinese = {
        b.cell[0]
        for b, (text, conf) in zip(layout.boxes, reads, strict=True)
        if b.cell is not None and reads_as_chinese(text, conf, confident)
    }
    han_rows = [
        b for b, (text, _) in zip(layout.boxes, reads, strict=True)
        if b.cell is not None and any(is_han(ch) for ch in text)
    ]  # fmt: skip
    script_cells = _script_cells(layout, reads, confident)
    words: list[Word] = []
    regions: list[ScriptRegion] = []
    in_cells: list[ScriptRegion] = []
    for b, (text, conf) in zip(layout.boxes, reads, strict=True):
        x0, y0, x1, y1 = b.box
        if layout.vertical_script and not _read_as_text(
            text, conf, confident, numbers=b.cell not in script_cells
        ):
            found = mongolian_region(layout.gray, b.box, layout.dpi, vertical=True)
            (regions if b.cell is None else in_cells).append(found)
        elif (
            b.cell is not None
            and not overlaps(b.box, seals)
            and (b.vertical or (b.cell[0] in chinese and not _on_a_han_row(b, han_rows)))
            and cell_line_is_mongolian(layout.ink[y0:y1, x0:x1], text, conf, confident, b.vertical)
        ):
            in_cells.append(mongolian_region(layout.gray, b.box, layout.dpi, b.vertical))
        elif b.script and not reads_as_chinese(text, conf, confident):
            regions.append(mongolian_region(layout.gray, b.box, layout.dpi))
        else:
            words.append(Word(text=text, box=Box.from_pixels(*b.box, layout.dpi), confidence=conf))
    return words, regions, in_cells


def _read_as_text(text: str, confidence: float, confident: float, numbers: bool = True) -> bool:
    """On a page set in Mongolian, what is text and not the script: a confident Chinese
    read, or (with `numbers`) a confident number (a page number); the recogniser reads a
    Mongolian word or a letter shown alone as anything (`卜卜专`, `中7`), mostly unsure."""
    return reads_as_chinese(text, confidence, confident) or (
        numbers and numeric(text) and confidence >= confident
    )


def _script_cells(
    layout: PageLayout, reads: list[tuple[str, float]], confident: float
) -> set[tuple[int, int]]:
    """On a page set in Mongolian, the cells with a line that is not text: a confident
    number among them is a letter of the script read as a digit (`7`)."""
    if not layout.vertical_script:
        return set()
    return {
        b.cell for b, (text, conf) in zip(layout.boxes, reads, strict=True)
        if b.cell is not None and not _read_as_text(text, conf, confident, numbers=False)
        and not numeric(text)
    }  # fmt: skip


def _on_a_han_row(line: TextBox, han: list[TextBox]) -> bool:
    """Whether another line of the same cell that reads as Chinese shares the line's row."""
    _, y0, _, y1 = line.box
    return any(
        h is not line and h.cell == line.cell
        and min(y1, h.box[3]) - max(y0, h.box[1]) > 0.5 * min(y1 - y0, h.box[3] - h.box[1])
        for h in han
    )  # fmt: skip


def _seal_residue(
    layout: PageLayout, words: list[Word], seals: list[PixelBox], confident: float
) -> list[Word]:
    """Words under a seal read unsure and without a Han character or digit (`=`, `.`): what
    the lifted seal left of its own strokes, most likely; offered as such, never dropped."""
    return [
        w for w in words
        if w.confidence < confident
        and overlaps(w.box.to_pixels(layout.dpi), seals)
        and not any(is_han(ch) or ch.isdigit() for ch in w.text)
    ]  # fmt: skip


def _grids(
    layout: PageLayout,
    words: list[Word],
    regions: list[ScriptRegion],
    readings: list[PlacedReading],
    seals: list[PixelBox],
    number: int,
    settings: Settings,
) -> tuple[list[Grid], list[Word], list[ScriptRegion]]:
    """Fill each frame (ruled, or found by text alignment among the OCR'd line pieces); a
    blank cell is near-certain, an inked one read as nothing is not. Returns the grids and
    the words and regions outside them."""
    grids = []
    read = [w for w in words if w.text]
    frames = table_frames(
        layout.rules, read, settings.table_strategy, frames=layout.frames, chunks=read
    )
    doubtful = _seal_residue(layout, words, seals, settings.ocr_confidence)
    for frame in frames:
        grid, words, regions = fill_cells(
            frame, words, number, BLANK_CONFIDENCE, regions,
            [(r.box, r.reading) for r in readings], doubtful,
        )  # fmt: skip
        grids.append(grid)
    return grids, words, regions
