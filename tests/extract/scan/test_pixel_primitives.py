"""The scan stage's cheap stand-ins for costlier image operations give what those give:
the skew search's row profile is the row sums of the turned image, and dropping blobs
inside their boxes leaves what mapping every pixel through a keep-table leaves."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from goldens import SAMPLES
from bulletin.extract.scan.blobs import components, without
from bulletin.extract.scan.glyphframes import median_grey
from bulletin.extract.scan.preprocess import _ink_points, _row_profile, estimate_skew, rotate
from bulletin.extract.scan.raster import render_pdf_page
from bulletin.extract.scan.textboxes import drop_specks


def _text_block(height: int = 600, width: int = 800) -> np.ndarray:
    """Lines of 'words' (filled boxes) away from the edges, 0/255."""
    ink = np.zeros((height, width), np.uint8)
    for top in range(120, height - 120, 30):
        for left in range(150, width - 150, 40):
            ink[top : top + 14, left : left + 28] = 255
    return ink


@pytest.mark.parametrize("angle", [-4.5, -1.3, 0.0, 0.7, 2.9])
def test_row_profile_is_the_row_sums_of_the_turned_image(angle: float) -> None:
    ink = _text_block()
    turned = rotate(ink, angle, border=0).sum(axis=1, dtype=np.float64) / 255
    profile = _row_profile(_ink_points(ink), ink.shape[0], angle)
    assert np.allclose(profile, turned, atol=2.0)  # bilinear rounding of a few pixels a row
    assert abs(profile.sum() - turned.sum()) / turned.sum() < 0.002


@pytest.mark.parametrize("angle", [-3.7, -0.6, 1.2, 4.1])
def test_the_skew_of_a_turned_block_is_found(angle: float) -> None:
    turned = rotate(_text_block(), -angle, border=0)
    _, turned = cv2.threshold(turned, 127, 255, cv2.THRESH_BINARY)
    assert estimate_skew(turned) == pytest.approx(angle, abs=0.1)


def _keep_table_drop(ink: np.ndarray, drop: np.ndarray) -> np.ndarray:
    _, labels, _ = components(ink)
    keep = np.where(drop, 0, 255).astype(np.uint8)
    keep[0] = 0
    return np.asarray(keep[labels])


def test_dropping_blobs_in_their_boxes_equals_the_keep_table() -> None:
    page = render_pdf_page(SAMPLES / "scans" / "wuhai-2021-56-300dpi.pdf", 1, 150, 10**8)
    gray = cv2.cvtColor(page.pixels, cv2.COLOR_RGB2GRAY)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, labels, stats = components(ink)
    assert count > 300
    rng = np.random.default_rng(7)
    for share in (0.0, 0.01, 0.5):  # none, a few (boxed), many (one gather)
        drop = rng.random(count) < share
        drop[0] = False
        assert np.array_equal(without(ink, labels, stats, drop), _keep_table_drop(ink, drop))


def test_drop_specks_removes_specks_and_edge_blobs_only() -> None:
    ink = np.zeros((100, 200), np.uint8)
    ink[40:60, 50:80] = 255  # a glyph
    ink[10, 10] = 255  # a speck
    ink[0:30, 190:200] = 255  # a shadow on the edge
    clean = drop_specks(ink, 300, border=True)
    assert clean[10, 10] == 0 and not clean[0:30, 190:200].any()
    assert np.array_equal(clean[40:60, 50:80], ink[40:60, 50:80])
    assert np.array_equal(drop_specks(ink, 300)[0:30, 190:200], ink[0:30, 190:200])


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (7, 5), (64, 33), (301, 200)])
def test_median_grey_is_numpys_median(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(shape))
    for high in (2, 40, 256):
        gray = rng.integers(0, high, size=shape, dtype=np.uint8)
        assert median_grey(gray) == np.median(gray)
        assert median_grey(gray[:, ::2]) == np.median(gray[:, ::2])  # a strided window
