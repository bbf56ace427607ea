"""The units of parallel work: a file's probe, some of its pages, its normalising.

A file is read page by page so that the pages of one file can run on every worker: the probe
opens it and counts its pages (a small file is read whole right there, and normalised too
when no page needs OCR: one task, no round trips); then text-layer pages go in chunks and
each page that needs OCR alone; when every page is in, one task normalises the reading.

Tasks and results are small picklable values (paths, settings, JSON bytes) so that any
executor (a local process pool, a dask cluster) can carry them. A worker never writes into
the output folder: the run's own process writes every output, so a killed run or a remote
worker can never leave a half result behind.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bulletin.run.shared import SharedRegistry, shared_registry
from bulletin.schemas.errors import BulletinError, MemoryExceeded, TimeoutExceeded, WorkerDied
from bulletin.schemas.settings import Settings

if TYPE_CHECKING:
    from bulletin.normalize.corrections import Correction
    from bulletin.pipeline import FileProbe, InputKind, NeedsOcr, Normalized

TaskId = tuple[int, int]  # (the file's rank in the run, the task's number within the file)


@dataclass(frozen=True)
class Failure:
    """Why a task, and so its file, failed; `cacheable` is the error class's to say."""

    error_type: str
    detail: str  # what went wrong, without the file and page
    page: int | None
    cacheable: bool

    def message(self, source: str) -> str:
        """The one-line error naming the file (and page), as every error is printed."""
        return str(BulletinError(self.detail, file=source, page=self.page))


@dataclass(frozen=True)
class NormalizeSpec:
    """What normalising a file needs besides its reading."""

    settings: Settings
    registry: SharedRegistry | None = None  # parsed once by the run (shared.py)
    corrections: tuple[Correction, ...] = ()  # this file's


@dataclass(frozen=True, kw_only=True)
class Task:
    id: TaskId
    source: str
    path: str  # must be readable by the worker (a shared filesystem on a cluster)
    settings: Settings
    timeout: float = 0.0  # seconds it may run, set when it is handed to a worker
    digest: str = ""  # sha256 of the bytes planned: the task reads only those (pinned.py)
    threads: int = 1  # threads its OCR may use, more for a run's last tasks (scheduler.py)

    @property
    def priority(self) -> tuple[int, int, int]:
        """Lower runs first: normalising (cheap, it finishes a file), then the files in run
        order, each file's pages in page order."""
        return (1, self.id[0], 0)

    @property
    def page(self) -> int | None:
        """The one page this task reads, when it reads one (for errors that name it)."""
        return None

    def work(self) -> TaskResult:
        raise NotImplementedError

    @contextmanager
    def input(self) -> Iterator[Path]:
        """The file to read: a private copy of the planned bytes (the path itself when no
        digest was planned, as in a test that builds a task by hand)."""
        if not self.digest:
            yield Path(self.path)
            return
        from bulletin.run.pinned import pinned

        with pinned(Path(self.path), self.digest) as copy:
            yield copy


@dataclass(frozen=True)
class TaskResult:
    id: TaskId
    source: str
    seconds: float = 0.0
    probe: FileProbe | None = None
    pages: tuple[tuple[int, bytes], ...] = ()  # (page number, PageContent JSON)
    ocr: tuple[NeedsOcr, ...] = ()  # pages still to read by OCR
    normalized: Normalized | None = None
    reading: bytes | None = None  # with `normalized` from a probe: the reading it used
    failure: Failure | None = None
    worker_ends: bool = False  # the worker's own guard stopped the task; the worker exits


@dataclass(frozen=True, kw_only=True)
class ProbeTask(Task):
    """Open the file and count its pages. A file too short to spread over workers (at most
    `read_alone` pages: one, or any small file when there is one worker) is read here whole,
    OCR included; of a PDF of at most `read_whole` pages the text-layer pages are read here
    (those needing OCR are handed back). With nothing left to read, and `normalize` given,
    the file is normalised here too: one task, no round trips."""

    read_whole: int
    read_alone: int = 1
    normalize: NormalizeSpec | None = None

    def work(self) -> TaskResult:
        from bulletin.pipeline import probe_file

        with self.input() as path:
            return self._read(path, probe_file(path, self.settings, Path(self.path).suffix))

    def _read(self, path: Path, probe: FileProbe) -> TaskResult:
        from bulletin.pipeline import InputKind, NeedsOcr, read_ocr, read_text_pages

        alone = probe.pages <= self.read_alone
        if not alone and (probe.kind is not InputKind.PDF or probe.pages > self.read_whole):
            return TaskResult(self.id, self.source, probe=probe)
        numbers = list(range(1, probe.pages + 1))
        if probe.kind is InputKind.PDF:
            pages, ocr = read_text_pages(path, numbers, self.settings, probe.warnings)
        else:
            pages, ocr = [], [NeedsOcr(n) for n in numbers]
        if alone:
            pages += [(need.number, read_ocr(path, probe.kind, need, self.settings,
                                             probe.warnings)) for need in ocr]
            pages.sort()
            ocr = []
        if ocr or self.normalize is None:
            return TaskResult(self.id, self.source, probe=probe, pages=tuple(pages), ocr=tuple(ocr))
        from bulletin.pipeline import reading_bytes

        reading = reading_bytes([p for _, p in pages])
        normalized = _normalize(self.source, reading, self.normalize)
        return TaskResult(self.id, self.source, probe=probe, normalized=normalized, reading=reading)


