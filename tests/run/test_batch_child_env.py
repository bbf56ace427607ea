"""Worker children get a clean environment for OCR."""

from __future__ import annotations

import pytest

from bulletin.run.workers import child_env


def test_dask_malloc_trim_setting_is_not_inherited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    env = child_env()
    assert "MALLOC_TRIM_THRESHOLD_" not in env
    assert env["OMP_THREAD_LIMIT"] == "1"
