"""`pip install .` installs one top-level package, `bulletin`, holding every stage.

The stage folders stay at the repository root and are mapped into the package by
pyproject.toml (setuptools package-dir), so a user's own `extract.py` or `schemas/` can never
shadow them, and nothing generic lands in site-packages.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from goldens import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(out)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (built,) = out.glob("bulletin-*.whl")
    return built


def _config() -> dict:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["tool"]["setuptools"]


def _source_packages() -> dict[str, Path]:
    """Every package the repository holds: folders with an __init__.py under a mapped root."""
    found = {}
    for name, folder in _config()["package-dir"].items():
        for init in sorted((ROOT / folder).rglob("__init__.py")):
            rel = init.parent.relative_to(ROOT / folder)
            sub = ".".join(rel.parts)
            full = f"{name}.{sub}" if sub else name
            if not any(full.startswith(other + ".") for other in _config()["package-dir"]
                       if other != name and other.startswith(name + ".")):  # fmt: skip
                found[full] = init.parent
    return found


def test_every_package_folder_is_listed_in_pyproject() -> None:
    assert sorted(_config()["packages"]) == sorted(_source_packages())


def test_the_wheel_holds_one_top_level_package_with_every_module(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"bulletin", wheel.name.split("-py3")[0] + ".dist-info"}
    for package, folder in _source_packages().items():
        for module in folder.glob("*.py"):
            assert f"{package.replace('.', '/')}/{module.name}" in names
    assert "bulletin/schemas/vocabulary/header_aliases.csv" in names


def test_the_installed_copy_imports_and_reads_its_data(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    installed = {p.name for p in target.iterdir() if not p.name.endswith(".dist-info")}
    assert installed - {"bin"} == {"bulletin"}  # bin/ holds the `bulletin` console script
    probe = (
        "import bulletin.extract.file, bulletin.schemas.vocabulary as v, bulletin.cli;"
        "print(bulletin.extract.file.__file__);"
        "print(len(v.builtin().fields))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
        env={"PYTHONPATH": str(target)}, check=True, timeout=120,
    )
    where, fields = done.stdout.split()
    assert where.startswith(str(target)) and int(fields) > 5
