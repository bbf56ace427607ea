"""A bulletin as an OpenDocument text file (.odt), the way a clerk types it in
a word processor: red-head paragraphs, body text with a first-line indent, the
attachment list, signature and 成文日期, then each attached table on a landscape
page (``table:table-header-rows`` repeat on every page the table runs onto,
vertical merges split at page breaks by the word processor itself), and the
版记 under the last table.

The file is written deterministically (fixed member order and timestamps); the
PDF is then made from it by LibreOffice (``office.convert``). Table cells come
from the same ``tablegrid.build`` as the reportlab route, so both routes have
the same merged cells.
"""

from __future__ import annotations

from pathlib import Path

from . import tablegrid
from .fonts import FAMILY, register, width
from .model import Bulletin, FooterStyle, MongolianHeader, RankingTable
from .odf import attr, odf_text, write_zip

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'office:version="1.3"')
RED = "#db0000"
GENERATOR = "bulletin samples/generate.py"

# GB/T 9704 page: A4, text block 156 x 225 mm
PORTRAIT = {"w": 210, "h": 297, "top": 37, "bottom": 30, "left": 28, "right": 26}
FOOTER_PT = 14.0


def _fonts(keys: list[str]) -> str:
    return "".join(
        f'<style:font-face style:name="{attr(FAMILY[k])}" '
        f'svg:font-family="{attr(chr(39) + FAMILY[k] + chr(39))}"/>'
        for k in dict.fromkeys(keys))


def _text_props(font: str, size: float, color: str = "#000000", bold: bool = False) -> str:
    """Run properties with the same font for Latin, CJK and complex scripts
    (Mongolian is complex for LibreOffice); Mongolian paragraphs pass its font."""
    fam = attr(FAMILY[font])
    weight = ('fo:font-weight="bold" style:font-weight-asian="bold" '
              'style:font-weight-complex="bold" ') if bold else ""
    return (f'<style:text-properties style:font-name="{fam}" style:font-name-asian="{fam}" '
            f'style:font-name-complex="{fam}" fo:font-size="{size}pt" '
            f'style:font-size-asian="{size}pt" style:font-size-complex="{size}pt" '
            f'fo:color="{color}" {weight}fo:language="zh" fo:country="CN" '
            f'style:language-asian="zh" style:country-asian="CN"/>')


def _pstyle(name: str, para: str, text: str, master: str | None = None,
            right_tab: float | None = None) -> str:
    """An automatic paragraph style; ``right_tab`` (points) adds a right-aligned tab stop."""
    m = f' style:master-page-name="{master}"' if master else ""
    props = f"<style:paragraph-properties {para}/>"
    if right_tab is not None:
        props = (f"<style:paragraph-properties {para}><style:tab-stops><style:tab-stop "
                 f'style:position="{right_tab:.1f}pt" style:type="right"/></style:tab-stops>'
                 "</style:paragraph-properties>")
    return (f'<style:style style:name="{name}" style:family="paragraph" '
            f'style:parent-style-name="Standard"{m}>{props}{text}</style:style>')


def _para(style: str, text: str) -> str:
    return f'<text:p text:style-name="{style}">{odf_text(text)}</text:p>'


