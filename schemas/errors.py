"""A small hierarchy of errors that carry the file (and page) they concern.

Code tells errors apart by type, never by message text; the CLI turns any of them into one
clear line and the exit code the class declares.
"""

from __future__ import annotations


class BulletinError(Exception):
    """Base of every error the pipeline raises on purpose."""

    exit_code = 1

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
        return f"{where}{self.message}"

    def located(self, file: str, page: int | None = None) -> "BulletinError":
        """Return the same error naming `file` (the user's name for the input, replacing any
        internal path) and with the page filled in where it was unknown."""
        self.file = file
        self.page = self.page if self.page is not None else page
        self.args = (self.__str__(),)
        return self


class InputError(BulletinError):
    """The input cannot be read: corrupt, encrypted, empty, unsupported or too large."""

    exit_code = 2


class OcrError(BulletinError):
    """The OCR engine failed on a page (crash, timeout, bad output)."""

    exit_code = 3


class EngineMissingError(BulletinError):
    """A requested engine (OCR, executor) is not installed."""

    exit_code = 4


class RegistryError(BulletinError):
    """A registry file is malformed; `problems` lists every problem with its line number."""

    exit_code = 5

    def __init__(self, message: str, problems: list[str] | None = None, **kw: object) -> None:
        self.problems = problems or []
        super().__init__(message, **kw)  # type: ignore[arg-type]


class TimeoutExceeded(BulletinError):
    """A file took longer than the per-file timeout."""

    exit_code = 6
