"""Convert many files: every file gets a report entry, one bad file never stops the run.

Each file is a FileJob (jobs.py) whose tasks (a probe, pages, normalising) the scheduler
hands to the executor's workers, pages of every file on every worker. The run's own process
does all the writing: as a file finishes, its per-document JSON first and its cache entries
second, each atomically; at the end the combined CSVs and report.json are rebuilt from the
cached rows of every file of the run (rebuild.py), sorted by source. So a run killed at any
moment and started again ends with the same bytes as an uninterrupted one; only report.json
differs between runs, in `seconds` and `cache_hit`. A run holds OUT's lock (lock.py) from
start to end; the combined set is published at once (publish.py); a run with nothing to
convert never empties an earlier run's dataset unless --force says so.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.output.table_files import (
    digests,
    files_current,
    remove_table_files,
    tables_folder,
    write_table_files,
)
from bulletin.output.writers import json_path, write_atomic
from bulletin.run.cache import Cache, CorruptEntry, Result, RunIdentity, file_digest
from bulletin.run.discovery import InputFile, discover
from bulletin.run.executors import executor
from bulletin.run.jobs import FileJob, Step
from bulletin.run.lock import output_lock
from bulletin.run.progress import Progress, QuietProgress
from bulletin.run.publish import finish_publishing
from bulletin.run.rebuild import Columns, Record, rebuild, row_columns
from bulletin.run.scheduler import Scheduler
from bulletin.run.shared import SharedRegistry, share_registry
from bulletin.run.spawn import preload
from bulletin.run.tasks import Failure, NormalizeSpec, Task, TaskResult
from bulletin.schemas.errors import InputError, OutputError, UsageError
from bulletin.schemas.report import FileReport, FileStatus, RunReport, RunSummary
from bulletin.schemas.vocabulary import load_vocabulary
from bulletin.schemas.settings import ExecutorKind, Settings

if TYPE_CHECKING:
    from bulletin.normalize.corrections import Corrections
    from bulletin.pipeline import Normalized

# Tasks kept waiting per task the executor can run: enough that no worker idles while a new
# file is opened, few enough that files are planned (hashed, looked up) as the run goes.
QUEUE_DEPTH = 2


@dataclass(frozen=True)
class RunOptions:
    """Knobs that change how a run goes, not what it produces (not in the cache key)."""

    workers: int = 1
    quiet: bool = False
    force: bool = False
    executor: ExecutorKind = ExecutorKind.LOCAL
    scheduler: str | None = None


def run(
    inputs: list[Path],
    out: Path,
    settings: Settings,
    options: RunOptions,
    registry_path: Path | None = None,
    progress: Progress | None = None,
    corrections_path: Path | None = None,
) -> RunResult:
    """Convert every input into OUT; what happened is in OUT/report.json (and the result)."""
    progress = progress or QuietProgress()
    _usable_output(out, inputs)
    with output_lock(out):
        return _locked_run(inputs, out, settings, options, registry_path, progress,
                           corrections_path)


def _locked_run(
    inputs: list[Path], out: Path, settings: Settings, options: RunOptions,
    registry_path: Path | None, progress: Progress, corrections_path: Path | None,
) -> RunResult:
    cache = Cache(out)
    finish_publishing(out, cache.root)  # a run killed while publishing: finish it first
    if registry_path is not None:
        preload("linking")  # the workers started from here on link names first thing
    shared, registry_digest = (None, None) if registry_path is None else \
        share_registry(cache.root, registry_path)  # a malformed registry stops the run here
    corrections = None
    if corrections_path is not None:
        from bulletin.normalize.corrections import load_corrections

        # a malformed corrections file stops the run before any work, too
        corrections = load_corrections(corrections_path, load_vocabulary(settings.vocabulary))
    identity = RunIdentity.of(settings, registry_digest)
    files, skipped = discover(inputs, exclude=[out])
    warnings = _empty_run(out, files, options)
    _remove_torn_writes(out, cache)
    batch = _Batch(out, settings, options, identity, cache, progress, shared, corrections)
    with executor(options.executor, options.workers, options.scheduler,
                  settings.connect_timeout) as pool:
        progress.start(len(files))
        # the last tasks may use the cores of the workers that idle: the local ones'
        tail = options.workers if options.scheduler is None else 1
        try:
            batch.convert(files, Scheduler(pool, batch.budget, tail), pool.capacity)
        except OSError as exc:  # a file's JSON or cache entry could not be written
            raise OutputError(
                f"cannot write into {out} ({exc.strerror or type(exc).__name__}: "
                f"{exc.filename}); the combined outputs are kept as they were, the files "
                "converted are cached: the same command resumes"
            ) from exc
        pool.release()
        warnings += _run_warnings(corrections, files)
        summary = rebuild(out, cache, settings, batch.records, skipped, warnings)
    progress.finish(summary, out)
    return RunResult(out, summary)


@dataclass
class RunResult:
    """What a run gives back: its counts, and report.json, read when asked for (an archive's
    report is not kept in memory during the run)."""

    out: Path
    summary: RunSummary

    @functools.cached_property
    def report(self) -> RunReport:
        return RunReport.model_validate_json((self.out / "report.json").read_bytes())

    @property
    def files(self) -> list[FileReport]:
        return self.report.files


def _usable_output(out: Path, inputs: list[Path]) -> None:
    """The output folder exists (or is made), is a folder we can write in, and is neither an
    input folder nor one holding an input folder (every input would be excluded as output:
    the run would convert nothing). An output folder inside an input folder is fine: it is
    left out of the inputs."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} exists and is not a folder")
    resolved = out.resolve()
    for given in inputs:
        if given.is_dir() and given.resolve().is_relative_to(resolved):
            where = "is" if given.resolve() == resolved else "holds"
            raise UsageError(f"--out {out} {where} the input folder {given}; choose an output "
                             "folder outside it (or inside it: outputs there are left out)")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {out}: {exc.strerror}") from exc
    if not os.access(out, os.W_OK | os.X_OK):
        raise OutputError(f"the output folder {out} is not writable")