class _Doc:
    """Collects automatic styles and body XML of content.xml."""

    def __init__(self, b: Bulletin) -> None:
        self.b = b
        s = b.style
        self.font = s.font
        self.title_font = s.title_font or s.font
        self.heading_font = s.heading_font or s.font
        self.table_font = s.table_font or s.font
        self.styles: list[str] = []
        self.body: list[str] = []

    # -- front matter -----------------------------------------------------------------------
    def front(self) -> None:
        b, s = self.b, self.b.style
        size, lead = s.body_size, s.body_leading
        text_w = (PORTRAIT["w"] - PORTRAIT["left"] - PORTRAIT["right"]) / 25.4 * 72
        st = self.styles
        st.append(_pstyle("PMongol", 'fo:text-align="center" fo:margin-bottom="2pt"',
                          _text_props("mongolian", 15, RED)))
        issuer = min(36.0, text_w / len(b.issuer_line))
        st.append(_pstyle("PIssuer", 'fo:text-align="center" fo:line-height="130%" '
                          'fo:margin-bottom="20pt"', _text_props(self.title_font, issuer, RED)))
        st.append(_pstyle("PDocNo", f'fo:text-align="center" fo:line-height="{lead}pt" '
                          f'fo:padding-bottom="6pt" fo:border-bottom="1.6pt solid {RED}" '
                          'fo:margin-bottom="24pt"', _text_props(self.font, size)))
        st.append(_pstyle("PTitle", 'fo:text-align="center" fo:line-height="32pt"',
                          _text_props(self.title_font, 21)))
        st.append(_pstyle("PAddr", f'fo:margin-top="16pt" fo:line-height="{lead}pt"',
                          _text_props(self.font, size)))
        st.append(_pstyle("PBody", f'fo:text-indent="{2 * size}pt" fo:line-height="{lead}pt" '
                          'fo:text-align="justify"', _text_props(self.font, size)))
        st.append(_pstyle("PHead", f'fo:text-indent="{2 * size}pt" fo:line-height="{lead}pt"',
                          _text_props(self.heading_font, size)))
        hang = 5 * size  # 附件： after the 2-character indent
        st.append(_pstyle("PAtt1", f'fo:margin-top="{lead}pt" fo:margin-left="{hang}pt" '
                          f'fo:text-indent="{-3 * size}pt" fo:line-height="{lead}pt"',
                          _text_props(self.font, size)))
        st.append(_pstyle("PAtt", f'fo:margin-left="{hang}pt" fo:line-height="{lead}pt"',
                          _text_props(self.font, size)))
        if b.mongolian_line and not b.mongolian_below:
            self.body.append(_para("PMongol", b.mongolian_line))
        self.body.append(_para("PIssuer", b.issuer_line))
        if b.mongolian_line and b.mongolian_below:
            self.body.append(_para("PMongol", b.mongolian_line))
        number = b.doc_number if b.doc_number_centered or not b.signer else \
            f"{b.doc_number}    签发人：{b.signer}"
        self.body.append(_para("PDocNo", number))
        self.body += [_para("PTitle", line) for line in b.title_lines]
        self.body.append(_para("PAddr", b.addressee))
        for p in b.body:
            self.body.append(_para("PHead" if p.kind == "heading" else "PBody", p.text))
        numbered = len(b.attachments) > 1
        for i, name in enumerate(b.attachments):
            item = f"{i + 1}. {name}" if numbered else name
            self.body.append(_para("PAtt1", "附件：" + item) if i == 0 else _para("PAtt", item))
        if b.signature is not None:
            f = register(self.font)
            date_w = width(b.signature.date_text, f, size)
            name_w = width(b.signature.name, f, size)
            right = 4 * size
            st.append(_pstyle("PSigName", f'fo:text-align="end" fo:margin-top="{lead}pt" '
                              f'fo:margin-right="{right + (date_w - name_w) / 2:.2f}pt" '
                              f'fo:line-height="{lead}pt" fo:keep-with-next="always"',
                              _text_props(self.font, size)))
            st.append(_pstyle("PSigDate", f'fo:text-align="end" fo:margin-right="{right}pt" '
                              f'fo:line-height="{lead}pt"', _text_props(self.font, size)))
            self.body.append(_para("PSigName", b.signature.name))
            self.body.append(_para("PSigDate", b.signature.date_text))

    # -- attached tables --------------------------------------------------------------------
    def table(self, ti: int, t: RankingTable) -> None:
        s = self.b.style
        st = self.styles
        if ti == 0:
            st.append(_pstyle("PLabel", 'fo:line-height="24pt"',
                              _text_props(self.heading_font, 15), master="Landscape"))
            st.append(_pstyle("PTTitle", 'fo:text-align="center" fo:line-height="30pt" '
                              'fo:margin-bottom="4pt"', _text_props(self.title_font, 17)))
            table_w = sum(c.width for c in t.columns)
            top, right, bottom, left = s.table_margins_mm
            inset = max(0.0, ((297 - left - right) / 25.4 * 72 - table_w) / 2)
            st.append(_pstyle("PFill", f'fo:line-height="18pt" fo:margin-bottom="3pt" '
                              f'fo:margin-left="{inset:.1f}pt" fo:margin-right="{inset:.1f}pt"',
                              _text_props(self.font, 11), right_tab=table_w))
            st.append(_pstyle("PCell", 'fo:text-align="center" fo:line-height="115%"',
                              _text_props(self.table_font, s.table_font_size)))
            st.append(_pstyle("PHeadCell", 'fo:text-align="center" fo:line-height="115%"',
                              _text_props(self.heading_font, s.table_font_size)))
            st.append(_pstyle("PCellMn", 'fo:text-align="center" fo:line-height="115%" '
                              'fo:margin-bottom="1pt"',
                              _text_props("mongolian", round(s.table_font_size * 0.8, 1))))
            st.append('<style:style style:name="RowH" style:family="table-row">'
                      '<style:table-row-properties fo:keep-together="always"/></style:style>')
            st.append('<style:style style:name="Row" style:family="table-row">'
                      f'<style:table-row-properties style:min-row-height="'
                      f'{s.table_min_row_height}pt" fo:keep-together="always"/></style:style>')
            st.append('<style:style style:name="Cell" style:family="table-cell">'
                      '<style:table-cell-properties style:vertical-align="middle" '
                      'fo:padding-left="2pt" fo:padding-right="2pt" fo:padding-top="1.5pt" '
                      'fo:padding-bottom="1.5pt" fo:border="0.5pt solid #000000"/></style:style>')
        name = f"Tab{ti + 1}"
        total_w = sum(c.width for c in t.columns)
        st.append(f'<style:style style:name="{name}" style:family="table">'
                  f'<style:table-properties style:width="{total_w}pt" table:align="center"/>'
                  '</style:style>')
        for k, c in enumerate(t.columns):
            st.append(f'<style:style style:name="{name}.C{k}" style:family="table-column">'
                      f'<style:table-column-properties style:column-width="{c.width}pt"/>'
                      '</style:style>')
        label = t.label
        if t.label_inline:
            self.body.append(_para("PLabel", ""))
            self.body.append(_para("PTTitle", label + t.title))
        else:
            self.body.append(_para("PLabel", label))
            self.body.append(_para("PTTitle", t.title))
        fill = t.fill_date_text + ("\t" + t.unit_note if t.unit_note else "")
        self.body.append(f'<text:p text:style-name="PFill">'
                         f'{odf_text(fill).replace(chr(9), "<text:tab/>")}</text:p>')
        self.body.append(self._grid(name, t))

    def _grid(self, name: str, t: RankingTable) -> str:
        tg = tablegrid.build(t)
        grid = tg.grid
        n_cols = len(grid.col_widths)
        at: dict[tuple[int, int], tablegrid.GridCell] = {}
        covered: set[tuple[int, int]] = set()
        for c in grid.cells:
            at[(c.row, c.col)] = c
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    if (r, k) != (c.row, c.col):
                        covered.add((r, k))
        out = [f'<table:table table:name="{name}" table:style-name="{name}">']
        out += [f'<table:table-column table:style-name="{name}.C{k}"/>' for k in range(n_cols)]
        for r in range(grid.n_rows):
            if r == 0:
                out.append("<table:table-header-rows>")
            header = r < grid.header_rows
            out.append(f'<table:table-row table:style-name="{"RowH" if header else "Row"}">')
            for k in range(n_cols):
                if (r, k) in covered:
                    out.append("<table:covered-table-cell/>")
                    continue
                c = at[(r, k)]
                span = ""
                if c.rowspan > 1:
                    span += f' table:number-rows-spanned="{c.rowspan}"'
                if c.colspan > 1:
                    span += f' table:number-columns-spanned="{c.colspan}"'
                out.append(f'<table:table-cell table:style-name="Cell" '
                           f'office:value-type="string"{span}>')
                # a column's own label cell (not a group cell) carries its Mongolian label
                if (header and c.colspan == 1 and c.script == "text"
                        and t.mongolian_header is MongolianHeader.IN_CELL
                        and t.columns[k].mongolian):
                    out.append(_para("PCellMn", t.columns[k].mongolian))
                out.append(_para("PHeadCell" if header else "PCell", c.text))
                out.append("</table:table-cell>")
            out.append("</table:table-row>")
            if r == grid.header_rows - 1:
                out.append("</table:table-header-rows>")
        out.append("</table:table>")
        return "".join(out)

    # -- 版记 ------------------------------------------------------------------------------
    def footer(self) -> None:
        """The 版记 at the foot of a last portrait page of its own (GB/T 9704):
        a page break back to the portrait page style, then enough space above."""
        b = self.b
        if not (b.cc or b.office or b.issue_date_text):
            return
        size = 12.0
        st = self.styles
        text_w = (PORTRAIT["w"] - PORTRAIT["left"] - PORTRAIT["right"]) / 25.4 * 72
        text_h = (PORTRAIT["h"] - PORTRAIT["top"] - PORTRAIT["bottom"]) / 25.4 * 72 - FOOTER_PT - 6
        n_lines = (1 if b.cc else 0) + 1
        space = text_h - n_lines * 26 - 24
        # the rules are paragraph borders: insets are paddings, so the rules run full width
        first = f'fo:margin-top="{space:.1f}pt" fo:border-top="1pt solid #000000" '
        st.append(_pstyle("PCc", first + f'fo:padding-left="{size}pt" '
                          f'fo:padding-right="{size}pt" fo:line-height="22pt" '
                          'fo:border-bottom="0.5pt solid #000000" fo:padding-top="2pt" '
                          'fo:padding-bottom="2pt" fo:keep-with-next="always"',
                          _text_props(self.font, size), master="Standard"))
        issue = (f'fo:padding-left="{size}pt" fo:padding-right="{size}pt" '
                 'fo:line-height="22pt" fo:border-bottom="1pt solid #000000" '
                 'fo:padding-bottom="2pt"')
        st.append(_pstyle("PIssue", issue if b.cc else first + issue,
                          _text_props(self.font, size), right_tab=text_w - 2 * size,
                          master=None if b.cc else "Standard"))
        if b.cc:
            self.body.append(_para("PCc", b.cc))
        if b.footer_style is FooterStyle.SPACED:
            line = odf_text(b.office + " " * 10 + b.issue_date_text)
        elif b.footer_style is FooterStyle.DATE_ONLY:
            line = "<text:tab/>" + odf_text(b.issue_date_text)
        else:
            line = odf_text(b.office) + "<text:tab/>" + odf_text(b.issue_date_text)
        self.body.append(f'<text:p text:style-name="PIssue">{line}</text:p>')


