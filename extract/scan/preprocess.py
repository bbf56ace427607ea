"""Scan clean-up before rulings and OCR: upright orientation, deskew, seals out, dark fills
inverted, binarise.

Angles are estimated on a small copy of the page (projection profiles are cheap there) and
applied once to the full-resolution image, so the cost stays far below one OCR call.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from bulletin.extract.scan.mongolian import looks_mongolian
from bulletin.extract.scan.raster import Raster
from bulletin.extract.scan.seals import find_seals, gray_without_seals, seal_records
from bulletin.extract.scan.textboxes import drop_specks, line_boxes, row_gap
from bulletin.schemas.extracted import Seal
from bulletin.extract.scan.blobs import components

MAX_SKEW = 5.0  # degrees; bulletins are scanned roughly straight
_WORK_WIDTH = 900  # pixels across the small copy used for angle estimates
_DARK_FILL = 110  # a local background darker than this is a filled (inverted) area
_MONGOLIAN_SHARE = 0.5  # of a turned page's text ink in Mongolian-shaped lines: set in it
_FILL_STEP_INCH = 1 / 24  # the coarse copy that dark fills are looked for on
_MIN_FILL_INCH = 0.2  # a fill holds a line of text with room around it: both sides at least
# this; a darker patch is the dense strokes of one glyph (a bold letterhead character, or a
# small one closed up by a 150-dpi fax: 富 printed as a solid blob)


@dataclass(frozen=True)
class Prepared:
    """An upright, deskewed page: `gray` for the OCR, `ink` (255 = ink) for geometry.

    Pixel coordinates of both refer to the upright page, which is what PageContent's boxes
    describe (`rotation` and `skew` record what was applied to get there).
    """

    gray: np.ndarray
    ink: np.ndarray
    dpi: float
    rotation: int = 0
    skew: float = 0.0
    seals: list[Seal] = field(default_factory=list)
    bilevel: bool = False  # scanned black and white (a fax): strokes are jagged, not grey
    photo: bool = False  # a photographed page: blurred, its words close into dark patches
    vertical_script: bool = False  # set top to bottom in Mongolian, and so left upright


def prepare(
    raster: Raster, quarter_turns: int | None = None, vertical_script: bool = False
) -> Prepared:
    """Straighten the page and strip seals; `quarter_turns` overrides orientation detection
    (and `vertical_script` then says what it found)."""
    rgb = raster.pixels
    small = _small_ink(raster.gray)
    if quarter_turns is None:
        turns = text_axis_turns(small)
        if turns and set_in_mongolian(np.rot90(small, k=-turns), raster.dpi * _scale(rgb)):
            turns, vertical_script = 0, True
    else:
        turns = quarter_turns % 4
    if turns:
        rgb = np.ascontiguousarray(np.rot90(rgb, k=-turns))  # k<0: clockwise
        small = np.ascontiguousarray(np.rot90(small, k=-turns))
    angle = estimate_skew(small)
    if abs(angle) >= 0.05:
        rgb = rotate(rgb, angle)
    boxes, mask = find_seals(rgb, raster.dpi)
    same = rgb is raster.pixels  # neither turned nor deskewed: its grey is the raster's
    gray = gray_without_seals(rgb, boxes, raster.gray if same else None)
    gray = lighten_dark_backgrounds(gray, raster.dpi)
    return Prepared(
        gray=gray,
        ink=binarise(gray, raster.dpi),
        dpi=raster.dpi,
        rotation=90 * turns,
        skew=round(angle, 2),
        seals=seal_records(boxes, mask, raster.dpi),
        bilevel=bool(np.isin(raster.pixels[::7, ::7, 0], (0, 255)).all()),
        photo=raster.photo,
        vertical_script=vertical_script,
    )


def _scale(image: np.ndarray) -> float:
    """Of the small copy the angles are estimated on, to the image."""
    return _WORK_WIDTH / max(image.shape[:2])


def _small_ink(gray: np.ndarray) -> np.ndarray:
    scale = _scale(gray)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def text_axis_turns(ink: np.ndarray) -> int:
    """0 when text runs left-right, 1 (a clockwise quarter turn needed) when it runs
    top-bottom.

    Han characters sit almost touching along a line but lines are separated by clear
    leading, so smearing along the true line direction joins far more blobs than smearing
    across it. Which of the two reading directions (0/180, 90/270) is decided later by the
    OCR confidence of a few probe lines.

    Ruling lines are taken out first: smeared text touching a rule joins the rule's blob and
    drops out of the count, and in a dense table (short rows, narrow columns) that hides most
    of the text along one axis and turns a landscape table page sideways.
    """
    text = _without_rules(ink)
    reach = max(3, ink.shape[1] // 120)
    along = _blob_count(text, (reach, 1))
    across = _blob_count(text, (1, reach))
    return 1 if along > 1.15 * across else 0


def set_in_mongolian(turned: np.ndarray, dpi: float) -> bool:
    """Whether a page whose text runs top to bottom, `turned` (small ink at `dpi`) so that
    it runs left to right, is set in Mongolian: most of its text ink in lines of that shape.
    Mongolian is written top to bottom, and such a page stays upright (its tables' columns
    are its columns); Chinese set top to bottom is turned for the recogniser."""
    ink = drop_specks(_without_rules(np.ascontiguousarray(turned)), dpi)
    total = mongolian = 0
    for x0, y0, x1, y1 in line_boxes(ink, row_gap(dpi)):
        piece = ink[y0:y1, x0:x1]
        count = cv2.countNonZero(piece)
        total += count
        mongolian += count if looks_mongolian(piece, dpi) else 0
    return mongolian > _MONGOLIAN_SHARE * max(total, 1)


def _without_rules(ink: np.ndarray) -> np.ndarray:
    """The ink less its long straight runs (rules, frames) and a pixel around them."""
    length = max(10, max(ink.shape) // 25)
    rules = cv2.bitwise_or(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, length), np.uint8)),
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8)),
    )
    return cv2.bitwise_and(ink, cv2.bitwise_not(cv2.dilate(rules, np.ones((3, 3), np.uint8))))


def _blob_count(ink: np.ndarray, kernel: tuple[int, int]) -> int:
    smeared = cv2.dilate(ink, np.ones((kernel[1], kernel[0]), np.uint8))
    count, _, stats = components(smeared)
    limit = max(ink.shape) // 10  # rulings and big blobs say nothing about text direction
    small = (stats[1:, cv2.CC_STAT_WIDTH] < limit) & (stats[1:, cv2.CC_STAT_HEIGHT] < limit)
    return int(np.count_nonzero(small))


def estimate_skew(ink: np.ndarray) -> float:
    """Counter-clockwise degrees that make text lines and rulings horizontal.

    Maximises the sharpness of the row profile (sum of squared differences between adjacent
    rows): coarse steps over +-MAX_SKEW, then a fine search around the best.
    """
    points = _ink_points(ink)
    best = _best_angle(points, ink.shape[0], np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5))
    best = _best_angle(points, ink.shape[0], np.arange(best - 0.4, best + 0.401, 0.1))
    return _best_angle(points, ink.shape[0], np.array([best - 0.05, best, best + 0.05]))


def _ink_points(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns (from the centre) of the ink pixels of a 0/255 image."""
    rows, cols = np.nonzero(ink)
    return rows.astype(np.float32), (cols - ink.shape[1] / 2).astype(np.float32)


