"""The output folder under stress (issue 14): two runs into one folder, a full disk during the
final rebuild, a run killed while publishing, a file replaced while it is read, a registry
parsed once and shared. Real runs and real files; the disk fills through RLIMIT_FSIZE (the
kernel refuses to grow a file past it, as a full disk refuses to), in a child process."""

from __future__ import annotations

import hashlib
import json
import re
import resource
import signal
import subprocess
from pathlib import Path

import badfiles
import pytest
from goldens import ROOT, SAMPLES

import bulletin.normalize.link.registry as registry_module
from bulletin.run.lock import output_lock
from bulletin.run.publish import JOURNAL, STAGING, finish_publishing
from bulletin.run.shared import share_registry, shared_registry
from bulletin.run.tasks import NormalizeSpec, ProbeTask, run_task
from bulletin.schemas.errors import RegistryError
from bulletin.schemas.settings import Settings

BULLETIN = str(ROOT / ".venv" / "bin" / "bulletin")
A = SAMPLES / "wuhai-2021-56.pdf"
B = SAMPLES / "ordos-2023-45.pdf"  # another bulletin
PUBLISHED = ("documents.csv", "districts.csv", "streets.csv", "communities.csv", "totals.csv",
             "findings.csv", "review.csv", "bulletin.xlsx", "datapackage.json", "report.json")


def _cli(*args: str | Path, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def fsize() -> None:  # in the child: a file may not grow past `limit` bytes
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # type: ignore[arg-type]

    done = subprocess.run([BULLETIN, *map(str, args)], capture_output=True, text=True,
                          timeout=120, preexec_fn=fsize if limit else None)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _published(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in PUBLISHED if (out / n).exists()}


def test_a_second_run_into_the_same_folder_refuses_naming_the_holder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with output_lock(out):
        done = _cli("extract", A, "--out", out, "--workers", "1")
    assert done.returncode == 9
    [line] = done.stderr.strip().splitlines()
    lock = out / ".cache" / "lock"
    assert line.startswith(f"error: {out} is in use by another run (pid ")
    assert f"lock {lock}); wait for it to finish or choose another --out" in line
    assert not (out / "report.json").exists()
    assert _cli("extract", A, "--out", out, "--workers", "1").returncode == 0  # released


def test_a_full_disk_during_the_rebuild_keeps_the_previous_set_whole(tmp_path: Path) -> None:
    """Many small new files: each file's own JSON and cache entries fit under the limit, the
    new report.json (one entry per file) does not: the disk 'fills' during the rebuild."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(A.read_bytes())
    assert _cli("extract", folder, "--out", out, "--workers", "1").returncode == 0
    before = _published(out)
    for i in range(60):
        (folder / f"note-{i:02d}.pdf").write_bytes(badfiles.text_pdf([f"note {i}"]))
    limit = max(len(data) for data in before.values()) + 2048
    done = _cli("extract", folder, "--out", out, "--workers", "2", limit=limit)
    assert done.returncode == 9, done.stderr
    last = done.stderr.strip().splitlines()[-1]  # the first file over the limit is named
    assert re.fullmatch(
        r"error: cannot write the combined outputs \(File too large(: [\w.]+)?\); the previous "
        f"ones in {re.escape(str(out))} are kept as they were, the files converted are cached: "
        "the same command finishes", last), last
    assert "Traceback" not in done.stderr
    assert _published(out) == before  # every table, the workbook and report.json: the old set
    assert not (out / ".cache" / STAGING).exists()
    again = _cli("extract", folder, "--out", out, "--workers", "1")
    assert again.returncode == 0 and "61 from cache" in again.stderr, again.stderr
    report = json.loads((out / "report.json").read_text())
    assert len(report["files"]) == 61


def test_a_full_disk_while_files_are_converted_stops_in_one_line(tmp_path: Path) -> None:
    """The new file's cache entry (its reading, larger than the file) cannot be written."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(A.read_bytes())
    assert _cli("extract", folder, "--out", out, "--workers", "1").returncode == 0
    before = _published(out)
    small = SAMPLES / "baotou-2024-67.pdf"
    (folder / "b.pdf").write_bytes(small.read_bytes())
    done = _cli("extract", folder, "--out", out, "--workers", "1",
                limit=small.stat().st_size + 4096)
    assert done.returncode == 9, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: cannot write into {out} (File too large: {out}/.cache/")
    assert last.endswith("the combined outputs are kept as they were, the files converted "
                         "are cached: the same command resumes")
    assert _published(out) == before
    assert _cli("extract", folder, "--out", out, "--workers", "1").returncode == 0


def test_a_run_killed_while_publishing_is_finished_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _cli("extract", A, "--out", out, "--workers", "1").returncode == 0
    staging = out / ".cache" / STAGING
    staging.mkdir()
    (staging / "communities.csv").write_bytes(b"new\n")
    (out / "documents.csv").write_bytes(b"moved before the kill\n")  # already renamed
    plan = {"move": ["communities.csv", "documents.csv"], "remove": ["bulletin.xlsx"]}
    (out / ".cache" / JOURNAL).write_text(json.dumps(plan))

    assert finish_publishing(out, out / ".cache")

    assert (out / "communities.csv").read_bytes() == b"new\n"
    assert (out / "documents.csv").read_bytes() == b"moved before the kill\n"
    assert not (out / "bulletin.xlsx").exists()
    assert not (out / ".cache" / JOURNAL).exists() and not staging.exists()


def test_a_file_replaced_after_planning_is_not_read_under_the_old_hash(tmp_path: Path) -> None:
    """The run hashed A; before the worker reads it, the file becomes B. The task must not
    convert B under A's hash (the cache would serve B's rows for A's bytes ever after)."""
    path = tmp_path / "a.pdf"
    path.write_bytes(A.read_bytes())
    planned = hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_bytes(B.read_bytes())
    settings = Settings()
    task = ProbeTask(id=(0, 1), source="a.pdf", path=str(path), settings=settings,
                     read_whole=8, normalize=NormalizeSpec(settings), digest=planned)
    result = run_task(task)
    assert result.failure is not None and result.normalized is None
    assert result.failure.error_type == "InputChanged" and not result.failure.cacheable
    assert "changed while the run was reading it" in result.failure.detail
    path.write_bytes(A.read_bytes())  # the planned bytes again: read as planned
    assert run_task(task).normalized is not None


def test_the_registry_is_parsed_once_and_workers_load_only_its_checked_pickle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    registry = SAMPLES / "registry" / "wuhai.csv"
    root = tmp_path / ".cache"
    first, digest = share_registry(root, registry)
    assert digest == hashlib.sha256(registry.read_bytes()).hexdigest()
    parsed = shared_registry(first)
    assert parsed.entries == registry_module.load_registry(registry).entries

    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("parsed again")

    monkeypatch.setattr(registry_module, "registry_from_bytes", never)
    again, _ = share_registry(root, registry)  # a re-run with the same registry
    assert again == first
    Path(first.path).write_bytes(Path(first.path).read_bytes() + b"\0")  # tampered with
    shared_registry.cache_clear()
    with pytest.raises(RegistryError, match="changed during the run"):
        shared_registry(first)
