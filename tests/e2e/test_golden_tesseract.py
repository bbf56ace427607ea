"""The tesseract engine end to end on the reference scans, with real tesseract.

Tesseract reads Chinese names far worse than the default engine (README: cell CER), so
names are not held to the truth here. What it must never do is guess: the table
structure is exact, and every number and status is either exact or empty and listed in
review.csv.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulletin.cli import app
from goldens import SAMPLES, TRUTH, needs_tesseract, read_csv

# The 200 dpi sealed scan too: its header labels used to come back as `(万元)` (the line
# 预计投资额 dropped as unreadable), and whole columns lost their field.
STEMS = ["wuhai-2021-56-300dpi", "wuhai-2021-56-200dpi-skew-seal"]
pytestmark = needs_tesseract
NUMBERS = ["rank", "planned_investment", "completed_investment", "completion_rate",
           "investment_completion_rate"]  # fmt: skip


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    for stem in STEMS:
        shutil.copy(SAMPLES / "scans" / f"{stem}.pdf", folder)
    target = tmp_path_factory.mktemp("out")
    args = ["extract", str(folder), "--out", str(target), "-q", "--ocr", "tesseract"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return target


def _pairs(out: Path, stem: str, name: str) -> list[tuple[dict[str, str], dict[str, str]]]:
    truth = read_csv(TRUTH / "scans" / stem / name)
    got = [r for r in read_csv(out / name) if r["source"] == f"{stem}.pdf"]
    assert len(got) == len(truth), f"{stem} {name}: {len(got)} rows, expected {len(truth)}"
    return list(zip(truth, got, strict=True))


@pytest.mark.parametrize("stem", STEMS)
def test_numbers_exact_or_empty_and_flagged(stem: str, out: Path) -> None:
    flagged = {(r["table_index"], r["field"]) for r in read_csv(out / "review.csv")
               if r["file"] == f"{stem}.pdf"}  # fmt: skip
    for name in ("districts.csv", "totals.csv"):
        for want, have in _pairs(out, stem, name):
            for col in NUMBERS:
                if col not in want or have[col] == want[col]:
                    continue
                assert have[col] == "", f"{name} {col}: {want[col]!r} guessed as {have[col]!r}"
                assert (have["table_index"], col) in flagged, f"empty {col} not in review.csv"


def test_clean_scan_numbers_all_exact(out: Path) -> None:
    for name in ("districts.csv", "totals.csv"):
        for want, have in _pairs(out, STEMS[0], name):
            columns = [c for c in NUMBERS if c in want]
            assert [have[c] for c in columns] == [want[c] for c in columns]


@pytest.mark.parametrize("stem", STEMS)
def test_statuses_never_wrong_and_unread_ones_flagged(stem: str, out: Path) -> None:
    for want, have in _pairs(out, stem, "communities.csv"):
        assert have["completed"] in (want["completed"], ""), (want, have)
    # every status left empty is listed in review.csv, at its own cell
    doc = json.loads((out / "json" / f"{stem}.pdf.json").read_text(encoding="utf-8"))
    unread = [
        c["fields"]["completed"]
        for t in doc["tables"] for d in t["districts"] for s in d["streets"]
        for c in s["communities"]
        if c["fields"]["completed"]["value"] is None
    ]  # fmt: skip
    listed = {(r["page"], r["read"]) for r in read_csv(out / "review.csv")
              if r["file"] == f"{stem}.pdf" and r["field"] == "completed"}  # fmt: skip
    missing = [v for v in unread if (str(v["page"]), v["raw"]) not in listed]
    assert not missing, f"unread statuses not in review.csv: {missing}"
