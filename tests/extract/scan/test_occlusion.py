"""Gaps in a rule under a blot are hidden; gaps over paper or along a shaded band are not."""

from __future__ import annotations

import numpy as np

from bulletin.extract.scan.occlusion import blot_mask, gap_hidden
from bulletin.extract.grid.segments import Segment

DPI = 72.0  # one pixel per point


def page_with_rule_gap() -> np.ndarray:
    gray = np.full((200, 400), 250, np.uint8)
    gray[100, 20:150] = 0
    gray[100, 190:380] = 0
    return gray


LEFT, RIGHT = Segment(True, 100, 20, 150), Segment(True, 100, 190, 380)


def test_gap_under_a_grey_disc_is_hidden() -> None:
    gray = page_with_rule_gap()
    yy, xx = np.ogrid[:200, :400]
    gray[(yy - 100) ** 2 + (xx - 170) ** 2 <= 30**2] = 200
    assert gap_hidden(blot_mask(gray, DPI), DPI, LEFT, RIGHT)


def test_gap_over_paper_is_not_hidden() -> None:
    assert not gap_hidden(blot_mask(page_with_rule_gap(), DPI), DPI, LEFT, RIGHT)


def test_gap_along_a_shaded_band_is_not_hidden() -> None:
    gray = page_with_rule_gap()
    gray[80:120, :] = 200
    gray[100, 20:150] = 0
    gray[100, 190:380] = 0
    assert not gap_hidden(blot_mask(gray, DPI), DPI, LEFT, RIGHT)
