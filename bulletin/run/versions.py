"""The versions a run's results depend on, for report.json: bulletin's own, Python's, the
packages that read and link, and the OCR engine's (the tesseract binary when it is used)."""

from __future__ import annotations

import platform
import shutil
import subprocess
from importlib import metadata

from bulletin import __version__
from bulletin.schemas.settings import OcrEngineName, Settings

PACKAGES = (
    "pdfplumber", "pdfminer.six", "pypdfium2", "opencv-python-headless", "numpy", "pillow",
    "rapidocr", "onnxruntime", "pytesseract", "rapidfuzz", "zhconv", "pydantic",
)


def versions(settings: Settings) -> dict[str, str]:
    found = {"bulletin": __version__, "python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    if settings.ocr is OcrEngineName.TESSERACT:
        found["tesseract"] = _tesseract()
    return found


def _tesseract() -> str:
    program = shutil.which("tesseract")
    if program is None:
        return "not installed"
    try:
        done = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    first = (done.stdout or done.stderr).splitlines()
    return first[0].removeprefix("tesseract ").strip() if first else "unknown"