def _page_layout(name: str, w: float, h: float, top: float, bottom: float, left: float,
                 right: float, landscape: bool) -> str:
    orient = "landscape" if landscape else "portrait"
    return (f'<style:page-layout style:name="{name}"><style:page-layout-properties '
            f'fo:page-width="{w}mm" fo:page-height="{h}mm" style:print-orientation="{orient}" '
            f'fo:margin-top="{top}mm" fo:margin-bottom="{bottom}mm" fo:margin-left="{left}mm" '
            f'fo:margin-right="{right}mm" style:writing-mode="lr-tb"/>'
            '<style:footer-style><style:header-footer-properties '
            f'fo:min-height="{FOOTER_PT}pt" fo:margin-top="6pt"/></style:footer-style>'
            '</style:page-layout>')


def _styles_xml(b: Bulletin, fonts: str) -> str:
    s = b.style
    top, right, bottom, left = s.table_margins_mm
    footer = ('<style:footer><text:p text:style-name="Footer">— <text:page-number '
              'text:select-page="current">1</text:page-number> —</text:p></style:footer>')
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}>'
        f"<office:font-face-decls>{fonts}</office:font-face-decls>"
        "<office:styles>"
        '<style:default-style style:family="paragraph"><style:paragraph-properties '
        'style:writing-mode="lr-tb" style:line-break="strict"/>'
        f"{_text_props(s.font, s.body_size)}</style:default-style>"
        '<style:style style:name="Standard" style:family="paragraph" style:class="text">'
        '<style:paragraph-properties fo:margin-top="0pt" fo:margin-bottom="0pt"/>'
        "</style:style>"
        '<style:style style:name="Footer" style:family="paragraph" '
        'style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center"/>'
        f"{_text_props(s.font, 10.5)}</style:style>"
        "</office:styles>"
        "<office:automatic-styles>"
        + _page_layout("pm1", PORTRAIT["w"], PORTRAIT["h"], PORTRAIT["top"], PORTRAIT["bottom"],
                       PORTRAIT["left"], PORTRAIT["right"], False)
        + _page_layout("pm2", 297, 210, top, bottom, left, right, True)
        + "</office:automatic-styles><office:master-styles>"
        f'<style:master-page style:name="Standard" style:page-layout-name="pm1">{footer}'
        "</style:master-page>"
        f'<style:master-page style:name="Landscape" style:page-layout-name="pm2">{footer}'
        "</style:master-page></office:master-styles></office:document-styles>")


