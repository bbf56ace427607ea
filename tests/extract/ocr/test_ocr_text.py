"""A tesseract language that is not installed is named, not silently replaced."""

from __future__ import annotations

import numpy as np
import pytest

from goldens import needs_tesseract

from bulletin.extract.ocr.tesseract import TesseractEngine
from bulletin.schemas.errors import EngineMissingError


@needs_tesseract
def test_missing_language_model_is_a_clear_error() -> None:
    engine = TesseractEngine("chi_sim+xyz_nonexistent")
    page = np.full((40, 40), 255, dtype=np.uint8)
    expected = r"no xyz_nonexistent model \(installed: .*chi_sim"
    with pytest.raises(EngineMissingError, match=expected):
        engine.read_lines([page], 300)


def test_tidy_drops_stray_bars_between_han_and_spaces_in_numbers() -> None:
    from bulletin.extract.ocr.base import tidy_spaces

    assert tidy_spaces("全市老I旧小区") == "全市老旧小区"
    assert tidy_spaces("1. 57 万 元") == "1.57万元"
    assert tidy_spaces("Block I 区") == "Block I区"
