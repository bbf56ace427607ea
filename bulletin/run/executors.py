"""Where tasks run: a pool of local worker processes, or a dask.distributed cluster.

Both take the same Tasks and yield the same TaskResults as files finish (in any order; the
run sorts everything it writes), so their outputs are identical byte for byte. Both enforce
the per-file timeout by killing the worker subprocess that runs the file (bulletin.child).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import wait
from typing import Any, Protocol

from bulletin.run.workers import ChildProcess, run_with_deadline
from bulletin.run.tasks import Task, TaskResult, failed
from bulletin.schemas.settings import ExecutorKind
from bulletin.schemas.errors import EngineMissingError, ExecutorError, UsageError, WorkerDied

MAX_TASKS_PER_CHILD = 200  # recycle workers now and then: C libraries leak a little per file
CONNECT_TIMEOUT = "20s"  # to reach a running scheduler; a batch queue may be slower to start


class Executor(Protocol):
    def run(self, tasks: list[Task]) -> Iterator[TaskResult]:
        """Results as files finish; exactly one per task."""
        ...


def _big_first(tasks: list[Task]) -> list[Task]:
    """Start the largest files first so that no worker is left with a big one at the end."""
    return sorted(tasks, key=lambda t: (-t.size, t.source))


class LocalPool:
    """`workers` child processes on this machine, fed one file at a time."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)

    def run(self, tasks: list[Task]) -> Iterator[TaskResult]:
        pending = deque(_big_first(tasks))
        idle = [ChildProcess() for _ in range(min(self.workers, len(pending)))]
        busy: list[ChildProcess] = []
        try:
            while pending or busy:
                while idle and pending:
                    child = idle.pop()
                    child.submit(pending.popleft())
                    busy.append(child)
                for child, result in self._collect(busy):
                    busy.remove(child)
                    idle.append(self._reusable(child))
                    yield result
        finally:
            for child in busy:
                child.kill()
            for child in idle:
                child.close()

    def _collect(self, busy: list[ChildProcess]) -> list[tuple[ChildProcess, TaskResult]]:
        """Wait for the first result or the first deadline, whichever comes first."""
        first_deadline = min(c.deadline() for c in busy)
        timeout = max(0.0, first_deadline - time.perf_counter())
        ready = wait([c.replies for c in busy], timeout=timeout)
        done = [(c, c.receive()) for c in busy if c.replies in ready]
        now = time.perf_counter()
        done += [(c, c.abandon()) for c in busy if c.task is not None and c.deadline() <= now]
        return done

    @staticmethod
    def _reusable(child: ChildProcess) -> ChildProcess:
        if child.proc.poll() is None and child.done < MAX_TASKS_PER_CHILD:
            return child
        if child.proc.poll() is None:
            child.close()
        return ChildProcess()


class DaskExecutor:
    """The same tasks on a dask.distributed cluster: at `scheduler`, or a LocalCluster of
    `workers` single-threaded processes when no address is given."""

    def __init__(self, workers: int, scheduler: str | None = None) -> None:
        self.workers = max(1, workers)
        self.scheduler = scheduler

    def run(self, tasks: list[Task]) -> Iterator[TaskResult]:
        try:
            from distributed import Client, LocalCluster, as_completed
        except ImportError as exc:
            raise EngineMissingError("--executor dask needs dask[distributed] installed") from exc
        cluster = None
        if self.scheduler is None:
            cluster = LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True,
                dashboard_address=None,
            )
        try:
            client = self._connect(Client, cluster)
            with client:
                yield from self._results(client, tasks, as_completed)
        finally:
            if cluster is not None:
                cluster.close()

    def _connect(self, client_cls: Any, cluster: Any) -> Any:
        target = cluster if cluster is not None else self.scheduler
        try:
            return client_cls(target, timeout=CONNECT_TIMEOUT)
        except OSError as exc:
            message = f"cannot reach the dask scheduler at {self.scheduler}: {exc}"
            raise ExecutorError(message) from exc

    @staticmethod
    def _results(client: Any, tasks: list[Task], as_completed: Any) -> Iterator[TaskResult]:
        started = time.perf_counter()
        futures = {
            client.submit(run_on_dask_worker, t, pure=False, key=f"bulletin-{t.key[:16]}-{i}"): t
            for i, t in enumerate(_big_first(tasks))
        }
        for future in as_completed(futures):
            task = futures.pop(future)
            try:
                yield future.result()
            except Exception as exc:  # the worker was lost (KilledWorker) or the task failed
                error = WorkerDied(f"dask task failed ({type(exc).__name__}: {exc})")
                yield failed(task, error.located(file=task.source), started)
            future.release()


_worker_state = threading.local()


def run_on_dask_worker(task: Task) -> TaskResult:
    """Runs inside a dask worker: the file is read by that worker's own child process, so a
    file that overruns its timeout can be killed without killing the dask worker."""
    child: ChildProcess | None = getattr(_worker_state, "child", None)
    if child is None or child.proc.poll() is not None:
        child = ChildProcess()
    result, usable = run_with_deadline(child, task)
    _worker_state.child = child if usable else None
    return result


def make_executor(kind: ExecutorKind, workers: int, scheduler: str | None) -> Executor:
    if kind is ExecutorKind.DASK:
        return DaskExecutor(workers, scheduler)
    if scheduler is not None:
        raise UsageError("--scheduler needs --executor dask")
    return LocalPool(workers)
