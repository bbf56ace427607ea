"""One file's way through the tasks, kept by the run's own process.

probe -> (text-layer chunks | one OCR task per page) -> the reading (every page, in order)
-> normalise. A small file is read (and, without OCR, normalised) by its probe alone. Pages
come back in any order from any worker and are assembled by number, so a reading is the same
bytes whichever way it was made. The file's time is the sum of its tasks' times (what one
worker would have spent): past `file_timeout` the file is stopped, as it would be on one
worker, however its pages were spread.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bulletin.pipeline import FileProbe, InputKind, NeedsOcr, Normalized, reading_bytes
from bulletin.run.discovery import InputFile
from bulletin.run.tasks import (
    Failure,
    NormalizeSpec,
    NormalizeTask,
    OcrPageTask,
    ProbeTask,
    Task,
    TaskId,
    TaskResult,
    TextPagesTask,
)
from bulletin.schemas.errors import TimeoutExceeded

# A PDF of at most this many pages is read by its probe: one task for a typical bulletin.
READ_WHOLE = 8
MAX_CHUNK = 8  # text-layer pages per task of a longer PDF (each task opens the file again)


@dataclass
class Step:
    """What one result means for the file: tasks to run next, a reading to cache, the end."""

    tasks: list[Task] = field(default_factory=list)
    reading: bytes | None = None  # every page is in: the file's reading
    failure: Failure | None = None  # the file failed
    normalized: Normalized | None = None  # the file is done


class FileJob:
    def __init__(self, rank: int, item: InputFile, spec: NormalizeSpec, workers: int,
                 digest: str = "") -> None:
        self.rank = rank
        self.digest = digest  # every task reads exactly the bytes of this sha256
        self.item = item
        self.spec = spec
        self.settings = spec.settings
        self.workers = workers
        self.spent = 0.0  # seconds of worker time so far
        self.probe: FileProbe | None = None
        self.pages: dict[int, bytes] = {}
        self.outstanding: set[TaskId] = set()
        self.finished = False
        self.read = False  # every page is in (or the reading came from the cache)
        self._numbers = 0

    def start(self, reading: bytes | None) -> list[Task]:
        """The first task: normalise a cached reading, or probe the file."""
        if reading is not None:
            self.read = True
            return [self._task(NormalizeTask, reading=reading, spec=self.spec)]
        return [self._task(ProbeTask, read_whole=READ_WHOLE, read_alone=self._alone(),
                           normalize=self.spec)]

    def _alone(self) -> int:
        """Pages a file may have to be read in one task: one, or (with one worker, where
        spreading pages gains nothing) as many as a probe reads."""
        return READ_WHOLE if self.workers == 1 else 1

    def remaining(self) -> float:
        return self.settings.file_timeout - self.spent

    def timed_out(self) -> Step:
        self.finished = True
        limit = self.settings.file_timeout
        error = TimeoutExceeded(f"timed out after {limit:g} s")
        return Step(failure=Failure(type(error).__name__, error.message, None, cacheable=False))

    def receive(self, result: TaskResult) -> Step:
        self.outstanding.discard(result.id)
        self.spent += result.seconds
        if result.failure is not None:
            self.finished = True
            return Step(failure=result.failure)
        if result.normalized is not None:
            self.finished = self.read = True
            return Step(reading=result.reading, normalized=result.normalized)
        if self.spent > self.settings.file_timeout:
            return self.timed_out()
        tasks = self._after_probe(result.probe) if result.probe is not None else []
        self.pages.update(result.pages)
        tasks += [self._ocr(need) for need in result.ocr]
        if tasks or self.outstanding:
            return Step(tasks)
        assert self.probe is not None and len(self.pages) == self.probe.pages
        reading = reading_bytes([self.pages[n] for n in range(1, self.probe.pages + 1)])
        self.pages, self.read = {}, True
        return Step([self._task(NormalizeTask, reading=reading, spec=self.spec)], reading=reading)

    def _after_probe(self, probe: FileProbe) -> list[Task]:
        """The pages a probe did not read: chunks of text-layer pages, or OCR per frame."""
        self.probe = probe
        if probe.pages <= self._alone() or (
            probe.pages <= READ_WHOLE and probe.kind is InputKind.PDF
        ):
            return []  # the probe read them (those needing OCR come back as result.ocr)
        numbers = list(range(1, probe.pages + 1))
        if probe.kind is not InputKind.PDF:
            return [self._ocr(NeedsOcr(n)) for n in numbers]
        size = max(1, min(MAX_CHUNK, math.ceil(probe.pages / (2 * self.workers))))
        return [
            self._task(TextPagesTask, pages=tuple(numbers[i:i + size]),
                       first_warnings=probe.warnings if i == 0 else ())
            for i in range(0, len(numbers), size)
        ]

    def _ocr(self, need: NeedsOcr) -> Task:
        assert self.probe is not None
        warnings = self.probe.warnings if need.number == 1 else ()
        return self._task(OcrPageTask, kind=self.probe.kind, need=need, first_warnings=warnings)

    def _task(self, cls: type[Task], **fields: object) -> Task:
        self._numbers += 1
        task_id = (self.rank, self._numbers)
        self.outstanding.add(task_id)
        return cls(id=task_id, source=self.item.source, path=str(self.item.path),
                   settings=self.settings, digest=self.digest, **fields)  # type: ignore[arg-type]
