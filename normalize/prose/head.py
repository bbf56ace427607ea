"""The head of an official document (GB/T 9704): the issuing body's mark (发文机关标志), the
document number, the signer, the title and the addressee - found by their form and place, so
any issuing body, kind of document and wording is read the same way.

- The mark is the largest type at the top of the first page (`XX局文件`, or `XX局` alone).
- The number has the standard's 〔〕 (whatever brackets the reading gave) and ends in 号.
- The title follows the number (a 决定书 may print it before): centred lines, ending with
  the document's kind (通知, 通报, 决定书 ...) when it is complete.
- The addressee follows the title at the left margin, up to a line that ends with a colon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bulletin.normalize.prose.lines import Placed, is_centred, left_margin, typical_size
from bulletin.schemas.text import HAN, join_cjk
from bulletin.schemas.vocabulary import Vocabulary

_DOC_NUMBER = re.compile(
    rf"([{HAN}]{{1,16}})\s*[〔\[［(（【]\s*(\d{{4}})\s*[〕\]］)）】]\s*(\d{{1,4}})\s*号"
)
_SIGNER = re.compile(r"签\s*发\s*人\s*[:：]\s*(\S+)")
_MARK_END = re.compile(r"\s*文\s*件\s*$")
_ADDRESSEE_END = re.compile(r"[:：]$")
_SENTENCE = re.compile(r"[。；！？]")
TITLE_END = re.compile(
    r"(通报|通知|通告|公告|公示|报告|意见|决定|决定书|批复|复函|函|纪要|方案|请示|办法|规定|"
    r"细则|规则|计划|规划|总结|简报|说明|答复|预案|指引|清单)$"
)
_MARK_SCALE = 1.5  # the mark's type is at least this much larger than the body's
_MAX_TITLE_LINES = 5
_MAX_ADDRESSEE_LINES = 3


@dataclass(frozen=True)
class Head:
    doc_number: str | None
    signer: str | None
    issuer: str | None  # from the mark (the title's `XX关于` is a fallback, see fields.py)
    title: str | None
    addressee: str | None
    end: int  # index of the first line after the head (where the body starts)
    lines_of: dict[str, list[int]]  # field -> the lines it was read from


def read_head(lines: list[Placed], vocab: Vocabulary) -> Head:
    texts = [p.text for p in lines]
    first_page = [p for p in lines if p.page == lines[0].page] if lines else []
    number_at, number = _doc_number(texts)
    signer_at, signer = _signer(texts)
    mark_start, mark_end, issuer = _mark(first_page, number_at, vocab)
    head_end = max(i for i in (number_at, signer_at, mark_end, -1) if i is not None)
    margin = left_margin(lines)
    after = head_end + 1
    title_lines = _centred_title(lines, after, margin)
    if not title_lines and mark_end is not None and number_at is not None:
        title_lines = _centred_title(lines, mark_end + 1, margin, stop=number_at)  # 决定书
    if title_lines and title_lines[0] >= after:
        after = title_lines[-1] + 1
    addressee_lines = _addressee(lines, after, margin)
    if addressee_lines and addressee_lines[0] != after and title_lines:
        addressee_lines = []  # the addressee follows the title directly
    if not title_lines:
        title_lines = _title_by_text(lines, after, addressee_lines)
    title = join_cjk([texts[i] for i in title_lines]).replace(" ", "") or None
    addressee = join_cjk([texts[i] for i in addressee_lines]).rstrip(":：").strip() or None
    end = max([head_end, *title_lines, *addressee_lines]) + 1
    lines_of = {
        "doc_number": [number_at] if number_at is not None else [],
        "signer": [signer_at] if signer_at is not None else [],
        "issuer": list(range(mark_start, mark_end + 1)) if mark_end is not None else [],
        "title": title_lines, "addressee": addressee_lines,
    }  # fmt: skip
    return Head(number, signer, issuer, title, addressee, end, lines_of)


def _doc_number(texts: list[str]) -> tuple[int | None, str | None]:
    for i, t in enumerate(texts):
        m = _DOC_NUMBER.search(t)
        if m:
            return i, f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
    return None, None


def _signer(texts: list[str]) -> tuple[int | None, str | None]:
    for i, t in enumerate(texts):
        m = _SIGNER.search(t)
        if m:
            return i, m.group(1)
    return None, None


def _mark(
    first_page: list[Placed], number_at: int | None, vocab: Vocabulary
) -> tuple[int, int | None, str | None]:
    """(first and last line of the mark, the issuing body) from the largest type above the
    number, or at the very top of a page without one: a body's name, with or without 文件
    (a large table title at the top of an annex is not a mark)."""
    if not first_page:
        return 0, None, None
    body = typical_size(first_page)
    limit = number_at if number_at is not None else min(3, len(first_page))
    marks = [i for i in range(min(limit, len(first_page)))
             if first_page[i].char_size >= _MARK_SCALE * body
             and sum(ch.isalnum() for ch in first_page[i].text) >= 4]  # fmt: skip
    if not marks:
        return 0, None, None
    run = [marks[0]]
    for i in marks[1:]:
        if i == run[-1] + 1:
            run.append(i)
    text = "".join(first_page[i].text.replace(" ", "") for i in run)
    name = _MARK_END.sub("", text)
    if not (name != text or vocab.is_body(name)):
        return 0, None, None
    return run[0], run[-1], name or None


def _centred_title(
    lines: list[Placed], start: int, margin: float, stop: int | None = None
) -> list[int]:
    """Centred lines from `start`, through the first that ends like a title; none when they
    never end like one (a centred caption, a subtitle)."""
    stop = len(lines) if stop is None else stop
    out: list[int] = []
    for i in range(start, min(start + _MAX_TITLE_LINES, stop)):
        if not is_centred(lines[i], margin) or re.match(r"^附\s*件", lines[i].text):
            break
        out.append(i)
        if TITLE_END.search(lines[i].text.replace(" ", "")):
            return out
    return []


def _title_by_text(lines: list[Placed], start: int, addressee: list[int]) -> list[int]:
    """Where the page says nothing by geometry (every line at the margin, as in a
    transcript): the lines before the addressee, or up to a line ending like a title."""
    if addressee:
        return list(range(start, addressee[0]))
    out = []
    for i in range(start, min(start + 4, len(lines))):
        if re.match(r"^附\s*件", lines[i].text):
            break
        out.append(i)
        if TITLE_END.search(lines[i].text.replace(" ", "")):
            return out
    return []


def _addressee(lines: list[Placed], start: int, margin: float) -> list[int]:
    """The addressee: the first line (within a few of `start`) at the left margin that ends
    with a colon and holds no sentence, with the margin lines above it that it wraps from."""
    end = next((i for i in range(start, min(start + 8, len(lines))) if _addresses(lines[i])
                and not _indented(lines[i], margin)), None)  # fmt: skip
    if end is None:
        return []
    first = end
    while first > start and end - first < _MAX_ADDRESSEE_LINES - 1 and _wraps(
        lines[first - 1], margin
    ):
        first -= 1
    return list(range(first, end + 1))


def _addresses(p: Placed) -> bool:
    text = p.text
    return bool(_ADDRESSEE_END.search(text)) and not _SENTENCE.search(text) and not (
        _SIGNER.search(text)
    )


def _indented(p: Placed, margin: float) -> bool:
    return p.line.box.x0 > margin + 1.5 * p.char_size


def _wraps(p: Placed, margin: float) -> bool:
    """A line an addressee can wrap from: at the margin, not centred, not a title's end."""
    text = p.text.replace(" ", "")
    return not (
        is_centred(p, margin) or _indented(p, margin) or TITLE_END.search(text)
        or _SENTENCE.search(text) or _ADDRESSEE_END.search(text)
    )
