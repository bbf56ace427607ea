"""Small PDFs that cost a reader much: written byte by byte, so what each holds is plain.

`huge_page` is a few hundred bytes: one page of `size` x `size` points with a short line
on it (a page of 3500 pt renders to 14,583 x 14,583 pixels at 300 dpi). `image_bomb` is a
page holding one Flate-compressed greyscale image of `pixels` x `pixels` zero bytes: a few
hundred KB that decode to hundreds of MB (pdfium decodes such an image at the size it is
drawn at, so it costs little); `content_bomb` a page whose content stream inflates a
thousandfold (the one of issue 14: 408 KB on disk, 420 MB inflated, 0.9-1.3 GB to read).
"""

from __future__ import annotations

import zlib


def pdf_bytes(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (numbered from 1, the first the catalog) with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream"


def huge_page(size: int = 3500) -> bytes:
    """One page of `size` x `size` points with one short line on it (a page that draws
    nothing at all is not rendered: it is read as the empty page it is)."""
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << >> "
        b"/Contents 4 0 R >>" % (size, size),
        _stream(b"", b"10 10 m 20 20 l S"),
    ])


def image_bomb(pixels: int = 20_000) -> bytes:
    """An A4 page drawing one `pixels` x `pixels` 8-bit grey image of zeros (Flate)."""
    data = zlib.compressobj(9)
    row = b"\0" * pixels
    packed = b"".join(data.compress(row) for _ in range(pixels)) + data.flush()
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
        _stream(b"", content),
        _stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode" % (pixels, pixels), packed),
    ])


def content_bomb(megabytes: int = 420) -> bytes:
    """An A4 page whose one Flate content stream inflates to `megabytes` MB of spaces and
    one line (about 400 KB on disk at 420 MB)."""
    data = zlib.compressobj(9)
    spaces = b" " * 1_000_000
    packed = b"".join(data.compress(spaces) for _ in range(megabytes))
    packed += data.compress(b"0 0 m 10 10 l S") + data.flush()
    return pdf_bytes([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> "
        b"/Contents 4 0 R >>",
        _stream(b"/Filter /FlateDecode", packed),
    ])