def _meta_xml(b: Bulletin) -> str:
    stamp = f"{b.issue_date}T09:00:00"
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {NS}><office:meta>'
            f"<meta:generator>{GENERATOR}</meta:generator><dc:title>{attr(b.title)}</dc:title>"
            f"<dc:subject>{attr(b.doc_number)}</dc:subject>"
            f"<meta:initial-creator>{attr(b.issuer)}</meta:initial-creator>"
            f"<meta:creation-date>{stamp}</meta:creation-date><dc:date>{stamp}</dc:date>"
            "</office:meta></office:document-meta>")


MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ' manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
            'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>")


def write_odt(b: Bulletin, path: Path) -> None:
    """Write ``path`` (an .odt) for bulletin ``b``."""
    doc = _Doc(b)
    doc.front()
    for ti, t in enumerate(b.tables):
        doc.table(ti, t)
    doc.footer()
    keys = [b.style.font, doc.title_font, doc.heading_font, doc.table_font, "mongolian"]
    fonts = _fonts(keys)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
               f"<office:font-face-decls>{fonts}</office:font-face-decls>"
               f"<office:automatic-styles>{''.join(doc.styles)}</office:automatic-styles>"
               f"<office:body><office:text>{''.join(doc.body)}</office:text></office:body>"
               "</office:document-content>")
    write_zip(path, [("mimetype", b"application/vnd.oasis.opendocument.text"),
                     ("META-INF/manifest.xml", MANIFEST.encode()),
                     ("meta.xml", _meta_xml(b).encode()),
                     ("styles.xml", _styles_xml(b, fonts).encode()),
                     ("content.xml", content.encode())], stored_first=True)
