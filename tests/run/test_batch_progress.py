"""Progress output: plain lines off a terminal, only failures with --quiet."""

from __future__ import annotations

import io
from pathlib import Path

from bulletin.run.progress import PlainProgress, QuietProgress
from bulletin.schemas.report import FileReport, FileStatus, RunSummary

OK = FileReport(source="a.pdf", status=FileStatus.OK, pages=4, seconds=1.25, review_items=3,
                findings=1)
CACHED = FileReport(source="b.pdf", status=FileStatus.OK, pages=2, cache_hit=True)
BAD = FileReport(source="c.pdf", status=FileStatus.ERROR, error="c.pdf: empty file (0 bytes)")
RUN = RunSummary.of([OK, CACHED, BAD])


def test_plain_progress_prints_a_line_per_file_and_a_summary() -> None:
    stream = io.StringIO()
    progress = PlainProgress(stream)
    progress.start(3)
    for report in (OK, CACHED, BAD):
        progress.file_done(report)
    progress.finish(RUN, Path("out"))
    lines = stream.getvalue().splitlines()
    assert lines[0] == "converting 3 files"
    assert lines[1] == "[1/3] ok        a.pdf (4 p, 1.2s)"
    assert lines[2] == "[2/3] ok        b.pdf (2 p, 0.0s, cached)"
    assert lines[3] == "[3/3] error     c.pdf (0 p, 0.0s): c.pdf: empty file (0 bytes)"
    assert lines[4].startswith(
        "3 files: 1 error, 2 ok; 1 from cache; 3 review items, 1 findings; 6 pages in "
    )
    assert lines[5] == "outputs in out"


def test_quiet_prints_only_failures() -> None:
    stream = io.StringIO()
    progress = QuietProgress(stream)
    progress.start(3)
    for report in (OK, CACHED, BAD):
        progress.file_done(report)
    progress.finish(RUN, Path("out"))
    assert stream.getvalue() == "error     c.pdf (0 p, 0.0s): c.pdf: empty file (0 bytes)\n"
