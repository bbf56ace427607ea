"""A searchable PDF/A-2b of a document: its page images with our reading as invisible text.

The page images (upright, deskewed: the frame our boxes describe) become an image-only PDF
(img2pdf, lossless), which OCRmyPDF turns into PDF/A-2 with our words as its text layer
(engine.py), in a child process. OCRmyPDF's output is then made reproducible: its random names
of the grafted text objects are numbered, the dates are the bulletin's own (its issue date;
2000-01-01 when unknown) and the file ID is derived from the content, so the same reading gives
the same bytes.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

import img2pdf
import pikepdf
from PIL import Image

from bulletin.archive.words import Block
from bulletin.extract.scan.raster import Raster
from bulletin.schemas.errors import EngineMissingError, OutputError, WorkerDied

UNKNOWN_DATE = "2000-01-01"
_TEXT_OBJECT = "/OCR-"  # OCRmyPDF names the grafted text layer /OCR-<random>


def pdfa_bytes(
    images: Iterable[Raster],
    pages: Sequence[tuple[float, float, list[Block]]],
    *,
    title: str | None,
    date: str | None,
    jobs: int = 1,
) -> bytes:
    """The PDF/A-2 of the page images with the text of `pages` (width, height, blocks).

    OCRmyPDF runs in a child process of its own: importing it patches pdfminer for the whole
    process (fonts without a ToUnicode map then yield no text), which would change what our
    own text-layer reading finds in this one.
    """
    with tempfile.TemporaryDirectory(prefix="bulletin-archive-") as tmp:
        folder = Path(tmp)
        image_pdf, raw = folder / "images.pdf", folder / "ocrmypdf.pdf"
        image_pdf.write_bytes(_image_pdf(images, folder))
        try:
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
                pool.submit(_ocrmypdf, image_pdf, raw, list(pages), title, jobs).result()
        except BrokenProcessPool as exc:
            raise WorkerDied("the OCRmyPDF process died while making the PDF/A") from exc
        return _reproducible(raw, date or UNKNOWN_DATE)


def _ocrmypdf(
    image_pdf: Path, raw: Path, pages: list[tuple[float, float, list[Block]]],
    title: str | None, jobs: int,
) -> None:
    """OCRmyPDF with our reading as its OCR engine: the text layer grafted, PDF/A-2 made."""
    import ocrmypdf
    from ocrmypdf._plugin_manager import get_plugin_manager
    from ocrmypdf.exceptions import ExitCodeException, MissingDependencyError

    from bulletin.archive.engine import LANGUAGES, ReadingEngine, ReadingPlugin

    manager = get_plugin_manager([])
    manager.pluggy_manager.register(ReadingPlugin(ReadingEngine(pages)))
    try:
        with _quiet("ocrmypdf"):
            ocrmypdf.ocr(
                image_pdf, raw, output_type="pdfa-2", plugin_manager=manager,
                use_threads=True, jobs=jobs, progress_bar=False, optimize=0,
                language=sorted(LANGUAGES), pdf_renderer="fpdf2", rotate_pages=False,
                deskew=False, title=title or None,
            )
    except MissingDependencyError as exc:
        raise EngineMissingError(f"OCRmyPDF needs a program that is missing: {exc}") from None
    except ExitCodeException as exc:
        raise OutputError(f"OCRmyPDF could not make the PDF/A: {exc}") from None


def _image_pdf(images: Iterable[Raster], folder: Path) -> bytes:
    """Lossless page images at their resolution: a page is as many points as the reading's."""
    paths = []
    for raster in images:
        path = folder / f"page-{raster.number:04d}.png"
        Image.fromarray(raster.pixels).save(path, dpi=(raster.dpi, raster.dpi))
        paths.append(str(path))
    data = img2pdf.convert(paths, layout_fun=img2pdf.default_layout_fun)
    assert data is not None
    return data


def _reproducible(path: Path, date: str) -> bytes:
    """OCRmyPDF's file with numbered text-object names, the bulletin's dates, a content ID."""
    stamp = f"{date}T00:00:00+00:00"
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            _number_text_objects(pdf, page)
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
                meta[key] = stamp
        if "/ID" in pdf.trailer:
            del pdf.trailer["/ID"]  # else qpdf keeps OCRmyPDF's random first ID
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()


def _number_text_objects(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Rename /OCR-<random> XObjects of a page to /OCR-1, /OCR-2 ... in its content and
    resources."""
    xobjects = page.resources.get("/XObject")
    if xobjects is None:
        return
    names = sorted(str(k) for k in xobjects.keys() if str(k).startswith(_TEXT_OBJECT))
    if not names:
        return
    renamed = {old: f"{_TEXT_OBJECT}{i}" for i, old in enumerate(names, start=1)}
    for old, new in renamed.items():
        xobjects[new] = xobjects[old]
        del xobjects[old]
    commands = []
    for instruction in pikepdf.parse_content_stream(page):
        operands = [pikepdf.Name(renamed[str(o)]) if isinstance(o, pikepdf.Name)
                    and str(o) in renamed else o for o in instruction.operands]  # fmt: skip
        commands.append((operands, instruction.operator))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(commands))


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    """OCRmyPDF's progress and advice (e.g. which Noto font would make the invisible text
    visible when highlighted) are not for our users; its errors are raised, not logged.

    The standard streams are put back afterwards: OCRmyPDF's final check (pikepdf's
    `check_linearization`) leaves `sys.stderr` pointing at its own buffer, which would swallow
    every later message of the command.
    """
    logger = logging.getLogger(logger_name)
    level, stdout, stderr = logger.level, sys.stdout, sys.stderr
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
        sys.stdout, sys.stderr = stdout, stderr
