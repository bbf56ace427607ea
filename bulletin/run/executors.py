"""Where tasks run: a pool of local worker processes, or a dask.distributed cluster.

Both take the same Tasks and give back the same TaskResults as tasks finish (in any order;
the run assembles pages by number and sorts everything it writes), so their outputs are
identical byte for byte. The run decides what to run next (scheduler.py); an executor only
says how many tasks it can run at once (`capacity`) and runs what it is given. Both enforce a
task's timeout by killing the worker subprocess that runs it (workers.py).
"""

from __future__ import annotations

import itertools
import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.connection import wait
from typing import Any, Protocol

from bulletin.run.tasks import Task, TaskResult, failed
from bulletin.run.workers import ChildProcess, run_with_deadline, take_spares
from bulletin.schemas.errors import EngineMissingError, ExecutorError, UsageError, WorkerDied
from bulletin.schemas.settings import ExecutorKind

# Recycle workers now and then: C libraries leak a little per file. A task is a page, and a
# fresh worker loads the OCR model again (~1 s), so this is counted in thousands.
MAX_TASKS_PER_CHILD = 2000
CAPACITY_REFRESH = 5.0  # seconds between asking a cluster how many threads it has


class Executor(Protocol):
    def capacity(self) -> int:
        """How many tasks to keep handed out so that no worker waits for the next one."""
        ...

    def in_flight(self) -> int: ...

    def submit(self, task: Task) -> None: ...

    def collect(self) -> list[TaskResult]:
        """Block until at least one task handed out is done (or overran); their results."""
        ...

    def release(self) -> None:
        """No more tasks will come (workers may stop while the run writes its outputs)."""
        ...


