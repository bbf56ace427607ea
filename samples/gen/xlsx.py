"""An attached table as an Excel workbook (.xlsx), the way a statistics clerk
keeps it: 附件 label, title and 填报 line in merged rows above the table, the
header row repeated on every printed page (``_xlnm.Print_Titles``), merged
cells for district and street spans, numbers stored as numbers with a fixed
number of decimals (so 14385.8 prints as ``14385.80``), the 合计 row and each
district's rate as formulas with their cached values, A4 landscape fitted to
the page width, and manual page breaks where the source declares them.

Written by hand as SpreadsheetML parts in a deterministic zip; LibreOffice Calc
prints it to PDF (``office.convert``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from . import tablegrid
from .fonts import FAMILY
from .model import Bulletin, RankingTable
from .odf import attr, write_zip

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET = "排名表"
TOP_ROWS = 3  # 附件 label, title, 填报 line
NUMBER = re.compile(r"^-?\d+(?:\.(\d+))?$")
TEXT_KEYS = {"district", "street", "community", "completed", "street_head", "leader"}

# cellXfs indexes (styles.xml below)
S_LABEL, S_TITLE, S_NOTE_L, S_NOTE_R, S_HEAD, S_TEXT, S_INT, S_DEC1, S_DEC2 = range(1, 10)


def _col(k: int) -> str:
    name = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        name = chr(65 + r) + name
    return name


class _Strings:
    def __init__(self) -> None:
        self.items: list[str] = []
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]

    def xml(self) -> str:
        body = "".join(f'<si><t xml:space="preserve">{attr(s)}</t></si>' for s in self.items)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<sst xmlns="{MAIN}" count="{len(self.items)}" uniqueCount="{len(self.items)}">'
                f"{body}</sst>")


def _styles(font: str, size: float) -> str:
    fam = attr(FAMILY[font])

    def f(sz: float, bold: bool = False) -> str:
        return (f'<font>{"<b/>" if bold else ""}<sz val="{sz}"/><name val="{fam}"/>'
                '<family val="3"/><charset val="134"/></font>')

    thin = ('<border><left style="thin"><color indexed="64"/></left><right style="thin">'
            '<color indexed="64"/></right><top style="thin"><color indexed="64"/></top>'
            '<bottom style="thin"><color indexed="64"/></bottom><diagonal/></border>')
    centre = '<alignment horizontal="center" vertical="center" wrapText="1"/>'
    xfs = [
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
        '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
        f'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" '
        f'applyAlignment="1">{centre}</xf>',
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
        '<alignment horizontal="left" vertical="center"/></xf>',
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
        '<alignment horizontal="right" vertical="center"/></xf>',
        f'<xf numFmtId="0" fontId="2" fillId="0" borderId="1" xfId="0" applyFont="1" '
        f'applyBorder="1" applyAlignment="1">{centre}</xf>',
        f'<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" '
        f'applyAlignment="1">{centre}</xf>',
        f'<xf numFmtId="1" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" '
        f'applyBorder="1" applyAlignment="1">{centre}</xf>',
        f'<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" '
        f'applyBorder="1" applyAlignment="1">{centre}</xf>',
        f'<xf numFmtId="2" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" '
        f'applyBorder="1" applyAlignment="1">{centre}</xf>',
    ]
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<styleSheet xmlns="{MAIN}">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>'
            f'<fonts count="4">{f(size)}{f(18, True)}{f(size, True)}{f(13)}</fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            f"{thin}</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>")


def _number_style(text: str) -> int | None:
    m = NUMBER.match(text)
    if m is None:
        return None
    decimals = len(m.group(1) or "")
    return {0: S_INT, 1: S_DEC1, 2: S_DEC2}.get(decimals)


def _sheet(b: Bulletin, t: RankingTable, strings: _Strings) -> tuple[str, int]:
    tg = tablegrid.build(t)
    grid = tg.grid
    n_cols = len(grid.col_widths)
    last = _col(n_cols - 1)
    top = TOP_ROWS  # grid row r is sheet row top + r + 1
    cells: dict[tuple[int, int], str] = {}  # (sheet row, col) -> <c> xml
    merges: list[str] = []

    def put(row: int, col: int, style: int, text: str = "", formula: str | None = None) -> None:
        ref = f"{_col(col)}{row}"
        if formula is not None:
            cells[(row, col)] = f'<c r="{ref}" s="{style}"><f>{formula}</f><v>{text}</v></c>'
        elif text == "":
            cells[(row, col)] = f'<c r="{ref}" s="{style}"/>'
        elif style in (S_INT, S_DEC1, S_DEC2):
            cells[(row, col)] = f'<c r="{ref}" s="{style}"><v>{text}</v></c>'
        else:
            cells[(row, col)] = f'<c r="{ref}" s="{style}" t="s"><v>{strings(text)}</v></c>'

    put(1, 0, S_LABEL, t.label)
    put(2, 0, S_TITLE, t.title)
    merges.append(f"A2:{last}2")
    split = n_cols // 2
    put(3, 0, S_NOTE_L, b.sheet_note)
    merges.append(f"A3:{_col(split - 1)}3")
    put(3, split, S_NOTE_R, t.fill_date_text)
    merges.append(f"{_col(split)}3:{last}3")
    keys = t.column_keys()
    rate_formula = ("investment_completion_rate" in keys and "planned_investment" in keys
                    and "completed_investment" in keys)
    for c in grid.cells:
        row, col = top + c.row + 1, c.col
        header = c.row < grid.header_rows
        key = keys[col]
        style = S_HEAD if header else S_TEXT
        if not header and key not in TEXT_KEYS and c.text:
            style = _number_style(c.text) or S_TEXT
        formula = None
        if not header and rate_formula and key == "investment_completion_rate" and c.text:
            p = f"{_col(keys.index('planned_investment'))}{row}"
            d = f"{_col(keys.index('completed_investment'))}{row}"
            formula = f"{d}/{p}*100"
        elif not header and c.row == tg.total_row and key in t.total.values \
                and NUMBER.match(c.text):
            first = top + grid.header_rows + 1
            formula = f"SUM({_col(col)}{first}:{_col(col)}{row - 1})"
        if formula is not None and c.text:
            put(row, col, style, _cached(c.text, formula, t, key), formula)
        else:
            put(row, col, style, c.text)
        for r in range(row, row + c.rowspan):
            for k in range(col, col + c.colspan):
                if (r, k) != (row, col):
                    put(r, k, style)
        if c.rowspan > 1 or c.colspan > 1:
            merges.append(f"{_col(col)}{row}:{_col(col + c.colspan - 1)}{row + c.rowspan - 1}")
    n_rows = top + grid.n_rows
    heights = {1: 22, 2: 30, 3: 20}
    rows_xml = []
    for r in range(1, n_rows + 1):
        ht = heights.get(r, 34 if r <= top + grid.header_rows else b.style.table_min_row_height)
        row_cells = "".join(cells[(r, k)] for k in range(n_cols) if (r, k) in cells)
        rows_xml.append(f'<row r="{r}" ht="{ht}" customHeight="1">{row_cells}</row>')
    cols = "".join(f'<col min="{k + 1}" max="{k + 1}" width="{w / 5.6:.2f}" customWidth="1"/>'
                   for k, w in enumerate(grid.col_widths))
    assert t.pages is not None
    brk_rows = [top + tg.community_rows[i] for i in t.pages.breaks]  # break after this row
    breaks = "".join(f'<brk id="{r}" max="16383" man="1"/>' for r in brk_rows)
    row_breaks = (f'<rowBreaks count="{len(brk_rows)}" manualBreakCount="{len(brk_rows)}">'
                  f"{breaks}</rowBreaks>") if brk_rows else ""
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
           '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
           f'<dimension ref="A1:{last}{n_rows}"/>'
           '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
           f'<sheetFormatPr defaultRowHeight="{b.style.table_min_row_height}"/>'
           f"<cols>{cols}</cols><sheetData>{''.join(rows_xml)}</sheetData>"
           f'<mergeCells count="{len(merges)}">'
           + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
           '<printOptions horizontalCentered="1"/>'
           '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.7" header="0.3" footer="0.35"/>'
           '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
           "<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>"
           f"{row_breaks}</worksheet>")
    return xml, grid.header_rows


def _cached(text: str, formula: str, t: RankingTable, key: str) -> str:
    """The value a spreadsheet caches for a formula cell: the exact quotient for a
    rate (its number format rounds it for print), the printed sum for a total."""
    if formula.startswith("SUM("):
        return text
    # a rate: the quotient at full precision, from the row's printed operands
    for values in [*(d.values for d in t.districts), t.total.values]:
        if values.get(key) == text:
            q = (Decimal(values["completed_investment"]) / Decimal(values["planned_investment"])
                 * 100)
            return f"{q:.12f}".rstrip("0").rstrip(".")
    raise ValueError(f"no row prints {key} {text}")


def write_xlsx(b: Bulletin, path: Path) -> None:
    """Write ``path`` (an .xlsx) holding the bulletin's single table."""
    (t,) = b.tables
    strings = _Strings()
    sheet, header_rows = _sheet(b, t, strings)
    first, last = TOP_ROWS + 1, TOP_ROWS + header_rows
    font = b.style.table_font or b.style.font
    stamp = f"{t.fill_date}T08:00:00Z"
    members = [
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
         'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
         'officedocument.spreadsheetml.sheet.main+xml"/>'
         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
         'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
         '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
         'officedocument.spreadsheetml.styles+xml"/>'
         '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
         'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
         '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
         'package.core-properties+xml"/></Types>'),
        ("_rels/.rels",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{PKG_REL}">'
         f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
         'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'),
        ("docProps/core.xml",
         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
         'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
         'xmlns:dcterms="http://purl.org/dc/terms/" '
         'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
         f"<dc:title>{attr(t.title)}</dc:title><dc:creator>{attr(b.sheet_note)}</dc:creator>"
         f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
         f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
         "</cp:coreProperties>"),
        ("xl/workbook.xml",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{MAIN}" '
         f'xmlns:r="{REL}"><sheets><sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets>'
         '<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'
         f"'{SHEET}'!${first}:${last}</definedName></definedNames></workbook>"),
        ("xl/_rels/workbook.xml.rels",
         f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{PKG_REL}">'
         f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
         f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>'
         f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
         "</Relationships>"),
        ("xl/styles.xml", _styles(font, b.style.table_font_size)),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings.xml()),
    ]
    write_zip(path, [(n, x.encode()) for n, x in members], stored_first=False)
