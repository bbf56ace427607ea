"""Multi-page inputs built from the samples, for tests where the pages of one file must be
spread over workers: a long text-layer PDF (read in chunks) and a multi-page scan."""

from __future__ import annotations

from pathlib import Path

from goldens import SAMPLES

TEXT_SAMPLES = [SAMPLES / "wuhai-2021-56.pdf", SAMPLES / "wuhai-2022-18.pdf"]
SCAN_TIFF = SAMPLES / "scans" / "wuhai-2022-18.tiff"


def long_text_pdf(target: Path, copies: int = 3) -> Path:
    """A text-layer PDF of `copies` samples one after another (4 pages each): longer than a
    probe reads whole, so its pages are read in chunks by several workers."""
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    for i in range(copies):
        merged.import_pages(pdfium.PdfDocument(TEXT_SAMPLES[i % len(TEXT_SAMPLES)]))
    target.parent.mkdir(parents=True, exist_ok=True)
    merged.save(target)
    return target


def scan_tiff(target: Path, frames: tuple[int, ...] = (2, 3)) -> Path:
    """A multi-page 300-dpi scan: the sample TIFF's frames `frames` (0-based)."""
    from PIL import Image, ImageSequence

    with Image.open(SCAN_TIFF) as tiff:
        pages = [f.copy() for i, f in enumerate(ImageSequence.Iterator(tiff)) if i in frames]
    target.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(target, save_all=True, append_images=pages[1:], dpi=(300, 300),
                  compression="tiff_lzw")
    return target
