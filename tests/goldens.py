"""Where the samples and truth files live, and a golden comparison that names the first
differing cell. Importable from every test folder (pytest `pythonpath = tests`)."""


from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bulletin.output.rows import columns_for
from bulletin.output.tables import OUTPUT_TABLES
from bulletin.schemas.document import Document
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


def run_cli(*args: str) -> str:
    """`bulletin ARGS...` in-process; it must succeed. Returns what it printed."""
    from typer.testing import CliRunner

    from bulletin.cli import app

    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def frictionless_validate(descriptor: Path) -> subprocess.CompletedProcess[str]:
    """The real `frictionless validate` on a descriptor (its program beside this Python)."""
    program = Path(sys.executable).with_name("frictionless")
    return subprocess.run(
        [str(program), "validate", str(descriptor)], capture_output=True, text=True, timeout=300
    )


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:  # outputs carry a BOM for Excel
        return list(csv.DictReader(fh))


def rows_of(out: Path, name: str, source: str) -> list[dict[str, str]]:
    """The rows of one input in the combined table `name` of `out`.

    The samples folder holds one bulletin in several renderings (the PDF and its scans): the
    combined tables count such a bulletin once (bulletin/output/panel.py), so the rows of every
    other copy are built from its own JSON by the same table builder, as the CSV would hold them.
    """
    rows = [r for r in read_csv(out / name) if r.get("source", r.get("file")) == source]
    copies = {r["source"]: r["duplicate_of"] for r in read_csv(out / "documents.csv")}
    if rows or not copies.get(source):  # documents.csv and findings.csv list every copy
        return rows
    doc = Document.model_validate_json((out / "json" / f"{source}.json").read_bytes())
    (table,) = [t for t in OUTPUT_TABLES if t.file_name == name]
    built = table.rows([doc])
    return [{c: r.get(c, "") for c in columns_for(table.columns, built)} for r in built]


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


