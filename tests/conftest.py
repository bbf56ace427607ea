"""Shared fixtures: where the samples live, and a golden comparison that names the first
differing cell."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TRUTH = SAMPLES / "truth"
PEERS = ROOT.parent / "shared" / "peers"


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


@pytest.fixture
def assert_matches_truth():
    def check(out: Path, truth_dir: Path, source: str | None = None) -> None:
        problems: list[str] = []
        for truth_file in sorted(truth_dir.glob("*.csv")):
            truth = read_csv(truth_file)
            got = read_csv(out / truth_file.name)
            if source is not None:
                got = [r for r in got if r["source"] == source]
            problems += compare_rows(truth_file.name, truth, got)
        assert not problems, "\n".join(problems[:20])

    return check
