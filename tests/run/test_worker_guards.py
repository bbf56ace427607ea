"""Workers die with their parent and stop a task past its time or memory by themselves:
a killed run leaves no process behind, a hung read or a memory bomb costs a bounded time and
memory, and the error names the file and page (issue 14, items 5 and 7)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bulletin.run.tasks import ProbeTask
from bulletin.run.watchdog import EXIT_TIMEOUT, GRACE
from bulletin.run.workers import ChildProcess
from bulletin.schemas.settings import Settings
from goldens import ROOT, SAMPLES
from hostile_pdfs import content_bomb, huge_page

BULLETIN = str(ROOT / ".venv" / "bin" / "bulletin")


def _descendants(pid: int) -> list[int]:
    """`pid`'s children, their children and so on."""
    found, frontier = [], [pid]
    while frontier:
        children = [c for p in frontier for c in _children(p)]
        found += children
        frontier = children
    return found


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    """Running, and not a zombie waiting for a reaper (a container's init may never reap)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _busy(proc: subprocess.Popen[bytes], engine: str, seconds: float) -> list[int]:
    """The run's processes (workers and what they started), once two workers have loaded
    and are reading (and, for tesseract, a tesseract is running)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        workers = _children(proc.pid)
        everyone = _descendants(proc.pid)
        busy = [w for w in workers if _cpu_seconds(w) > 1.0]  # past start-up, on a page
        ocr = [p for p in everyone if p not in workers]
        if len(busy) >= 2 and (engine != "tesseract" or ocr):
            return everyone
        time.sleep(0.1)
    pytest.fail(f"the run did not start two busy workers ({engine}) in {seconds} s")


def _cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_of_the_run_leaves_no_worker(tmp_path: Path) -> None:
    """Workers reading scans at 600 dpi (half a minute a page) must not outlive a parent
    killed by SIGKILL; before the fix they read on until their page was done."""
    engine = "rapidocr"
    folder = tmp_path / "in"
    folder.mkdir()
    for i, scan in enumerate(sorted((SAMPLES / "scans").glob("*.pdf"))[:3]):
        (folder / f"{i}-{scan.name}").write_bytes(scan.read_bytes())
    started: list[int] = []
    proc = subprocess.Popen(
        [BULLETIN, "extract", str(folder), "--out", str(tmp_path / "out"), "--workers", "2",
         "--dpi", "600", "--ocr", engine, "--quiet"], stderr=subprocess.DEVNULL,
    )
    try:
        started = _busy(proc, engine, 90)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 5
        while any(_alive(p) for p in started) and time.monotonic() < deadline:
            time.sleep(0.1)
        survivors = [p for p in started if _alive(p)]
    finally:
        proc.kill()
        for pid in [p for p in started if _alive(p)]:
            os.kill(pid, signal.SIGKILL)
    assert not survivors, f"processes {survivors} outlived their killed parent"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")
def test_what_a_worker_starts_dies_with_it() -> None:
    """A tesseract run is started as this `sleep` is (extract/ocr/tesseract.py): killed with
    its starter, it goes too, instead of running to its end."""
    starter = subprocess.Popen(
        [sys.executable, "-c",
         "import subprocess\n"
         "from bulletin.extract.ocr import lifetime\n"
         "p = subprocess.Popen(['sleep', '60'], preexec_fn=lifetime.die_with_parent)\n"
         "print(p.pid, flush=True)\n"
         "p.wait()\n"],
        stdout=subprocess.PIPE, text=True,
    )
    assert starter.stdout is not None
    sleeper = int(starter.stdout.readline())
    os.kill(starter.pid, signal.SIGKILL)
    starter.wait()
    deadline = time.monotonic() + 3
    while _alive(sleeper) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = _alive(sleeper)
    if alive:
        os.kill(sleeper, signal.SIGKILL)
    assert not alive, "the child outlived its killed parent"


def test_a_worker_stops_a_task_past_its_time_by_itself(tmp_path: Path) -> None:
    """A FIFO no one writes to blocks the read forever (in C, where the parent's timer
    cannot reach); the worker's own guard ends it, named as the file's timeout, even when
    the parent only waits for the answer without a deadline of its own."""
    fifo = tmp_path / "stuck.pdf"
    os.mkfifo(fifo)
    child = ChildProcess()
    task = ProbeTask(id=(0, 1), source="stuck.pdf", path=str(fifo), settings=Settings(),
                     read_whole=8, timeout=1.0)
    started = time.monotonic()
    child.submit(task)
    result = child.receive()  # blocks until the worker answers or ends
    assert time.monotonic() - started < 1.0 + GRACE + 5
    assert result.failure is not None and result.failure.error_type == "TimeoutExceeded"
    assert result.failure.message("stuck.pdf") == "stuck.pdf: timed out after 600 s"
    assert result.worker_ends
    assert child.proc.returncode in (EXIT_TIMEOUT, -signal.SIGKILL)


def test_a_page_over_the_memory_limit_is_refused_and_the_worker_replaced(
    tmp_path: Path,
) -> None:
    """A page that renders big (within the pixel cap) but past a low worker memory limit:
    the error names the file and page, and the next file is read by a fresh worker."""
    big = tmp_path / "big.pdf"
    big.write_bytes(huge_page(1700))  # 600 mm square: ~38 Mpx at 267 dpi, ~1 GB
    child = ChildProcess()
    settings = Settings(max_worker_memory=400)
    task = ProbeTask(id=(0, 1), source="big.pdf", path=str(big), settings=settings,
                     read_whole=8, timeout=120.0)
    child.submit(task)
    result = child.receive()
    assert result.failure is not None and result.failure.error_type == "MemoryExceeded"
    assert result.failure.message("big.pdf") == (
        "big.pdf page 1: reading needs more than the 400 MB a worker may hold "
        "(--max-worker-memory)"
    )
    assert child.proc.poll() is not None  # the parent does not hand it another task


def test_a_content_stream_bomb_is_refused_by_the_memory_limit(tmp_path: Path) -> None:
    """400 KB on disk, 420 MB of content stream inflated: under a 400 MB worker limit the
    page is refused, named, and its worker replaced."""
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(content_bomb())
    assert bomb.stat().st_size < 500_000
    child = ChildProcess()
    task = ProbeTask(id=(0, 1), source="bomb.pdf", path=str(bomb),
                     settings=Settings(max_worker_memory=400), read_whole=8, timeout=120.0)
    child.submit(task)
    result = child.receive()
    assert result.failure is not None, "the bomb was read within 400 MB"
    assert result.failure.message("bomb.pdf").startswith(
        "bomb.pdf page 1: reading needs more than the 400 MB")
    assert child.proc.poll() is not None
