"""One input file -> ExtractedDocument: its kind, its pages, and per page the route.

The kind is judged by the file's bytes (extensions lie). A PDF page goes the text-layer route
when its own text is sound and the pixel route (render, OCR) otherwise; image files always go
the pixel route. Errors raised below carry the page; this module adds the file, once.

Pages are read one by one (`probe_file`, `read_pdf_pages`, `read_ocr_page`), so that the pages
of one file can be read by different workers and assembled in order (`extract_document` is
the same steps in one process). The routes are imported where they are taken, so that knowing
a file's kind (the run's own process does) costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class FileProbe:
    """What opening a file tells before any page is read: its kind, its page count, and
    warnings about the file itself (they belong to its first page)."""

    kind: InputKind
    pages: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class NeedsOcr:
    """A PDF page whose text layer cannot be trusted: it is read from its pixels, with
    `warning` (why) on the page when its text layer had words at all."""

    number: int
    warning: str | None = None


PageRead = PageContent | NeedsOcr


def extract_document(path: Path, source: str, settings: Settings) -> ExtractedDocument:
    """Read every page of `path` in order; errors name the file by `source` (and the page)."""
    try:
        probe = probe_file(path, settings)
        numbers = range(1, probe.pages + 1)
        reads = (
            read_pdf_pages(path, numbers, settings)
            if probe.kind is InputKind.PDF
            else map(NeedsOcr, numbers)
        )
        pages = [
            r if isinstance(r, PageContent) else read_ocr_page(path, probe.kind, r, settings)
            for r in reads
        ]
    except BulletinError as exc:
        raise exc.located(file=source) from exc.__cause__
    pages[0] = with_warnings(pages[0], probe.warnings)
    return ExtractedDocument(source=source, pages=pages)


def probe_file(path: Path, settings: Settings, suffix: str | None = None) -> FileProbe:
    """Kind and page count; an unreadable, empty or page-less file is an InputError.
    `suffix`: the extension the user's file has, when `path` is a copy of it under another
    name (its content is checked against it)."""
    kind, warnings = detect_kind(path, suffix)
    if kind is InputKind.PDF:
        document = _open_pdf(path)
        count = len(document)
        document.close()
    else:
        from bulletin.extract.scan.raster import image_frame_count

        count = image_frame_count(path, settings.max_image_pixels)
    if count == 0:
        raise InputError("the file has no pages")
    return FileProbe(kind, count, tuple(warnings))


def with_warnings(page: PageContent, warnings: Sequence[str]) -> PageContent:
    """The page with file-level warnings put first (they go on a file's first page)."""
    if not warnings:
        return page
    return page.model_copy(update={"warnings": [*warnings, *page.warnings]})


def read_pdf_pages(
    path: Path, numbers: Iterable[int], settings: Settings
) -> Iterator[PageRead]:
    """Pages `numbers` (1-based) of a PDF by their text layer where it is sound; the others
    are named (NeedsOcr) for `read_ocr_page`, which may run elsewhere. A BulletinError gets
    its page; any other exception is a bug in this code, not in the file, and keeps its type
    (with the page noted) for the report."""
    from bulletin.extract.textlayer.pdfium import PdfiumPage

    document = _open_pdf(path)
    try:
        for number in numbers:
            with _on_page(number):
                page = PdfiumPage(load_pdf_page(document, number))
                try:
                    yield _pdf_page(page, number, settings)
                finally:
                    page.close()
    finally:
        document.close()


def read_ocr_page(
    path: Path, kind: InputKind, need: NeedsOcr, settings: Settings
) -> PageContent:
    """One page read from its pixels: a PDF page rendered at settings.dpi, or an image frame."""
    from bulletin.extract.scan.page import read_pdf_page_by_ocr, read_raster
    from bulletin.extract.scan.raster import image_frame, page_fit

    with _on_page(need.number):
        if kind is InputKind.PDF:
            content = read_pdf_page_by_ocr(path, need.number, settings)
        else:
            raster = image_frame(path, need.number, settings.max_image_pixels,
                                 page_fit(settings))
            content = read_raster(raster, settings)
    if need.warning:
        content = content.model_copy(update={"warnings": [need.warning, *content.warnings]})
    return content


_PAGE_IN_PROGRESS: list[int | None] = [None]


def page_in_progress() -> int | None:
    """The page this process is reading now, if any: a worker stopped from outside (out of
    time or memory) names it in its error."""
    return _PAGE_IN_PROGRESS[0]


@contextmanager
def _on_page(number: int) -> Iterator[None]:
    before, _PAGE_IN_PROGRESS[0] = _PAGE_IN_PROGRESS[0], number
    try:
        yield
    except BulletinError as exc:
        raise exc.located(page=number) from exc.__cause__
    except Exception as exc:
        exc.add_note(f"while reading page {number}")
        raise
    finally:
        _PAGE_IN_PROGRESS[0] = before


def detect_kind(path: Path, suffix: str | None = None) -> tuple[InputKind, list[str]]:
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
    suffix = path.suffix if suffix is None else suffix
    expected = EXTENSIONS.get(suffix.lower())
    if expected is not None and expected != kind:
        warnings.append(f"extension {suffix} but content is {kind.value}; read as {kind.value}")
    return kind, warnings


def _kind_from_bytes(head: bytes) -> InputKind | None:
    if b"%PDF-" in head:
        return InputKind.PDF
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def _open_pdf(path: Path) -> Any:
    """The PDF opened by pdfium (which reads the pages); what pdfium cannot open is explained
    by pdfminer, whose errors say why (encrypted, damaged, no pages)."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        _explain_unopenable(path)
        raise InputError(f"not a readable PDF ({exc})") from exc


def load_pdf_page(document: Any, number: int) -> Any:
    """Page `number` (1-based) of an open PDF; a page pdfium counts but cannot load (a
    damaged page tree) is an InputError of that page."""
    import pypdfium2 as pdfium

    try:
        return document[number - 1]
    except pdfium.PdfiumError as exc:
        raise InputError(f"the page cannot be read ({exc})", page=number) from exc


def _explain_unopenable(path: Path) -> None:
    """Raise the InputError pdfminer gives for a PDF pdfium refused (return when it has none)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        with pdfplumber.open(path) as pdf:
            pages = len(pdf.pages)  # forces the page tree to be parsed
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise InputError("the PDF is encrypted (password protected)") from exc
    except Exception as exc:  # pdfminer raises many unrelated types for a damaged file
        if _encrypted(exc):
            raise InputError("the PDF is encrypted (password protected)") from exc
        raise InputError(f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    if pages == 0:
        raise InputError("the file has no pages")


def _encrypted(exc: Exception) -> bool:
    """pdfplumber wraps pdfminer's password errors in its own PdfminerException."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = [*exc.args, exc.__context__]
    return any(isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)) for e in inner)


def _pdf_page(page: Any, number: int, settings: Settings) -> PageRead:
    """The page's own text layer when it is sound (or when OCR is off), else NeedsOcr."""
    from bulletin.extract.textlayer.page import load_page, read_text_page
    from bulletin.extract.textlayer.soundness import why_not_text_layer

    parsed = load_page(page, number)
    reason = why_not_text_layer(parsed, settings.min_text_quality)
    mode = settings.text_layer
    if mode is TextLayerMode.TEXT or (mode is TextLayerMode.AUTO and reason is None):
        content = read_text_page(parsed, settings.table_strategy)
        if reason is not None:  # --text-layer text: say what the page's text is worth
            content = content.model_copy(update={"warnings": [f"{reason} (OCR is off)"]})
        return content
    return NeedsOcr(number, f"{reason}; read by OCR" if parsed.words and reason else None)