@dataclass(frozen=True, kw_only=True)
class TextPagesTask(Task):
    """Pages of a PDF by their text layer (those that need OCR are handed back)."""

    pages: tuple[int, ...]
    first_warnings: tuple[str, ...] = ()

    @property
    def priority(self) -> tuple[int, int, int]:
        return (1, self.id[0], self.pages[0])

    @property
    def page(self) -> int | None:
        return self.pages[0] if len(self.pages) == 1 else None

    def work(self) -> TaskResult:
        from bulletin.pipeline import read_text_pages

        with self.input() as path:
            pages, ocr = read_text_pages(path, list(self.pages), self.settings,
                                         self.first_warnings)
        return TaskResult(self.id, self.source, pages=tuple(pages), ocr=tuple(ocr))


@dataclass(frozen=True, kw_only=True)
class OcrPageTask(Task):
    """One page read from its pixels."""

    kind: InputKind
    need: NeedsOcr
    first_warnings: tuple[str, ...] = ()

    @property
    def priority(self) -> tuple[int, int, int]:
        return (1, self.id[0], self.need.number)

    @property
    def page(self) -> int | None:
        return self.need.number

    def work(self) -> TaskResult:
        from bulletin.pipeline import read_ocr

        with self.input() as path:
            page = read_ocr(path, self.kind, self.need, self.settings, self.first_warnings)
        return TaskResult(self.id, self.source, pages=((self.need.number, page),))


@dataclass(frozen=True, kw_only=True)
class NormalizeTask(Task):
    """The published document (JSON and table rows) from a file's reading."""

    reading: bytes = field(repr=False)
    spec: NormalizeSpec

    @property
    def priority(self) -> tuple[int, int, int]:
        return (0, self.id[0], 0)

    def work(self) -> TaskResult:
        normalized = _normalize(self.source, self.reading, self.spec)
        return TaskResult(self.id, self.source, normalized=normalized)


def _normalize(source: str, reading: bytes, spec: NormalizeSpec) -> Normalized:
    from bulletin.pipeline import normalize_reading

    registry = shared_registry(spec.registry) if spec.registry is not None else None
    return normalize_reading(source, reading, spec.settings, registry, spec.corrections)


def run_task(task: Task) -> TaskResult:
    """Run one task; every failure becomes a result naming the file, never an exception.

    Whether a failure may be cached is the error class's to say (a bad input is bad next
    time too; a missing engine is not). Any other exception is a bug in this program, never
    blamed on the file: it is reported with its type and page, and not cached.
    """
    started = time.perf_counter()
    try:
        with _threads(task.threads):
            result = task.work()
    except BulletinError as exc:
        return failed(task, exc, started)
    except Exception as exc:  # a bug must not stop the batch
        return failed_by_bug(task, exc, started)
    return replace(result, seconds=time.perf_counter() - started)


def _threads(count: int) -> AbstractContextManager[None]:
    if count <= 1:
        return nullcontext()  # nothing to import for a text-layer task
    from bulletin.extract.ocr.base import threads_allowed

    return threads_allowed(count)


def failed(task: Task, error: BulletinError, started: float) -> TaskResult:
    """A failed result for `error`; `started` is a time.perf_counter() value."""
    failure = Failure(type(error).__name__, error.message, error.page, error.cacheable)
    return TaskResult(task.id, task.source, time.perf_counter() - started, failure=failure)


def failed_by_bug(task: Task, exc: Exception, started: float) -> TaskResult:
    """An unexpected exception: reported as this program's fault, with where it happened."""
    where = "; ".join(getattr(exc, "__notes__", []))
    detail = f"internal error {type(exc).__name__}: {exc}" + (f" ({where})" if where else "")
    detail += "; this is a bug in bulletin, not a problem of the file"
    failure = Failure(type(exc).__name__, detail, None, cacheable=False)
    return TaskResult(task.id, task.source, time.perf_counter() - started, failure=failure)


def timed_out(task: Task, started: float, page: int | None = None) -> TaskResult:
    """The task overran its file's time; `page` is the one being read, when known."""
    limit = task.settings.file_timeout
    error = TimeoutExceeded(f"timed out after {limit:g} s", file=task.source,
                            page=page or task.page)
    return failed(task, error, started)


def memory_exceeded(task: Task, started: float, page: int | None = None) -> TaskResult:
    """The worker's memory passed --max-worker-memory while reading (`page`, when known)."""
    limit = task.settings.max_worker_memory
    error = MemoryExceeded(
        f"reading needs more than the {limit} MB a worker may hold (--max-worker-memory)",
        file=task.source, page=page or task.page,
    )
    return failed(task, error, started)


def worker_died(task: Task, started: float, exit_code: int | None) -> TaskResult:
    """The worker process vanished mid-task (killed by the OS for memory, a crash in C)."""
    error = WorkerDied(
        f"worker process died (exit code {exit_code}) while reading the file", file=task.source
    )
    return failed(task, error, started)
