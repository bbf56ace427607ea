"""The code passes its linters and type checker (as CI would run them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["extract", "normalize", "schemas", "bulletin"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_mypy_finds_no_type_errors() -> None:
    done = _run("mypy", *PACKAGES)
    assert done.returncode == 0, done.stdout[-3000:]


def test_ruff_finds_no_lint_errors() -> None:
    done = _run("ruff", "check", ".")
    assert done.returncode == 0, done.stdout[-3000:]
