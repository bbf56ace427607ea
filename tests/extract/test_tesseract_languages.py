"""A tesseract language that is not installed is named, not silently replaced."""

from __future__ import annotations

import numpy as np
import pytest

from extract.ocr.tesseract import TesseractEngine
from schemas.errors import EngineMissingError


def test_missing_language_model_is_a_clear_error() -> None:
    engine = TesseractEngine("chi_sim+xyz_nonexistent")
    page = np.full((40, 40), 255, dtype=np.uint8)
    expected = r"no xyz_nonexistent model \(installed: .*chi_sim"
    with pytest.raises(EngineMissingError, match=expected):
        engine.read(page, 300)
