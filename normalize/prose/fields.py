"""Document fields from the running text, by the elements of a Chinese official document.

GB/T 9704 fixes the parts of a 公文 (the issuing body's mark, the number with 〔〕, 签发人, the
title, the addressee ending in a colon, 附件, the signature and 成文日期, the 版记 with 抄送 and
the 印发 date), so they are found by their form and place (head.py, foot.py), not by any
bulletin's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bulletin.normalize.prose.foot import attachments, cc_list, is_foot, issue_date, signature
from bulletin.normalize.prose.head import read_head
from bulletin.normalize.prose.lines import Placed, placed_lines
from bulletin.normalize.prose.vote import agree
from bulletin.schemas.document import FieldSource
from bulletin.schemas.extracted import PageContent, TextLine
from bulletin.schemas.text import join_cjk
from bulletin.schemas.vocabulary import Vocabulary

_ISSUER_LINE = re.compile(r"^(.{2,40}?)\s*文\s*件$")


@dataclass(frozen=True)
class DocumentFields:
    """The fields and, for each field read, where: its page and its weakest line's confidence."""

    doc_number: str | None
    title: str | None
    issuer: str | None
    signer: str | None
    addressee: str | None
    issue_date: str | None
    issue_date_kind: str | None  # "印发" or "成文日期"
    attachments: list[str]
    cc: list[str]
    narrative: list[str]
    sources: dict[str, FieldSource]


def read_fields(pages: list[PageContent], vocab: Vocabulary) -> DocumentFields:
    lines = placed_lines(pages)
    texts = [p.text for p in lines]
    head = read_head(lines, vocab)
    attachments_at, listed = attachments(texts, head.end)
    body_end = _body_end(texts, head.end, attachments_at)
    dated = issue_date(lines)
    title = _voted(head.title, head.lines_of["title"], lines)
    issuer = _voted(_issuer(head.issuer, texts, title, lines), head.lines_of["issuer"], lines)
    return DocumentFields(
        doc_number=head.doc_number,
        title=title,
        issuer=issuer,
        signer=head.signer,
        addressee=head.addressee,
        issue_date=dated.date if dated else None,
        issue_date_kind=dated.kind if dated else None,
        attachments=listed,
        cc=cc_list(texts),
        narrative=paragraphs([p.line for p in lines[head.end : body_end]]),
        sources={name: _source(lines, used) for name, used in head.lines_of.items() if used},
    )


def _voted(value: str | None, used: list[int], lines: list[Placed]) -> str | None:
    """An OCR'd field spelled as the rest of the document spells its words (vote.py)."""
    if value is None or not any(lines[i].ocr for i in used):
        return value
    elsewhere = [p.text for i, p in enumerate(lines) if i not in set(used)]
    return agree(value, elsewhere)


def _source(lines: list[Placed], used: list[int]) -> FieldSource:
    page = lines[used[0]].page
    box = None
    for i in used:
        if lines[i].page == page:
            box = lines[i].line.box if box is None else box.union(lines[i].line.box)
    confidence = round(min(lines[i].line.confidence for i in used), 4)
    return FieldSource(page=page, confidence=confidence, box=box)


def _issuer(
    mark: str | None, texts: list[str], title: str | None, lines: list[Placed]
) -> str | None:
    """The issuing body: its mark, else a `XX文件` line, else the title's `XX关于`, else the
    name signed above the 成文日期."""
    if mark:
        return mark
    for t in texts[:8]:
        m = _ISSUER_LINE.match(t.replace(" ", ""))
        if m:
            return m.group(1)
    if title and "关于" in title:
        return title.split("关于", 1)[0] or None
    return signature(lines) if title else None


def _body_end(texts: list[str], start: int, attachments_at: int | None) -> int:
    """The narrative stops at the attachment list, an attached table's caption or the 版记."""
    ends = [attachments_at] if attachments_at is not None else []
    for i in range(start, len(texts)):
        if re.match(r"^附\s*件\s*\d+", texts[i]) or is_foot(texts[i]):
            ends.append(i)
            break
    return min(ends, default=len(texts))


def paragraphs(lines: list[TextLine]) -> list[str]:
    """Running lines -> paragraphs: a new one starts at an indent or after a short line."""
    if not lines:
        return []
    left = min(ln.box.x0 for ln in lines)
    right = max(ln.box.x1 for ln in lines)
    out: list[list[str]] = []
    previous: TextLine | None = None
    for ln in lines:
        height = max(ln.box.height, 1.0)
        indented = ln.box.x0 > left + 1.5 * height
        after_short = previous is not None and previous.box.x1 < right - 2 * height
        if not out or indented or after_short:
            out.append([ln.text])
        else:
            out[-1].append(ln.text)
        previous = ln
    return [join_cjk(p) for p in out]
