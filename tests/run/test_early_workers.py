"""Workers are started before the command line is parsed only for what will use them: a
local `extract` run, as many as it runs at once (at most PRESTART)."""

from __future__ import annotations

import pytest

from bulletin.run.spawn import (
    PRELOAD_ENV,
    PRELOADS,
    PRESTART,
    early_preloads,
    early_workers,
    preloaded_modules,
)


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


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        (["bulletin", "extract", "in.pdf", "--registry", "r.csv"], ["linking"]),
        (["bulletin", "extract", "in.pdf", "--registry=r.csv"], ["linking"]),
        (["bulletin", "extract", "in.pdf"], []),
        (["bulletin", "registry", "--registry", "r.csv"], []),
    ],
)
def test_a_run_with_a_registry_has_its_workers_load_linking(argv: list[str],
                                                            wanted: list[str]) -> None:
    assert early_preloads(argv) == wanted


def test_a_worker_loads_only_known_preloads() -> None:
    assert preloaded_modules({PRELOAD_ENV: "linking"}) == list(PRELOADS["linking"])
    assert preloaded_modules({PRELOAD_ENV: "os,linking,"}) == list(PRELOADS["linking"])
    assert preloaded_modules({}) == []

