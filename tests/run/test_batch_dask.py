"""The dask executor on a real LocalCluster gives the local pool's outputs byte for byte."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bulletin.run.batch import RunOptions, run
from bulletin.schemas.settings import ExecutorKind
from bulletin.schemas.errors import ExecutorError, UsageError
from bulletin.schemas.settings import Settings

distributed = pytest.importorskip("distributed")


def test_dask_cluster_output_equals_local_run(
    text_folder: Path, corpus: tuple[Path, dict], tmp_path: Path,
    same_outputs: Callable[[Path, Path], None],
) -> None:
    shutil.copytree(corpus[0], text_folder / "bad")  # errors must travel the same way too
    local = run([text_folder], tmp_path / "local", Settings(), RunOptions(workers=2))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        options = RunOptions(executor=ExecutorKind.DASK, scheduler=cluster.scheduler_address)
        remote = run([text_folder], tmp_path / "dask", Settings(), options)
    assert [f.status for f in remote.files] == [f.status for f in local.files]
    same_outputs(tmp_path / "local", tmp_path / "dask")


def test_unreachable_scheduler_is_one_clear_error(text_folder: Path, tmp_path: Path) -> None:
    options = RunOptions(executor=ExecutorKind.DASK, scheduler="tcp://127.0.0.1:1")
    with pytest.raises(ExecutorError, match="cannot reach the dask scheduler at tcp://127.0.0.1:1"):
        run([text_folder], tmp_path / "out", Settings(connect_timeout=2), options)


def test_scheduler_without_dask_executor_is_refused(text_folder: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--scheduler needs --executor dask"):
        run([text_folder], tmp_path / "out", Settings(), RunOptions(scheduler="tcp://x:1"))
