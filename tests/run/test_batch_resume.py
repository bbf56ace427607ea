"""Resumable runs: the cache skips unchanged files, any change that could change a result
misses it, and a run killed with SIGKILL at any moment then restarted ends byte-identical
to an uninterrupted run (report.json aside from seconds/cache_hit)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import bulletin.run.cache
from bulletin.run.batch import RunOptions, run
from bulletin.run.cache import RunIdentity
from bulletin.schemas.settings import Settings
from goldens import SAMPLES

Compare = Callable[[Path, Path], None]


def _hits(report) -> list[bool]:
    return [f.cache_hit for f in report.files]


def test_rerun_uses_the_cache_and_force_redoes(text_folder: Path, tmp_path: Path,
                                                same_outputs: Compare, copy_tree) -> None:
    out = tmp_path / "out"
    first = run([text_folder], out, Settings(), RunOptions(workers=2))
    assert _hits(first) == [False] * 6
    fresh = copy_tree(out, tmp_path / "fresh")
    again = run([text_folder], out, Settings(), RunOptions(workers=2))
    assert _hits(again) == [True] * 6
    same_outputs(fresh, out)
    forced = run([text_folder], out, Settings(), RunOptions(workers=1, force=True))
    assert _hits(forced) == [False] * 6
    same_outputs(fresh, out)


def test_cache_misses_when_anything_that_shapes_a_result_changes(
    text_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run([text_folder], out, Settings(), RunOptions(workers=2))
    changed = run([text_folder], out, Settings(min_text_quality=0.8), RunOptions(workers=2))
    assert _hits(changed) == [False] * 6  # a setting of reading changed: pages read again
    assert _hits(run([text_folder], out, Settings(), RunOptions(workers=2))) == [True] * 6
    edited = sorted(text_folder.rglob("*.pdf"))[0]
    edited.write_bytes(edited.read_bytes() + b"%edited\n")
    report = run([text_folder], out, Settings(), RunOptions(workers=2))
    assert sum(not h for h in _hits(report)) == 1  # only the edited file
    monkeypatch.setattr(bulletin.run.cache, "__version__", "99.0")
    assert _hits(run([text_folder], out, Settings(), RunOptions(workers=2))) == [False] * 6


def test_a_new_registry_relinks_without_reading_again(text_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([text_folder], out, Settings(), RunOptions(workers=2))
    assert "community_id" not in (out / "communities.csv").read_text().splitlines()[0]
    registry = SAMPLES / "registry/wuhai.csv"
    linked = run([text_folder], out, Settings(match_accept=90), RunOptions(workers=2),
                 registry_path=registry)
    assert _hits(linked) == [True] * 6  # no page read again ...
    communities = (out / "communities.csv").read_text().splitlines()
    assert "community_id" in communities[0]  # ... but linked (and re-thresholded)
    assert all(",exact," in row or ",alias," in row or ",fuzzy," in row for row in communities[1:])
    # back and forth: each run's JSON is that run's, though both results stay cached
    documents = sorted((out / "json").rglob("*.json"))
    run([text_folder], out, Settings(), RunOptions(workers=2))
    assert not any('"status": "exact"' in p.read_text() for p in documents)
    run([text_folder], out, Settings(match_accept=90), RunOptions(workers=2),
        registry_path=registry)
    assert all('"status": "exact"' in p.read_text() for p in documents)


def test_the_reading_key_depends_on_reading_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing normalize/ code, a review or matching threshold or the registry keeps every
    reading; changing extract/ code or a reading setting does not."""
    code = {"extract": "e1", "normalize": "n1"}
    monkeypatch.setattr(
        bulletin.run.cache, "code_fingerprint",
        lambda *packages: "+".join(code["extract" if "bulletin.extract" in packages
                                        else "normalize"] for _ in packages),
    )
    registry = SAMPLES / "registry/wuhai.csv"

    def keys(settings: Settings, registry_path: Path | None = None) -> tuple[str, str]:
        identity = RunIdentity.of(settings, registry_path)
        reading = identity.reading_key("digest", ".pdf")
        return reading, identity.result_key(reading, "a.pdf", "-")

    base = keys(Settings())
    for other in (keys(Settings(review_confidence=0.5)), keys(Settings(match_accept=95)),
                  keys(Settings(), registry)):
        assert other[0] == base[0] and other[1] != base[1]
    code["normalize"] = "n2"
    assert keys(Settings())[0] == base[0] and keys(Settings())[1] != base[1]
    code["extract"] = "e2"
    assert keys(Settings())[0] != base[0]
    assert keys(Settings(dpi=200))[0] != keys(Settings())[0]


def test_a_file_that_breaks_loses_its_old_json(text_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([text_folder], out, Settings(), RunOptions(workers=2))
    victim = sorted(text_folder.rglob("*.pdf"))[0]
    target = out / "json" / f"{victim.relative_to(text_folder).as_posix()}.json"
    assert target.exists()
    victim.write_bytes(b"")
    run([text_folder], out, Settings(), RunOptions(workers=2))
    assert not target.exists()


def _cli(folder: Path, out: Path, workers: int) -> list[str]:
    bulletin = Path(sys.executable).parent / "bulletin"
    return [str(bulletin), "extract", str(folder), "--out", str(out), "--workers", str(workers)]


def _kill_when_cached(proc: subprocess.Popen, out: Path, entries: int) -> int:
    """SIGKILL the run once `entries` files are in its cache (0: as soon as it started);
    returns how many were there when it died."""
    def count() -> int:
        return len(list((out / ".cache" / "result").glob("*.json")))

    time.sleep(0.3)
    while count() < entries and proc.poll() is None:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return count()


@pytest.mark.parametrize("kill_at", [[0, 2, 4], [3, 3]])
def test_killed_runs_resume_to_identical_outputs(
    tmp_path: Path, text_folder: Path, same_outputs: Compare, kill_at: list[int]
) -> None:
    reference = tmp_path / "reference"
    subprocess.run(_cli(text_folder, reference, 1), check=True, capture_output=True)
    out = tmp_path / "out"
    cached = []
    for entries in kill_at:  # each restart is killed again, further along
        proc = subprocess.Popen(_cli(text_folder, out, 2), stderr=subprocess.DEVNULL)
        cached.append(_kill_when_cached(proc, out, entries))
    assert cached[-1] < 6, f"the run finished before it was killed: {cached}"
    subprocess.run(_cli(text_folder, out, 2), check=True, capture_output=True)
    same_outputs(reference, out)
    assert not list(out.rglob("*.tmp"))  # torn writes of the killed runs are cleaned up