def _empty_run(out: Path, files: list[InputFile], options: RunOptions) -> list[str]:
    """Nothing to convert. Into a folder holding an earlier run's dataset that would replace
    every table with an empty one: refused, unless --force says to (then it is a warning).
    A new folder gets its empty tables, with a warning."""
    if files:
        return []
    earlier = _earlier_files(out)
    if earlier and not options.force:
        raise UsageError(
            f"no files to convert among the inputs, and {out} holds the dataset of an earlier "
            f"run ({earlier} files); nothing was changed (--force empties it)"
        )
    if earlier:
        return [f"no files to convert: the dataset of {earlier} files was emptied (--force)"]
    return ["no files to convert among the inputs"]


def _earlier_files(out: Path) -> int:
    """How many files the report of an earlier run in OUT lists (0: none, or unreadable)."""
    import json

    try:
        return len(json.loads((out / "report.json").read_bytes()).get("files", []))
    except (OSError, ValueError, AttributeError):
        return 0


def _remove_torn_writes(out: Path, cache: Cache) -> None:
    """Temporary files a killed run left behind (write_atomic names them `.NAME.*.tmp`)."""
    trees = (out / "json", tables_folder(out, ""))
    for folder in (out, *cache.folders(), *trees):
        if folder.is_dir():
            pattern = "**/.*.tmp" if folder in trees else ".*.tmp"
            for leftover in folder.glob(pattern):
                leftover.unlink(missing_ok=True)


def _run_warnings(corrections: Corrections | None, files: list[InputFile]) -> list[str]:
    if corrections is None:
        return []
    return corrections.unknown_sources({f.source for f in files})


@dataclass
class _Planned:
    """A file's identity in this run, worked out before any of its tasks runs."""

    item: InputFile
    digest: str
    reading_key: str
    result_key: str
    spec: NormalizeSpec
    started: float
    notes: list[str] = field(default_factory=list)
    read_cached: bool = False  # its reading (or its whole result) comes from the cache


