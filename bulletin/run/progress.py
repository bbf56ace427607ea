"""What a run tells the person watching it, on stderr (stdout stays free for pipes).

A rich progress bar (pages read of pages found, with rate and ETA; files done) on a terminal;
one plain line per file otherwise (logs, CI); with --quiet only the files that failed. Every
line is printed through names.shown: a file name cannot put control characters on the terminal. The
page total grows as files are opened (counting every file's pages up front would mean
opening each twice). Chosen once, at the edge.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Protocol, TextIO

from bulletin.output.names import shown
from bulletin.schemas.report import FileReport, FileStatus, RunSummary


class Progress(Protocol):
    def start(self, files: int) -> None: ...
    def pages_found(self, pages: int) -> None: ...
    def pages_read(self, pages: int) -> None: ...
    def file_done(self, report: FileReport) -> None: ...
    def finish(self, summary: RunSummary, out: Path) -> None: ...


def describe(report: FileReport) -> str:
    """One line about one file, the same in every mode."""
    cached = ", cached" if report.cache_hit else ""
    line = f"{report.status.value:9} {report.source}"
    line += f" ({report.pages} p, {report.seconds:.1f}s{cached})"
    if report.error:
        line += f": {report.error}"
    return shown(line)


def ending(summary: RunSummary, seconds: float, out: Path) -> list[str]:
    """The end of a run: counts, then where the outputs are and what is left to look at."""
    lines = [f"{summary.line()}; {summary.pages} pages in {seconds:.1f}s", f"outputs in {out}"]
    return [shown(line) for line in lines + [f"warning: {w}" for w in summary.warnings]]


class QuietProgress:
    """Only errors, so that a cron job's mail holds exactly the files to look at."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr

    def start(self, files: int) -> None:
        pass

    def pages_found(self, pages: int) -> None:
        pass

    def pages_read(self, pages: int) -> None:
        pass

    def file_done(self, report: FileReport) -> None:
        if report.status is FileStatus.ERROR:
            print(describe(report), file=self.stream, flush=True)

    def finish(self, summary: RunSummary, out: Path) -> None:
        for warning in summary.warnings:
            print(shown(f"warning: {warning}"), file=self.stream, flush=True)


class PlainProgress(QuietProgress):
    """`[  3/120] ok  a.pdf (4 p, 2.1s)` per file, then the summary lines."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__(stream)
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

    def finish(self, summary: RunSummary, out: Path) -> None:
        for line in ending(summary, time.perf_counter() - self.started, out):
            print(line, file=self.stream, flush=True)


class RichProgress:
    """A bar of pages (read of found, rate, ETA) and a count of files."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self.console = Console(stderr=True)
        self.bar = Progress(
            TextColumn("{task.description:>6}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
            TimeRemainingColumn(), TextColumn("{task.fields[files]}"), console=self.console,
        )
        self.pages = self.bar.add_task("pages", total=0, rate="", files="", visible=False)
        self.files_total = 0
        self.files_done = 0
        self.started = time.perf_counter()

    def start(self, files: int) -> None:
        self.started, self.files_total = time.perf_counter(), files
        self.bar.update(self.pages, visible=True, files=f"0/{files} files")
        self.bar.start()

    def pages_found(self, pages: int) -> None:
        total = self.bar.tasks[self.pages].total or 0
        self.bar.update(self.pages, total=total + pages)

    def pages_read(self, pages: int) -> None:
        self.bar.advance(self.pages, pages)
        elapsed = max(time.perf_counter() - self.started, 1e-9)
        done = self.bar.tasks[self.pages].completed
        self.bar.update(self.pages, rate=f"{done / elapsed:.1f} p/s")

    def file_done(self, report: FileReport) -> None:
        if report.status is FileStatus.ERROR:
            self.console.print(describe(report), style="red", markup=False, highlight=False)
        self.files_done += 1
        self.bar.update(self.pages, files=f"{self.files_done}/{self.files_total} files")

    def finish(self, summary: RunSummary, out: Path) -> None:
        self.bar.stop()
        for line in ending(summary, time.perf_counter() - self.started, out):
            self.console.print(line, markup=False, highlight=False)


def choose_progress(quiet: bool) -> Progress:
    if quiet:
        return QuietProgress()
    if sys.stderr.isatty():
        return RichProgress()
    return PlainProgress()
