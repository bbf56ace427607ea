"""Image files into rasters: dpi from metadata, multi-page TIFF, and hostile files refused
with InputError naming the file and page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bulletin.extract.file import extract_document
from bulletin.extract.scan.raster import image_frames, render_pdf_page
from bulletin.extract.scan.page import read_image_file
from bulletin.schemas.errors import InputError
from bulletin.schemas.settings import Settings


def _page(value: int = 255) -> Image.Image:
    return Image.fromarray(np.full((60, 40, 3), value, np.uint8))


def _glyphs(height: int, size: tuple[int, int] = (800, 600)) -> Image.Image:
    """A page of square "characters" `height` pixels tall, in lines."""
    pixels = np.full((*size, 3), 255, np.uint8)
    for top in range(40, size[0] - 2 * height, 2 * height):
        for left in range(40, size[1] - 2 * height, int(1.2 * height)):
            pixels[top : top + height, left : left + height] = 0
    return Image.fromarray(pixels)


def test_dpi_from_metadata_else_from_the_text_else_300(tmp_path: Path) -> None:
    _page().save(tmp_path / "a.png", dpi=(200, 200))
    _page().save(tmp_path / "b.png")  # no text to measure
    _glyphs(12).save(tmp_path / "c.png")  # 12-px glyphs: a page at ~100 dpi
    _glyphs(36, (2000, 1500)).save(tmp_path / "d.png", dpi=(72, 72))  # 28 inches at 72 dpi
    assert next(image_frames(tmp_path / "a.png", 10**7)).dpi == pytest.approx(200, abs=0.1)
    blank = next(image_frames(tmp_path / "b.png", 10**7))
    assert blank.dpi == 300 and blank.note and "no resolution" in blank.note
    assert next(image_frames(tmp_path / "c.png", 10**7)).dpi == 100
    photo = next(image_frames(tmp_path / "d.png", 10**7))
    assert photo.dpi == 300 and photo.note and "impossible 72 dpi" in photo.note


def test_multi_page_tiff_gives_every_frame(tmp_path: Path) -> None:
    path = tmp_path / "m.tiff"
    _page(255).save(path, save_all=True, append_images=[_page(0), _page(128)], dpi=(150, 150))
    frames = list(image_frames(path, 10**6))
    assert [f.number for f in frames] == [1, 2, 3]
    assert [int(f.pixels[0, 0, 0]) for f in frames] == [255, 0, 128]


def test_too_many_pixels_is_refused_with_file_and_page(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    _page().save(path)
    with pytest.raises(
        InputError, match=r"big\.png page 1: image (is 40x60 px, over the limit|too large)"
    ):
        extract_document(path, "big.png", Settings(max_image_pixels=1000))


def test_decompression_bomb_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    Image.new("1", (4000, 4000)).save(path)  # tiny file, 16 Mpx
    with pytest.raises(InputError, match="too large|over the limit"):
        list(read_image_file(path, Settings(max_image_pixels=1_000_000)))


def test_truncated_image_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.jpg"
    Image.fromarray(np.random.default_rng(1).integers(0, 255, (400, 400, 3), np.uint8)).save(path)
    path.write_bytes(path.read_bytes()[:3000])
    with pytest.raises(InputError, match=r"cut\.jpg.*cannot decode"):
        extract_document(path, "cut.jpg", Settings())


def test_pdf_page_out_of_range(tmp_path: Path) -> None:
    from goldens import SAMPLES

    pdf = SAMPLES / "wuhai-2021-56.pdf"
    if not pdf.exists():
        pytest.skip("sample not generated")
    with pytest.raises(InputError, match="no page 9"):
        render_pdf_page(pdf, 9, 100, 10**8)
    with pytest.raises(InputError, match="over the limit"):
        render_pdf_page(pdf, 1, 300, 1000)
