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



def test_another_version_of_a_reading_library_reads_anew(monkeypatch) -> None:
    """Pages read with another OCR runtime or rasteriser are not taken from the cache (the
    result key follows, as it includes the reading key); the registry never changes it."""
    from bulletin.run import versions
    from bulletin.run.cache import RunIdentity
    from bulletin.schemas.settings import Settings

    settings = Settings()
    now = RunIdentity.of(settings, None)
    registry = Path(__file__).parents[2] / "samples" / "registry" / "wuhai.csv"
    assert RunIdentity.of(settings, registry).reading == now.reading
    assert versions.versions(settings)["onnxruntime"] != "not installed"
    newer = {**versions.versions(settings), "onnxruntime": "99.0"}
    monkeypatch.setattr(versions, "versions", lambda _: newer)
    assert RunIdentity.of(settings, None).reading != now.reading
    assert RunIdentity.of(settings, None).reading_key("d", ".pdf") != now.reading_key("d", ".pdf")
