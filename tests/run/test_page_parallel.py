"""Pages are the unit of work: the pages of one file are read by several workers at once,
assembled in order, and give the same bytes as a one-worker run, on the local pool and on a
dask LocalCluster."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from bulletin.run.batch import RunOptions, run
from bulletin.schemas.report import FileStatus
from bulletin.schemas.settings import ExecutorKind, Settings
from multipage import long_text_pdf, scan_tiff

Compare = Callable[[Path, Path], None]

# Worker processes start with this sitecustomize: it logs which process ran which task.
LOG_HOOK = """
import os
import bulletin.run.tasks

_run_task = bulletin.run.tasks.run_task

def run_task(task):
    with open(os.environ["BULLETIN_TASK_LOG"], "a") as log:
        log.write(f"{os.getpid()} {task.source} {type(task).__name__}\\n")
    return _run_task(task)

bulletin.run.tasks.run_task = run_task
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages") / "in"
    long_text_pdf(folder / "long.pdf")  # 12 text-layer pages
    scan_tiff(folder / "scan.tiff")  # 2 scanned pages
    return folder


@pytest.fixture(scope="module")
def one_worker(inputs: Path) -> Path:
    out = inputs.parent / "one"
    report = run([inputs], out, Settings(), RunOptions(workers=1))
    assert [(f.source, f.status, f.pages) for f in report.files] == [
        ("long.pdf", FileStatus.OK, 12), ("scan.tiff", FileStatus.OK, 2),
    ]
    return out


def test_pages_of_one_file_run_on_every_worker_and_give_the_same_bytes(
    inputs: Path, one_worker: Path, tmp_path: Path, same_outputs: Compare,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(LOG_HOOK)
    log = tmp_path / "tasks.log"
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("BULLETIN_TASK_LOG", str(log))
    run([inputs], tmp_path / "two", Settings(), RunOptions(workers=2))
    same_outputs(one_worker, tmp_path / "two")
    workers: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, list[str]] = defaultdict(list)
    for line in log.read_text().splitlines():
        pid, source, kind = line.split()
        if kind != "NormalizeTask":
            workers[source].add(pid)
        kinds[source].append(kind)
    # each file split into pages (chunks of text-layer pages, one task per OCR page), and the
    # pages read on both workers; which worker takes which page is the scheduler's to say (a
    # worker still starting under load leaves the other to take the next page)
    assert kinds["long.pdf"].count("TextPagesTask") >= 2, kinds
    assert kinds["scan.tiff"].count("OcrPageTask") == 2, kinds
    assert len(workers["long.pdf"] | workers["scan.tiff"]) == 2, kinds


def test_a_dask_cluster_gives_the_same_bytes(
    inputs: Path, one_worker: Path, tmp_path: Path, same_outputs: Compare
) -> None:
    pytest.importorskip("distributed")
    options = RunOptions(workers=2, executor=ExecutorKind.DASK)
    run([inputs], tmp_path / "dask", Settings(), options)
    same_outputs(one_worker, tmp_path / "dask")