@dataclass
class _Batch:
    out: Path
    settings: Settings
    options: RunOptions
    identity: RunIdentity
    cache: Cache
    progress: Progress
    registry: SharedRegistry | None
    corrections: Corrections | None
    records: list[Record] = field(default_factory=list)
    jobs: dict[int, tuple[FileJob, _Planned]] = field(default_factory=dict)

    def convert(self, files: list[InputFile], scheduler: Scheduler,
                capacity: Callable[[], int]) -> None:
        """Plan files as the queue runs low (largest first), feed results to their jobs."""
        ordered = sorted(files, key=lambda f: (-_size(f.path), f.source))
        pending = iter(enumerate(ordered))
        while True:
            while scheduler.waiting() < QUEUE_DEPTH * capacity():
                item = next(pending, None)
                if item is None:
                    break
                scheduler.add(self._plan(*item))
            if not scheduler.busy():
                return
            for result in scheduler.step():
                scheduler.add(self._receive(result))

    def _plan(self, rank: int, item: InputFile) -> list[Task]:
        """The file's first task; none when it is finished from the cache or unreadable."""
        started = time.perf_counter()
        try:
            digest = file_digest(item.path)
        except (OSError, InputError) as exc:
            error = exc if isinstance(exc, InputError) else \
                InputError(f"cannot read file: {exc.strerror}")
            failure = Failure(type(error).__name__, error.message, None, cacheable=False)
            self._add(FileReport(source=item.source, status=FileStatus.ERROR,
                                 error=failure.message(item.source), error_type=failure.error_type))
            return []
        planned = self._identify(item, digest, started)
        reading = None if self.options.force else self._from_cache(planned)
        if planned.read_cached and reading is None:
            return []
        job = FileJob(rank, item, planned.spec, self.options.workers, planned.digest)
        self.jobs[rank] = (job, planned)
        return job.start(reading)

    def _identify(self, item: InputFile, digest: str, started: float) -> _Planned:
        corrections = self.corrections
        reading_key = self.identity.reading_key(digest, item.path.suffix)
        own = corrections.digest(item.source) if corrections is not None else "-"
        result_key = self.identity.result_key(reading_key, item.source, own)
        spec = NormalizeSpec(
            self.settings, self.registry,
            corrections.for_source(item.source) if corrections else (),
        )
        return _Planned(item, digest, reading_key, result_key, spec, started)

    def _from_cache(self, planned: _Planned) -> bytes | None:
        """A cached reading to normalise again. None, with `read_cached` set, when the file is
        finished from the cache (its result, or the input error that stopped its reading)."""
        try:
            result = self.cache.load_result(planned.result_key)
            source = planned.item.source
            if result is not None and self._json_current(source, result) \
                    and files_current(self.out, source, result.tables):
                planned.read_cached = True
                self._record(planned, result.report, planned.result_key, row_columns(result.rows))
                return None
        except CorruptEntry as exc:  # costs only time, but a failing disk should be noticed
            planned.notes.append(f"{exc}; converted again")
        try:
            reading = self.cache.load_reading(planned.reading_key)
        except CorruptEntry as exc:
            planned.notes.append(f"{exc}; read again")
            return None
        if reading is None:
            return None
        planned.read_cached = True
        if reading.failure is not None:
            self._failed(planned, reading.failure)
        return reading.pages

    def _json_current(self, source: str, result: Result) -> bool:
        """The file's JSON is in place and is the one the entry describes (a run with other
        settings may have replaced it since): untouched since it was written, or, when its
        time changed (a copied folder), the same bytes."""
        if result.json_sha256 is None:
            return True
        target = json_path(self.out, source)
        try:
            found = target.stat()
            if found.st_size != result.json_size:
                return False
            if found.st_mtime_ns == result.json_mtime_ns:
                return True
            return hashlib.sha256(target.read_bytes()).hexdigest() == result.json_sha256
        except OSError:
            return False

    def budget(self, task: Task) -> float | None:
        """Seconds `task` may run: what is left of its file's time (None: the file ended)."""
        entry = self.jobs.get(task.id[0])
        if entry is None:
            return None
        job, planned = entry
        if job.remaining() <= 0:
            self._finish(job, planned, job.timed_out())
            return None
        return job.remaining()

    def _receive(self, result: TaskResult) -> list[Task]:
        entry = self.jobs.get(result.id[0])
        if entry is None:
            return []  # a late page of a file that already failed
        job, planned = entry
        if result.probe is not None:
            self.progress.pages_found(result.probe.pages)
        read = result.probe.pages if result.probe and result.reading else len(result.pages)
        self.progress.pages_read(read)
        return self._finish(job, planned, job.receive(result))

    def _finish(self, job: FileJob, planned: _Planned, step: Step) -> list[Task]:
        if step.reading is not None and not planned.read_cached:
            self.cache.store_reading(planned.reading_key, step.reading)
        if step.failure is not None:
            if step.failure.cacheable and not job.read:
                self.cache.store_reading(planned.reading_key, None, step.failure)
            self._failed(planned, step.failure, job.spent)
        elif step.normalized is not None:
            self._done(planned, step.normalized, job.spent)
        if job.finished:
            del self.jobs[job.rank]
        return step.tasks

    def _done(self, planned: _Planned, normalized: Normalized, spent: float) -> None:
        """Put the file's JSON and table CSVs in place (unchanged bytes are not rewritten),
        then its entry."""
        target = json_path(self.out, planned.item.source)
        data = normalized.document
        if not target.exists() or target.read_bytes() != data:
            write_atomic(target, data)
        write_table_files(self.out, planned.item.source, normalized.tables)
        report = normalized.report.model_copy(update={
            "warnings": [*planned.notes, *normalized.report.warnings], "sha256": planned.digest,
        })
        self.cache.store_result(planned.result_key, report, data, normalized.rows, target,
                                digests(normalized.tables))
        self._record(planned, report, planned.result_key, row_columns(normalized.rows), spent)

    def _failed(self, planned: _Planned, failure: Failure, spent: float = 0.0) -> None:
        """An `error` entry; a file that now fails must not keep an old result."""
        source = planned.item.source
        json_path(self.out, source).unlink(missing_ok=True)
        remove_table_files(self.out, source)
        report = FileReport(
            source=source, status=FileStatus.ERROR, error=failure.message(source),
            error_type=failure.error_type, sha256=planned.digest, warnings=planned.notes,
        )
        self._record(planned, report, None, None, spent)

    def _record(self, planned: _Planned, report: FileReport, result_key: str | None,
                columns: Columns | None, spent: float = 0.0) -> None:
        """The file is done. `seconds` is its worker time, or the time to plan it when
        nothing ran; pages that came from the cache are counted now."""
        seconds = spent if spent else time.perf_counter() - planned.started
        if planned.read_cached:
            self.progress.pages_found(report.pages)
            self.progress.pages_read(report.pages)
        update = {"seconds": round(seconds, 3), "cache_hit": planned.read_cached}
        self._add(report.model_copy(update=update), result_key, columns)

    def _add(self, report: FileReport, result_key: str | None = None,
             columns: Columns | None = None) -> None:
        self.progress.file_done(report)
        self.records.append(Record.of(report, result_key, columns))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
