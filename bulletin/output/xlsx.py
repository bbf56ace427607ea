"""A streaming SpreadsheetML (.xlsx) writer for the cells bulletin.xlsx holds.

bulletin.xlsx needs a small part of the format: typed cells (text, numbers, booleans, dates),
a number format per cell, bold and centred-and-wrapped cells, merged ranges and a frozen header
row. openpyxl builds a Python object per cell and serialises each through an XML tree, about
15 µs a cell: it was the largest cost of a text-layer run (half a second for three bulletins,
2.6 s for an 85-page table). This writer formats each row straight into the sheet's zip entry
as it comes, so memory holds one row and the shared strings, never the sheet.

What it writes is what Excel itself writes for such cells: shared strings, one style record
per combination used, cell references on every cell. The zip entries carry zipfile's fixed
1980-01-01 date and the document properties a fixed creation date, so the same cells give the
same bytes. Text is written as given: making it safe for a spreadsheet (no formula, no control
byte) is the caller's job (cells.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, NamedTuple

Value = str | int | float | bool | dt.date | None

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_DOC_TYPE = "application/vnd.openxmlformats-officedocument"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_DATE_ZERO = dt.date(1899, 12, 30)  # Excel's day 0 in the 1900 date system (after its leap bug)
_FIRST_CUSTOM_FORMAT = 164  # ids below are Excel's built-in number formats
# `_x0041_` in a cell is read by Excel as the escape of `A`; a literal one is escaped itself
_ESCAPE_LIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")


class Style(NamedTuple):
    """How a cell looks: its number format (None: General), bold, centred and wrapped. (A
    tuple: it is looked up once a cell, and a tuple hashes in C.)"""

    number_format: str | None = None
    bold: bool = False
    centered: bool = False


def column_letters(col: int) -> str:
    """`1` -> `A`, `27` -> `AA` (1-based)."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Sheet:
    """One worksheet being written: rows in ascending order, merges kept for the end."""

    def __init__(self, book: Book, stream: IO[bytes]) -> None:
        self._book = book
        self._stream = stream
        self._last_row = 0
        self._merges: list[str] = []
        self._letters: list[str] = [""]

    def row(self, row: int, cells: Iterable[tuple[int, Value, Style | None]]) -> None:
        """Write row `row` (1-based, above every row written before) of (col, value, style)
        cells in ascending column order; a None value is written only when it has a style."""
        if row <= self._last_row:
            raise ValueError(f"row {row} after row {self._last_row}")
        self._last_row = row
        parts = [f'<row r="{row}">']
        for col, value, style in cells:
            parts.append(self._cell(f"{self._letter(col)}{row}", value, style))
        parts.append("</row>")
        self._stream.write("".join(parts).encode())

    def merge(self, top: int, left: int, bottom: int, right: int) -> None:
        self._merges.append(f"{self._letter(left)}{top}:{self._letter(right)}{bottom}")

    def _letter(self, col: int) -> str:
        while len(self._letters) <= col:
            self._letters.append(column_letters(len(self._letters)))
        return self._letters[col]

    def _cell(self, ref: str, value: Value, style: Style | None) -> str:
        s = "" if style is None else f' s="{self._book.style_id(style)}"'
        if value is None:
            return f'<c r="{ref}"{s}/>' if s else ""
        if isinstance(value, bool):
            return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, int | float):
            return f'<c r="{ref}"{s}><v>{_number(value)}</v></c>'
        if isinstance(value, dt.date):
            return f'<c r="{ref}"{s}><v>{(value - _DATE_ZERO).days}</v></c>'
        return f'<c r="{ref}"{s} t="s"><v>{self._book.string_id(value)}</v></c>'

    def close(self) -> None:
        tail = ["</sheetData>"]
        if self._merges:
            tail.append(f'<mergeCells count="{len(self._merges)}">')
            tail.extend(f'<mergeCell ref="{m}"/>' for m in self._merges)
            tail.append("</mergeCells>")
        tail.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
                    'footer="0.5"/></worksheet>')
        self._stream.write("".join(tail).encode())
        self._stream.close()


