"""One input file -> ExtractedDocument: its kind, its pages, and per page the route.

The kind is judged by the file's bytes (extensions lie). A PDF page goes the text-layer route
when its own text is sound and the pixel route (render, OCR) otherwise; image files always go
the pixel route. Errors raised below carry the page; this module adds the file, once.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

from bulletin.extract.textlayer.page import load_page, read_text_page
from bulletin.extract.textlayer.soundness import why_not_text_layer
from bulletin.schemas.errors import BulletinError, InputError
from bulletin.schemas.extracted import ExtractedDocument, PageContent
from bulletin.schemas.settings import Settings, TextLayerMode


class InputKind(StrEnum):
    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"


EXTENSIONS: dict[str, InputKind] = {
    ".pdf": InputKind.PDF,
    ".png": InputKind.PNG,
    ".jpg": InputKind.JPEG,
    ".jpeg": InputKind.JPEG,
    ".tif": InputKind.TIFF,
    ".tiff": InputKind.TIFF,
}

_MAGIC: list[tuple[bytes, InputKind]] = [
    (b"\x89PNG\r\n\x1a\n", InputKind.PNG),
    (b"\xff\xd8\xff", InputKind.JPEG),
    (b"II*\x00", InputKind.TIFF),
    (b"MM\x00*", InputKind.TIFF),
]


def extract_document(path: Path, source: str, settings: Settings) -> ExtractedDocument:
    """Read every page of `path`; errors name the file by `source` (and the page)."""
    try:
        kind, warnings = detect_kind(path)
        if kind is InputKind.PDF:
            pages = list(_pdf_pages(path, settings))
        else:
            from bulletin.extract.scan.page import read_image_file

            pages = list(read_image_file(path, settings))
        if not pages:
            raise InputError("the file has no pages")
    except BulletinError as exc:
        raise exc.located(file=source) from exc.__cause__
    if warnings:
        first = pages[0]
        pages[0] = first.model_copy(update={"warnings": [*warnings, *first.warnings]})
    return ExtractedDocument(source=source, pages=pages)


def detect_kind(path: Path) -> tuple[InputKind, list[str]]:
    """The file's real kind and any warnings (e.g. an extension that does not match)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}") from exc
    if not head:
        raise InputError("empty file (0 bytes)")
    kind = _kind_from_bytes(head)
    if kind is None:
        raise InputError("not a PDF, PNG, JPEG or TIFF file (unrecognised content)")
    warnings = []
    expected = EXTENSIONS.get(path.suffix.lower())
    if expected is not None and expected != kind:
        warnings.append(
            f"extension {path.suffix} but content is {kind.value}; read as {kind.value}"
        )
    return kind, warnings


def _kind_from_bytes(head: bytes) -> InputKind | None:
    if b"%PDF-" in head:
        return InputKind.PDF
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _open_pdf(path: Path) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages  # forces the page tree to be parsed
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise InputError("the PDF is encrypted (password protected)") from exc
    except Exception as exc:  # pdfminer raises many unrelated types for a damaged file
        if _encrypted(exc):
            raise InputError("the PDF is encrypted (password protected)") from exc
        raise InputError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    return pdf


def _encrypted(exc: Exception) -> bool:
    """pdfplumber wraps pdfminer's password errors in its own PdfminerException."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = [*exc.args, exc.__context__]
    return any(isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)) for e in inner)


def _pdf_pages(path: Path, settings: Settings) -> Iterator[PageContent]:
    """Each page by its route. A BulletinError gets its page; any other exception is a bug in
    this code, not in the file, and keeps its type (with the page noted) for the report."""
    pdf = _open_pdf(path)
    with pdf:
        for index, page in enumerate(pdf.pages):
            number = index + 1
            try:
                yield _pdf_page(path, page, number, settings)
            except BulletinError as exc:
                raise exc.located(page=number) from exc.__cause__
            except Exception as exc:
                exc.add_note(f"while reading page {number}")
                raise
            finally:
                page.close()


def _pdf_page(path: Path, page: Any, number: int, settings: Settings) -> PageContent:
    """The page's own text layer when it is sound (or when OCR is off), else OCR."""
    parsed = load_page(page, number)
    reason = why_not_text_layer(parsed, settings.min_text_quality)
    mode = settings.text_layer
    if mode is TextLayerMode.TEXT or (mode is TextLayerMode.AUTO and reason is None):
        content = read_text_page(parsed, settings.table_strategy)
        if reason is not None:  # --text-layer text: say what the page's text is worth
            content = content.model_copy(update={"warnings": [f"{reason} (OCR is off)"]})
        return content
    from bulletin.extract.scan.page import read_pdf_page_by_ocr

    content = read_pdf_page_by_ocr(path, number, settings)
    if parsed.words and reason:
        warning = f"{reason}; read by OCR"
        content = content.model_copy(update={"warnings": [warning, *content.warnings]})
    return content
