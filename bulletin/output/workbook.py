"""OUT/bulletin.xlsx: the combined tables as typed Excel sheets, and each ranking table as printed.

One sheet per output CSV (read back from the CSV just written, so the sheet is the CSV): numbers
are numbers whose number format shows the decimals as printed (`4949.834` -> 0.000), booleans are
booleans, dates are dates, everything else is text (never a formula: text that a spreadsheet
would take for one starts with `'`, see cells.py). Then one sheet per ranking
table of the counted documents, laid out as printed (see `ranking_layout`): title, header rows
with their group cells merged, one row per community with district and street cells merged over
their rows, the 合计 values last.

The file is deterministic: the workbook's dates are fixed and the zip entries carry one fixed
timestamp, so the same outputs give the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import os
import zipfile
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from bulletin.output.cells import cell_text
from bulletin.output.layout import ranking_layout
from bulletin.output.tables import OUTPUT_TABLES, ColumnKind, column_kind, value_column_kind
from bulletin.schemas.document import Document, RankingTable

FILE_NAME = "bulletin.xlsx"
_EPOCH = dt.datetime(2000, 1, 1)  # the workbook's created/modified: fixed, for identical bytes
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SHEET_NAME_MAX = 31
_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\" + "".join(map(chr, range(32))) + "\x7f"})
_NUMERIC = {ColumnKind.DECIMAL, ColumnKind.INTEGER, ColumnKind.SCORE}

Typed = str | int | float | bool | dt.date | None


EXCEL_ROWS = 1_048_576  # rows a worksheet holds


def workbook_bytes(out: Path, docs: Iterable[Document]) -> tuple[bytes, list[str]]:
    """The workbook of an output folder whose CSVs are already written, with a sheet per
    ranking table of `docs` (the counted documents, in source order), and the names of the
    tables left out because they have more rows than a worksheet holds (an archive's
    cells.csv, say: those are for the CSVs and the data package)."""
    book = Workbook()
    book.remove(book.active)
    book.properties.created = book.properties.modified = _EPOCH
    too_long = []
    for table in OUTPUT_TABLES:
        path = out / table.file_name
        if not path.is_file():
            continue
        if _lines(path) > EXCEL_ROWS:
            too_long.append(table.file_name)
            continue
        _csv_sheet(book.create_sheet(table.name), path)
    names = {t.name for t in OUTPUT_TABLES}
    for doc in docs:
        for ranking in doc.tables:
            _ranking_sheet(book.create_sheet(_sheet_name(doc, ranking, names)), ranking)
    return _fixed_timestamps(_save(book)), too_long


def _lines(path: Path) -> int:
    if not path.is_file():
        return 0
    with path.open("rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def typed_cell(text: str, kind: ColumnKind) -> tuple[Typed, str | None]:
    """A CSV cell as an Excel value and its number format; text that does not parse as its
    kind stays text (nothing is invented)."""
    if text == "":
        return None, None
    try:
        if kind in _NUMERIC:
            number = Decimal(text)
            places = max(0, -int(number.as_tuple().exponent))
            if kind is ColumnKind.INTEGER and places == 0:
                return int(number), "0"
            return float(number), "0." + "0" * places if places else "0"
        if kind is ColumnKind.BOOLEAN and text in ("true", "false"):
            return text == "true", None
        if kind is ColumnKind.DATE:
            return dt.date.fromisoformat(text), "yyyy-mm-dd"
    except (InvalidOperation, ValueError):
        pass
    return text, None


def _csv_sheet(sheet: Worksheet, path: Path) -> None:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        kinds = [column_kind(c) for c in header]
        for c, name in enumerate(header, start=1):
            _put(sheet, 1, c, name, None).font = Font(bold=True)
        for r, row in enumerate(reader, start=2):
            for c, (text, kind) in enumerate(zip(row, kinds, strict=True), start=1):
                _put(sheet, r, c, *typed_cell(text, kind))
    sheet.freeze_panes = "A2"


def _ranking_sheet(sheet: Worksheet, table: RankingTable) -> None:
    for cell in ranking_layout(table):
        kind = ColumnKind.TEXT if cell.kind is None else value_column_kind(cell.kind)
        target = _put(sheet, cell.row + 1, cell.col + 1, *typed_cell(cell.text, kind))
        target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if cell.header:
            target.font = Font(bold=True)
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=cell.row + 1, start_column=cell.col + 1,
                end_row=cell.row + cell.rowspan, end_column=cell.col + cell.colspan,
            )


def _put(sheet: Worksheet, row: int, col: int, value: Typed, number_format: str | None) -> Cell:
    cell = sheet.cell(row=row, column=col)
    if isinstance(value, str):
        value = cell_text(value)  # the CSV's cells are already; the ranking sheets' are now
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # `=SUM(...)` in a name is text, never a formula
    if number_format is not None:
        cell.number_format = number_format
    return cell


def _sheet_name(doc: Document, table: RankingTable, taken: set[str]) -> str:
    """`<table index> <source>` cut to Excel's 31 characters, unique within the workbook."""
    base = f"{table.index} {Path(doc.source).stem}".translate(_FORBIDDEN)[:_SHEET_NAME_MAX]
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        suffix = f"~{n}"
        name = base[: _SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def _save(book: Workbook) -> bytes:
    """openpyxl's save without its `modified = now` (ExcelWriter is what save_workbook uses)."""
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(book, archive).save()
    except Exception as exc:
        raise _as_os_error(exc) from exc
    return buf.getvalue()


def _as_os_error(exc: Exception) -> Exception:
    """openpyxl writes each sheet through a temporary file; with lxml installed a failed write
    (a full disk) comes back as `SerialisationError('IO_ENOSPC')`, which is the disk's error,
    not a bug: it is turned into the OSError it stands for, so the run reports it as one."""
    name = str(exc)
    if type(exc).__name__ == "SerialisationError" and name.startswith("IO_"):
        code = getattr(errno, name[3:], errno.EIO)
        return OSError(code, os.strerror(code))
    return exc


def _fixed_timestamps(data: bytes) -> bytes:
    """The same zip with every entry dated _ZIP_TIME (zipfile stamps entries with `now`)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
