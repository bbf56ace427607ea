"""A tesseract stand-in that replays recorded TSV, so unit tests run without tesseract.

It shares every line of parsing, strip packing and word joining with the real engine; only
the process call is replaced by the next recorded answer.
"""

from __future__ import annotations


import numpy as np

from bulletin.extract.ocr.tesseract import TesseractEngine


class ReplayEngine(TesseractEngine):
    name = "replay"

    def __init__(self, recordings: list[str], languages: str = "chi_sim+eng") -> None:
        super().__init__(languages)
        self._recordings = list(recordings)
        self.calls: list[list[str]] = []  # the arguments of each replayed call

    def _run(self, image: np.ndarray, dpi: float, args: list[str]) -> str:
        self.calls.append(args)
        if not self._recordings:
            raise AssertionError("replay engine ran out of recorded TSV")
        return self._recordings.pop(0)
