"""Draw a whole bulletin as a text-layer PDF, laid out like a real red-head
document: letterhead, number/signer line, red rule, title, body, attachment
list; every attached table on new pages; the 抄送/印发 block at the end.

``render`` returns where each community row landed (1-based page numbers),
which the truth files need and only the layout knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from . import layout, tablegrid
from .fonts import register
from .fonts import width
from .model import Bulletin, FooterStyle, RankingTable
from .pages import RED, Box, Frame, PageWriter
from .wrap import wrap

ISSUER_SIZE = 30.0  # red-head issuer line; shrunk to fit a long name
SPACED_GAP = " " * 10  # FooterStyle.SPACED: office and date typed apart with spaces

PDF_CREATOR = "bulletin samples/generate.py"


@dataclass(frozen=True)
class RenderResult:
    n_pages: int
    # community_pages[t][i]: page of the i-th community (reading order) of table t
    community_pages: tuple[tuple[int, ...], ...]
    table_pages: tuple[tuple[int, ...], ...]  # pages each table is drawn on
    # named boxes the scan simulation aims at: "issue_date" (the 印发 date) and
    # "table<t>.<k>" (the k-th page fragment of table t)
    anchors: dict[str, Box]


def render(b: Bulletin, out: Path, page_compression: int = 1) -> RenderResult:
    """Write ``out``; reportlab's ``invariant`` mode makes the bytes reproducible
    (fixed dates and document id)."""
    canvas = Canvas(str(out), invariant=1, pageCompression=page_compression)
    canvas.setTitle(b.title)
    canvas.setAuthor(b.issuer)
    canvas.setSubject(b.doc_number)
    canvas.setCreator(PDF_CREATOR)
    canvas.setProducer(PDF_CREATOR)
    font = register(b.style.font)
    w = PageWriter(canvas, Frame.a4(False, b.style.margins_mm), font)
    anchors: dict[str, Box] = {}
    placed: dict[int, tuple[tuple[int, ...], list[Box]]] = {}
    signed = _front(w, b, font, placed)
    if signed is not None:
        anchors["signature_date"] = signed
    for ti, table in enumerate(b.tables):
        if ti not in placed:
            placed[ti] = _table(w, b, table, font)
    comm_pages, tab_pages = [], []
    for ti in range(len(b.tables)):
        pages, boxes = placed[ti]
        comm_pages.append(pages)
        tab_pages.append(tuple(box.page for box in boxes))
        anchors.update({f"table{ti}.{k}": box for k, box in enumerate(boxes)})
    if b.cc or b.office or b.issue_date_text:
        anchors["issue_date"] = _footer(w, b, font)
    elif signed is not None:
        anchors["issue_date"] = signed  # no 印发 line: the 成文日期 dates the document
    w.finish()
    return RenderResult(w.page, tuple(comm_pages), tuple(tab_pages), anchors)


def _front(w: PageWriter, b: Bulletin, font: str,
           placed: dict[int, tuple[tuple[int, ...], list[Box]]]) -> Box | None:
    """Letterhead, number line, title, addressee, narrative (with any table the
    body places inline: a paragraph of kind ``table`` whose text is the table's
    index; its result goes into ``placed``), attachment list and, when the
    document has one, the signature with its 成文日期 (whose box is returned)."""
    s = b.style
    mongolian = register("mongolian")
    title_font = register(s.title_font) if s.title_font else font
    heading_font = register(s.heading_font) if s.heading_font else font
    if b.mongolian_line and not b.mongolian_below:
        msize = min(15.0, 15.0 * w.frame.text_width / width(b.mongolian_line, mongolian, 15))
        w.line(b.mongolian_line, mongolian, msize, 26, "center", RED)
        w.skip(4)
    size = min(ISSUER_SIZE, w.frame.text_width / len(b.issuer_line))
    w.line(b.issuer_line, title_font if s.title_font else font, size, 44, "center", RED)
    if b.mongolian_line and b.mongolian_below:
        msize = min(13.0, 13.0 * w.frame.text_width / width(b.mongolian_line, mongolian, 13))
        w.line(b.mongolian_line, mongolian, msize, 22, "center", RED)
    w.skip(18)
    if b.doc_number_centered:
        w.line(b.doc_number, font, s.body_size, 24, "center")
    else:
        signer = f"签发人：{b.signer}" if b.signer else ""
        w.two_ends(b.doc_number, signer, font, s.body_size, 24, inset=s.body_size)
    w.skip(4)
    w.rule(2.0, RED, gap=22)
    for line in b.title_lines:
        w.line(line, title_font, 20, 30, "center")
    w.skip(14)
    w.paragraph(b.addressee, font, s.body_size, s.body_leading)
    indent = 2 * s.body_size
    for p in b.body:
        if p.kind == "table":
            ti = int(p.text)
            placed[ti] = _table(w, b, b.tables[ti], font, inline=True)
            continue
        f = heading_font if p.kind == "heading" else font
        if p.kind == "heading":
            w.ensure(3 * s.body_leading)  # a heading never ends a page
        w.paragraph(p.text, f, s.body_size, s.body_leading, first_indent=indent)
    w.skip(s.body_leading)
    _attachment_list(w, b, font)
    if b.signature is None:
        return None
    return _signature(w, b, font)


def _signature(w: PageWriter, b: Bulletin, font: str) -> Box:
    """发文机关署名 centred over the 成文日期, which ends four characters from
    the right margin (GB/T 9704); both kept on one page."""
    assert b.signature is not None
    s = b.style
    w.ensure(3 * s.body_leading + 2 * s.body_leading)
    w.skip(2 * s.body_leading)
    date_w = width(b.signature.date_text, font, s.body_size)
    name_w = width(b.signature.name, font, s.body_size)
    x1 = w.frame.right - 4 * s.body_size
    centre = x1 - date_w / 2
    c = w.canvas
    c.setFillColorRGB(0, 0, 0)
    c.setFont(font, s.body_size)
    baseline = w.y - (s.body_leading + s.body_size * 0.76) / 2
    c.drawString(centre - name_w / 2, baseline, b.signature.name)
    w.skip(s.body_leading)
    baseline = w.y - (s.body_leading + s.body_size * 0.76) / 2
    c.drawString(x1 - date_w, baseline, b.signature.date_text)
    w.skip(s.body_leading)
    return Box(w.page, x1 - date_w, baseline - 0.12 * s.body_size, x1,
               baseline + 0.88 * s.body_size)


def _attachment_list(w: PageWriter, b: Bulletin, font: str) -> None:
    """附件：1. … with later items aligned under the first item's text."""
    s = b.style
    prefix = "附件："
    hang = 2 * s.body_size + len(prefix) * s.body_size
    numbered = len(b.attachments) > 1
    for i, name in enumerate(b.attachments):
        item = f"{i + 1}. {name}" if numbered else name
        text = (prefix + item) if i == 0 else item
        first = 2 * s.body_size if i == 0 else hang
        w.paragraph(text, font, s.body_size, s.body_leading, first_indent=first, hanging=hang)


