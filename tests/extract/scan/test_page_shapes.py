"""Shapes on a page that are not what they look like at first: a red letterhead character is
not a seal, the strokes of large glyphs are not a table, a photo's page is a quadrilateral.
Synthetic pixels, one situation per test."""

from __future__ import annotations

import cv2
import numpy as np

from bulletin.extract.grid.frames import GridFrame
from bulletin.extract.scan.photo import page_quad, unwarp
from bulletin.extract.scan.glyphframes import drawn_as_table
from bulletin.extract.scan.rules import detect_rulings, find_pixel_grids
from bulletin.extract.scan.seals import find_seals, rim_coverage

DPI = 200.0


def test_a_ring_covers_its_rim_and_a_square_glyph_does_not() -> None:
    ring = np.zeros((120, 120), np.uint8)
    cv2.circle(ring, (60, 60), 56, 255, 5)
    square = np.zeros((120, 120), np.uint8)
    cv2.rectangle(square, (3, 3), (116, 116), 255, 6)  # 国, 回: a closed square outline
    cv2.line(square, (20, 60), (100, 60), 255, 6)
    assert rim_coverage(ring) > 0.95
    assert rim_coverage(square) < 0.8  # its corners stand off the rim of the box's ellipse


def test_red_letterhead_characters_are_not_seals_but_a_red_ring_is() -> None:
    page = np.full((800, 1200, 3), 255, np.uint8)
    red = (205, 25, 35)
    for x in (100, 300, 500):  # three large red "characters" (王): strokes, not outlines
        for y in (100, 175, 250):
            cv2.line(page, (x, y), (x + 150, y), red, 10)
        cv2.line(page, (x + 75, 100), (x + 75, 250), red, 10)
    cv2.circle(page, (900, 500), 180, red, 8)  # a seal's ring with a star inside
    cv2.drawMarker(page, (900, 500), red, cv2.MARKER_STAR, 90, 8)
    boxes, _ = find_seals(page, DPI)
    assert len(boxes) == 1
    x0, y0, x1, y1 = boxes[0]
    assert x0 < 900 < x1 and y0 < 500 < y1


def _frames(ink: np.ndarray) -> list[GridFrame]:
    return find_pixel_grids(detect_rulings(ink, DPI), DPI)


def test_a_ruled_table_is_a_table_and_big_glyph_strokes_are_not() -> None:
    table = np.zeros((600, 900), np.uint8)
    for y in range(100, 501, 80):
        cv2.line(table, (100, y), (800, y), 255, 2)
    for x in range(100, 801, 140):
        cv2.line(table, (x, 100), (x, 500), 255, 2)
    cv2.putText(table, "12.5", (130, 160), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 255, 2)
    glyphs = np.zeros((600, 900), np.uint8)  # 市-like: a frame whose strokes run on outside
    cv2.rectangle(glyphs, (200, 200), (500, 400), 255, 14)
    cv2.line(glyphs, (350, 80), (350, 560), 255, 14)
    cv2.line(glyphs, (120, 200), (580, 200), 255, 14)
    cv2.line(glyphs, (200, 400), (150, 540), 255, 14)
    cv2.circle(glyphs, (350, 60), 18, 255, -1)
    rulings = detect_rulings(table, DPI)
    (frame,) = find_pixel_grids(rulings, DPI)
    assert drawn_as_table(frame, rulings, table, DPI)
    glyph_rulings = detect_rulings(glyphs, DPI)
    for frame in find_pixel_grids(glyph_rulings, DPI):
        assert not drawn_as_table(frame, glyph_rulings, glyphs, DPI)


