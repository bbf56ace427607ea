"""Probe lines read upside down only when the turned reads could change the verdict."""

from __future__ import annotations

import numpy as np

from bulletin.extract.ocr.base import OcrEngine
from bulletin.extract.ocr.batch import read_all


class Recorder(OcrEngine):
    """Reads every crop as the same text at a fixed confidence; records each call's size."""

    name = "recorder"
    second_reads = False

    def __init__(self, confidence: float, alone: bool) -> None:
        super().__init__()
        self.confidence, self.calls = confidence, []
        self.reads_alone = alone  # type: ignore[misc]

    def read_lines(self, crops, dpi, digits=False):  # type: ignore[no-untyped-def]
        self.calls.append(len(crops))
        return [("字" * 5, self.confidence) for _ in crops]


def _lines(count: int) -> list[np.ndarray]:
    return [np.full((40, 240), 255, np.uint8) for _ in range(count)]


def test_sure_upright_probes_are_not_read_turned() -> None:
    engine = Recorder(0.9, alone=True)
    result = read_all(engine, _lines(6), 300, 0.8)
    assert engine.calls == [6] and not result.upside_down


def test_unsure_probes_are_read_turned_too() -> None:
    engine = Recorder(0.6, alone=True)
    result = read_all(engine, _lines(6), 300, 0.8)
    assert engine.calls == [6, 4] and not result.upside_down  # same reads both ways up


def test_an_engine_packing_crops_reads_everything_in_one_call() -> None:
    engine = Recorder(0.9, alone=False)
    read_all(engine, _lines(6), 300, 0.8)
    assert engine.calls == [10]