class LocalPool:
    """Up to `workers` child processes on this machine, started as work arrives (a one-file
    run starts one) and kept for the whole run."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self.idle: list[ChildProcess] = take_spares()
        self.busy: list[ChildProcess] = []
        while len(self.idle) > self.workers:
            self.idle.pop().close()

    def capacity(self) -> int:
        return self.workers

    def in_flight(self) -> int:
        return len(self.busy)

    def submit(self, task: Task) -> None:
        child = self.idle.pop() if self.idle else ChildProcess()
        child.submit(task)
        self.busy.append(child)

    def collect(self) -> list[TaskResult]:
        """Wait for the first result or the first deadline, whichever comes first."""
        first_deadline = min(c.deadline() for c in self.busy)
        timeout = max(0.0, first_deadline - time.perf_counter())
        ready = wait([c.replies for c in self.busy], timeout=timeout)
        done = [(c, c.receive()) for c in self.busy if c.replies in ready]
        now = time.perf_counter()
        done += [(c, c.abandon()) for c in self.busy if c.task is not None and c.deadline() <= now]
        for child, _ in done:
            self.busy.remove(child)
            if child.proc.poll() is None and child.done < MAX_TASKS_PER_CHILD:
                self.idle.append(child)
            elif child.proc.poll() is None:
                child.close()
        return [result for _, result in done]

    def release(self) -> None:
        """No more tasks: idle workers are told to exit (and do, while the run writes its
        outputs); `close` waits for them."""
        for child in self.idle:
            child.requests.close()

    def close(self) -> None:
        for child in self.busy:
            child.kill()
        for child in self.idle:
            child.close()
        self.busy, self.idle = [], []


class DaskExecutor:
    """The same tasks on a dask.distributed cluster: at `scheduler`, or a LocalCluster of
    `workers` single-threaded processes when no address is given."""

    def __init__(self, client: Any, as_completed: Any) -> None:
        self.client = client
        self.done = as_completed()
        self.tasks: dict[str, Task] = {}
        self.started: dict[str, float] = {}
        self._capacity = 1
        self._asked = -CAPACITY_REFRESH
        self._numbers = itertools.count()

    def capacity(self) -> int:
        """Two tasks per worker thread (one running, one waiting at the scheduler), asked
        of the cluster now and then: an adaptive cluster grows and shrinks."""
        now = time.perf_counter()
        if now - self._asked >= CAPACITY_REFRESH:
            self._capacity = 2 * max(1, sum(self.client.nthreads().values()))
            self._asked = now
        return self._capacity

    def in_flight(self) -> int:
        return len(self.tasks)

    def submit(self, task: Task) -> None:
        rank, number = task.id
        key = f"bulletin-{rank}-{number}-{next(self._numbers)}"
        future = self.client.submit(run_on_dask_worker, task, pure=False, key=key)
        self.tasks[future.key] = task
        self.started[future.key] = time.perf_counter()
        self.done.add(future)

    def release(self) -> None:
        pass  # the cluster is closed (or left running) when the run ends

    def collect(self) -> list[TaskResult]:
        results = []
        for future in self.done.next_batch(block=True):
            task = self.tasks.pop(future.key)
            started = self.started.pop(future.key)
            try:
                results.append(future.result())
            except Exception as exc:  # the worker was lost (KilledWorker) or the task failed
                error = WorkerDied(f"dask task failed ({type(exc).__name__}: {exc})")
                results.append(failed(task, error.located(file=task.source), started))
            future.release()
        return results


_worker_state = threading.local()


def run_on_dask_worker(task: Task) -> TaskResult:
    """Runs inside a dask worker: the task runs in that worker's own child process (kept
    across tasks, with its OCR model loaded), so a task that overruns its timeout can be
    killed without killing the dask worker."""
    child: ChildProcess | None = getattr(_worker_state, "child", None)
    if child is None or child.proc.poll() is not None:
        child = ChildProcess()
    result, usable = run_with_deadline(child, task)
    _worker_state.child = child if usable else None
    return result


@contextmanager
def executor(kind: ExecutorKind, workers: int, scheduler: str | None,
             connect_timeout: float = 10.0) -> Iterator[Executor]:
    """The executor for a run, started and, at the end, stopped with everything it started;
    a scheduler that cannot be reached, or does not answer as one, within `connect_timeout`
    seconds is an ExecutorError."""
    if kind is not ExecutorKind.DASK:
        if scheduler is not None:
            raise UsageError("--scheduler needs --executor dask")
        pool = LocalPool(workers)
        try:
            yield pool
        finally:
            pool.close()
        return
    with _dask_client(workers, scheduler, connect_timeout) as (client, as_completed):
        yield DaskExecutor(client, as_completed)


@contextmanager
def _dask_client(
    workers: int, scheduler: str | None, seconds: float
) -> Iterator[tuple[Any, Any]]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise EngineMissingError("--executor dask needs dask[distributed] installed") from exc
    cluster = None
    if scheduler is None:
        with _children_ignore_ctrl_c():
            cluster = LocalCluster(
                n_workers=max(1, workers), threads_per_worker=1, processes=True,
                dashboard_address=None,
                # its workers' warnings (tasks cancelled when the run stops) are ours to
                # report, in the run's words; errors still show
                silence_logs=logging.ERROR,
            )
    else:
        check_scheduler(scheduler, seconds)
    try:
        try:
            client = Client(cluster if cluster is not None else scheduler, timeout=seconds)
        except OSError as exc:
            message = f"cannot reach the dask scheduler at {scheduler}: {exc}"
            raise ExecutorError(message) from exc
        with client:
            yield client, as_completed
    finally:
        if cluster is not None:
            cluster.close()


@contextmanager
def _children_ignore_ctrl_c() -> Iterator[None]:
    """Processes started meanwhile ignore Ctrl-C (SIG_IGN survives exec, and Python keeps an
    inherited SIG_IGN): a LocalCluster's nannies and workers share the terminal's process
    group, and each would print a KeyboardInterrupt traceback of its own; the run stops
    them itself. A Ctrl-C in these seconds of start-up is lost (press it again)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def check_scheduler(address: str, seconds: float) -> None:
    """Make sure a dask scheduler answers at `address` within `seconds`, before a Client is
    made: distributed's Client bounds the TCP connect by its timeout but then waits for the
    scheduler's handshake without one (a server that accepts and stays silent hangs it for
    good), and reads whatever a non-dask service sends as message frames (a MemoryError
    for 3 EiB). Here the whole exchange (connect, handshake, an `identity` call) is bounded,
    and every way it fails is one ExecutorError."""
    import asyncio  # the dask path's only: a local run does without them
    import concurrent.futures

    where = f"the dask scheduler at {address}"
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # a loop of its own, always
        future = pool.submit(asyncio.run, _identity(address, seconds))
        try:
            identity = future.result()
        except (TimeoutError, asyncio.TimeoutError) as exc:
            raise ExecutorError(f"{where} did not answer within {seconds:g} s "
                                "(--connect-timeout); is it a dask scheduler?") from exc
        except ValueError as exc:  # distributed's parse_address: an unknown scheme
            raise ExecutorError(f"{where}: not a dask address ({exc})") from exc
        except OSError as exc:
            raise ExecutorError(f"cannot reach {where}: {exc}") from exc
        except Exception as exc:  # a garbled exchange: the service is not dask's
            raise ExecutorError(
                f"{where} answered, but not as a dask scheduler ({type(exc).__name__})"
            ) from exc
    if not isinstance(identity, dict) or identity.get("type") != "Scheduler":
        kind = identity.get("type") if isinstance(identity, dict) else type(identity).__name__
        raise ExecutorError(f"{where} answered, but as {kind!s}, not a dask scheduler")


async def _identity(address: str, seconds: float) -> Any:
    import asyncio

    from distributed.comm import connect

    async def ask() -> Any:
        comm = await connect(address, timeout=seconds)
        try:
            await comm.write({"op": "identity", "reply": True})
            return await comm.read()
        finally:
            comm.abort()

    # connect() gives up on an unreachable address by itself (OSError); the second more
    # is for a connection that is made but never answered
    return await asyncio.wait_for(ask(), timeout=seconds + 1.0)
