"""Fixtures for the run tests (batch, cache, executors): folders of distinct inputs, the
bad-file corpus, and a comparison of two output folders that ignores only what may differ
(see `outputs`)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import badfiles  # beside this file: the bad-file corpus builder
from multipage import TEXT_SAMPLES
def make_text_folder(folder: Path, copies: int) -> Path:
    """`copies` distinct text-layer PDFs: the samples with a trailing comment, so every file
    has its own bytes (and cache key) but reads the same."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(copies):
        sample = TEXT_SAMPLES[i % len(TEXT_SAMPLES)]
        sub = "a" if i % 3 else "b/c"
        target = folder / sub / f"{sample.stem}-{i:02d}.pdf"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(sample.read_bytes() + f"%copy {i}\n".encode())
    return folder


@pytest.fixture
def text_folder(tmp_path: Path) -> Path:
    return make_text_folder(tmp_path / "in", 6)


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, dict]:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder, badfiles.build(folder)


def outputs(out: Path) -> dict[str, bytes]:
    """Every output file's bytes, with report.json stripped of the two fields that describe
    the run rather than the result (seconds, cache_hit); the cache folder is left out."""
    files: dict[str, bytes] = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.is_dir() or rel.startswith(".cache/"):
            continue
        files[rel] = path.read_bytes()
    report = json.loads(files.pop("report.json"))
    for f in report["files"]:
        f.pop("seconds"), f.pop("cache_hit")
    files["report.json"] = json.dumps(report, ensure_ascii=False, indent=1).encode()
    return files


@pytest.fixture
def same_outputs() -> Callable[[Path, Path], None]:
    def check(a: Path, b: Path) -> None:
        got_a, got_b = outputs(a), outputs(b)
        assert sorted(got_a) == sorted(got_b), "different sets of output files"
        differing = [name for name in got_a if got_a[name] != got_b[name]]
        assert not differing, f"outputs differ: {differing}"
        assert len(got_a) > 3

    return check


@pytest.fixture
def copy_tree() -> Callable[[Path, Path], Path]:
    def copy(src: Path, dst: Path) -> Path:
        shutil.copytree(src, dst)
        return dst

    return copy
