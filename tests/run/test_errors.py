"""What a failure means for a file's result: its error class decides whether it is cached, and
a bug in this program is reported as a bug, never blamed on the input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import bulletin.extract.scan.page as scan_page
import bulletin.extract.textlayer.page as text_page
from bulletin.run.batch import RunOptions, run
from bulletin.run.tasks import Task, run_task
from bulletin.schemas.report import FileStatus
from bulletin.schemas.settings import Settings
from goldens import SAMPLES, needs_tesseract

PNG = SAMPLES / "scans" / "wuhai-2021-56-p3.png"


def _task(path: Path, settings: Settings) -> Task:
    return Task(path.name, str(path), "key", path.stat().st_size, settings)


def _boom(*args: object, **kwargs: object) -> object:
    raise ZeroDivisionError("a bug")


@pytest.mark.parametrize(
    ("path", "module", "function"),
    [(SAMPLES / "wuhai-2021-56.pdf", text_page, "table_frames"), (PNG, scan_page, "fill_cells")],
    ids=["pdf-text-layer", "image"],
)
def test_a_bug_is_reported_as_a_bug_with_its_page_and_never_cached(
    path: Path, module: object, function: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(module, function, _boom)
    result = run_task(_task(path, Settings()))
    assert result.report.status is FileStatus.ERROR
    assert result.report.error_type == "ZeroDivisionError"  # not InputError
    error = result.report.error or ""
    assert error.startswith(f"{path.name}: internal error ZeroDivisionError: a bug")
    assert "while reading page" in error and "bug in bulletin" in error
    assert not result.cacheable


def test_a_bad_input_is_cached(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.pdf").write_bytes(b"")
    first = run([folder], tmp_path / "out", Settings(), RunOptions())
    again = run([folder], tmp_path / "out", Settings(), RunOptions())
    assert [f.error_type for f in first.files] == ["InputError"]
    assert [f.cache_hit for f in again.files] == [True]


@needs_tesseract
def test_a_missing_engine_is_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(PNG, folder)
    settings = Settings(ocr="tesseract")
    empty = tmp_path / "no-programs"
    empty.mkdir()
    with monkeypatch.context() as patched:  # the workers inherit a PATH without tesseract
        patched.setenv("PATH", str(empty))
        missing = run([folder], tmp_path / "out", settings, RunOptions())
    (entry,) = missing.files
    assert entry.error_type == "EngineMissingError" and "tesseract" in (entry.error or "")
    fixed = run([folder], tmp_path / "out", settings, RunOptions())
    (entry,) = fixed.files
    assert entry.status is FileStatus.OK and not entry.cache_hit
