"""The xlsx writer read back by openpyxl and pandas (the readers analysts use): every kind of
value, styles, merges, the frozen header, text that looks like XML or like Excel's escapes,
and the same bytes for the same cells."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from bulletin.output.xlsx import Book, Style, column_letters

TRICKY = ["a & b <c>", "  leading and trailing  ", "two\nlines", "_x0041_ stays", "鄂尔多斯"]


def _book() -> bytes:
    book = Book(created=dt.datetime(2000, 1, 1))
    with book.sheet("data", frozen_rows=1) as sheet:
        sheet.row(1, [(1, "name", Style(bold=True)), (2, "value", Style(bold=True))])
        for r, text in enumerate(TRICKY, start=2):
            sheet.row(r, [(1, text, None), (2, r * 1.5, Style(number_format="0.00"))])
        sheet.row(8, [(1, True, None), (2, dt.date(2021, 4, 30), Style("yyyy-mm-dd"))])
        sheet.row(9, [(1, 6120.0, Style("0")), (2, None, None), (28, 7, None)])
    with book.sheet("laid out") as sheet:
        sheet.row(1, [(1, "title", Style(bold=True, centered=True)),
                      (2, None, Style(centered=True))])
        sheet.merge(1, 1, 1, 2)
    return book.bytes()


def test_values_styles_and_layout_read_back_in_openpyxl() -> None:
    book = openpyxl.load_workbook(io.BytesIO(_book()))
    assert book.sheetnames == ["data", "laid out"]
    data = book["data"]
    assert data.freeze_panes == "A2"
    assert data["A1"].font.b and data["A1"].value == "name"
    assert [data.cell(r, 1).value for r in range(2, 7)] == TRICKY
    assert data["B2"].value == 3.0 and data["B2"].number_format == "0.00"
    assert data["A8"].value is True and data["B8"].value == dt.datetime(2021, 4, 30)
    assert data["A9"].value == 6120 and data["A9"].data_type == "n"
    assert data["B9"].value is None and data["AB9"].value == 7
    laid = book["laid out"]
    assert [str(r) for r in laid.merged_cells.ranges] == ["A1:B1"]
    assert laid["A1"].alignment.horizontal == "center" and laid["A1"].alignment.wrap_text


def test_pandas_reads_a_sheet_as_a_table() -> None:
    frame = pd.read_excel(io.BytesIO(_book()), sheet_name="data", nrows=5)
    assert list(frame.columns) == ["name", "value"]
    assert frame["name"].tolist() == TRICKY
    assert frame["value"].tolist() == [3.0, 4.5, 6.0, 7.5, 9.0]


def test_the_same_cells_give_the_same_bytes() -> None:
    assert _book() == _book()


def test_rows_go_down_only() -> None:
    book = Book(created=dt.datetime(2000, 1, 1))
    with book.sheet("s") as sheet:
        sheet.row(2, [(1, "x", None)])
        with pytest.raises(ValueError, match="row 2 after row 2"):
            sheet.row(2, [(1, "y", None)])


@pytest.mark.parametrize(("col", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (702, "ZZ"),
                                              (703, "AAA"), (16384, "XFD")])
def test_column_letters(col: int, letters: str) -> None:
    assert column_letters(col) == letters


def test_text_like_an_excel_escape_is_escaped_itself() -> None:
    """Excel reads `_x0041_` in a cell as `A` (ECMA-376's ST_Xstring); openpyxl reads it
    as is, so the part itself is checked: the underscore is written as its own escape."""
    with zipfile.ZipFile(io.BytesIO(_book())) as archive:
        strings = archive.read("xl/sharedStrings.xml").decode()
    assert "<t>_x005F_x0041_ stays</t>" in strings
    assert '<t xml:space="preserve">  leading and trailing  </t>' in strings
    assert "<t>a &amp; b &lt;c&gt;</t>" in strings
