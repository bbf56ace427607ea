"""One input file -> ExtractedDocument: per page, the text layer when sound, OCR otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extract.cells import fill_grid
from extract.inputs import InputKind, detect_kind
from extract.reading import text_lines
from extract.scripts import split_script_regions
from extract.tablefind import inline_images, table_frames
from extract.textlayer import is_scanned_page, page_segments, page_words, text_quality
from schemas.errors import BulletinError, InputError
from schemas.extracted import ExtractedDocument, PageContent, TextSource, Word
from schemas.settings import Settings, TableStrategy, TextLayerMode


def extract_document(path: Path, source: str, settings: Settings) -> ExtractedDocument:
    """Read every page of `path`; errors carry the file (and page) they concern."""
    try:
        kind, warnings = detect_kind(path)
        if kind is InputKind.PDF:
            pages = list(_pdf_pages(path, settings))
        else:
            pages = list(_image_pages(path, settings))
    except BulletinError as exc:
        raise exc.located(source) from None
    if not pages:
        raise InputError("the file has no pages", file=source)
    if warnings:
        first = pages[0]
        pages[0] = first.model_copy(update={"warnings": [*warnings, *first.warnings]})
    return ExtractedDocument(source=source, pages=pages)


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
    pdf = _open_pdf(path)
    with pdf:
        for index, page in enumerate(pdf.pages):
            number = index + 1
            try:
                yield _pdf_page(path, page, number, settings)
            except BulletinError as exc:
                raise exc.located(str(path), exc.page or number) from None
            except Exception as exc:
                raise InputError(
                    f"cannot read page ({type(exc).__name__}: {exc})", page=number
                ) from exc
            finally:
                page.close()


def _pdf_page(path: Path, page: Any, number: int, settings: Settings) -> PageContent:
    words = page_words(page)
    reason = _why_not_text_layer(page, words, settings)
    if settings.text_layer is TextLayerMode.TEXT or (
        settings.text_layer is TextLayerMode.AUTO and reason is None
    ):
        return read_text_page(page, number, words, settings.table_strategy)
    from extract.scanned import read_pdf_page_by_ocr

    content = read_pdf_page_by_ocr(path, number, settings)
    if words and reason:
        content = content.model_copy(update={"warnings": [reason, *content.warnings]})
    return content


def _why_not_text_layer(page: Any, words: list[Word], settings: Settings) -> str | None:
    """None when the page's own text layer can be trusted, else why it is read by OCR.

    A scan that someone already OCR'd carries an invisible text layer of unknown quality
    over a full-page image and has no drawn rules: its tables exist only as pixels.
    """
    if not words:
        return "no text layer"
    quality = text_quality("".join(w.text for w in words))
    if quality < settings.min_text_quality:
        return f"text layer unsound (quality {quality:.2f}); read by OCR"
    if is_scanned_page(page):
        return "a scanned page under an earlier OCR text layer; read by OCR"
    return None


def read_text_page(
    page: Any, number: int, words: list[Word], strategy: TableStrategy = TableStrategy.AUTO
) -> PageContent:
    """Grids from the page's drawn rules and text alignment, text from its characters."""
    grids = []
    frames = table_frames(page_segments(page), words, strategy, blockers=inline_images(page))
    for frame in frames:
        grid, words = fill_grid(frame, words, number)
        grids.append(grid)
    words, regions = split_script_regions(words)  # inside cells, normalize/ separates them
    return PageContent(
        number=number,
        width=float(page.width),
        height=float(page.height),
        text_source=TextSource.TEXT_LAYER,
        lines=text_lines(words),
        grids=grids,
        script_regions=regions,
    )


def _image_pages(path: Path, settings: Settings) -> Iterator[PageContent]:
    from extract.scanned import read_image_file

    yield from read_image_file(path, settings)
