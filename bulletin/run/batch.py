"""Convert many files: every file gets a report entry, one bad file never stops the run.

The run is restartable at any point. Each finished file's outputs are written atomically,
per-document JSON first and its cache entry second; the combined CSVs and report.json are
rebuilt at the end from every document of the run (cached or new), sorted by source. So a
run killed at any moment and started again ends with the same bytes as an uninterrupted one.
Only report.json differs between runs, in `seconds` and `cache_hit`.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from bulletin import __version__
from bulletin.run.cache import CorruptEntry, ResultCache, RunIdentity, file_digest
from bulletin.run.discovery import InputFile, discover
from bulletin.run.executors import make_executor
from bulletin.schemas.settings import ExecutorKind
from bulletin.run.progress import Progress, QuietProgress
from bulletin.run.tasks import Task, TaskResult
from bulletin.output.writers import (
    document_json,
    json_path,
    write_atomic,
    write_combined,
    write_report,
)
from bulletin.schemas.document import Document
from bulletin.schemas.errors import InputError, OutputError
from bulletin.schemas.report import FileReport, FileStatus, RunReport
from bulletin.schemas.settings import Settings


@dataclass(frozen=True)
class RunOptions:
    """Knobs that change how a run goes, not what it produces (not in the cache key)."""

    workers: int = 1
    quiet: bool = False
    force: bool = False
    executor: ExecutorKind = ExecutorKind.LOCAL
    scheduler: str | None = None


@dataclass
class _Outcome:
    """What the end of the run needs from one file; documents are parsed back from their
    JSON bytes so that new and cached results build the combined CSVs the same way."""

    report: FileReport
    document: Document | None


def run(
    inputs: list[Path],
    out: Path,
    settings: Settings,
    options: RunOptions,
    registry_path: Path | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Convert every input into OUT; returns the run's report (also written as report.json)."""
    progress = progress or QuietProgress()
    executor = make_executor(options.executor, options.workers, options.scheduler)
    _usable_output(out)
    if registry_path is not None:
        from bulletin.normalize.link.registry import load_registry

        load_registry(registry_path)  # a malformed registry stops the run before any work
    identity = RunIdentity.of(settings, registry_path)
    files, skipped = discover(inputs, exclude=[out])
    _remove_torn_writes(out)
    cache = ResultCache(out)
    progress.start(len(files))
    outcomes: list[_Outcome] = []
    tasks: list[Task] = []
    notes: dict[str, list[str]] = {}
    for item in files:
        planned = _plan(item, settings, registry_path, identity, cache, options.force, notes)
        if isinstance(planned, _Outcome):
            outcomes.append(_finish(out, planned, progress))
        else:
            tasks.append(planned)
    for result in executor.run(tasks) if tasks else iter(()):
        outcomes.append(_finish(out, _received(result, notes), progress))
        if result.cacheable:  # after its JSON: an entry always implies its outputs exist
            cache.store(result.key, result.report, result.document)
    report = _report(settings, outcomes, skipped)
    write_combined(out, [o.document for o in outcomes if o.document is not None])
    write_report(out, report)
    progress.finish(report)
    return report


def _usable_output(out: Path) -> None:
    """The output folder exists (or is made) and is a folder we can write in."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} exists and is not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out}: {exc.strerror}") from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"the output folder {out} is not writable")


def _remove_torn_writes(out: Path) -> None:
    """Temporary files a killed run left behind (write_atomic names them `.NAME.*.tmp`)."""
    for folder in (out, out / ".cache", out / "json"):
        if folder.is_dir():
            pattern = "**/.*.tmp" if folder.name == "json" else ".*.tmp"
            for leftover in folder.glob(pattern):
                leftover.unlink(missing_ok=True)


def _plan(
    item: InputFile, settings: Settings, registry_path: Path | None, identity: RunIdentity,
    cache: ResultCache, force: bool, notes: dict[str, list[str]],
) -> Task | _Outcome:
    """The task for a file to convert, or the outcome of a cache hit or of a file that
    cannot even be read to be hashed."""
    started = time.perf_counter()
    try:
        digest, size = file_digest(item.path), item.path.stat().st_size
    except OSError as exc:
        error = InputError(f"cannot read file: {exc.strerror}", file=item.source)
        report = FileReport(source=item.source, status=FileStatus.ERROR, error=str(error),
                            error_type=InputError.__name__)
        return _Outcome(report, None)
    key = identity.key(digest, item.source)
    registry = str(registry_path) if registry_path is not None else None
    task = Task(item.source, str(item.path), key, size, settings, registry)
    if force:
        return task
    try:
        entry = cache.load(key)
    except CorruptEntry as exc:  # costs only time, but a failing disk should be noticed
        notes[item.source] = [f"{exc}; converted again"]
        return task
    if entry is None:
        return task
    document = Document.model_validate(entry.document) if entry.document is not None else None
    seconds = round(time.perf_counter() - started, 3)
    report = entry.report.model_copy(update={"cache_hit": True, "seconds": seconds})
    return _Outcome(report, document)


def _received(result: TaskResult, notes: dict[str, list[str]]) -> _Outcome:
    """A new result; its document is parsed back from the JSON bytes so that new and cached
    documents reach the combined CSVs by the same road."""
    document = None
    if result.document is not None:
        document = Document.model_validate_json(result.document)
    report = result.report
    if result.source in notes:
        report = report.model_copy(update={"warnings": [*notes[result.source], *report.warnings]})
    return _Outcome(report, document)


def _finish(out: Path, outcome: _Outcome, progress: Progress) -> _Outcome:
    """Put the file's JSON in place (unchanged bytes are not rewritten) or remove a stale one."""
    target = json_path(out, outcome.report.source)
    if outcome.document is None:
        target.unlink(missing_ok=True)  # a file that now fails must not keep an old result
    else:
        data = document_json(outcome.document)
        if not target.exists() or target.read_bytes() != data:
            write_atomic(target, data)
    progress.file_done(outcome.report)
    return outcome


def _report(settings: Settings, outcomes: list[_Outcome], skipped: list[InputFile]) -> RunReport:
    reports = [o.report for o in outcomes]
    reports += [
        FileReport(source=s.source, status=FileStatus.SKIPPED, error=s.reason) for s in skipped
    ]
    return RunReport(
        version=__version__, settings_hash=settings.fingerprint(),
        files=sorted(reports, key=lambda r: r.source),
    )
