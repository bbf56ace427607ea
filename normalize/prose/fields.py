"""Document fields from the running text, by the elements of a Chinese official document.

GB/T 9704 fixes the parts of a 公文 (issuer line ending in 文件, number with 〔〕, 签发人,
title, addressee ending in a colon, 附件, 抄送, the 印发 date), so they are found by their
form, not by this bulletin's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bulletin.normalize.table.values import parse_date
from bulletin.schemas.extracted import PageContent, TextLine
from bulletin.schemas.text import HAN, join_cjk

_DOC_NUMBER = re.compile(
    rf"([{HAN}]{{1,16}})\s*[〔\[［(（【]\s*(\d{{4}})\s*[〕\]］)）】]\s*(\d{{1,4}})\s*号"
)
_SIGNER = re.compile(r"签\s*发\s*人\s*[:：]\s*(\S+)")
_ISSUER = re.compile(r"^(.{2,40}?)\s*文件$")
_ADDRESSEE = re.compile(r"^([^。；！？]{2,80})[:：]$")
_ISSUED = re.compile(r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发")
_ATTACHMENT = re.compile(r"^附\s*件\s*[:：]?\s*(.*)$")
_NUMBERED = re.compile(r"^\d{1,2}\s*[.．、]\s*(.+)$")
_CC = re.compile(r"^抄\s*送\s*[:：]\s*(.*)$")
_LIST_SPLIT = re.compile(r"[，、,；;]")
_TITLE_END = re.compile(r"(通报|通知|报告|意见|决定|批复|函|纪要|方案|请示|公告)$")


@dataclass(frozen=True)
class DocumentFields:
    doc_number: str | None
    title: str | None
    issuer: str | None
    signer: str | None
    addressee: str | None
    issue_date: str | None
    attachments: list[str]
    cc: list[str]
    narrative: list[str]


_PAGE_NUMBER = re.compile(r"^[—\-–－]?\s*\d{1,3}\s*[—\-–－]?$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$")


def read_fields(pages: list[PageContent]) -> DocumentFields:
    lines = [ln for page in pages for ln in page.lines if not _PAGE_NUMBER.match(ln.text.strip())]
    texts = [ln.text.strip() for ln in lines]
    number_at, doc_number = _doc_number(texts)
    signer_at, signer = _first(texts, _SIGNER)
    head_end = max(i for i in (number_at, signer_at, -1) if i is not None)
    addressee_at = _addressee(texts, head_end + 1)
    title = _title(texts, head_end + 1, addressee_at)
    body_start = (addressee_at if addressee_at is not None else head_end) + 1
    attachments_at, attachments = _attachments(texts, body_start)
    body_end = _body_end(texts, body_start, attachments_at)
    return DocumentFields(
        doc_number=doc_number,
        title=title,
        issuer=_issuer(texts, title),
        signer=signer,
        addressee=texts[addressee_at][:-1].strip() if addressee_at is not None else None,
        issue_date=_issue_date(texts),
        attachments=attachments,
        cc=_cc(texts),
        narrative=paragraphs(lines[body_start:body_end]),
    )


def _body_end(texts: list[str], start: int, attachments_at: int | None) -> int:
    """The narrative stops at the attachment list, an attached table's caption or the cc."""
    ends = [attachments_at] if attachments_at is not None else []
    for i in range(start, len(texts)):
        if re.match(r"^附\s*件\s*\d+", texts[i]) or _CC.match(texts[i]) or _ISSUED.search(texts[i]):
            ends.append(i)
            break
    return min(ends, default=len(texts))


def _first(texts: list[str], pattern: re.Pattern[str]) -> tuple[int | None, str | None]:
    for i, t in enumerate(texts):
        m = pattern.search(t)
        if m:
            return i, m.group(1)
    return None, None


def _doc_number(texts: list[str]) -> tuple[int | None, str | None]:
    """The number with the standard's 〔〕 brackets, whatever brackets the reading gave."""
    for i, t in enumerate(texts):
        m = _DOC_NUMBER.search(t)
        if m:
            return i, f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
    return None, None


def _addressee(texts: list[str], start: int) -> int | None:
    for i in range(start, min(start + 8, len(texts))):
        if _ADDRESSEE.match(texts[i]) and not _SIGNER.search(texts[i]):
            return i
    return None


def _title(texts: list[str], start: int, addressee_at: int | None) -> str | None:
    if addressee_at is not None:
        parts = texts[start:addressee_at]
    else:  # no addressee: a title only where one visibly ends like a title
        parts = []
        for t in texts[start : start + 4]:
            if re.match(r"^附\s*件", t):
                break
            parts.append(t)
            if _TITLE_END.search(t):
                break
        else:
            parts = []
        if parts and not _TITLE_END.search(parts[-1]):
            parts = []
    return join_cjk(parts).replace(" ", "") or None


def _issuer(texts: list[str], title: str | None) -> str | None:
    for t in texts[:8]:
        m = _ISSUER.match(t.replace(" ", ""))
        if m:
            return m.group(1)
    if title and "关于" in title:
        return title.split("关于", 1)[0] or None
    return None


def _issue_date(texts: list[str]) -> str | None:
    for t in texts:
        m = _ISSUED.search(t)
        if m:
            return parse_date(m.group(1))
    return None


def _attachments(texts: list[str], start: int) -> tuple[int | None, list[str]]:
    for i in range(start, len(texts)):
        m = _ATTACHMENT.match(texts[i])
        if not m or re.match(r"^附\s*件\s*\d", texts[i]):
            continue
        items: list[str] = []
        rest = [m.group(1)] if m.group(1) else []
        for t in rest + texts[i + 1 :]:
            n = _NUMBERED.match(t)
            if n:
                items.append(n.group(1).strip())
            elif items and not rest:
                break
            rest = []
        return i, items or ([m.group(1).strip()] if m.group(1) else [])
    return None, []


def _cc(texts: list[str]) -> list[str]:
    for i, t in enumerate(texts):
        m = _CC.match(t)
        if not m:
            continue
        joined = m.group(1)
        for nxt in texts[i + 1 :]:
            if not re.search(r"[，、,]$", joined):
                break
            joined += nxt
        return [p.strip() for p in _LIST_SPLIT.split(joined.rstrip("。.")) if p.strip()]
    return []


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


def table_caption(page: PageContent, top: float, above: float) -> tuple[str | None, str | None]:
    """(title, fill date) from the lines between `above` and a table's top edge."""
    lines = [ln for ln in page.lines if above <= ln.box.bottom <= top + 1]
    title: str | None = None
    fill_date: str | None = None
    for ln in reversed(lines):
        text = ln.text.strip()
        if re.match(r"^(填\s*报\s*日\s*期|填\s*表\s*日\s*期|统\s*计\s*日\s*期)", text):
            fill_date = fill_date or parse_date(text)
        elif re.match(r"^(单\s*位|附\s*件\s*\d*\s*[:：]?\s*$)", text):
            continue
        elif title is None:
            title = re.sub(r"^附\s*件\s*\d+\s*[:：]\s*", "", text).replace(" ", "")
    return title, fill_date
