"""`bulletin inspect` draws what was found over the page, in the frame the boxes describe."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from typer.testing import CliRunner

from bulletin.cli import app
from goldens import SAMPLES


def test_overlay_draws_every_cell_border_of_the_table_page(tmp_path: Path) -> None:
    out = tmp_path / "p3.png"
    args = [
        "inspect",
        str(SAMPLES / "wuhai-2021-56.pdf"),
        "--page",
        "3",
        "--dpi",
        "72",
        "-o",
        str(out),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    image = cv2.imread(str(out))
    assert image.shape[:2] == (842, 596) or image.shape[:2] == (842, 595)
    green = np.all(image == (40, 160, 40), axis=2)
    rows_with_green = np.flatnonzero(green.any(axis=1))
    assert rows_with_green.size > 300, "cell borders drawn over the whole table"


def test_overlay_of_a_missing_page_is_a_clear_error(tmp_path: Path) -> None:
    args = [
        "inspect",
        str(SAMPLES / "wuhai-2021-56.pdf"),
        "--page",
        "9",
        "-o",
        str(tmp_path / "x.png"),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "no page 9 (the file has 4)" in result.output
