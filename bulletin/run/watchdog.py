"""A worker's own guards: it dies with its parent, and stops a task that overruns its time
or its memory even when nobody is left to stop it.

The parent enforces both limits too (it kills a worker whose task overruns), but a parent
can be gone (kill -9, a crash, the OOM killer) or stuck; a worker that then reads on for
minutes holds a core and gigabytes for nothing. So, inside the worker:

* on Linux, prctl(PR_SET_PDEATHSIG, SIGKILL) (extract/ocr/lifetime.py): the kernel kills
  the worker the moment the thread that started it exits; elsewhere (and as a second guard)
  a thread notices that the parent's pid changed;
* the same thread stops the running task once it is past its deadline (plus a grace, so
  that the parent's own kill normally comes first), or once the process's resident memory
  passes the task's limit: it answers for the task (TimeoutExceeded or MemoryExceeded,
  naming the page being read) and ends the process (EXIT_TIMEOUT, EXIT_MEMORY: a parent
  that missed the answer still knows why). A worker that still holds most of its limit after
  a task (once what was freed is given back) answers and ends too, for a fresh one.

Before ending itself the worker kills the rest of its process group (a worker leads its own
group, so that is what it started: a tesseract run), so nothing it started lingers.
"""

from __future__ import annotations

import ctypes
import math
import os
import signal
import threading
import time
from dataclasses import replace
from typing import Any
from multiprocessing.connection import Connection

from bulletin.extract.file import page_in_progress
from bulletin.extract.ocr import lifetime
from bulletin.run.spawn import PARENT_ENV
from bulletin.run.tasks import Task, TaskResult, memory_exceeded, run_task, timed_out

EXIT_TIMEOUT = 86  # the worker stopped its own task: past the file's time
EXIT_MEMORY = 87  # the worker stopped its own task: over --max-worker-memory
GRACE = 2.0  # seconds past a task's deadline before the worker stops it itself
POLL = 0.05  # seconds between the guard's looks (a page grows by at most this much time)
MB = 1024 * 1024
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent goes (lifetime.py; the guard
    thread's pid check remains where that is not supported), then make sure the parent has
    not gone already (the race between being started and asking)."""
    lifetime.die_with_parent()
    if _parent_gone():
        _end(signal.SIGKILL)


def resident_bytes() -> int:
    """This process's resident memory (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


class Guard:
    """The worker's watch over the task it runs (one at a time). It answers for a task it
    stops (a failure naming the file, and the page being read) with `worker_ends` set, so
    the parent knows this worker is going, and the task's time and memory limits from its
    settings."""

    def __init__(self, replies: Connection) -> None:
        self.replies = replies
        self.lock = threading.Lock()  # held to send a reply: one reply per task
        self._task: Task | None = None
        self._started = 0.0
        self._deadline = math.inf
        thread = threading.Thread(target=self._watch, name="bulletin-guard", daemon=True)
        thread.start()

    def run(self, task: Task) -> None:
        """Run `task` under watch and send its result (unless the guard stopped it)."""
        with self.lock:
            self._task, self._started = task, time.perf_counter()
            limit = task.timeout if task.timeout > 0 else math.inf
            self._deadline = time.monotonic() + limit + GRACE
        result = run_task(task)
        ending = not _memory_returned(task.settings.max_worker_memory * MB)
        with self.lock:
            self._task = None
            self.replies.send(replace(result, worker_ends=ending))
            if ending:
                _end(0)

    def _watch(self) -> None:
        while True:
            time.sleep(POLL)
            if _parent_gone():
                _end(signal.SIGKILL)
            with self.lock:
                task = self._task
                if task is None:
                    continue
                if time.monotonic() > self._deadline:
                    self._stop(timed_out(task, self._started, page_in_progress()), EXIT_TIMEOUT)
                if resident_bytes() > task.settings.max_worker_memory * MB:
                    self._stop(memory_exceeded(task, self._started, page_in_progress()),
                               EXIT_MEMORY)

    def _stop(self, result: TaskResult, code: int) -> None:
        """Answer for the task (the lock is held: the task cannot answer too), then end."""
        try:
            self.replies.send(replace(result, worker_ends=True))
        finally:
            _end(code)


def _memory_returned(limit: float) -> bool:
    """After a task: memory freed is given back to the system when the worker holds over
    half its limit (glibc keeps freed memory for the next allocation), so that the next
    task is not blamed for this one's pages; False when the worker still holds over three
    quarters of its limit: it should make way for a fresh one."""
    if resident_bytes() <= limit / 2:
        return True
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)
    return resident_bytes() <= limit * 0.75


def _malloc_trim() -> Any:
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


_MALLOC_TRIM = _malloc_trim()


def _parent_gone() -> bool:
    expected = os.environ.get(PARENT_ENV)
    return expected is not None and str(os.getppid()) != expected


def _end(code: int) -> None:
    """Kill what this worker started (the rest of its process group), then exit with `code`
    at once: no clean-up runs, none is needed (a worker writes nothing)."""
    for pid in _group_members():
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    os._exit(code)


def _group_members() -> list[int]:
    """The other processes of this process's group, when it leads one (Linux's /proc)."""
    me = os.getpid()
    if os.getpgrp() != me:
        return []
    members = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if len(fields) > 2 and int(fields[2]) == me:
            members.append(int(entry))
    return members
