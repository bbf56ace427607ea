"""An OCRmyPDF OCR engine that reads nothing: it hands OCRmyPDF the words we already read.

OCRmyPDF's plugin interface lets another engine supply each page's text; ours answers from the
reading bulletin made (text layer or OCR), scaled from PDF points to the pixels of the page image
OCRmyPDF asks about. OCRmyPDF then does what it is the standard for: the invisible text layer
grafted under the page image, and the PDF/A-2 conversion (with ghostscript).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ocrmypdf import hookimpl
from ocrmypdf.hocrtransform import BoundingBox, OcrClass, OcrElement
from ocrmypdf.pluginspec import OcrEngine, OrientationConfidence
from PIL import Image

from bulletin import __version__
from bulletin.archive.words import Block
from bulletin.schemas.geometry import Box

LANGUAGES = frozenset({"chi_sim", "eng"})  # what OCRmyPDF is told the text is (font choice)


class ReadingEngine(OcrEngine):
    """Page i's OCR result is our blocks for page i (`pages[i]`: page width, height in points)."""

    def __init__(self, pages: Sequence[tuple[float, float, list[Block]]]) -> None:
        self.pages = list(pages)

    @staticmethod
    def version() -> str:
        return __version__

    @staticmethod
    def creator_tag(options: Any) -> str:
        return f"bulletin {__version__} (its own reading as the text layer)"

    def __str__(self) -> str:
        return f"bulletin {__version__}"

    @staticmethod
    def languages(options: Any) -> set[str]:
        return set(LANGUAGES)

    @staticmethod
    def get_orientation(input_file: Path, options: Any) -> OrientationConfidence:
        return OrientationConfidence(angle=0, confidence=0.0)  # our images are upright

    @staticmethod
    def supports_generate_ocr() -> bool:
        return True

    def generate_ocr(  # type: ignore[override]
        self, input_file: Path, options: Any, page_number: int = 0
    ) -> tuple[OcrElement, str]:
        with Image.open(input_file) as image:
            pixels_w, pixels_h = image.size
            dpi = float(image.info.get("dpi", (72.0, 72.0))[0])
        width, height, blocks = self.pages[page_number]
        scale = (pixels_w / width, pixels_h / height)
        lines = [
            OcrElement(ocr_class=OcrClass.LINE, bbox=_bbox(line.box, scale), children=[
                OcrElement(ocr_class=OcrClass.WORD, bbox=_bbox(w.box, scale), text=w.text,
                           confidence=w.confidence)
                for w in line.words
            ])
            for block in blocks for line in block.lines
        ]  # fmt: skip
        page = OcrElement(
            ocr_class=OcrClass.PAGE, bbox=BoundingBox(left=0, top=0, right=pixels_w,
                                                      bottom=pixels_h),
            dpi=dpi, page_number=page_number, children=lines,
        )
        text = "\n".join(line.text for block in blocks for line in block.lines)
        return page, text

    @staticmethod
    def generate_hocr(input_file: Path, output_hocr: Path, output_text: Path, options: Any) -> None:
        raise NotImplementedError("bulletin's engine answers through generate_ocr")

    @staticmethod
    def generate_pdf(input_file: Path, output_pdf: Path, output_text: Path, options: Any) -> None:
        raise NotImplementedError("bulletin's engine answers through generate_ocr")


class ReadingPlugin:
    """The plugin object registered with OCRmyPDF's plugin manager for one document."""

    def __init__(self, engine: ReadingEngine) -> None:
        self.engine = engine

    @hookimpl
    def get_ocr_engine(self, options: Any) -> OcrEngine:
        return self.engine


def _bbox(box: Box, scale: tuple[float, float]) -> BoundingBox:
    sx, sy = scale
    return BoundingBox(left=box.x0 * sx, top=box.top * sy, right=box.x1 * sx,
                       bottom=box.bottom * sy)
