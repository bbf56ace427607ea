"""A small hierarchy of errors that carry the file (and page) they concern.

Code tells errors apart by type, never by message text. Each class declares the exit code a
command ends with when it stops a run, and whether a file's result that ended in it may be
cached: a deterministic bad input is the same next time, a missing engine, an OCR timeout or
a dead worker is not, so a re-run tries that file again.
"""

from __future__ import annotations

import copy
from typing import ClassVar


class BulletinError(Exception):
    """Base of every error the pipeline raises on purpose."""

    exit_code: ClassVar[int] = 1
    cacheable: ClassVar[bool] = False

    def __init__(self, message: str, *, file: str | None = None, page: int | None = None) -> None:
        self.message = message
        self.file = file
        self.page = page
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = f"{self.file}"
            if self.page is not None:
                where += f" page {self.page}"
            where += ": "
        elif self.page is not None:
            where = f"page {self.page}: "
        return f"{where}{self.message}"

    def located(self, *, file: str | None = None, page: int | None = None) -> "BulletinError":
        """A copy naming `file` (the user's name for the input) and, where the page was not
        known yet, `page`; the original is left as it was."""
        new = copy.copy(self)
        if file is not None:
            new.file = file
        if new.page is None:
            new.page = page
        new.args = (new.__str__(),)
        return new


class UsageError(BulletinError):
    """The command line asks for something impossible (a flag combination, an output path)."""

    exit_code = 2


class OcrError(BulletinError):
    """The OCR engine failed on a page (crash, timeout, bad output)."""

    exit_code = 3


class EngineMissingError(BulletinError):
    """A requested engine (OCR, executor) is not installed."""

    exit_code = 4


class InvalidFile(BulletinError):
    """A file the user hands in besides the inputs is malformed; `problems` lists every
    problem with its line number."""

    cacheable = True

    def __init__(self, message: str, problems: list[str] | None = None, **kw: object) -> None:
        self.problems = problems or []
        super().__init__(message, **kw)  # type: ignore[arg-type]


class RegistryError(InvalidFile):
    """A registry file is malformed."""

    exit_code = 5


class CorrectionsError(InvalidFile):
    """A corrections file (--corrections) is malformed or holds a value of the wrong type."""

    exit_code = 11


class TimeoutExceeded(BulletinError):
    """A file took longer than the per-file timeout."""

    exit_code = 6


class ExecutorError(BulletinError):
    """The executor itself failed (scheduler unreachable, cluster lost)."""

    exit_code = 7


class InputError(BulletinError):
    """The input cannot be read: corrupt, encrypted, empty, unsupported or too large."""

    exit_code = 8
    cacheable = True


class InputChanged(InputError):
    """The file's bytes changed between planning it and reading it (replaced or rewritten
    meanwhile): nothing of it is kept or cached, the next run reads it afresh."""

    cacheable = False


class MemoryExceeded(InputError):
    """Reading the input needs more memory than a worker may use (a page rendered huge, a
    decompression bomb). Not cached: a run with a higher limit reads it again."""

    cacheable = False


class OutputError(BulletinError):
    """The output folder cannot be used (not a folder, not writable, disk full)."""

    exit_code = 9


class WorkerDied(BulletinError):
    """The worker process vanished mid-file (killed by the OS for memory, a crash in C)."""

    exit_code = 10


class Interrupted(BulletinError):
    """The person stopped the run (Ctrl-C); what finished is kept, the rest resumes."""

    exit_code = 130