def test_a_table_with_hatched_cells_under_a_grey_watermark_is_a_table() -> None:
    """A code table's unused positions hatched (diagonals joined to their cell's rules) and
    a distributor's grey watermark drawn across it: the hatching sits in two of its cells,
    and the watermark is fainter than the rules, so neither makes the rules glyph strokes;
    without the page's grey levels the watermark's ink would count as the rules' own."""
    gray = np.full((600, 900), 255, np.uint8)
    for y in range(100, 501, 80):
        cv2.line(gray, (100, y), (800, y), 0, 2)
    for x in range(100, 801, 140):
        cv2.line(gray, (x, 100), (x, 500), 0, 2)
    hatch = np.full_like(gray, 255)
    for k in range(-160, 160, 8):  # the cells of column 1, rows 1-2: hatched
        cv2.line(hatch, (240 + k, 340), (240 + k + 160, 180), 0, 2)
    cells = gray[180:341, 240:381]
    gray[180:341, 240:381] = np.minimum(cells, hatch[180:341, 240:381])
    hatched = np.where(gray < 128, 255, 0).astype(np.uint8)
    cv2.line(gray, (60, 560), (860, 40), 190, 14)  # the watermark, light grey
    ink = np.where(gray < 230, 255, 0).astype(np.uint8)
    rulings = detect_rulings(ink, DPI)
    (frame,) = find_pixel_grids(rulings, DPI)
    assert (frame.n_rows, frame.n_cols) == (5, 5)
    assert drawn_as_table(frame, rulings, ink, DPI, gray)
    assert not drawn_as_table(frame, rulings, ink, DPI)
    hatched_rulings = detect_rulings(hatched, DPI)
    (frame,) = find_pixel_grids(hatched_rulings, DPI)
    assert drawn_as_table(frame, hatched_rulings, hatched, DPI)


def test_a_photographed_page_is_found_and_flattened_to_a_rectangle() -> None:
    sheet = np.full((1100, 800, 3), 240, np.uint8)
    cv2.rectangle(sheet, (100, 200), (700, 900), (20, 20, 20), 3)  # a table frame
    corners = np.array([[330, 180], [1250, 230], [1300, 1480], [260, 1420]], np.float32)
    source = np.array([[0, 0], [799, 0], [799, 1099], [0, 1099]], np.float32)
    matrix = cv2.getPerspectiveTransform(source, corners)
    photo = cv2.warpPerspective(sheet, matrix, (1600, 1700), borderValue=(60, 45, 35))
    quad = page_quad(photo)
    assert quad is not None
    assert np.abs(quad - corners).max() < 15
    flat = unwarp(photo, quad)
    gray = cv2.cvtColor(flat, cv2.COLOR_RGB2GRAY)
    rows = np.flatnonzero((gray < 100).sum(axis=1) > 0.5 * gray.shape[1] * 0.6)
    assert rows.size  # the frame's top and bottom rules are level again: long dark rows


def test_a_scan_is_not_taken_for_a_photo() -> None:
    scan = np.full((1100, 800, 3), 250, np.uint8)
    cv2.rectangle(scan, (100, 200), (700, 900), (20, 20, 20), 3)
    assert page_quad(scan) is None


def _bent(image: np.ndarray) -> np.ndarray:
    """The image as an open book shows it: rows slanting more towards the right (keystone)
    and bowing, columns leaning (a smooth field of a few percent)."""
    h, w = image.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    u, v = xs / w - 0.5, ys / h - 0.5
    map_y = ys + h * (0.04 * u + 0.05 * u * v + 0.03 * (u * u - 0.08))
    map_x = xs + w * (0.03 * v + 0.02 * v * v)
    return cv2.remap(image, map_x, map_y, cv2.INTER_LINEAR, borderValue=(255, 255, 255))


def test_a_photos_bent_rules_are_straightened_and_its_table_found() -> None:
    """A 5x4 ruled table photographed bent (rules slanting a few degrees each its own way,
    bowed): the ruling detector finds no table in it, the straightened page gives all of it
    back. A scan, and a photo whose rules are straight, are left as they are."""
    from bulletin.extract.scan.bends import straightened
    from bulletin.extract.scan.raster import Raster

    dpi = 150.0
    page = np.full((1500, 1100, 3), 255, np.uint8)
    for y in range(200, 1201, 200):
        cv2.line(page, (150, y), (950, y), (30, 30, 30), 3)
    for x in range(150, 951, 200):
        cv2.line(page, (x, 200), (x, 1200), (30, 30, 30), 3)

    def frames(pixels: np.ndarray) -> list[tuple[int, int]]:
        ink = np.where(cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY) < 128, 255, 0).astype(np.uint8)
        return [(f.n_rows, f.n_cols) for f in find_pixel_grids(detect_rulings(ink, dpi), dpi)]

    bent = Raster(pixels=_bent(page), dpi=dpi, number=1, photo=True)
    assert frames(bent.pixels) != [(5, 4)]
    flat = straightened(bent)
    assert flat.note is not None and "bent rules straightened" in flat.note
    assert frames(flat.pixels) == [(5, 4)]
    scan = Raster(pixels=bent.pixels, dpi=dpi, number=1)
    assert straightened(scan) is scan
    straight = Raster(pixels=page, dpi=dpi, number=1, photo=True)
    assert straightened(straight) is straight
