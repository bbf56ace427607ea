"""What a failure means for a file's result: its error class decides whether it is cached, and
a bug in this program is reported as a bug, never blamed on the input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import bulletin.extract.scan.page as scan_page
import bulletin.extract.textlayer.page as text_page
from bulletin.run.batch import RunOptions, run
from bulletin.extract.file import InputKind, NeedsOcr
from bulletin.run.tasks import NormalizeSpec, OcrPageTask, ProbeTask, Task, run_task
from bulletin.schemas.report import FileStatus
from bulletin.schemas.settings import Settings
from multipage import scan_tiff
from goldens import SAMPLES, needs_tesseract

PNG = SAMPLES / "scans" / "wuhai-2021-56-p3.png"


def _task(path: Path, settings: Settings) -> Task:
    """The task that reads the file's first page: a PDF's probe, an image's OCR task."""
    if path.suffix == ".pdf":
        return ProbeTask(id=(0, 1), source=path.name, path=str(path), settings=settings,
                         read_whole=8, normalize=NormalizeSpec(settings))
    return OcrPageTask(id=(0, 1), source=path.name, path=str(path), settings=settings,
                       kind=InputKind.PNG, need=NeedsOcr(1))


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
    assert result.failure is not None
    assert result.failure.error_type == "ZeroDivisionError"  # not InputError
    error = result.failure.message(path.name)
    assert error.startswith(f"{path.name}: internal error ZeroDivisionError: a bug")
    assert "while reading page" in error and "bug in bulletin" in error
    assert not result.failure.cacheable


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
    """Neither for a one-page file (read by its probe) nor for the pages of a longer one
    (each page a task of its own, on two workers)."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(PNG, folder)
    scan_tiff(folder / "scan.tiff")
    settings = Settings(ocr="tesseract")
    empty = tmp_path / "no-programs"
    empty.mkdir()
    with monkeypatch.context() as patched:  # the workers inherit a PATH without tesseract
        patched.setenv("PATH", str(empty))
        missing = run([folder], tmp_path / "out", settings, RunOptions(workers=2))
    for entry in missing.files:
        assert entry.error_type == "EngineMissingError" and "tesseract" in (entry.error or "")
    assert not list((tmp_path / "out" / ".cache").rglob("*.json"))
    fixed = run([folder], tmp_path / "out", settings, RunOptions(workers=2))
    assert [(f.status, f.cache_hit) for f in fixed.files] == [(FileStatus.OK, False)] * 2