def _table(w: PageWriter, b: Bulletin, table: RankingTable, font: str,
           inline: bool = False) -> tuple[tuple[int, ...], list[Box]]:
    """One attachment: label, title, fill date, then the grid over as many
    pages as it needs; an attachment starts a new page, an ``inline`` table
    continues the body's page when its title, header and a few rows fit.
    Returns (page of each community, box of each page's part)."""
    s = b.style
    if inline:
        # kept whole on one page when it fits one ("do not split the table")
        tg0 = tablegrid.build(table)
        ts0 = layout.TextStyle(register(s.table_font) if s.table_font else font,
                               s.table_font_size, s.table_min_row_height)
        need = 28 + 18 * bool(table.fill_date_text or table.unit_note) + 2 + sum(
            layout.row_heights(tg0.grid, ts0)) + s.body_leading / 2
        page = w.frame.top - w.frame.bottom
        w.skip(s.body_leading / 2)
        w.ensure(need if need <= page else 160)
    else:
        frame = Frame.a4(s.table_landscape, s.table_margins_mm)
        w.new_page(frame)
    title_font = register(s.title_font) if s.title_font else font
    if table.label_inline:
        w.line(table.label + table.title, title_font, 16, 28, "center")
    else:
        if table.label:
            w.line(table.label, font, 14, 22)
        w.line(table.title, title_font, 16, 28, "center")
    if table.unit_note:
        w.two_ends(table.fill_date_text, table.unit_note, font, 11, 18)
    elif table.fill_date_text:
        w.line(table.fill_date_text, font, 11, 18)
    w.skip(2)
    tg = tablegrid.build(table)
    table_font = register(s.table_font) if s.table_font else font
    ts = layout.TextStyle(table_font, s.table_font_size, s.table_min_row_height)
    frame = w.frame
    heights = layout.row_heights(tg.grid, ts)
    slices = layout.paginate(tg.grid, heights, w.remaining(), frame.top - frame.bottom)
    left = (frame.page_w - tg.grid.width) / 2
    row_page: dict[int, int] = {}
    boxes: list[Box] = []
    for i, rows in enumerate(slices):
        if i:
            w.new_page()
        w.canvas.setFillColorRGB(0, 0, 0)
        top = w.y
        w.y = layout.draw_page(w.canvas, tg.grid, heights, rows, left, top, ts, s.borders)
        boxes.append(Box(w.page, left, w.y, left + tg.grid.width, top))
        row_page.update({r: w.page for r in rows})
    if inline:
        w.skip(s.body_leading / 2)
    return tuple(row_page[r] for r in tg.community_rows), boxes


def _footer(w: PageWriter, b: Bulletin, font: str) -> Box:
    """版记: 抄送 between rules, then issuing office and 印发 date, at the foot
    of the last page (a portrait page of its own if the table left no room).
    Returns the box of the 印发 date."""
    size, leading = 12.0, 22.0
    hang = size + size * len(b.cc.split("：")[0] + "：")  # continuation lines align after 抄送：
    n_cc = len(wrap(b.cc, font, size, w.frame.text_width - hang, size - hang)) if b.cc else 0
    need = (n_cc + 1) * leading + 2 * 2 + 12
    if w.remaining() < need + 12:
        w.new_page(Frame.a4(False, b.style.margins_mm))
    w.y = w.frame.bottom + need
    w.rule(1.0, gap=2)
    if b.cc:
        w.paragraph(b.cc, font, size, leading, first_indent=size, hanging=hang)
        w.rule(0.6, gap=2)
    if b.footer_style is FooterStyle.SPACED:
        text = b.office + SPACED_GAP + b.issue_date_text
        w.two_ends(text, "", font, size, leading, inset=size)
        x0 = w.frame.left + size + width(b.office + SPACED_GAP, font, size)
        y = w.y + leading
        baseline = y - (leading + size * 0.76) / 2
        date_box = Box(w.page, x0, baseline - 0.12 * size,
                       x0 + width(b.issue_date_text, font, size), baseline + 0.88 * size)
    elif b.footer_style is FooterStyle.DATE_ONLY:
        date_box = w.two_ends("", b.issue_date_text, font, size, leading, inset=size)
    else:
        date_box = w.two_ends(b.office, b.issue_date_text, font, size, leading, inset=size)
    w.rule(1.0, gap=0)
    return date_box
