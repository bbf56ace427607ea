"""RapidOCR (PP-OCR models in ONNX, shipped inside the rapidocr_onnxruntime wheel).

Its text detector costs ~0.5 s a call, its recogniser a few ms per line crop; the page
pipeline finds lines itself (rulings, projections) and calls only the recogniser.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from bulletin.extract.ocr.base import DIGITS, OcrEngine, tidy_spaces
from bulletin.schemas.errors import OcrError

_MODEL: Any = None  # loaded once per process: building the ONNX sessions takes ~1 s


def _model() -> Any:
    global _MODEL
    if _MODEL is None:
        from rapidocr_onnxruntime import RapidOCR

        # One thread per session: spinning ONNX threads fight the page workers for the cores.
        # Crops narrower than 160 px (at 48 px high) are padded to that width instead of the
        # default 320, and each crop is its own batch (no padding to the widest of six):
        # table cells are short, and this halves the recogniser's work with the same
        # readings on the samples.
        _MODEL = RapidOCR(
            intra_op_num_threads=1,
            inter_op_num_threads=1,
            rec_img_shape=[3, 48, 160],
            rec_batch_num=1,
        )
    return _MODEL


class RapidOcrEngine(OcrEngine):
    name = "rapidocr"
    second_reads = False

    def read_lines(
        self, crops: list[np.ndarray], dpi: float, digits: bool = False
    ) -> list[tuple[str, float]]:
        if not crops:
            return []
        try:
            results, _ = _model().text_rec([_bgr(c) for c in crops])  # crops come padded
        except Exception as exc:
            raise OcrError(f"rapidocr recogniser failed: {exc}") from exc
        out = []
        for text, score in results:
            score = float(min(1.0, max(0.0, score)))
            if digits:
                kept = "".join(ch for ch in text if ch in DIGITS)
                if kept != text:
                    score = min(score, 0.5)
                text = kept
            text = tidy_spaces(text)
            out.append((text, score if text else 0.0))
        return out


def _bgr(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image
