"""OUT/bulletin.xlsx: the combined tables as typed Excel sheets, and each ranking table as printed.

One sheet per output CSV (read back from the CSV just written, so the sheet is the CSV): numbers
are numbers whose number format shows the decimals as printed (`4949.834` -> 0.000), booleans are
booleans, dates are dates, everything else is text (never a formula: text that a spreadsheet
would take for one starts with `'`, see cells.py). Then one sheet per ranking
table of the counted documents, laid out as printed (see `ranking_layout`): title, header rows
with their group cells merged, one row per community with district and street cells merged over
their rows, the 合计 values last.

The file is written by xlsx.py (deterministic: the same outputs give the same bytes).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from bulletin.output.cells import cell_text
from bulletin.output.layout import ranking_layout
from bulletin.output.tables import OUTPUT_TABLES, ColumnKind, column_kind, value_column_kind
from bulletin.output.xlsx import Book, Sheet, Style
from bulletin.schemas.document import Document, RankingTable

FILE_NAME = "bulletin.xlsx"
_EPOCH = dt.datetime(2000, 1, 1)  # the workbook's created/modified: fixed, for identical bytes
_SHEET_NAME_MAX = 31
_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\" + "".join(map(chr, range(32))) + "\x7f"})
_NUMERIC = {ColumnKind.DECIMAL, ColumnKind.INTEGER, ColumnKind.SCORE}
_HEADER = Style(bold=True)
_PLAIN = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")  # digits, at most one point

Typed = str | int | float | bool | dt.date | None


EXCEL_ROWS = 1_048_576  # rows a worksheet holds


def workbook_bytes(out: Path, docs: Iterable[Document]) -> tuple[bytes, list[str]]:
    """The workbook of an output folder whose CSVs are already written, with a sheet per
    ranking table of `docs` (the counted documents, in source order), and the names of the
    tables left out because they have more rows than a worksheet holds (an archive's
    cells.csv, say: those are for the CSVs and the data package)."""
    book = Book(created=_EPOCH)
    too_long = []
    for table in OUTPUT_TABLES:
        path = out / table.file_name
        if not path.is_file():
            continue
        if _lines(path) > EXCEL_ROWS:
            too_long.append(table.file_name)
            continue
        with book.sheet(table.name, frozen_rows=1) as sheet:
            _csv_sheet(sheet, path)
    names = {t.name for t in OUTPUT_TABLES}
    for doc in docs:
        for ranking in doc.tables:
            with book.sheet(_sheet_name(doc, ranking, names)) as sheet:
                _ranking_sheet(sheet, ranking)
    return book.bytes(), too_long


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
            return _number(text, kind)
        if kind is ColumnKind.BOOLEAN and text in ("true", "false"):
            return text == "true", None
        if kind is ColumnKind.DATE:
            return dt.date.fromisoformat(text), "yyyy-mm-dd"
    except (InvalidOperation, ValueError):
        pass
    return text, None


def _number(text: str, kind: ColumnKind) -> tuple[Typed, str | None]:
    """A number and the format showing its printed decimals (`4949.834` -> 0.000)."""
    if _PLAIN.fullmatch(text):  # most cells: the decimals are counted, no Decimal needed
        places = len(text.partition(".")[2])
        value: int | float = float(text)
    else:  # 1e3, 1.5E-2, 12. (or not a number: InvalidOperation)
        exact = Decimal(text)
        places = max(0, -int(exact.as_tuple().exponent))
        value = float(exact)
    if not math.isfinite(value):
        return text, None  # beyond a double (1e400): Excel would show it wrongly
    if kind is ColumnKind.INTEGER and places == 0:
        value = int(Decimal(text))
    return value, "0." + "0" * places if places else "0"


def _csv_sheet(sheet: Sheet, path: Path) -> None:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, [])
        kinds = [column_kind(c) for c in header]
        sheet.row(1, ((c, name, _HEADER) for c, name in enumerate(header, start=1)))
        styles: dict[str | None, Style | None] = {None: None}
        for r, row in enumerate(reader, start=2):
            cells = []
            for c, (text, kind) in enumerate(zip(row, kinds, strict=True), start=1):
                value, number_format = typed_cell(text, kind)
                style = styles.get(number_format)
                if style is None and number_format is not None:
                    style = styles[number_format] = Style(number_format=number_format)
                cells.append((c, value, style))
            sheet.row(r, cells)


def _ranking_sheet(sheet: Sheet, table: RankingTable) -> None:
    rows: dict[int, dict[int, tuple[Typed, Style]]] = {}  # a cell laid out twice: the last
    for cell in ranking_layout(table):
        kind = ColumnKind.TEXT if cell.kind is None else value_column_kind(cell.kind)
        value, number_format = typed_cell(cell.text, kind)
        if isinstance(value, str):
            value = cell_text(value)  # the CSV's cells are already; the ranking sheets' are now
        style = Style(number_format=number_format, bold=cell.header, centered=True)
        rows.setdefault(cell.row + 1, {})[cell.col + 1] = value, style
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge(cell.row + 1, cell.col + 1, cell.row + cell.rowspan,
                        cell.col + cell.colspan)
    for r in sorted(rows):
        sheet.row(r, ((c, *rows[r][c]) for c in sorted(rows[r])))


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
