"""Spreadsheet cells and JSON names made safe (issue 14): what a user would check in a CSV
opened in Excel, and in the json/ folder."""

from __future__ import annotations

import os

import pytest

from bulletin.output.cells import cell_text
from bulletin.output.names import json_relative, shown, source_text


@pytest.mark.parametrize("text", ["-12.5", "+3", "-1e3", "4949.834", ".5", "合计", "a=b", ""])
def test_numbers_and_plain_text_stay_as_they_are(text: str) -> None:
    assert cell_text(text) == text


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-",
                                  "-2.pdf", "@SUM(A1)", "\tx", "\rx", "- 12"])
def test_what_a_spreadsheet_would_run_gets_a_leading_quote(text: str) -> None:
    assert cell_text(text) == "'" + text


def test_control_bytes_are_escaped_and_newlines_kept() -> None:
    assert cell_text("a\x00b\x1bc\nd\te") == "a\\x00b\\x1bc\nd\te"


def test_json_names_are_bounded_and_distinct() -> None:
    long = "中" * 83 + ".pdf"
    names = {json_relative(s) for s in ("a.pdf", "a.pdf.json/b.pdf", "a.pdf.json~/b.pdf",
                                        long, "x/" + long)}
    assert len(names) == 5
    assert "a.pdf.json" in names and "a.pdf.json~/b.pdf.json" in names
    for name in names:
        assert all(len(part.encode()) <= 255 for part in name.split("/"))
        assert not any(part.endswith(".json") for part in name.split("/")[:-1])


def test_undecodable_bytes_and_control_characters_are_shown_escaped() -> None:
    assert source_text(os.fsdecode(b"bad\xff.pdf")) == "bad\\xff.pdf"
    assert shown("esc\x1b[31m\nred\u202e.pdf") == "esc\\x1b[31m\\nred\\u202e.pdf"
    assert shown("乌海 2021.pdf") == "乌海 2021.pdf"
