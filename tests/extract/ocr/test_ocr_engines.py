"""OCR engines behind one interface: the engine table, tesseract's TSV quirks (replayed, no
tesseract needed), batching (one process per strip, never per cell), and the real engines
on a few rendered crops."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from goldens import needs_tesseract

from bulletin.extract.ocr import ENGINES, get_engine, installed
from bulletin.extract.ocr.base import tidy_spaces
from bulletin.extract.ocr.replay import ReplayEngine
from bulletin.extract.ocr.strip import pack, slot_of
from bulletin.extract.ocr.tsv import parse_tsv, text_and_confidence
from bulletin.schemas.errors import EngineMissingError, OcrError
from bulletin.schemas.settings import Settings

HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)


def tsv(*words: tuple[int, int, int, int, int, float, str]) -> str:
    """Rows (line, left, top, width, height, conf, text) as tesseract prints them."""
    rows = [HEADER]
    for i, (line, left, top, width, height, conf, text) in enumerate(words):
        rows.append(
            f"5\t1\t1\t1\t{line}\t{i + 1}\t{left}\t{top}\t{width}\t{height}\t{conf}\t{text}"
        )
    return "\n".join(rows) + "\n"


def test_spaces_inside_numbers_and_between_han_are_removed() -> None:
    words = parse_tsv(
        tsv(
            (1, 10, 5, 20, 30, 96, "1."),
            (1, 36, 5, 30, 30, 91, "57"),
            (2, 10, 50, 30, 30, 90, "海"),
            (2, 44, 50, 30, 30, 88, "北"),
        )
    )
    text, confidence = text_and_confidence(words)
    assert text == "1.57海北"
    assert confidence == pytest.approx((2 * 0.96 + 2 * 0.91 + 0.90 + 0.88) / 6)  # per character


def test_latin_words_keep_one_space_and_minus_one_confidence_is_zero() -> None:
    words = parse_tsv(tsv((1, 0, 0, 40, 20, 95, "Line"), (1, 60, 0, 10, 20, -1, "5")))
    assert text_and_confidence(words) == ("Line 5", pytest.approx(4 * 0.95 / 5))
    assert text_and_confidence([]) == ("", 0.0)


def test_tidy_spaces() -> None:
    assert tidy_spaces("累计完成投资额 (万元)") == "累计完成投资额(万元)"
    assert tidy_spaces("4 077 010.89") == "4077010.89"
    assert tidy_spaces("Total  Assets") == "Total Assets"


def test_strip_packs_crops_and_maps_words_back() -> None:
    crops = [np.zeros((20, 50), np.uint8), np.zeros((30, 80), np.uint8)]
    ((canvas, slots),) = pack(crops, gap=10)
    assert canvas.shape == (10 + 20 + 10 + 30 + 10, 80 + 20)
    assert slot_of(slots, 25, 10).index == 0  # type: ignore[union-attr]
    assert slot_of(slots, 55, 10).index == 1  # type: ignore[union-attr]


def test_replay_reads_a_batch_with_one_call_and_digits_with_another() -> None:
    crops = [np.full((20, 60), 255, np.uint8) for _ in range(3)]
    # slots on the strip: rows 24-44, 68-88, 112-132
    first = tsv(
        (1, 30, 26, 20, 16, 95, "海北"),
        (2, 30, 70, 20, 16, 40, "1O3"),
        (3, 30, 114, 20, 16, 93, "9"),
    )
    engine = ReplayEngine([first, tsv((1, 30, 26, 20, 16, 97, "103"))])
    reads = engine.read_lines(crops, 300)
    assert reads[0] == ("海北", 0.95) and reads[2] == ("9", 0.93)
    assert engine.calls[0][:2] == ["-l", "chi_sim"]  # text crops: the Han model alone
    again = engine.read_lines([crops[1]], 300, digits=True)
    assert again == [("103", pytest.approx(0.97))]
    assert len(engine.calls) == 2
    assert any("tessedit_char_whitelist=0123456789.-%" in a for a in engine.calls[1])


def test_unknown_and_missing_engines_raise_engine_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(ENGINES) == {"tesseract", "rapidocr"}
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "rapidocr" else real(name, *a),
    )
    with pytest.raises(EngineMissingError, match=r"rapidocr package.*installed engines: tesseract"):
        get_engine(Settings(ocr="rapidocr"))
    assert "rapidocr" not in installed()


def _line(text: str, height: int = 48) -> np.ndarray:
    """A rendered line of text in a CJK font, as a grey crop."""
    font = _cjk_font(int(height * 0.7))
    img = Image.new("L", (int(height * 0.8 * len(text)) + 20, height), 255)
    ImageDraw.Draw(img).text((10, height * 0.12), text, font=font, fill=0)
    return np.array(img)


def _cjk_font(size: int) -> ImageFont.FreeTypeFont:
    import glob

    for pattern in [
        "/usr/share/fonts/**/*[Cc][Jj][Kk]*",
        "/usr/share/fonts/**/*[Ss]ong*",
        "/usr/share/fonts/**/*[Hh]ei*",
        "/usr/share/fonts/**/*wqy*",
    ]:
        for path in glob.glob(pattern, recursive=True):
            try:
                return ImageFont.truetype(path, size)
            except OSError:
                continue
    pytest.skip("no CJK font installed to render test lines")


LINES = ["海北街道", "15152", "90.95", "曹慧贤"]


@needs_tesseract
def test_tesseract_reads_a_batch_of_lines_in_one_process() -> None:
    engine = get_engine(Settings(ocr="tesseract"))
    reads = engine.read_lines([_line(t) for t in LINES], 300)
    assert [t for t, _ in reads][1:3] == ["15152", "90.95"]
    assert all(0.0 <= c <= 1.0 for _, c in reads)


NO_RAPIDOCR = importlib.util.find_spec("rapidocr") is None


@pytest.mark.skipif(NO_RAPIDOCR, reason="no rapidocr")
def test_rapidocr_reads_the_same_lines() -> None:
    engine = get_engine(Settings(ocr="rapidocr"))
    reads = engine.read_lines([_line(t) for t in LINES], 300)
    assert [t for t, _ in reads] == LINES
    digits = engine.read_lines([_line("90.95"), _line("海北")], 300, digits=True)
    assert digits[0][0] == "90.95" and set(digits[1][0]) <= set("0123456789.-%")


@pytest.mark.skipif(NO_RAPIDOCR, reason="no rapidocr")
def test_rapidocr_scores_a_number_read_by_its_least_sure_character() -> None:
    engine = get_engine(Settings(ocr="rapidocr"))
    crop = _line("2382.3")
    ((text, weakest),) = engine.read_numbers([crop], 300)
    ((same, mean),) = engine.read_lines([crop], 300, digits=True)
    assert text == same == "2382.3"
    assert 0.0 < weakest <= mean


@pytest.mark.skipif(NO_RAPIDOCR, reason="no rapidocr")
def test_rapidocr_alphabet_is_simplified_chinese() -> None:
    """The multilingual recogniser never answers a traditional-only form, kana or emoji."""
    from bulletin.extract.ocr.rapidocr import readable

    assert all(readable(ch) for ch in "厦区乾著于堃1a，。、（）%—·℃①")
    assert not any(readable(ch) for ch in "廈區門號樓裡ロエカ🛄")


@pytest.mark.skipif(NO_RAPIDOCR, reason="no rapidocr")
def test_rapidocr_loads_from_the_wheel_without_any_network() -> None:
    """Models come from the wheel's folder by path: no download code path, no connection."""
    import os
    import subprocess
    import sys

    script = """
import socket, numpy as np
import rapidocr.utils.download_file as download
def refuse(*args, **kwargs):
    raise SystemExit("network or download attempted")
socket.socket.connect = refuse
download.DownloadFile.run = refuse
from bulletin.extract.ocr import get_engine
from bulletin.schemas.settings import Settings
engine = get_engine(Settings(ocr="rapidocr"))
engine.read_lines([np.full((40, 120), 255, np.uint8)], 300)
print("ok")
"""
    proxy = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **proxy},
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


@needs_tesseract
def test_tesseract_failure_is_an_ocr_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A crashing tesseract (here a program that exits 1) becomes OcrError with its code."""
    import bulletin.extract.ocr.tesseract as module

    monkeypatch.setattr(module.shutil, "which", lambda name: "/bin/false")
    engine = get_engine(Settings(ocr="tesseract"))
    with pytest.raises(OcrError, match=r"tesseract failed \(exit 1\)"):
        engine.read_lines([_line("1")], 300)
