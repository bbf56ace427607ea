"""What a run tells the person watching it, on stderr (stdout stays free for pipes).

A rich progress bar (files with ETA, pages with rate) on a terminal; one plain line per file
otherwise (logs, CI); with --quiet only the files that failed. Chosen once, at the edge.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO

from bulletin.schemas.report import FileReport, FileStatus, RunReport


class Progress(Protocol):
    def start(self, files: int) -> None: ...
    def file_done(self, report: FileReport) -> None: ...
    def finish(self, report: RunReport) -> None: ...


def describe(report: FileReport) -> str:
    """One line about one file, the same in every mode."""
    cached = ", cached" if report.cache_hit else ""
    line = f"{report.status.value:9} {report.source}"
    line += f" ({report.pages} p, {report.seconds:.1f}s{cached})"
    if report.error:
        line += f": {report.error}"
    return line


def summary(report: RunReport, seconds: float) -> str:
    pages = sum(f.pages for f in report.files)
    return f"{report.summary()}; {pages} pages in {seconds:.1f}s"


class QuietProgress:
    """Only errors, so that a cron job's mail holds exactly the files to look at."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr

    def start(self, files: int) -> None:
        pass

    def file_done(self, report: FileReport) -> None:
        if report.status is FileStatus.ERROR:
            print(describe(report), file=self.stream, flush=True)

    def finish(self, report: RunReport) -> None:
        pass


class PlainProgress:
    """`[  3/120] ok  a.pdf (4 p, 2.1s)` per file, then the summary line."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = 0
        self.done = 0
        self.started = time.perf_counter()

    def start(self, files: int) -> None:
        self.total, self.done, self.started = files, 0, time.perf_counter()
        print(f"converting {files} files", file=self.stream, flush=True)

    def file_done(self, report: FileReport) -> None:
        self.done += 1
        width = len(str(self.total))
        line = f"[{self.done:>{width}}/{self.total}] {describe(report)}"
        print(line, file=self.stream, flush=True)

    def finish(self, report: RunReport) -> None:
        print(summary(report, time.perf_counter() - self.started), file=self.stream, flush=True)


class RichProgress:
    """Two bars: files (with ETA) and pages (count and rate; the total is unknown up front,
    because counting pages would mean opening every file twice)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self.console = Console(stderr=True)
        self.bar = Progress(
            TextColumn("{task.description:>6}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=self.console,
        )
        self.files = self.bar.add_task("files", total=0, rate="", visible=False)
        self.pages = self.bar.add_task("pages", total=None, rate="", visible=False)
        self.started = time.perf_counter()

    def start(self, files: int) -> None:
        self.started = time.perf_counter()
        self.bar.update(self.files, total=files, visible=True)
        self.bar.update(self.pages, visible=True)
        self.bar.start()

    def file_done(self, report: FileReport) -> None:
        if report.status is FileStatus.ERROR:
            self.console.print(describe(report), style="red", markup=False, highlight=False)
        self.bar.advance(self.files)
        self.bar.advance(self.pages, report.pages)
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        done = self.bar.tasks[self.pages].completed
        self.bar.update(self.pages, rate=f"{done / elapsed:.1f} p/s")

    def finish(self, report: RunReport) -> None:
        self.bar.stop()
        self.console.print(summary(report, time.perf_counter() - self.started), markup=False)


def choose_progress(quiet: bool) -> Progress:
    if quiet:
        return QuietProgress()
    if sys.stderr.isatty():
        return RichProgress()
    return PlainProgress()
