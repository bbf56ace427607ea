"""The bad-file corpus: small broken inputs, generated on demand, and what each must become.

Generated rather than stored so that the bytes are obvious from the code and the corpus
stays tiny; every file is built from a real sample or from a few hand-written bytes.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from goldens import SAMPLES



@dataclass(frozen=True)
class Expected:
    status: str  # FileStatus value in report.json
    message: str  # regex the report's error (or first warning) must match


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A PNG header claiming width x height pixels, with one tiny IDAT: decoding it would need
    ~10 GB, so it must be refused from the header alone."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    idat = zlib.compress(b"\0" * 64)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b""))


def small_png() -> bytes:
    """A valid 64x32 white greyscale PNG (no table on it)."""
    width, height = 64, 32
    raw = b"".join(b"\0" + b"\xff" * width for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr)
            + _png_chunk(b"IDAT", zlib.compress(raw)) + _png_chunk(b"IEND", b""))


def zero_page_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty (/Count 0)."""
    from hostile_pdfs import pdf_bytes

    return pdf_bytes(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def text_pdf(lines: list[str], password: str | None = None) -> bytes:
    """A one-page text PDF without any ruled table (optionally encrypted with a user password)."""
    import io

    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    encrypt = StandardEncryption(password, ownerPassword=password + "-owner") if password else None
    pdf = canvas.Canvas(buf, invariant=1, encrypt=encrypt)
    for i, line in enumerate(lines):
        pdf.drawString(72, 760 - 16 * i, line)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def build(folder: Path) -> dict[str, Expected]:
    """Write the corpus into `folder`; returns source -> what report.json must say."""
    sample = (SAMPLES / "wuhai-2022-18.pdf").read_bytes()
    files: dict[str, tuple[bytes, Expected]] = {
        "empty.pdf": (b"", Expected("error", r"empty\.pdf: empty file \(0 bytes\)")),
        "truncated.pdf": (sample[: len(sample) // 2], Expected("error", r"truncated\.pdf.*")),
        "encrypted.pdf": (text_pdf(["secret"], password="s3cret"),
                          Expected("error", r"encrypted\.pdf: .*encrypted")),
        "zero-pages.pdf": (zero_page_pdf(), Expected("error", r"zero-pages\.pdf: .*no pages")),
        "bomb.png": (bomb_png(), Expected("error", r"bomb\.png.*too large")),
        "notes.tif": (b"minutes of the meeting\n", Expected("error", r"notes\.tif: not a PDF")),
        "no-table.pdf": (text_pdf(["Notice", "There is no table here."]),
                         Expected("no_tables", r"no-table\.pdf: no table found")),
        "picture.pdf": (small_png(), Expected("no_tables", r"picture\.pdf: no table found")),
        "sub/readme.txt": (b"not a bulletin\n", Expected("skipped", r"extension '\.txt'")),
    }
    for source, (data, _) in files.items():
        path = folder / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return {source: expected for source, (_, expected) in files.items()}