class Book:
    """A workbook written sheet after sheet into memory; `bytes()` finishes it."""

    def __init__(self, created: dt.datetime) -> None:
        self._created = created
        self._buffer = io.BytesIO()
        self._zip = zipfile.ZipFile(self._buffer, "w", zipfile.ZIP_DEFLATED)
        self._sheets: list[str] = []
        self._strings: dict[str, int] = {}
        self._string_refs = 0
        self._styles: dict[Style, int] = {Style(): 0}

    @contextmanager
    def sheet(self, name: str, frozen_rows: int = 0) -> Iterator[Sheet]:
        """A new sheet named `name` (unique, at most 31 characters: the caller's), its top
        `frozen_rows` rows frozen; it is finished when the block ends."""
        self._sheets.append(name)
        stream = self._zip.open(f"xl/worksheets/sheet{len(self._sheets)}.xml", "w")
        stream.write((_DECLARATION + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
                      + _sheet_view(frozen_rows) + '<sheetFormatPr defaultRowHeight="15"/>'
                      "<sheetData>").encode())
        sheet = Sheet(self, stream)
        yield sheet
        sheet.close()

    def string_id(self, text: str) -> int:
        self._string_refs += 1
        found = self._strings.get(text)
        if found is None:
            found = self._strings[text] = len(self._strings)
        return found

    def style_id(self, style: Style) -> int:
        found = self._styles.get(style)
        if found is None:
            found = self._styles[style] = len(self._styles)
        return found

    def bytes(self) -> bytes:
        if not self._sheets:
            raise ValueError("a workbook needs at least one sheet")
        parts = {
            "xl/sharedStrings.xml": self._shared_strings(),
            "xl/styles.xml": _styles_xml(list(self._styles)),
            "xl/workbook.xml": _workbook_xml(self._sheets),
            "xl/_rels/workbook.xml.rels": _workbook_rels(len(self._sheets)),
            "docProps/core.xml": _core_xml(self._created),
            "docProps/app.xml": _APP_XML,
            "_rels/.rels": _ROOT_RELS,
            "[Content_Types].xml": _content_types(len(self._sheets)),
        }
        for name, text in parts.items():
            with self._zip.open(name, "w") as stream:
                stream.write(text.encode())
        self._zip.close()
        return self._buffer.getvalue()

    def _shared_strings(self) -> str:
        items = "".join(f"<si>{_text_element(t)}</si>" for t in self._strings)
        return (_DECLARATION + f'<sst xmlns="{_MAIN}" count="{self._string_refs}" '
                f'uniqueCount="{len(self._strings)}">{items}</sst>')


def _escape(text: str) -> str:
    """Text as XML character data (xml.sax.saxutils' escape, without its import of urllib)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _quoteattr(text: str) -> str:
    """Text as a double-quoted XML attribute value."""
    return '"' + _escape(text).replace('"', "&quot;") + '"'


def _number(value: int | float) -> str:
    """The shortest text that reads back as `value`; `6120.0` as `6120`, as Excel writes it."""
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def _text_element(text: str) -> str:
    if "_x" in text:
        text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    body = _escape(text)
    if text != text.strip() or "\n" in text:
        return f'<t xml:space="preserve">{body}</t>'
    return f"<t>{body}</t>"


def _sheet_view(frozen_rows: int) -> str:
    if not frozen_rows:
        return '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
    top = f"A{frozen_rows + 1}"
    return ('<sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="{frozen_rows}" topLeftCell="{top}" activePane="bottomLeft" '
            f'state="frozen"/><selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>'
            "</sheetView></sheetViews>")


def _styles_xml(styles: list[Style]) -> str:
    formats = list(dict.fromkeys(s.number_format for s in styles if s.number_format))
    format_id = {f: _FIRST_CUSTOM_FORMAT + i for i, f in enumerate(formats)}
    num_fmts = "".join(f'<numFmt numFmtId="{format_id[f]}" formatCode={_quoteattr(f)}/>'
                       for f in formats)
    xfs = []
    for style in styles:
        fmt = format_id.get(style.number_format or "", 0)
        attrs = (f'numFmtId="{fmt}" fontId="{int(style.bold)}" fillId="0" borderId="0" '
                 'xfId="0"' + (' applyNumberFormat="1"' if fmt else "")
                 + (' applyFont="1"' if style.bold else ""))
        if style.centered:
            xfs.append(f'<xf {attrs} applyAlignment="1"><alignment horizontal="center" '
                       'vertical="center" wrapText="1"/></xf>')
        else:
            xfs.append(f"<xf {attrs}/>")
    font = '<sz val="11"/><name val="Calibri"/><family val="2"/>'
    return (_DECLARATION + f'<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(formats)}">{num_fmts}</numFmts>' if formats else "")
            + f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
            f'borderId="0"/></cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}'
            '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>")


def _workbook_xml(names: list[str]) -> str:
    sheets = "".join(f'<sheet name={_quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
                     for i, name in enumerate(names, start=1))
    return (_DECLARATION + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
            f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
            "</workbook>")


def _workbook_rels(sheets: int) -> str:
    rels = [f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, sheets + 1)]
    rels.append(f'<Relationship Id="rId{sheets + 1}" Type="{_REL}/styles" Target="styles.xml"/>')
    rels.append(f'<Relationship Id="rId{sheets + 2}" Type="{_REL}/sharedStrings" '
                'Target="sharedStrings.xml"/>')
    return _DECLARATION + f'<Relationships xmlns="{_PKG_REL}">{"".join(rels)}</Relationships>'


def _core_xml(created: dt.datetime) -> str:
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (_DECLARATION + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
            'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            "</cp:coreProperties>")


def _content_types(sheets: int) -> str:
    sml = f"{_DOC_TYPE}.spreadsheetml"
    overrides = [
        ("/xl/workbook.xml", f"{sml}.sheet.main+xml"),
        *((f"/xl/worksheets/sheet{i}.xml", f"{sml}.worksheet+xml")
          for i in range(1, sheets + 1)),
        ("/xl/styles.xml", f"{sml}.styles+xml"),
        ("/xl/sharedStrings.xml", f"{sml}.sharedStrings+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{_DOC_TYPE}.extended-properties+xml"),
    ]
    body = "".join(f'<Override PartName="{part}" ContentType="{kind}"/>'
                   for part, kind in overrides)
    return (_DECLARATION + f'<Types xmlns="{_CT}">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f"{body}</Types>")


_ROOT_RELS = (
    _DECLARATION + f'<Relationships xmlns="{_PKG_REL}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_APP_XML = (
    _DECLARATION + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>bulletin</Application></Properties>'
)
