"""The cache key follows the code: any change to a source or data file of the package makes
every cached result stale (a tolerance or an alias changed in a module, say)."""

from __future__ import annotations

from pathlib import Path

from bulletin.run.cache import tree_fingerprint


def test_a_changed_module_changes_the_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "grid").mkdir()
    module = tmp_path / "grid" / "frames.py"
    module.write_text("SNAP = 2.0\n")
    (tmp_path / "aliases.csv").write_text("field,aliases\n")
    before = tree_fingerprint([tmp_path])
    module.write_text("SNAP = 2.5\n")
    assert tree_fingerprint([tmp_path]) != before
    module.write_text("SNAP = 2.0\n")
    assert tree_fingerprint([tmp_path]) == before
    (tmp_path / "grid" / "__pycache__").mkdir()
    (tmp_path / "grid" / "__pycache__" / "frames.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "notes.txt").write_text("not code")
    assert tree_fingerprint([tmp_path]) == before
    (tmp_path / "aliases.csv").write_text("field,aliases\nrank,排名\n")
    assert tree_fingerprint([tmp_path]) != before

