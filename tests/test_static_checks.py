"""The code passes its linters and type checker (as CI would run them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The import package `bulletin` and the repository folders it is installed from
# (pyproject.toml's package-dir): bulletin.extract lives in extract/, and so on.
STAGES = ("extract", "normalize", "schemas")


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def _package_tree(tmp: Path) -> Path:
    """The `bulletin` package laid out as it is installed, as symlinks into the repository:
    mypy resolves modules from folders and cannot follow setuptools' package-dir mapping."""
    package = tmp / "bulletin"
    package.mkdir()
    for entry in (ROOT / "bulletin").iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    for stage in STAGES:
        (package / stage).symlink_to(ROOT / stage)
    return package


def test_mypy_finds_no_type_errors(tmp_path: Path) -> None:
    package = _package_tree(tmp_path)
    config = str(ROOT / "pyproject.toml")
    done = _run("mypy", "--config-file", config, "-p", "bulletin", cwd=package.parent)
    assert done.returncode == 0, done.stdout[-3000:]


def test_ruff_finds_no_lint_errors() -> None:
    done = _run("ruff", "check", ".")
    assert done.returncode == 0, done.stdout[-3000:]
