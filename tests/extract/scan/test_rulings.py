"""Pixel rulings -> grids: the grid a page image gives must equal the grid its text layer gives.

Born-digital samples are rendered (pypdfium2) at scan resolutions, optionally rotated and
noised, and the pixel grid is compared slot by slot with the text layer's grid of the same
page: same rows, columns, spans, and boundaries within 2 points.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from goldens import SAMPLES
from bulletin.extract.grid.frames import GridFrame, find_grids
from bulletin.extract.scan.preprocess import prepare, rotate
from bulletin.extract.scan.raster import Raster, render_pdf_page
from bulletin.extract.scan.rules import detect_rulings, find_pixel_grids, join_pieces
from bulletin.extract.grid.segments import Segment

REFERENCE = SAMPLES / "wuhai-2021-56.pdf"


def _text_layer_frames(pdf: Path, number: int) -> list[GridFrame]:
    import pdfplumber

    from bulletin.extract.textlayer.page import load_page

    with pdfplumber.open(pdf) as doc:
        return find_grids(load_page(doc.pages[number - 1], number).segments)


def _pixel_frames(raster: Raster) -> list[GridFrame]:
    page = prepare(raster)
    return find_pixel_grids(detect_rulings(page.ink, page.dpi), page.dpi)


def _structure(frame: GridFrame) -> tuple[int, int, list[tuple[int, int, int, int]]]:
    return (
        frame.n_rows,
        frame.n_cols,
        sorted((c.row, c.col, c.rowspan, c.colspan) for c in frame.cells),
    )


def _noisy(raster: Raster, angle: float, seed: int = 7) -> Raster:
    """A poor scan: rotated, blurred, speckled, JPEG-compressed."""
    rng = np.random.default_rng(seed)
    pixels = rotate(raster.pixels, angle)
    pixels = cv2.GaussianBlur(pixels, (3, 3), 0)
    noise = rng.normal(0, 12, pixels.shape[:2])[..., None]
    pixels = np.clip(pixels.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    specks = rng.random(pixels.shape[:2]) < 0.0005
    pixels[specks] = 0
    ok, jpeg = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert ok
    return Raster(cv2.imdecode(jpeg, cv2.IMREAD_COLOR), raster.dpi, raster.number)


@pytest.fixture(scope="module")
def reference() -> Path:
    if not REFERENCE.exists():
        pytest.skip("samples/wuhai-2021-56.pdf has not been generated")
    return REFERENCE


@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize("number", [3, 4])
def test_rendered_page_grid_equals_text_layer_grid(reference: Path, number: int, dpi: int) -> None:
    want = _text_layer_frames(reference, number)
    got = _pixel_frames(render_pdf_page(reference, number, dpi, 10**9))
    assert [_structure(f) for f in got] == [_structure(f) for f in want]
    for g, w in zip(got, want, strict=True):
        assert np.allclose(g.xs, w.xs, atol=2.0) and np.allclose(g.ys, w.ys, atol=2.0)


@pytest.mark.parametrize("angle", [1.5, -2.5])
def test_skewed_noisy_scan_gives_the_same_grid(reference: Path, angle: float) -> None:
    want = _text_layer_frames(reference, 3)
    raster = _noisy(render_pdf_page(reference, 3, 200, 10**9), angle)
    page = prepare(raster)
    assert page.skew == pytest.approx(-angle, abs=0.15)
    got = find_pixel_grids(detect_rulings(page.ink, page.dpi), page.dpi)
    assert [_structure(f) for f in got] == [_structure(f) for f in want]


def test_quarter_turned_page_is_turned_back(reference: Path) -> None:
    raster = render_pdf_page(reference, 4, 200, 10**9)
    turned = Raster(np.ascontiguousarray(np.rot90(raster.pixels)), raster.dpi, 4)  # 90 ccw
    page = prepare(turned)
    assert page.rotation == 90
    got = find_pixel_grids(detect_rulings(page.ink, page.dpi), page.dpi)
    assert [_structure(f) for f in got] == [_structure(f) for f in _text_layer_frames(reference, 4)]


def _draw_table(broken: bool) -> np.ndarray:
    """3x3 table at 200 dpi; the middle column's top cell spans two rows (no rule)."""
    img = np.full((700, 900, 3), 255, np.uint8)
    xs, ys = [100, 350, 600, 800], [100, 250, 400, 550]
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), (0, 0, 0), 2)
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), (0, 0, 0), 2)
    img[248:253, 352:598] = 255  # no rule under the middle top cell: rowspan 2
    if broken:  # scanner drop-outs in two rules, faint grey third rule
        img[398:403, 200:212] = 255
        img[150:160, 598:603] = 255
        cv2.line(img, (xs[0], ys[3]), (xs[-1], ys[3]), (170, 170, 170), 2)
    return img


@pytest.mark.parametrize("broken", [False, True])
def test_spans_and_broken_faint_rules(broken: bool) -> None:
    frames = _pixel_frames(Raster(_draw_table(broken), 200.0, 1))
    assert len(frames) == 1
    rows, cols, cells = _structure(frames[0])
    assert (rows, cols) == (3, 3)
    assert (0, 1, 2, 1) in cells and len(cells) == 8


def test_pieces_of_a_broken_rule_are_joined_but_strokes_beside_it_are_not() -> None:
    pieces = [
        Segment(True, 100.0, 0, 40),
        Segment(True, 100.5, 45, 90),
        Segment(True, 102.0, 10, 30),
    ]
    joined = join_pieces(pieces, snap=1.2, gap=12.0)
    rule = [s for s in joined if s.start == 0]
    assert len(rule) == 1 and rule[0].end == 90 and rule[0].pos == pytest.approx(100.26, abs=0.05)
    assert any(s.pos == 102.0 for s in joined)  # 2 pt off: a glyph stroke, kept apart
