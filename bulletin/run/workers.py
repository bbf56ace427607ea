"""A worker process that can be killed: the only reliable way to enforce a timeout.

concurrent.futures cannot stop a running task, and multiprocessing refuses to start children
from daemonic processes (which dask workers are), so each worker is a plain subprocess
(`python -m bulletin.child`) that reads pickled Tasks on stdin and answers TaskResults on a
private copy of stdout. The parent kills it when a task overruns and starts a fresh one.
A child lives across tasks and files, so what it loads once (the stages' modules, the OCR
model, a registry) serves every page it reads.

A child leads its own process group: Ctrl-C at the terminal reaches the parent alone (which
stops the run and kills its workers; a worker half-way through starting Python would print
a traceback of its own), and killing the group kills what the child started (tesseract).
The child guards itself too (watchdog.py): it dies with its parent, even by kill -9, and
ends a task past its time or memory when the parent does not.
"""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import time
from multiprocessing.connection import Connection, wait

from bulletin.run import watchdog
from bulletin.run.spawn import preloaded_modules, spawn, take
from bulletin.run.tasks import Task, TaskResult, memory_exceeded, timed_out, worker_died

class ChildProcess:
    """One worker subprocess running one task at a time."""

    def __init__(self, proc: subprocess.Popen[bytes] | None = None) -> None:
        """A new worker, or `proc` (one spawn.py started early) taken over."""
        self.proc = spawn() if proc is None else proc
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.requests = Connection(os.dup(self.proc.stdin.fileno()), readable=False)
        self.replies = Connection(os.dup(self.proc.stdout.fileno()), writable=False)
        self.proc.stdin.close()
        self.proc.stdout.close()
        self.done = 0  # tasks finished, to recycle long-lived children
        self.task: Task | None = None
        self.started = 0.0

    def submit(self, task: Task) -> None:
        self.task, self.started = task, time.perf_counter()
        self.requests.send(task)

    def deadline(self) -> float:
        assert self.task is not None
        return self.started + self.task.timeout

    def receive(self) -> TaskResult:
        """The running task's result; if the child died, an `error` result saying so."""
        assert self.task is not None
        task, self.task = self.task, None
        try:
            result: TaskResult = self.replies.recv()
        except (EOFError, OSError):
            self.kill()
            code = self.proc.returncode
            if code == watchdog.EXIT_TIMEOUT:
                return timed_out(task, self.started)
            if code == watchdog.EXIT_MEMORY:
                return memory_exceeded(task, self.started)
            return worker_died(task, self.started, code)
        self.done += 1
        if result.worker_ends:  # its guard stopped the task: the worker is on its way out
            self.kill()
        return result

    def abandon(self) -> TaskResult:
        """Kill the child because its task overran; the caller starts a new one."""
        assert self.task is not None
        task, self.task = self.task, None
        self.kill()
        return timed_out(task, self.started)

    def kill(self) -> None:
        """Kill the child and whatever it started (its process group)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:  # gone already (its group with it)
            self.proc.kill()
        self.proc.wait()
        self._close()

    def close(self, grace: float = 5.0) -> None:
        """Ask the child to exit (end-of-file on its input); kill it if it does not."""
        if not self.requests.closed:
            self.requests.close()
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.kill()
        self._close()

    def _close(self) -> None:
        for conn in (self.requests, self.replies):
            if not conn.closed:
                conn.close()


def take_spares() -> list[ChildProcess]:
    """The workers started early (spawn.prestart) that are still alive, the caller's now."""
    return [ChildProcess(proc) for proc in take()]


def run_with_deadline(child: ChildProcess, task: Task) -> tuple[TaskResult, bool]:
    """Run one task in `child`; (result, child still usable)."""
    child.submit(task)
    remaining = max(0.0, child.deadline() - time.perf_counter())
    if wait([child.replies], timeout=remaining):
        result = child.receive()
        return result, child.proc.poll() is None
    return child.abandon(), False


def serve() -> None:
    """Child side: answer tasks until the parent closes our input (or dies).

    The parent decides what Ctrl-C means (it stops the run and kills us), so a worker
    ignores it should it be sent to our group, instead of printing a traceback of its own.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watchdog.die_with_parent()
    requests = Connection(os.dup(0), writable=False)
    replies = Connection(os.dup(1), readable=False)
    guard = watchdog.Guard(replies)
    os.dup2(2, 1)  # a stray print() from a library must not corrupt the replies
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    # Load what every file needs now, while the parent still plans; the OCR engines are
    # loaded by the first page that needs them.
    import bulletin.normalize.stage  # noqa: F401
    import bulletin.pipeline  # noqa: F401
    import pypdfium2  # noqa: F401

    for module in preloaded_modules(dict(os.environ)):  # what this run's files will need too
        importlib.import_module(module)

    while True:
        try:
            task = requests.recv()
        except EOFError:
            return
        guard.run(task)


if __name__ == "__main__":
    serve()
