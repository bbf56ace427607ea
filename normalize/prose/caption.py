"""What is printed above a table: its title, its attachment number and its fill date.

The title is the nearest line above the table that is not a field of the form (填报单位：…,
单位：万元, a page number); `附件1：` before it is the attachment number, kept apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bulletin.normalize.prose.lines import PAGE_NUMBER
from bulletin.normalize.table.values import parse_date
from bulletin.schemas.extracted import PageContent
from bulletin.schemas.text import HAN


@dataclass(frozen=True)
class Caption:
    """What is printed above a table: its title, its attachment number, its fill date."""

    title: str | None
    attachment: str | None  # `1` of 附件1：, kept apart from the title
    fill_date: str | None


def table_caption(page: PageContent, top: float, above: float) -> Caption:
    """The caption from the lines between `above` and a table's top edge, nearest first."""
    lines = [ln for ln in page.lines if above <= ln.box.bottom <= top + 1]
    title: str | None = None
    attachment: str | None = None
    fill_date: str | None = None
    for ln in reversed(lines):
        text = ln.text.strip()
        prefix = _ATTACHMENT_NUMBER.match(text)
        if prefix:
            attachment = attachment or prefix.group(1) or None
            text = text[prefix.end():].strip()
        if not text:
            continue
        if _FILL_DATE.match(text):
            fill_date = fill_date or parse_date(text)
        elif (_LABELLED.match(text) and not prefix) or PAGE_NUMBER.match(text):
            continue  # 填报单位：…, 单位：万元: fields of the form, not its title
        elif title is None:
            title = text.replace(" ", "")
    return Caption(title, attachment, fill_date)


_FILL_DATE = re.compile(r"^(填\s*报|填\s*表|统\s*计|截\s*止)\s*(日\s*期|时\s*间)")
# a short label and a colon: 填报单位：, 单位：, 制表人：, 金额单位： (a title has no such label)
_LABELLED = re.compile(rf"^[{HAN}\s]{{1,8}}[:：]")
_ATTACHMENT_NUMBER = re.compile(r"^附\s*件\s*(\d*)\s*[:：]?\s*")
