"""OCR engines by name; each is importable only when its package is installed.

The names are `OcrEngineName` (schemas/settings.py), listed once; this table says where each
engine lives and what it needs.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import TYPE_CHECKING, NamedTuple

from bulletin.schemas.errors import EngineMissingError
from bulletin.schemas.settings import OcrEngineName, Settings

if TYPE_CHECKING:  # the engines' base needs numpy: not loaded by a package import alone
    from bulletin.extract.ocr.base import OcrEngine


class EngineSpec(NamedTuple):
    module: str  # where the engine class lives
    cls: str
    package: str  # the Python package it needs
    install: str  # how to get that package


ENGINES: dict[OcrEngineName, EngineSpec] = {
    OcrEngineName.TESSERACT: EngineSpec(
        "bulletin.extract.ocr.tesseract", "TesseractEngine", "pytesseract", "(core)"
    ),
    OcrEngineName.RAPIDOCR: EngineSpec(
        "bulletin.extract.ocr.rapidocr", "RapidOcrEngine", "rapidocr", "(core)"
    ),
}


def installed() -> list[OcrEngineName]:
    """Engines whose Python package can be imported here."""
    return [name for name, spec in ENGINES.items() if importlib.util.find_spec(spec.package)]


def get_engine(settings: Settings) -> OcrEngine:
    """The engine `settings.ocr` names, or EngineMissingError listing what is installed."""
    spec = ENGINES[settings.ocr]
    if importlib.util.find_spec(spec.package) is None:
        have = ", ".join(installed()) or "none"
        raise EngineMissingError(
            f"OCR engine {settings.ocr.value!r} needs the {spec.package} package "
            f"(install {spec.install}); installed engines: {have}"
        )
    module = importlib.import_module(spec.module)
    engine: OcrEngine = getattr(module, spec.cls)(settings.ocr_languages, settings.ocr_timeout)
    return engine


__all__ = ["ENGINES", "get_engine", "installed"]
