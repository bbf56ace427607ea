"""OCR engines by name; each is importable only when its package is installed."""

from __future__ import annotations

import importlib.util

from extract.ocr.base import OcrEngine
from schemas.errors import EngineMissingError
from schemas.settings import Settings

# name -> (module with the engine, class name, the package it needs, the extra that installs it)
ENGINES: dict[str, tuple[str, str, str, str]] = {
    "tesseract": ("extract.ocr.tesseract", "TesseractEngine", "pytesseract", "(core)"),
    "rapidocr": (
        "extract.ocr.rapidocr",
        "RapidOcrEngine",
        "rapidocr",
        "(core)",
    ),
}


def installed() -> list[str]:
    """Engine names whose Python package can be imported here."""
    return [
        name for name, (_, _, package, _) in ENGINES.items() if importlib.util.find_spec(package)
    ]


def get_engine(settings: Settings) -> OcrEngine:
    """The engine `settings.ocr` names, or EngineMissingError listing what is installed."""
    name = str(settings.ocr)
    if name not in ENGINES:
        raise EngineMissingError(f"unknown OCR engine {name!r}; known: {', '.join(ENGINES)}")
    module_name, class_name, package, extra = ENGINES[name]
    if importlib.util.find_spec(package) is None:
        raise EngineMissingError(
            f"OCR engine {name!r} needs the {package} package (install {extra}); "
            f"installed engines: {', '.join(installed()) or 'none'}"
        )
    module = importlib.import_module(module_name)
    engine: OcrEngine = getattr(module, class_name)(settings.ocr_languages)
    return engine


__all__ = ["ENGINES", "OcrEngine", "get_engine", "installed"]
