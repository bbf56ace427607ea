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

from schemas.errors import BulletinError, TimeoutExceeded
from schemas.report import FileReport, FileStatus
from schemas.settings import Settings

if TYPE_CHECKING:
    from normalize.registry import Registry
    from schemas.dataset import Document


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
    """Convert one file; every failure becomes an `error` report, never an exception."""
    from bulletin.pipeline import process_file
    from bulletin.writers import document_json

    started = time.perf_counter()
    try:
        registry = _registry(task.registry_path) if task.registry_path else None
        doc = process_file(Path(task.path), task.source, task.settings, registry)
    except BulletinError as exc:
        message = str(_named_by_source(exc, task))
        return failed(task, message, type(exc).__name__, started, cacheable=True)
    except Exception as exc:  # a bug must not stop the batch; reported with its type
        message = f"{task.source}: {type(exc).__name__}: {exc}"
        return failed(task, message, type(exc).__name__, started, cacheable=False)
    report = _report(task.source, doc, time.perf_counter() - started)
    return TaskResult(task.source, task.key, report, document_json(doc), cacheable=True)


def _named_by_source(exc: BulletinError, task: Task) -> BulletinError:
    """Name the file by its source (as everywhere in the outputs), not by the worker's path."""
    if exc.file in (None, task.path, str(Path(task.path).resolve())):
        exc.file = None
    return exc.located(task.source)


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


def failed(
    task: Task, message: str, error_type: str, started: float, *, cacheable: bool
) -> TaskResult:
    """An `error` result; `started` is a time.perf_counter() value."""
    report = FileReport(
        source=task.source, status=FileStatus.ERROR, error=message, error_type=error_type,
        seconds=round(time.perf_counter() - started, 3),
    )
    return TaskResult(task.source, task.key, report, None, cacheable=cacheable)


def timed_out(task: Task, started: float) -> TaskResult:
    limit = task.settings.file_timeout
    message = str(TimeoutExceeded(f"timed out after {limit:g} s", file=task.source))
    return failed(task, message, TimeoutExceeded.__name__, started, cacheable=False)


def worker_died(task: Task, started: float, exit_code: int | None) -> TaskResult:
    """The worker process vanished mid-file (killed by the OS for memory, a crash in C)."""
    message = f"{task.source}: worker process died (exit code {exit_code}) while reading the file"
    return failed(task, message, "WorkerDied", started, cacheable=False)


@functools.lru_cache(maxsize=2)
def _registry(path: str) -> "Registry":
    """Loaded once per worker process, not once per file."""
    from normalize.registry import load_registry

    return load_registry(Path(path))
