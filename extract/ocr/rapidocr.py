"""RapidOCR: PP-OCR models in ONNX, shipped inside the `rapidocr` wheel (3.x).

The wheel holds one text detector, one line-orientation classifier and one recogniser,
PP-OCRv6 "small", multilingual: its alphabet has 18,708 characters - simplified and
traditional Han, kana, Latin, emoji. Everything is loaded from the wheel's own folder by
path, so nothing is ever downloaded.

The page pipeline finds its lines itself (rulings, projections), so only the recogniser runs,
on line crops; the detector is never loaded. The recogniser is driven here directly on
onnxruntime, with rapidocr's own preprocessing (height 48, aspect kept, padded right) and
greedy CTC decoding, for one thing rapidocr cannot do: restrict the alphabet. Bulletins are
printed in simplified Chinese, and a multilingual model splits its belief between the two
forms of one character (厦 read as 廈 at 0.66 against 0.34), so traditional-only forms, kana
and pictographs are never read; digit reads get the digit alphabet.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from bulletin.extract.ocr.base import DIGITS, OcrEngine, allowed_threads, tidy_spaces
from bulletin.schemas.errors import OcrError
from bulletin.schemas.text import is_han

REC_MODEL = "PP-OCRv6_rec_small.onnx"
REC_HEIGHT = 48  # the recogniser's input height
# Crops narrower than 160 px (at 48 px high) are padded to that width instead of rapidocr's
# 320: table cells are short, and this halves the recogniser's work with the same readings.
REC_MIN_WIDTH = 160

_MODELS: dict[str, Any] = {}  # loaded once per process: building an ONNX session takes ~0.5 s


def _models_dir() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).parent / "models"


class _Recogniser:
    """The wheel's recogniser on onnxruntime, one crop per run, alphabet masked."""

    def __init__(self, path: Path) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        # One thread: spinning ONNX threads fight the page workers for the cores.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(
            str(path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.input = self.session.get_inputs()[0].name
        meta = self.session.get_modelmeta().custom_metadata_map
        # CTC classes: blank, the model's characters, space (as rapidocr decodes them)
        self.alphabet = ["", *meta["character"].splitlines(), " "]
        self.text_mask = np.array([ch == "" or readable(ch) for ch in self.alphabet])
        self.digit_mask = np.array([ch == "" or ch in DIGITS for ch in self.alphabet])

    def __call__(
        self, crop: np.ndarray, digits: bool, weakest: bool = False
    ) -> tuple[str, float]:
        """Text and mean character probability, as rapidocr scores a line (`weakest`: the
        least character probability)."""
        probs = self.session.run(None, {self.input: _normalised(crop)})[0][0]  # steps x classes
        mask = self.digit_mask if digits else self.text_mask
        best = probs.argmax(axis=1)
        score = probs[np.arange(len(best)), best]
        barred = ~mask[best]
        if barred.any():  # only those steps are re-decided: masking every step costs 50% more
            rows = probs[barred] * mask
            total = rows.sum(axis=1)
            best[barred] = rows.argmax(axis=1)
            # p(class | allowed classes): 厦 at 0.34 beside 廈 at 0.66 is a sure 厦
            score[barred] = rows.max(axis=1) / np.maximum(total, 1e-12)
        keep = best != 0
        keep[1:] &= best[1:] != best[:-1]  # CTC: repeats collapse, blanks drop
        if not keep.any():
            return "", 0.0
        text = "".join(self.alphabet[i] for i in best[keep])
        return text, float(score[keep].min() if weakest else score[keep].mean())


@lru_cache(maxsize=None)
def readable(ch: str) -> bool:
    """Whether a simplified-Chinese bulletin can print `ch`: not a traditional-only Han
    form (one that GB 2312 lacks and that has a simplified form), kana or a pictograph."""
    import zhconv

    cp = ord(ch[0])
    if 0x3040 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF:  # hiragana, katakana
        return False
    if cp >= 0x1F000 or 0x2600 <= cp <= 0x27BF:  # emoji, pictographs, dingbats
        return False
    if is_han(ch[0]):
        try:
            ch.encode("gb2312")
            return True
        except UnicodeEncodeError:
            return zhconv.convert(ch, "zh-hans") == ch
    return True


def _normalised(crop: np.ndarray) -> np.ndarray:
    """rapidocr's recogniser input: BGR, height 48 with the aspect kept, scaled to [-1, 1],
    padded right with 0 to at least REC_MIN_WIDTH."""
    image = cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR) if crop.ndim == 2 else crop
    h, w = image.shape[:2]
    width = max(REC_MIN_WIDTH, int(REC_HEIGHT * w / max(h, 1)))
    resized_w = min(width, int(math.ceil(REC_HEIGHT * w / max(h, 1))))
    resized = cv2.resize(image, (max(resized_w, 1), REC_HEIGHT)).astype(np.float32)
    out = np.zeros((1, 3, REC_HEIGHT, width), dtype=np.float32)
    out[0, :, :, : resized.shape[1]] = resized.transpose(2, 0, 1) / 127.5 - 1.0
    return out


def _recogniser() -> _Recogniser:
    if "rec" not in _MODELS:
        _MODELS["rec"] = _Recogniser(_models_dir() / REC_MODEL)
    rec: _Recogniser = _MODELS["rec"]
    return rec


class RapidOcrEngine(OcrEngine):
    name = "rapidocr"
    second_reads = False
    reads_alone = True

    def read_lines(
        self, crops: list[np.ndarray], dpi: float, digits: bool = False
    ) -> list[tuple[str, float]]:
        return self._read(crops, digits, weakest=False)

    def read_numbers(self, crops: list[np.ndarray], dpi: float) -> list[tuple[str, float]]:
        return self._read(crops, digits=True, weakest=True)

    def _read(
        self, crops: list[np.ndarray], digits: bool, weakest: bool
    ) -> list[tuple[str, float]]:
        if not crops:
            return []
        rec = _recogniser()

        def one(crop: np.ndarray) -> tuple[str, float]:  # crops come padded
            try:
                text, score = rec(crop, digits, weakest)
            except Exception as exc:
                raise OcrError(f"rapidocr recogniser failed: {exc}") from exc
            text = tidy_spaces(text)
            return text, min(1.0, max(0.0, score)) if text else 0.0

        threads = min(allowed_threads(), len(crops))
        if threads == 1:
            return [one(crop) for crop in crops]
        # onnxruntime runs one session on several threads at once, each crop as it would
        # alone (one intra-op thread each), and releases the GIL while it does
        return list(_pool(threads).map(one, crops))


@lru_cache(maxsize=2)
def _pool(threads: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(threads, thread_name_prefix="rapidocr")
