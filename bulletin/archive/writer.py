"""`bulletin extract --archive`: per input, OUT/archive/<source>/document.pdf (PDF/A-2b, searchable)
and page-NNNN.alto.xml (ALTO v4, one per page).

Both hold our own reading of the file (`extract_document`: the text layer or OCR, exactly what
the tables were built from). The reading is taken again here, after the run; a file whose bytes,
settings and bulletin version have not changed since its archive was written is skipped (the
stamp `.reading` beside it), so re-running a batch does not redo its archive.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

from bulletin import __version__
from bulletin.archive.alto import alto_page
from bulletin.archive.pdfa import pdfa_bytes
from bulletin.archive.words import page_blocks
from bulletin.extract.file import extract_document
from bulletin.extract.scan.raster import Raster
from bulletin.output.writers import json_path, write_atomic
from bulletin.pageimage import upright_page
from bulletin.run.discovery import discover
from bulletin.schemas.document import Document
from bulletin.schemas.errors import BulletinError, EngineMissingError
from bulletin.schemas.extracted import ExtractedDocument
from bulletin.schemas.report import FileStatus, RunReport
from bulletin.schemas.settings import Settings

PDF_NAME = "document.pdf"
_STAMP = ".reading"
_CONVERTED = {FileStatus.OK, FileStatus.NO_TABLES}


def archive_folder(out: Path, source: str) -> Path:
    return out / "archive" / source


def alto_name(page: int) -> str:
    return f"page-{page:04d}.alto.xml"


def write_archive(
    out: Path, path: Path, source: str, settings: Settings, document: Document | None,
    jobs: int = 1,
) -> bool:
    """Write the archive of one input; False when the one written before is still current."""
    folder = archive_folder(out, source)
    stamp = _stamp(path, settings)
    if (folder / _STAMP).is_file() and (folder / _STAMP).read_text() == stamp \
            and (folder / PDF_NAME).is_file():
        return False
    reading = extract_document(path, source, settings)
    _write_alto(folder, reading, settings)
    pages = [(p.width, p.height, page_blocks(p)) for p in reading.pages]
    data = pdfa_bytes(
        _images(path, reading, settings), pages, jobs=jobs,
        title=document.title if document else None,
        date=document.issue_date if document else None,
    )
    write_atomic(folder / PDF_NAME, data)
    write_atomic(folder / _STAMP, stamp.encode())  # last: a stamp implies complete outputs
    return True


def write_archives(
    inputs: list[Path], out: Path, settings: Settings, report: RunReport, jobs: int,
    say: Callable[[str], None],
) -> list[str]:
    """The archive of every file the run converted; returns one error line per file that
    failed (the others are still written). A missing program (ghostscript) stops them all."""
    converted = {f.source for f in report.files if f.status in _CONVERTED}
    files, _ = discover(inputs, exclude=[out])
    errors = []
    for item in files:
        if item.source not in converted:
            continue
        document = _document(out, item.source)
        try:
            if write_archive(out, item.path, item.source, settings, document, jobs):
                say(f"archived {item.source}")
        except EngineMissingError:
            raise
        except BulletinError as exc:
            errors.append(f"archive of {exc.located(file=item.source)}")
    return errors


def _document(out: Path, source: str) -> Document | None:
    path = json_path(out, source)
    return Document.model_validate_json(path.read_bytes()) if path.is_file() else None


def _write_alto(folder: Path, reading: ExtractedDocument, settings: Settings) -> None:
    written = set()
    for page in reading.pages:
        name = alto_name(page.number)
        write_atomic(folder / name, alto_page(page, reading.source, settings.ocr.value))
        written.add(name)
    for stale in folder.glob("page-*.alto.xml"):  # pages a former version of the file had
        if stale.name not in written:
            stale.unlink()


def _images(path: Path, reading: ExtractedDocument, settings: Settings) -> Iterator[Raster]:
    """One page image at a time, at --dpi (the resolution OCR reads at)."""
    for page in reading.pages:
        yield upright_page(path, page, settings.dpi, settings)


def _stamp(path: Path, settings: Settings) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return f"{digest.hexdigest()} {settings.fingerprint()} {__version__}\n"
