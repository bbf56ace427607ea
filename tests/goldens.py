"""Where the samples and truth files live, and a golden comparison that names the first
differing cell. Importable from every test folder (pytest `pythonpath = tests`)."""


from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from bulletin.schemas.settings import OcrEngineName


ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TRUTH = SAMPLES / "truth"
PEERS = ROOT / "tests" / "peers"  # copies of ../shared/peers (licences in their manifests)

# tesseract is a Debian package (./dev installs it); without it its tests cannot run at all.
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="the tesseract program is not installed"
)
# Every OCR engine the project ships: tests of the pixel route run on each of them.
ENGINES = [
    pytest.param(name, id=name.value, marks=needs_tesseract if name == "tesseract" else ())
    for name in OcrEngineName
]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def truth_source(truth_dir: Path) -> Path:
    """The sample file a truth folder describes (its documents.csv names it)."""
    return SAMPLES / read_csv(truth_dir / "documents.csv")[0]["source"]


def compare_rows(name: str, truth: list[dict[str, str]], got: list[dict[str, str]]) -> list[str]:
    """Differences between truth rows and output rows on the truth's columns, in order."""
    problems: list[str] = []
    if truth and got:
        missing = [c for c in truth[0] if c not in got[0]]
        if missing:
            return [f"{name}: output lacks columns {missing}"]
    for i, (want, have) in enumerate(zip(truth, got, strict=False)):
        for col, value in want.items():
            if have.get(col) != value:
                problems.append(
                    f"{name} row {i + 1} column {col}: expected {value!r}, got {have.get(col)!r}"
                )
    if len(truth) != len(got):
        problems.append(f"{name}: expected {len(truth)} rows, got {len(got)}")
    return problems


