"""Worker children get a clean environment for OCR."""

from __future__ import annotations

import pytest

from bulletin.run.spawn import child_env


def test_dask_malloc_trim_setting_is_not_inherited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    env = child_env()
    assert "MALLOC_TRIM_THRESHOLD_" not in env
    assert env["OMP_THREAD_LIMIT"] == "1"


def test_opencv_in_a_worker_runs_on_one_thread() -> None:
    """Each worker is one core's work: OpenCV's own thread pool in two workers on two cores
    made every page slower (2 workers gave 1.71x one; 1.88x without it, benchmarks/)."""
    import subprocess
    import sys

    code = "import cv2; print(cv2.getNumThreads())"
    done = subprocess.run([sys.executable, "-c", code], env=child_env(), capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert done.stdout.strip() == "1"
