"""Rules bent by a photographed page (perspective, an open book's curvature), straightened.

The ruling detector keeps straight, axis-aligned runs of ink only, and deskew can undo one
rotation of the whole page. A photo of an open book shows more: its page does not lie flat,
so the sheet outline that photo.py flattens is not the table's, its rules converge, slant by
a few degrees each in its own way and bow towards the spine, and the table falls apart into
pieces. Here the rules are followed strip by strip (across a strip a quarter of an inch wide
a slowly bending rule is straight), and the page is remapped by a smooth displacement field
(a low-order polynomial in both directions) that makes every followed rule straight and
axis-aligned; the normal grid path then reads the remapped page. Only photos are looked at
(a scan lies flat), and one whose rules a single rotation straightens is left to deskew.

Only ink of large, sparse connected pieces is followed (a table's rules hang together, text
glyphs are small), and only a rule that meets a rule of the other direction counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from bulletin.extract.scan.blobs import components
from bulletin.extract.scan.preprocess import binarise
from bulletin.extract.scan.raster import Raster
from bulletin.extract.scan.textboxes import ink_runs

_STRIP_INCH = 0.25  # across a strip this wide a bending rule is straight
_MAX_SLOPE = 0.2  # rise over run a followed rule may have (~11 degrees)
_MAX_TURN = 0.05  # change of that slope from one strip to the next
_COVER = 0.85  # share of a strip's columns a rule crosses it in
_MIN_RULE_INCH = 1.0  # shorter followed runs are not rules
_MIN_PIECE_INCH = 0.5  # connected ink smaller than this both ways is text
_MAX_FILL = 0.25  # of its bounding box: a denser piece is a picture or a blot
_MIN_RULES = 2  # rules of each direction needed to straighten anything
_BEND_INCH = 0.02  # further than this from straight, a rule is bent
_KEPT_SHARE = 0.7  # of the rules: the field must straighten at least these, else no field
_RIDGE = 1e-6  # keeps the field's coefficients small where rules say nothing
_COARSE = 8  # pixels between the points the field is inverted at
NOTE = "its bent rules straightened"


@dataclass(frozen=True)
class Rule:
    """A followed rule: `points` (N x 2: x, y in pixels) along it, in order."""

    horizontal: bool
    points: np.ndarray


def straightened(raster: Raster) -> Raster:
    """A photographed page remapped so that its bent rules are straight; a scan, or a
    photo whose rules one rotation straightens, as it is."""
    if not raster.photo:
        return raster
    gray = cv2.cvtColor(raster.pixels, cv2.COLOR_RGB2GRAY)
    rules = follow_rules(binarise(gray, raster.dpi), raster.dpi)
    tolerance = _BEND_INCH * raster.dpi
    field = Field.fit(rules, gray.shape, tolerance)
    if field is None:
        return raster
    kept = [r for r in rules if field.residual(r) <= tolerance]
    if max(_rotation_residuals(kept)) <= tolerance:
        return raster  # straight, or one rotation straightens them: deskew's work
    note = "; ".join(n for n in (raster.note, NOTE) if n)
    return Raster(
        pixels=field.remap(raster.pixels), dpi=raster.dpi, number=raster.number, note=note,
        photo=raster.photo,
    )  # fmt: skip


def follow_rules(ink: np.ndarray, dpi: float) -> list[Rule]:
    """The rules of both directions among the page's large sparse pieces of ink that meet
    a rule of the other direction."""
    pieces = _large_pieces(ink, dpi)
    across = [Rule(True, p) for p in _follow(pieces, dpi)]
    down = [Rule(False, p[:, ::-1]) for p in _follow(np.ascontiguousarray(pieces.T), dpi)]
    reach = _STRIP_INCH * dpi
    return [r for r in across if _meets(r, down, reach)] + [
        r for r in down if _meets(r, across, reach)
    ]


def _large_pieces(ink: np.ndarray, dpi: float) -> np.ndarray:
    """The ink of connected pieces at least `_MIN_PIECE_INCH` across both ways and sparse."""
    count, labels, stats = components(ink)
    w, h = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    side = _MIN_PIECE_INCH * dpi
    keep = (w >= side) & (h >= side) & (stats[:, cv2.CC_STAT_AREA] <= _MAX_FILL * w * h)
    keep[0] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _follow(mask: np.ndarray, dpi: float) -> list[np.ndarray]:
    """Rules running left to right in `mask`: where each strip is crossed, chained from strip
    to strip; each as points (x, y)."""
    strip = max(8, int(_STRIP_INCH * dpi))
    reach = 1 + int(strip * _MAX_SLOPE)
    open_runs: list[list[tuple[float, float]]] = []
    done: list[list[tuple[float, float]]] = []
    for x0 in range(0, mask.shape[1] - strip // 2, strip):
        x = x0 + strip / 2
        crossings = _crossings(mask[:, x0 : x0 + strip], reach)
        open_runs, ended = _extend(open_runs, crossings, x, strip)
        done += ended
    done += open_runs
    least = _MIN_RULE_INCH * dpi
    return [np.array(run) for run in done if run[-1][0] - run[0][0] >= least]


def _crossings(band: np.ndarray, reach: int) -> list[float]:
    """Heights at which a line crosses the whole strip, rising at most `reach` rows: rows
    where nearly every column has ink within `reach` rows, each run of them one crossing
    (at the centre of its ink)."""
    inked = (band > 0).astype(np.uint8)
    cover = cv2.dilate(inked, np.ones((reach, 1), np.uint8)).mean(axis=1)
    rows = inked.sum(axis=1).astype(np.float64)
    out = []
    for lo, hi in ink_runs(cover >= _COVER, 1):
        if hi - lo > 2 * reach:
            continue  # a hatched or filled area, not a line
        lo, hi = max(0, lo - reach // 2), min(len(rows), hi + reach // 2)
        weights = rows[lo:hi]
        out.append(float(lo + (weights * np.arange(hi - lo)).sum() / max(weights.sum(), 1.0)))
    return out


def _extend(
    runs: list[list[tuple[float, float]]], crossings: list[float], x: float, strip: int,
) -> tuple[list[list[tuple[float, float]]], list[list[tuple[float, float]]]]:
    """Each crossing carried on from the run whose course it continues, nearest first, or
    a new run; runs that no crossing continued for two strips are ended. A run of one point
    may go on at any slope up to `_MAX_SLOPE`, a longer one within `_MAX_TURN` of its own
    last slope (per strip)."""
    pairs = []
    for k, run in enumerate(runs):
        lx, ly = run[-1]
        steps = (x - lx) / strip
        if len(run) > 1:
            slope = (ly - run[-2][1]) / (lx - run[-2][0])
            guess, allowed = ly + slope * (x - lx), max(2.0, strip * _MAX_TURN) * steps
        else:
            guess, allowed = ly, strip * _MAX_SLOPE * steps
        pairs += [(abs(c - guess), k, i) for i, c in enumerate(crossings)
                  if abs(c - guess) <= allowed]  # fmt: skip
    joined: dict[int, int] = {}
    for _, k, i in sorted(pairs):
        if k not in joined and i not in joined.values():
            joined[k] = i
    kept, ended = [], []
    for k, run in enumerate(runs):
        if k in joined:
            kept.append([*run, (x, crossings[joined[k]])])
        elif x - run[-1][0] <= 2 * strip:
            kept.append(run)
        else:
            ended.append(run)
    kept += [[(x, c)] for i, c in enumerate(crossings) if i not in joined.values()]
    return kept, ended


def _meets(rule: Rule, others: list[Rule], reach: float) -> bool:
    """Whether a rule of the other direction passes within `reach` of one of its points."""
    for other in others:
        d = np.abs(rule.points[:, None, :] - other.points[None, :, :]).max(axis=2)
        if d.min() <= reach:
            return True
    return False


def _rotation_slope(rules: list[Rule]) -> float:
    """The one slope (rise over run) that, with an offset of each rule's own, fits the
    horizontal rules' points as y on x and the vertical ones' as -x on y best."""
    rows, rhs = _rotation_system(rules)
    solution, *_ = np.linalg.lstsq(rows, rhs, rcond=None)
    return float(solution[0])


def _rotation_residuals(rules: list[Rule], slope: float | None = None) -> list[float]:
    """Each rule's largest distance (pixels) from its line under one rotation (`slope`, or
    the best for these rules)."""
    if slope is None:
        slope = _rotation_slope(rules)
    out = []
    for rule in rules:
        along, off = _along_off(rule)
        centred = off - slope * along
        out.append(float(np.abs(centred - centred.mean()).max()))
    return out


def _along_off(rule: Rule) -> tuple[np.ndarray, np.ndarray]:
    p = rule.points
    return (p[:, 0], p[:, 1]) if rule.horizontal else (p[:, 1], -p[:, 0])


def _rotation_system(rules: list[Rule]) -> tuple[np.ndarray, np.ndarray]:
    blocks, rhs = [], []
    for k, rule in enumerate(rules):
        along, off = _along_off(rule)
        block = np.zeros((len(along), len(rules) + 1))
        block[:, 0], block[:, 1 + k] = along, 1.0
        blocks.append(block)
        rhs.append(off)
    return np.vstack(blocks), np.concatenate(rhs)


# Terms of the field: the shift of y depends on x (with y: slant and bow that change down
# the page), the shift of x on y; neither has a term of its own coordinate alone, so the
# field cannot squash every rule onto one line.
_Y_TERMS = ((1, 0), (2, 0), (3, 0), (1, 1), (2, 1), (1, 2))  # powers of (u, v)
_X_TERMS = tuple((b, a) for a, b in _Y_TERMS)


@dataclass(frozen=True)
class Field:
    """Page -> straightened page: v' = v + sum(p * u^i v^j), u' = u + sum(q * ...), in
    coordinates scaled to -1..1 over the page."""

    p: np.ndarray
    q: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def fit(cls, rules: list[Rule], shape: tuple[int, ...], tolerance: float) -> "Field | None":
        """The field that straightens the rules to within `tolerance` pixels, fitted again
        without those it cannot (a seal's ring, text caught in a table's ink); None when
        that leaves fewer than `_KEPT_SHARE` of them, or too few of a direction."""
        h, w = shape[:2]
        keep = list(rules)
        for _ in range(3):
            across = [r for r in keep if r.horizontal]
            down = [r for r in keep if not r.horizontal]
            if len(across) < _MIN_RULES or len(down) < _MIN_RULES:
                return None
            field = cls(_fit_terms(across, (w, h), _Y_TERMS, 1),
                        _fit_terms(down, (w, h), _X_TERMS, 0), (h, w))  # fmt: skip
            straight = [r for r in keep if field.residual(r) <= tolerance]
            if len(straight) == len(keep):
                break
            keep = straight
        return field if len(keep) >= _KEPT_SHARE * len(rules) else None

    def residual(self, rule: Rule) -> float:
        """How far (pixels, at most) the rule's points lie from one line once mapped."""
        h, w = self.shape
        u, v = _scaled(rule.points[:, 0], w), _scaled(rule.points[:, 1], h)
        if rule.horizontal:
            mapped = (v + _terms(u, v, _Y_TERMS) @ self.p) * h / 2
        else:
            mapped = (u + _terms(u, v, _X_TERMS) @ self.q) * w / 2
        return float(np.abs(mapped - mapped.mean()).max())

    def remap(self, pixels: np.ndarray) -> np.ndarray:
        """The image resampled through the field's inverse (found by fixed-point steps on a
        coarse grid, then interpolated)."""
        h, w = self.shape
        step = _COARSE
        centres = step / 2 - 0.5  # cv2.resize puts a coarse point at the centre of its block
        gx, gy = np.meshgrid(np.arange(w // step + 2) * step + centres,
                             np.arange(h // step + 2) * step + centres)  # fmt: skip
        uu, vv = _scaled(gx, w), _scaled(gy, h)
        u, v = uu.copy(), vv.copy()
        for _ in range(12):  # u' = u + Q(u, v): the shifts are small and smooth
            u, v = uu - _terms(u, v, _X_TERMS) @ self.q, vv - _terms(u, v, _Y_TERMS) @ self.p
        size = (gx.shape[1] * step, gx.shape[0] * step)
        map_x = cv2.resize(((u + 1) * w / 2).astype(np.float32), size)[:h, :w]
        map_y = cv2.resize(((v + 1) * h / 2).astype(np.float32), size)[:h, :w]
        return cv2.remap(
            pixels, map_x, map_y, cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT,
            borderValue=(255, 255, 255),
        )  # fmt: skip


def _scaled(values: np.ndarray, size: int) -> np.ndarray:
    return np.asarray(values * 2.0 / size - 1.0)


def _terms(u: np.ndarray, v: np.ndarray, terms: tuple[tuple[int, int], ...]) -> np.ndarray:
    return np.stack([u**i * v**j for i, j in terms], axis=-1)


def _fit_terms(
    rules: list[Rule], size: tuple[int, int], terms: tuple[tuple[int, int], ...], axis: int
) -> np.ndarray:
    """Coefficients that bring every rule's points to one value of coordinate `axis` (its
    own, found with them), by least squares."""
    w, h = size
    blocks, rhs = [], []
    for k, rule in enumerate(rules):
        u, v = _scaled(rule.points[:, 0], w), _scaled(rule.points[:, 1], h)
        own = np.zeros((len(u), len(rules)))
        own[:, k] = -1.0
        weight = 1.0 / np.sqrt(len(u))
        blocks.append(np.hstack([_terms(u, v, terms), own]) * weight)
        rhs.append(-(v if axis == 1 else u) * weight)
    a, b = np.vstack(blocks), np.concatenate(rhs)
    n = len(terms)
    ridge = np.zeros((n, a.shape[1]))
    ridge[:, :n] = np.eye(n) * np.sqrt(_RIDGE)
    solution, *_ = np.linalg.lstsq(np.vstack([a, ridge]), np.concatenate([b, np.zeros(n)]),
                                   rcond=None)  # fmt: skip
    return np.asarray(solution[:n])
