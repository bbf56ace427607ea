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
from .model import Bulletin, RankingTable
from .pages import RED, Box, Frame, PageWriter
from .wrap import wrap

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
    _front(w, b, font)
    comm_pages, tab_pages = [], []
    anchors: dict[str, Box] = {}
    for ti, table in enumerate(b.tables):
        pages, boxes = _table(w, b, table, font)
        comm_pages.append(pages)
        tab_pages.append(tuple(box.page for box in boxes))
        anchors.update({f"table{ti}.{k}": box for k, box in enumerate(boxes)})
    anchors["issue_date"] = _footer(w, b, font)
    w.finish()
    return RenderResult(w.page, tuple(comm_pages), tuple(tab_pages), anchors)


def _front(w: PageWriter, b: Bulletin, font: str) -> None:
    """Letterhead, number line, title, addressee, narrative, attachment list."""
    s = b.style
    w.line(b.mongolian_line, register("mongolian"), 15, 26, "center", RED)
    w.skip(4)
    w.line(b.issuer_line, font, 30, 44, "center", RED)
    w.skip(18)
    w.two_ends(b.doc_number, f"签发人：{b.signer}", font, s.body_size, 24, inset=s.body_size)
    w.skip(4)
    w.rule(2.0, RED, gap=22)
    for line in b.title_lines:
        w.line(line, font, 20, 30, "center")
    w.skip(14)
    w.line(b.addressee, font, s.body_size, s.body_leading)
    indent = 2 * s.body_size
    for p in b.body:
        w.paragraph(p.text, font, s.body_size, s.body_leading, first_indent=indent)
    w.skip(s.body_leading)
    _attachment_list(w, b, font)


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


def _table(w: PageWriter, b: Bulletin, table: RankingTable,
           font: str) -> tuple[tuple[int, ...], list[Box]]:
    """One attachment: label, title, fill date, then the grid over as many
    pages as it needs. Returns (page of each community, box of each page's part)."""
    s = b.style
    frame = Frame.a4(s.table_landscape, s.table_margins_mm)
    w.new_page(frame)
    w.line(table.label, font, 14, 22)
    w.line(table.title, font, 16, 28, "center")
    w.line(table.fill_date_text, font, 11, 18)
    w.skip(2)
    tg = tablegrid.build(table)
    ts = layout.TextStyle(font, s.table_font_size, s.table_min_row_height)
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
    return tuple(row_page[r] for r in tg.community_rows), boxes


def _footer(w: PageWriter, b: Bulletin, font: str) -> Box:
    """版记: 抄送 between rules, then issuing office and 印发 date, at the foot
    of the last page (a portrait page of its own if the table left no room).
    Returns the box of the 印发 date."""
    size, leading = 12.0, 22.0
    hang = size + size * len(b.cc.split("：")[0] + "：")  # continuation lines align after 抄送：
    n_cc = len(wrap(b.cc, font, size, w.frame.text_width - hang, size - hang))
    need = (n_cc + 1) * leading + 2 * 2 + 12
    if w.remaining() < need + 12:
        w.new_page(Frame.a4(False, b.style.margins_mm))
    w.y = w.frame.bottom + need
    w.rule(1.0, gap=2)
    w.paragraph(b.cc, font, size, leading, first_indent=size, hanging=hang)
    w.rule(0.6, gap=2)
    date_box = w.two_ends(b.office, b.issue_date_text, font, size, leading, inset=size)
    w.rule(1.0, gap=0)
    return date_box
