"""Workers are started before the command line is parsed only for what will use them: a
local `extract` run, as many as it runs at once (at most PRESTART)."""

from __future__ import annotations

import pytest

from bulletin.run.spawn import PRESTART, early_workers


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        (["bulletin", "extract", "in.pdf", "--out", "o"], min(8, PRESTART)),
        (["bulletin", "extract", "in.pdf", "--workers", "1"], 1),
        (["bulletin", "extract", "in.pdf", "--workers=1", "-o", "o"], 1),
        (["bulletin", "extract", "in.pdf", "--workers", "many"], min(8, PRESTART)),
        (["bulletin", "extract", "--help"], 0),
        (["bulletin", "extract", "in.pdf", "--executor", "dask"], 0),
        (["bulletin", "extract", "in.pdf", "--executor=local"], 0),  # the command decides
        (["bulletin", "review", "out", "-i", "in.pdf"], 0),
        (["bulletin"], 0),
    ],
)
def test_early_workers(argv: list[str], wanted: int) -> None:
    assert early_workers(argv, cores=8) == wanted


def test_one_core_starts_one() -> None:
    assert early_workers(["bulletin", "extract", "in.pdf"], cores=1) == 1
