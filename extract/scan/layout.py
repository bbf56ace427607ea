"""Where the text is on a prepared scan: table frames, the lines inside each cell, the lines
outside tables, and script regions - all found from pixels, before any OCR.

Reading a cell's lines separately is what keeps words from running across a ruling line,
and it lets one OCR call read the whole page as a strip of small crops.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from bulletin.extract.grid.frames import GridFrame
from bulletin.extract.scan.textboxes import (
    PixelBox,
    drop_specks,
    ink_runs,
    line_boxes,
    row_gap,
)
from bulletin.extract.scan.occlusion import blot_mask, broad_blots
from bulletin.extract.scan.preprocess import Prepared
from bulletin.extract.grid.segments import Segment
from bulletin.extract.scan.glyphframes import drawn_as_table
from bulletin.extract.scan.rules import detect_rulings, find_pixel_grids, free_rules
from bulletin.extract.scan.mongolian import looks_mongolian
from bulletin.extract.scan.blobs import components

_MIN_LINE_INCH = 0.045  # shorter ink rows are dots and rule residue, not text
_PAD = 3  # pixels of margin around each crop
_LOW_DPI = 200  # bilevel pages below this are enlarged for the recogniser
_FAX_SMOOTH = 0.8  # pixels (sigma) of smoothing before a bilevel crop is enlarged
_FAX_LIGHTER = 0.6  # the same for a lighter view, enlarged half as much
_SHARPEN_SIGMA = 2.0  # pixels of the enlarged crop: the blur an unsharp mask takes away
_COLUMN_GAP_INCH = 0.01  # blank columns between two lines of vertically set text
_TALL = 2.5  # a vertically set line is this many times taller than wide, at least
_MAX_COLUMN_INCH = 0.5  # and no wider (wider "strokes" are stacked lines joined by a watermark)
_MIN_TALL_INCH = 0.25
_TALL_SHARE = 0.6  # of a cell's inked area in tall strokes: its text is set vertically
_UNBROKEN = 0.7  # share of a vertically set line's rows that hold ink
_DOT_GAP = 0.3  # line heights: dots closer than this to a glyph may be part of it
_DOT_SPAN, _DOT_STROKE = 0.45, 0.25  # line heights: a glyph's side dots (冫) are that tall


@dataclass(frozen=True)
class TextBox:
    """One line of ink to read; `cell` is (grid index, cell index) or None outside tables.

    `script` marks a line outside tables shaped like Mongolian: read anyway, and kept as a
    script region unless it reads as confident Chinese. `vertical` marks a line set top to
    bottom inside a cell (a bilingual header's Mongolian label).
    """

    box: PixelBox
    cell: tuple[int, int] | None
    script: bool = False
    vertical: bool = False


@dataclass(frozen=True)
class PageLayout:
    gray: np.ndarray  # upright page, rulings and seals erased: what the OCR sees
    ink: np.ndarray  # 255 = ink that is not a rule
    dpi: float
    frames: list[GridFrame]
    boxes: list[TextBox]
    rules: list[Segment] = field(default_factory=list)  # long horizontal rules outside frames
    bilevel: bool = False
    vertical_script: bool = False  # the page is set top to bottom in Mongolian (preprocess)


def lay_out(page: Prepared) -> PageLayout:
    rulings = detect_rulings(page.ink, page.dpi)
    blots = blot_mask(page.gray, page.dpi)
    if page.photo:
        blots = broad_blots(blots, page.dpi)
    frames = find_pixel_grids(rulings, page.dpi, blots)
    frames = [f for f in frames if drawn_as_table(f, rulings, page.ink, page.dpi, page.gray)]
    rules = _inside_frames(rulings.combined(), frames, page.dpi)
    grown = cv2.dilate(rules, np.ones((_rule_reach(page.dpi),) * 2, np.uint8))
    ink = cv2.bitwise_and(page.ink, cv2.bitwise_not(grown))
    gray = page.gray.copy()
    gray[grown > 0] = 255
    boxes: list[TextBox] = []
    for g, frame in enumerate(frames):
        for c, cell in enumerate(frame.cells):
            found, vertical = _cell_lines(ink, cell.box.to_pixels(page.dpi), page.dpi)
            boxes.extend(TextBox(b, (g, c), vertical=vertical) for b in found)
    free_mask, free_rule_segments = free_rules(rulings, frames, page.dpi, page.vertical_script)
    free = _free_lines(
        cv2.bitwise_and(ink, cv2.bitwise_not(free_mask)), frames, page.dpi, page.vertical_script
    )
    return PageLayout(
        gray, ink, page.dpi, frames, boxes + free, free_rule_segments, bilevel=page.bilevel,
        vertical_script=page.vertical_script,
    )  # fmt: skip


def _inside_frames(mask: np.ndarray, frames: list[GridFrame], dpi: float) -> np.ndarray:
    """Rule pixels of the tables only: outside them a "rule" is more often the long
    horizontal stroke of a large title character (市, 住) than a line."""
    keep = np.zeros_like(mask)
    margin = _rule_reach(dpi) * 2
    for frame in frames:
        x0, y0, x1, y1 = frame.box.to_pixels(dpi)
        x0, y0 = max(0, x0 - margin), max(0, y0 - margin)
        keep[y0 : y1 + margin, x0 : x1 + margin] = mask[y0 : y1 + margin, x0 : x1 + margin]
    return keep


def _rule_reach(dpi: float) -> int:
    return max(3, int(dpi * 0.015))


def horizontal_lines(layout: PageLayout, cell: tuple[int, int]) -> list[TextBox]:
    """A cell's lines found as ordinary horizontal lines: for a cell taken for vertically
    set text whose pieces the OCR then read as Chinese (two lines of Han characters, tightly
    set at a low resolution, stack into tall columns too)."""
    frame = layout.frames[cell[0]].cells[cell[1]]
    found, _ = _cell_lines(layout.ink, frame.box.to_pixels(layout.dpi), layout.dpi, False)
    return [TextBox(b, cell) for b in found]


def _cell_lines(
    ink: np.ndarray, px: tuple[int, int, int, int], dpi: float, vertical: bool = True
) -> tuple[list[PixelBox], bool]:
    """The cell's text lines, and whether they are set top to bottom."""
    x0, y0, x1, y1 = px
    inset = max(1, _rule_reach(dpi) // 2)
    x0, y0, x1, y1 = x0 + inset, y0 + inset, x1 - inset, y1 - inset
    if x1 - x0 < 4 or y1 - y0 < 4:
        return [], False
    clean = drop_specks(ink[y0:y1, x0:x1], dpi)  # a speck beside a number is not a "."
    columns = _vertical_lines(clean, dpi) if vertical else []
    found = columns or line_boxes(clean, row_gap(dpi), gap_heights=2.0)
    return [
        (bx0 + x0, by0 + y0, bx1 + x0, by1 + y0)
        for bx0, by0, bx1, by1 in found
        if _texty(clean[by0:by1, bx0:bx1], dpi)
    ], bool(columns)


def _vertical_lines(ink: np.ndarray, dpi: float) -> list[PixelBox]:
    """The lines of a cell whose text is set top to bottom, or [] for ordinary lines.

    A run of inked columns is cut where it has a blank stretch longer than half its width (a
    speck above a number or below a name is not part of it); most of the ink must then lie
    in tall, nearly unbroken strokes. Han characters stacked one per line leave blank rows
    between them (and are found as lines of their own), so only a script whose letters join
    along the line (Mongolian) gives such strokes (or two tightly set lines of Han at a low
    resolution: the page reader finds those again, once the OCR reads them as Chinese).
    """
    gap = max(2, int(_COLUMN_GAP_INCH * dpi))
    pieces = []
    for cx0, cx1 in ink_runs(ink.any(axis=0), gap):
        rows = ink[:, cx0:cx1].any(axis=1)
        for ry0, ry1 in ink_runs(rows, max(row_gap(dpi), (cx1 - cx0) // 2)):
            box = (cx0, ry0, cx1, ry1)
            if _texty(ink[ry0:ry1, cx0:cx1], dpi):
                pieces.append(box)
    tall = [
        b for b in pieces
        if b[3] - b[1] >= max(_TALL * (b[2] - b[0]), _MIN_TALL_INCH * dpi)
        and b[2] - b[0] <= _MAX_COLUMN_INCH * dpi
        and ink[b[1] : b[3], b[0] : b[2]].any(axis=1).mean() >= _UNBROKEN
    ]  # fmt: skip
    inked = sum(_area(b) for b in pieces)
    return pieces if tall and sum(_area(b) for b in tall) >= _TALL_SHARE * inked else []


def _area(box: PixelBox) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])


def _texty(piece: np.ndarray, dpi: float) -> bool:
    """Tall enough and with enough ink to be text rather than speckle or rule residue."""
    side = _MIN_LINE_INCH * dpi
    return piece.shape[0] >= side and cv2.countNonZero(piece) >= side * side / 2


def _free_lines(
    ink: np.ndarray, frames: list[GridFrame], dpi: float, vertical: bool = False
) -> list[TextBox]:
    """Lines outside every table, Mongolian-looking ones marked; on a page set top to
    bottom in Mongolian its lines are columns (page.py tells the script from text there)."""
    outside = ink.copy()
    for frame in frames:
        x0, y0, x1, y1 = frame.box.to_pixels(dpi)
        outside[max(0, y0 - 2) : y1 + 2, max(0, x0 - 2) : x1 + 2] = 0
    # a speck between two lines would join them into one; the paper's edge, every line
    outside = drop_specks(outside, dpi, border=True)
    if vertical:
        turned = np.ascontiguousarray(outside.T)
        return [
            TextBox((y0, x0, y1, x1), None, vertical=True)
            for x0, y0, x1, y1 in line_boxes(turned, row_gap(dpi))
            if _texty(turned[y0:y1, x0:x1], dpi)
        ]
    return [
        TextBox(b, None, looks_mongolian(outside[b[1] : b[3], b[0] : b[2]], dpi))
        for b in line_boxes(outside, row_gap(dpi))
        if _texty(outside[b[1] : b[3], b[0] : b[2]], dpi)
    ]


def crop(layout: PageLayout, box: PixelBox, in_cell: bool = True) -> np.ndarray:
    """The box with a white margin, and nothing but its own text's ink: specks and rule
    residue are painted white, as they would otherwise be read as dots and strokes.

    Outside tables a line may end in punctuation (`三区住建局：`, `如下：`), so only dots
    before the first glyph are dropped there; in a cell, dots on either side are residue.
    """
    x0, y0, x1, y1 = box
    piece = layout.gray[y0:y1, x0:x1]
    ink = _without_stray_dots(drop_specks(layout.ink[y0:y1, x0:x1], layout.dpi), trailing=in_cell)
    keep = cv2.dilate(ink, np.ones((3, 3), np.uint8))
    clean = _trimmed(np.where(keep > 0, piece, 255).astype(np.uint8), keep)
    return cv2.copyMakeBorder(clean, _PAD, _PAD, _PAD, _PAD, cv2.BORDER_CONSTANT, value=255)


def low_resolution_bilevel(layout: PageLayout) -> bool:
    """A black-and-white page below 200 dpi (a fax): worth a second, enlarged read."""
    return layout.bilevel and layout.dpi < _LOW_DPI


def smoothed_up(crop: np.ndarray, dpi: float, lighter: bool = False) -> np.ndarray:
    """A low-resolution black-and-white line crop as a grey one at ~300 dpi (`lighter`: less
    smoothed, enlarged half as much, a view between that and the page as scanned): smoothed
    first, so that the enlargement has soft stroke edges instead of blown-up stair steps."""
    soft = cv2.GaussianBlur(crop, (0, 0), _FAX_LIGHTER if lighter else _FAX_SMOOTH)
    factor = enlargement(dpi, lighter)
    return cv2.resize(soft, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


def enlargement(dpi: float, lighter: bool = False) -> float:
    """The factor `smoothed_up` enlarges a crop of a `dpi` page by."""
    factor = max(2, round(_LOW_DPI * 1.5 / dpi))
    return (1 + factor) / 2 if lighter else float(factor)


def sharpened_up(crop: np.ndarray) -> np.ndarray:
    """A line crop enlarged twice and sharpened (unsharp mask): the edges a blur softened,
    a decimal point's among them, stand out again."""
    big = cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    soft = cv2.GaussianBlur(big, (0, 0), _SHARPEN_SIGMA)
    return cv2.addWeighted(big, 2.0, soft, -1.0, 0)


def _trimmed(clean: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """The crop cut to the ink it keeps: where a dropped speck or dot leaves blank paper,
    the recogniser reads a ghost character into it (`東小计` for a blank margin and 小计)."""
    rows, cols = np.flatnonzero(keep.any(axis=1)), np.flatnonzero(keep.any(axis=0))
    if rows.size == 0:
        return clean
    return clean[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def _without_stray_dots(ink: np.ndarray, trailing: bool = True) -> np.ndarray:
    """Drop small blobs left or right of all the line's real glyphs (a noise dot before a
    name); a decimal point lies between digits and stays, and so do the dots of a glyph's
    own side (the 冫 of 准, the left dot of 小): close to it, and together as tall as a
    stroke, where a speck is one small round dot."""
    count, labels, stats = components(ink)
    if count <= 2:
        return ink
    height = ink.shape[0]
    stats = stats[1:]
    big = (stats[:, cv2.CC_STAT_HEIGHT] >= 0.4 * height) | (
        stats[:, cv2.CC_STAT_WIDTH] >= 0.4 * height
    )
    if not big.any():
        return ink
    left = stats[:, cv2.CC_STAT_LEFT]
    right = left + stats[:, cv2.CC_STAT_WIDTH]
    lo, hi = left[big].min(), right[big].max()
    stray = _side_dots(stats, ~big & (right <= lo), lo - right, height)
    if trailing:
        stray |= _side_dots(stats, ~big & (left >= hi), left - hi, height)
    if not stray.any():
        return ink
    drop = np.concatenate(([False], stray))
    out = ink.copy()
    out[drop[labels]] = 0
    return out


def _side_dots(stats: np.ndarray, side: np.ndarray, gap: np.ndarray, height: int) -> np.ndarray:
    """Which of the small blobs on one side of the glyphs are stray: all of them, unless
    those near the glyphs are part of one (together at least `_DOT_SPAN` of the line tall,
    or one of them a stroke of `_DOT_STROKE`)."""
    near = side & (gap <= _DOT_GAP * height)
    if near.any():
        top = stats[near, cv2.CC_STAT_TOP]
        bottom = top + stats[near, cv2.CC_STAT_HEIGHT]
        longest = np.maximum(stats[near, cv2.CC_STAT_WIDTH], stats[near, cv2.CC_STAT_HEIGHT])
        if bottom.max() - top.min() >= _DOT_SPAN * height or longest.max() >= _DOT_STROKE * height:
            return side & ~near
    return side
