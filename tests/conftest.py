"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from goldens import compare_rows, read_csv


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
