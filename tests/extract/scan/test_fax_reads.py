"""A low-resolution black-and-white page (a fax) is read twice, as scanned and smoothed and
enlarged; where the two reads differ, a third, lighter view decides by agreeing with one of
them, not the more confident read alone (营 read as 莒 enlarged, more confidently than as 营
scanned)."""

from __future__ import annotations

import cv2
import numpy as np

from bulletin.extract.ocr.base import OcrEngine
from bulletin.extract.scan.layout import lay_out, low_resolution_bilevel
from bulletin.extract.scan.preprocess import prepare
from bulletin.extract.scan.raster import Raster
from bulletin.extract.scan.readings import decided, with_enlarged_reads


class Scripted(OcrEngine):
    """Answers each call with the next scripted list of reads; records each call's size."""

    name = "scripted"

    def __init__(self, answers: list[list[tuple[str, float]]]) -> None:
        super().__init__()
        self.answers, self.calls = list(answers), []

    def read_lines(self, crops, dpi, digits=False):  # type: ignore[no-untyped-def]
        self.calls.append(len(crops))
        answer = self.answers.pop(0)
        assert len(answer) == len(crops)
        return answer


def _crops(count: int) -> list[np.ndarray]:
    return [np.full((23, 80), 255, np.uint8) for _ in range(count)]


def test_two_reads_that_agree_outvote_a_more_confident_one() -> None:
    scanned, enlarged = ("穆家营子居委会", 0.93), ("穆家莒子居委会", 0.95)
    assert decided(scanned, enlarged, ("穆家营子居委会", 0.97)) == ("穆家营子居委会", 0.97)
    assert decided(scanned, ("穆家莒子居委会", 0.99), ("穆家营子居委会", 0.90)) == scanned
    assert decided(("街遵", 0.83), ("街道", 0.82), ("街道", 0.9)) == ("街道", 0.9)


def test_a_third_read_agreeing_with_neither_leaves_the_more_confident_as_it_was() -> None:
    """No evidence either way: the read stands as it would without the third, its confidence
    untouched (a lone rank `4` read surely must stay a sure number, not become "unsure" and
    be taken for a Mongolian mark)."""
    assert decided(("4", 0.95), ("", 0.0), ("A", 0.3)) == ("4", 0.95)
    assert decided(("振兴街遵", 0.83), ("振兴街道", 0.97), ("振兴街嫌", 0.86)) == ("振兴街道", 0.97)


def test_only_the_lines_whose_two_reads_differ_are_read_a_third_time() -> None:
    first = [("富强社区", 0.97), ("穆家营子居委会", 0.93), ("完工率", 0.98)]
    engine = Scripted(
        [
            [("富强社区", 0.99), ("穆家莒子居委会", 0.95), ("完工率", 0.99)],  # enlarged
            [("穆家营子居委会", 0.97)],  # lighter, the second line only
        ]
    )
    out = with_enlarged_reads(engine, _crops(3), first, 150.0)
    assert engine.calls == [3, 1]
    assert out == [("富强社区", 0.99), ("穆家营子居委会", 0.97), ("完工率", 0.99)]


def test_lines_read_alike_take_no_third_call() -> None:
    engine = Scripted([[("是", 0.99), ("否", 0.9)]])
    out = with_enlarged_reads(engine, _crops(2), [("是", 0.98), ("否", 0.95)], 150.0)
    assert engine.calls == [2] and out == [("是", 0.99), ("否", 0.95)]


def _page(dpi: float, grey: bool) -> Raster:
    """A page with a few lines of ink strokes: black and white, or with grey edges."""
    inch = int(dpi)
    gray = np.full((11 * inch, int(8.5 * inch)), 255, np.uint8)
    for y in range(2 * inch, 4 * inch, inch // 4):
        for x in range(inch, 6 * inch, inch // 6):
            gray[y : y + inch // 10, x : x + inch // 12] = 0
    if grey:
        gray = cv2.GaussianBlur(gray, (0, 0), 1.0)
    return Raster(pixels=np.dstack([gray] * 3), dpi=dpi, number=1)


def test_a_black_and_white_page_below_200_dpi_is_read_as_a_fax() -> None:
    assert low_resolution_bilevel(lay_out(prepare(_page(150, grey=False))))


def test_a_grey_page_or_a_fine_bilevel_one_is_not() -> None:
    assert not low_resolution_bilevel(lay_out(prepare(_page(150, grey=True))))
    assert not low_resolution_bilevel(lay_out(prepare(_page(300, grey=False))))