def _best_angle(points: tuple[np.ndarray, np.ndarray], height: int, angles: np.ndarray) -> float:
    scores = [_sharpness(_row_profile(points, height, float(a))) for a in angles]
    return float(angles[int(np.argmax(scores))])


def _row_profile(points: tuple[np.ndarray, np.ndarray], height: int, angle: float) -> np.ndarray:
    """Ink per row of the image turned `angle` degrees about its centre, without turning it:
    each ink pixel's turned row, shared between the two rows it falls between as a bilinear
    turn shares it, and what falls off the image lost. The same profile as turning the
    small page 33 times (the same angles on every sample and real scan), in a third of the
    time."""
    rows, cols = points
    t = np.deg2rad(angle)
    middle = np.float32(height / 2)
    turned = (rows - middle) * np.float32(np.cos(t)) - cols * np.float32(np.sin(t)) + middle
    low = np.floor(turned)
    frac = turned - low
    top = low.astype(np.int32)
    size = height + 2  # a row above and one below the image gather what falls off
    profile = np.bincount(np.clip(top, -1, height) + 1, weights=1 - frac, minlength=size)
    profile += np.bincount(np.clip(top + 1, -1, height) + 1, weights=frac, minlength=size)
    return profile[1 : height + 1]


def _sharpness(rows: np.ndarray) -> float:
    return float(np.sum(np.diff(rows) ** 2))


def rotate(image: np.ndarray, angle: float, border: int = 255) -> np.ndarray:
    """Rotate about the centre by `angle` degrees counter-clockwise, keeping the size."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    value = (border,) * (3 if image.ndim == 3 else 1)
    return cv2.warpAffine(
        image,
        matrix,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=value,
    )


def lighten_dark_backgrounds(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Invert areas printed on a dark fill (white-on-black header rows) so that their text
    and separating lines become dark on light like the rest of the page.

    No median filter here: it would erase the 1-px rulings of low-resolution images;
    speckle is removed per text crop instead (inklines.drop_specks).
    """
    step = max(1, int(dpi * _FILL_STEP_INCH))  # a coarse copy, ~24 px per inch
    small = cv2.resize(gray, None, fx=1 / step, fy=1 / step, interpolation=cv2.INTER_AREA)
    reach = max(3, int(small.shape[1] / 80)) | 1
    background = cv2.medianBlur(small, reach)
    dark = fills(background < _DARK_FILL, _MIN_FILL_INCH * dpi / step)
    if not dark.any():
        return gray
    mask = cv2.resize(dark, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_NEAREST) > 0
    out = gray.copy()
    out[mask] = 255 - out[mask]
    return out


def fills(dark: np.ndarray, least: float) -> np.ndarray:
    """The dark areas (uint8, 1 = fill) at least `least` pixels wide and tall: inverting a
    glyph's dense core would leave its outline as strokes that were never printed."""
    _, labels, stats = components(dark.astype(np.uint8))
    big = (stats[:, cv2.CC_STAT_WIDTH] >= least) & (stats[:, cv2.CC_STAT_HEIGHT] >= least)
    big[0] = False
    return big[labels].astype(np.uint8)


def binarise(gray: np.ndarray, dpi: float) -> np.ndarray:
    """Local (mean-adaptive) threshold, 255 = ink: keeps faint rulings and survives uneven
    lighting where one global threshold would lose either the lines or the background."""
    block = max(15, int(dpi * 0.12)) | 1
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15
    )
