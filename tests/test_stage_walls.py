"""The stage walls hold: schemas imports nothing of ours, normalize never imports extract,
extract never imports normalize, and neither stage imports the orchestration (run/, output/,
the CLI). Read from the source, so a wall broken inside a function is caught too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from goldens import ROOT

# folder -> the bulletin sub-packages its modules may import
ALLOWED = {
    "schemas": {"bulletin.schemas"},
    "extract": {"bulletin.extract", "bulletin.schemas"},
    "normalize": {"bulletin.normalize", "bulletin.schemas"},
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return [n for n in names if n == "bulletin" or n.startswith("bulletin.")]


@pytest.mark.parametrize("stage", sorted(ALLOWED))
def test_stage_imports_stay_inside_its_walls(stage: str) -> None:
    broken = []
    for path in sorted((ROOT / stage).rglob("*.py")):
        for name in _imports(path):
            if not any(name == a or name.startswith(a + ".") for a in ALLOWED[stage]):
                broken.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not broken, "\n".join(broken)
