"""The unit of parallel work: one input file -> its report and its document's JSON bytes.

Tasks and results are small picklable values so that any executor (a local process pool, a
dask cluster) can carry them. A worker never writes into the output folder: the run's own
process writes every output, so a killed run or a remote worker can never leave a half
result behind.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.schemas.errors import BulletinError, TimeoutExceeded, WorkerDied
from bulletin.schemas.report import FileReport, FileStatus
from bulletin.schemas.settings import Settings

if TYPE_CHECKING:
    from bulletin.normalize.link.registry import Registry
    from bulletin.schemas.document import Document


@dataclass(frozen=True)
class Task:
    source: str
    path: str  # must be readable by the worker (a shared filesystem on a cluster)
    key: str  # cache key, see bulletin.cache
    size: int  # bytes, to start the big files first
    settings: Settings
    registry_path: str | None = None


@dataclass(frozen=True)
class TaskResult:
    source: str
    key: str
    report: FileReport
    document: bytes | None  # the per-document JSON, exactly as it is written to OUT/json
    cacheable: bool  # False for outcomes that may differ next time (timeouts, crashes)


def run_task(task: Task) -> TaskResult:
    """Convert one file; every failure becomes an `error` report, never an exception.

    Whether a failed result may be cached is the error class's to say (a bad input is bad
    next time too; a missing engine is not). Any other exception is a bug in this program,
    never blamed on the file: it is reported with its type and page, and not cached.
    """
    from bulletin.output.writers import document_json
    from bulletin.pipeline import process_file

    started = time.perf_counter()
    try:
        registry = _registry(task.registry_path) if task.registry_path else None
        doc = process_file(Path(task.path), task.source, task.settings, registry)
    except BulletinError as exc:
        return failed(task, exc if exc.file else exc.located(file=task.source), started)
    except Exception as exc:  # a bug must not stop the batch
        return failed_by_bug(task, exc, started)
    report = _report(task.source, doc, time.perf_counter() - started)
    return TaskResult(task.source, task.key, report, document_json(doc), cacheable=True)


def _report(source: str, doc: "Document", seconds: float) -> FileReport:
    streets = (s for t in doc.tables for d in t.districts for s in d.streets)
    return FileReport(
        source=source,
        status=FileStatus.OK if doc.tables else FileStatus.NO_TABLES,
        pages=len(doc.pages),
        page_sources=[p.text_source.value for p in doc.pages],
        seconds=round(seconds, 3),
        tables=len(doc.tables),
        communities=sum(len(s.communities) for s in streets),
        warnings=[
            *([] if doc.tables else [f"{source}: no table found on any of {len(doc.pages)} pages"]),
            *(f"page {p.number}: {w}" for p in doc.pages for w in p.warnings),
        ],
    )


def failed(task: Task, error: BulletinError, started: float) -> TaskResult:
    """An `error` result for `error`; `started` is a time.perf_counter() value."""
    report = FileReport(
        source=task.source, status=FileStatus.ERROR, error=str(error),
        error_type=type(error).__name__, seconds=round(time.perf_counter() - started, 3),
    )
    return TaskResult(task.source, task.key, report, None, cacheable=error.cacheable)


def failed_by_bug(task: Task, exc: Exception, started: float) -> TaskResult:
    """An unexpected exception: reported as this program's fault, with where it happened."""
    where = "; ".join(getattr(exc, "__notes__", []))
    message = f"{task.source}: internal error {type(exc).__name__}: {exc}"
    message += f" ({where})" if where else ""
    report = FileReport(
        source=task.source, status=FileStatus.ERROR, error=message + "; this is a bug in "
        "bulletin, not a problem of the file", error_type=type(exc).__name__,
        seconds=round(time.perf_counter() - started, 3),
    )
    return TaskResult(task.source, task.key, report, None, cacheable=False)


def timed_out(task: Task, started: float) -> TaskResult:
    limit = task.settings.file_timeout
    return failed(task, TimeoutExceeded(f"timed out after {limit:g} s", file=task.source), started)


def worker_died(task: Task, started: float, exit_code: int | None) -> TaskResult:
    """The worker process vanished mid-file (killed by the OS for memory, a crash in C)."""
    error = WorkerDied(
        f"worker process died (exit code {exit_code}) while reading the file", file=task.source
    )
    return failed(task, error, started)


@functools.lru_cache(maxsize=2)
def _registry(path: str) -> "Registry":
    """Loaded once per worker process, not once per file."""
    from bulletin.normalize.link.registry import load_registry

    return load_registry(Path(path))
