"""What the fuzzers feed and call: the openers of inputs (extract/file.py's probe and
text-layer read of a PDF, the image frames) and the registry reader, given bytes made from
real seeds by hypothesis. The one property: whatever the bytes, a call ends normally or in
one of our errors (BulletinError, which the run reports naming the file); anything else is
a traceback a user would see. tests/test_fuzz_openers.py runs a few hundred cases in CI;
benchmarks/fuzz_openers.py runs as many as it is told."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import strategies as st

from bulletin.extract.file import InputKind, probe_file, read_ocr_page, read_pdf_pages
from bulletin.extract.file import NeedsOcr
from bulletin.normalize.link.registry import load_registry
from bulletin.schemas.settings import Settings
from goldens import SAMPLES
from hostile_pdfs import huge_page

# Seeds: a real text-layer bulletin's first 6 KB plus its tail (object syntax, xref, trailer),
# a tiny whole PDF, a real PNG and the sample registry; every case starts from one of them.
_PDF = (SAMPLES / "wuhai-2022-18.pdf").read_bytes()
PDF_SEEDS = [huge_page(300), _PDF[:6000] + _PDF[-2000:]]
REGISTRY_SEED = (SAMPLES / "registry" / "wuhai.csv").read_bytes()
# small pages and images: a case must stay a fraction of a second
SETTINGS = Settings(max_page_pixels=2_000_000, max_image_pixels=4_000_000, min_dpi=72, dpi=72)


def _png_seed() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (40, 30), 255).save(buffer, format="PNG", dpi=(150, 150))
    return buffer.getvalue()


IMAGE_SEEDS = [_png_seed()]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed with a few bytes overwritten, spans cut out or repeated, junk inserted."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "insert", "repeat", "number"]))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:at + draw(st.integers(1, 64))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(max_size=32))
        elif kind == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 32))] * draw(st.integers(2, 20))
        else:  # a number where the parser expects sizes and offsets
            data[at:at] = str(draw(st.sampled_from([0, -1, 2**31, 2**63, 10**30]))).encode()
    return bytes(data)


def open_input(data: bytes, suffix: str) -> None:
    """Probe the bytes as a file and read what a worker would read of its first pages."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        probe = probe_file(path, SETTINGS)
        numbers = range(1, min(probe.pages, 2) + 1)
        if probe.kind is InputKind.PDF:
            list(read_pdf_pages(path, numbers, SETTINGS))
        else:
            from bulletin.extract.scan.raster import image_frame, page_fit

            for number in numbers:
                image_frame(path, number, SETTINGS.max_image_pixels, page_fit(SETTINGS))


def read_registry(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "registry.csv"
        path.write_bytes(data)
        load_registry(path)


__all__ = ["IMAGE_SEEDS", "PDF_SEEDS", "REGISTRY_SEED", "mutated", "open_input",
           "read_registry", "read_ocr_page", "NeedsOcr"]
