"""A table longer than an Excel sheet costs the workbook that sheet only, with a warning."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from bulletin.output import extras, workbook
from bulletin.output.writers import csv_bytes


def test_a_table_longer_than_a_sheet_is_left_out_of_the_workbook_alone(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(workbook, "EXCEL_ROWS", 3)  # a sheet of 3 rows stands in for 1,048,576
    (tmp_path / "documents.csv").write_bytes(csv_bytes(["source"], [{"source": "a.pdf"}]))
    cells = [{"source": "a.pdf", "text": str(i)} for i in range(5)]
    (tmp_path / "cells.csv").write_bytes(csv_bytes(["source", "text"], cells))
    files, warnings = extras.extra_files(tmp_path, [])
    book = openpyxl.load_workbook(io.BytesIO(dict(files)[workbook.FILE_NAME]))
    assert book.sheetnames == ["documents"]
    assert [c.value for c in book["documents"]["A"]] == ["source", "a.pdf"]
    assert warnings == [f"{workbook.FILE_NAME} has no sheet for cells.csv: more rows than an "
                        "Excel sheet holds (3)"]
