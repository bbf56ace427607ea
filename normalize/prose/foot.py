"""The end of an official document: attachments list, signature with its 成文日期, and the
版记 (抄送 list, the 印发 line).

The issue date is the 印发 date of the 版记 (`XX办公室  2023年6月2日印发`, spaced or not, with
or without the office on the same line); a document without a 版记 is dated by its 成文日期,
the date standing alone right under the issuer's name at the end (and says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bulletin.normalize.prose.lines import Placed
from bulletin.normalize.table.values import parse_date

_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_ISSUED = re.compile(rf"({_DATE})\s*印\s*发")
_WRITTEN = re.compile(rf"^({_DATE})$")
ATTACHMENT_LIST = re.compile(r"^附\s*件\s*[:：]?\s*(.*)$")
_NUMBERED = re.compile(r"^\d{1,2}\s*[.．、]\s*(.+)$")
CC = re.compile(r"^抄\s*送\s*[:：]\s*(.*)$")
_LIST_SPLIT = re.compile(r"[，、,；;]")


@dataclass(frozen=True)
class IssueDate:
    date: str  # ISO
    kind: str  # "印发" (the 版记's date) or "成文日期" (under the signature)


def issue_date(lines: list[Placed]) -> IssueDate | None:
    texts = [p.text.replace(" ", "") for p in lines]
    for t in texts:
        m = _ISSUED.search(t)
        if m:
            date = parse_date(m.group(1))
            if date:
                return IssueDate(date, "印发")
    for i in range(len(texts) - 1, -1, -1):  # the last date standing alone: the 成文日期
        m = _WRITTEN.match(texts[i])
        if m and i > 0:
            date = parse_date(m.group(1))
            if date:
                return IssueDate(date, "成文日期")
    return None


def signature(lines: list[Placed]) -> str | None:
    """The issuer's name as signed: the line right above the 成文日期."""
    texts = [p.text.replace(" ", "") for p in lines]
    for i in range(len(texts) - 1, 0, -1):
        if _WRITTEN.match(texts[i]) and not _ISSUED.search(texts[i]):
            above = texts[i - 1]
            return above if 2 <= len(above) <= 40 and not re.search(r"[。；，：:]", above) else None
    return None


def is_foot(text: str) -> bool:
    """The 版记 has begun: the 抄送 list or the 印发 line."""
    return bool(CC.match(text) or _ISSUED.search(text.replace(" ", "")))


def attachments(texts: list[str], start: int) -> tuple[int | None, list[str]]:
    for i in range(start, len(texts)):
        m = ATTACHMENT_LIST.match(texts[i])
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


def cc_list(texts: list[str]) -> list[str]:
    for i, t in enumerate(texts):
        m = CC.match(t)
        if not m:
            continue
        joined = m.group(1)
        for nxt in texts[i + 1 :]:
            if not re.search(r"[，、,]$", joined):
                break
            joined += nxt
        return [p.strip() for p in _LIST_SPLIT.split(joined.rstrip("。.")) if p.strip()]
    return []
