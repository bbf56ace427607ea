"""What runs next: tasks wait in priority order and go to the executor as it has room.

The order (Task.priority) finishes files rather than starting them: a file's normalising
first, then the files in run order (largest first) and each file's pages in page order. So
a few files are in progress at any time (memory stays bounded, a killed run loses little),
while every worker has a page to read as long as any file has one left: the pages of one
file spread over all workers, and the end of a batch is a handful of pages, not a big file.

A task handed out when nothing waits behind it is among the run's last (files are planned
while tasks wait, scheduler.waiting()): the workers that finish before it would idle, so it
may read its lines on `tail_threads` threads, and the run ends sooner than its slowest page.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import replace

from bulletin.run.executors import Executor
from bulletin.run.tasks import Task, TaskResult


class Scheduler:
    def __init__(
        self, executor: Executor, budget: Callable[[Task], float | None], tail_threads: int = 1
    ) -> None:
        """`budget(task)` is the seconds the task may run, or None to drop it (its file has
        ended meanwhile); `tail_threads` are the cores a last task may use."""
        self.executor = executor
        self.budget = budget
        self.tail_threads = tail_threads
        self._heap: list[tuple[tuple[int, int, int], int, Task]] = []
        self._pushed = 0

    def add(self, tasks: Iterable[Task]) -> None:
        for task in tasks:
            self._pushed += 1
            heapq.heappush(self._heap, (task.priority, self._pushed, task))

    def waiting(self) -> int:
        return len(self._heap)

    def busy(self) -> bool:
        return bool(self._heap) or self.executor.in_flight() > 0

    def step(self) -> list[TaskResult]:
        """Hand out what the executor has room for, then wait for what finishes next."""
        while self._heap and self.executor.in_flight() < self.executor.capacity():
            task = heapq.heappop(self._heap)[2]
            seconds = self.budget(task)
            if seconds is not None:
                threads = 1 if self._heap else self.tail_threads
                self.executor.submit(replace(task, timeout=seconds, threads=threads))
        if self.executor.in_flight() == 0:
            return []
        return self.executor.collect()
