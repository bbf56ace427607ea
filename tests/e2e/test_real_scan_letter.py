"""A real 300-dpi scanned Chinese letter (pdfplumber's pr-136 example) that carries someone
else's invisible OCR layer: it is read by our OCR, its table found in the pixels, its text
read cleanly. Checked by eye against the page image."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.extract.file import extract_document
from goldens import PEERS
from bulletin.schemas.extracted import TextSource
from bulletin.schemas.settings import Settings

PDF = PEERS / "pdfplumber" / "pr-136-example.pdf"


@pytest.fixture(scope="module")
def pages():  # type: ignore[no-untyped-def]
    if not PDF.is_file():
        pytest.skip(f"{PDF} is missing")
    return extract_document(Path(PDF), PDF.name, Settings()).pages


def test_earlier_ocr_layer_is_replaced_by_our_reading(pages) -> None:  # type: ignore[no-untyped-def]
    assert all(p.text_source is TextSource.OCR for p in pages)
    assert "earlier OCR text layer" in pages[0].warnings[0]


def test_table_continued_over_two_pages_is_found_in_the_pixels(pages) -> None:  # type: ignore[no-untyped-def]
    assert [[(g.n_rows, g.n_cols) for g in p.grids] for p in pages] == [
        [(2, 6)], [(6, 6)], [], [], [], [],
    ]  # fmt: skip
    header = {c.text for c in pages[0].grids[0].cells if c.row == 0}
    assert {"金融机构", "融资起始日", "融资到期日", "备注"} <= header


def test_running_text_read_line_by_line(pages) -> None:  # type: ignore[no-untyped-def]
    lines = [line.text for line in pages[0].lines]
    for expected in (
        "2015年年度报告中有关财务事项的说明",
        "天健函〔2016〕306号",
        "菲达环保公司财务事项进行了审慎核查，现汇报如下。",
        "项下实际融资余额为1.57亿元，具体明细如下：",  # a full-width colon, as printed
    ):
        assert expected in lines
