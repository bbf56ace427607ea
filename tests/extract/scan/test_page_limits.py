"""A page is read at a bounded number of pixels: a larger one at a lower resolution (down to
--min-dpi, with a page note), else refused naming the file and page, before a pixel exists
(issue 14, item 7: a 440-byte PDF of one blank 3500 pt page took 74 s and 3.66 GB)."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bulletin.extract.scan.raster import PageFit, Raster, fitted, render_pdf_page
from bulletin.schemas.errors import InputError
from hostile_pdfs import huge_page

GB = 1024**3


def _limited(seconds: int, memory: int) -> None:
    """Run in the child before exec: CPU seconds and address space it may use."""
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def test_a_huge_page_is_refused_within_small_limits(tmp_path: Path) -> None:
    """The whole reading of the file, in a process allowed 20 CPU seconds and 1.5 GB of
    address space: the page is refused by its size, with the file and page named."""
    pdf = tmp_path / "huge.pdf"
    pdf.write_bytes(huge_page(3500))
    assert pdf.stat().st_size < 600
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from bulletin.extract.file import extract_document\n"
        "from bulletin.schemas.errors import InputError\n"
        "from bulletin.schemas.settings import Settings\n"
        "try:\n"
        "    extract_document(Path(sys.argv[1]), 'huge.pdf', Settings())\n"
        "except InputError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(pdf)], capture_output=True, text=True, timeout=120,
        preexec_fn=lambda: _limited(20, int(1.5 * GB)),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == (
        "huge.pdf page 1: page of 1235 x 1235 mm renders to 7292x7292 px at 150 dpi, over "
        "the limit of 40000000 pixels (--max-page-pixels)"
    )


def test_a_large_page_is_rendered_at_the_dpi_that_fits_with_a_note(tmp_path: Path) -> None:
    pdf = tmp_path / "large.pdf"
    pdf.write_bytes(huge_page(1700))  # 600 mm square: 50 Mpx at 300 dpi
    raster = render_pdf_page(pdf, 1, 300, 40_000_000, 150)
    assert raster.dpi == 267
    height, width = raster.pixels.shape[:2]
    assert width * height <= 40_000_000 and abs(width - 1700 / 72 * 267) <= 1
    assert raster.note == (
        "page of 600 x 600 mm read at 267 dpi instead of 300, to stay within 40000000 pixels "
        "(--max-page-pixels)"
    )
    with pytest.raises(InputError, match="over the limit of 40000000 pixels"):
        render_pdf_page(pdf, 1, 300, 40_000_000, 280)  # not allowed that low: refused


def test_a_large_image_is_scaled_down_to_fit_or_refused() -> None:
    scan = Raster(pixels=np.full((4000, 3000, 3), 255, np.uint8), dpi=600.0, number=2)
    small = fitted(scan, PageFit(max_pixels=3_000_000, min_dpi=150))
    assert small.dpi == 300 and small.pixels.shape == (2000, 1500, 3)
    assert small.note is not None and "read at 300 dpi instead of 600" in small.note
    assert fitted(scan, PageFit(max_pixels=12_000_000, min_dpi=150)) is scan
    with pytest.raises(InputError) as refused:
        fitted(scan, PageFit(max_pixels=3_000_000, min_dpi=400))
    assert refused.value.page == 2
