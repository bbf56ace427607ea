"""The run's last tasks may read on the cores that idle workers leave; earlier ones may not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.run.scheduler import Scheduler
from bulletin.run.tasks import Task, TaskResult
from bulletin.schemas.settings import Settings


class Recording:
    """An executor of two slots that finishes tasks in the order they were handed out."""

    def __init__(self) -> None:
        self.handed: list[Task] = []
        self.running: list[Task] = []

    def capacity(self) -> int:
        return 2

    def in_flight(self) -> int:
        return len(self.running)

    def submit(self, task: Task) -> None:
        self.handed.append(task)
        self.running.append(task)

    def collect(self) -> list[TaskResult]:
        task = self.running.pop(0)
        return [TaskResult(task.id, task.source)]

    def release(self) -> None:
        pass


def test_only_a_task_with_nothing_behind_it_gets_the_tail_threads() -> None:
    executor = Recording()
    scheduler = Scheduler(executor, lambda task: 10.0, tail_threads=2)
    scheduler.add(Task(id=(0, n), source="f.pdf", path="f.pdf", settings=Settings())
                  for n in range(5))
    while scheduler.busy():
        scheduler.step()
    assert [t.threads for t in executor.handed] == [1, 1, 1, 1, 2]
    assert all(t.timeout == 10.0 for t in executor.handed)


def test_the_recogniser_reads_the_same_on_two_threads() -> None:
    pytest.importorskip("rapidocr")
    from bulletin.extract.ocr.base import threads_allowed
    from bulletin.extract.ocr.rapidocr import RapidOcrEngine
    from bulletin.extract.scan.layout import crop, lay_out
    from bulletin.extract.scan.preprocess import prepare
    from bulletin.extract.scan.raster import render_pdf_page

    scan = Path(__file__).parents[2] / "samples" / "scans" / "wuhai-2021-56-300dpi.pdf"
    layout = lay_out(prepare(render_pdf_page(scan, 2, 300, 10**9)))
    crops = [crop(layout, b.box) for b in layout.boxes[:12]]
    engine = RapidOcrEngine()
    alone = engine.read_lines(crops, 300)
    with threads_allowed(2):
        together = engine.read_lines(crops, 300)
    assert together == alone and sum(bool(text) for text, _ in alone) >= 8
