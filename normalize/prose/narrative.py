"""Read the figures a bulletin's prose states, so they can be compared with its tables.

Prose is parsed sentence by sentence (split at 。；). A year mentioned as `2020年` / `2021 年`
(not a date: `2021年4月25日` is skipped) sets the year the following figures belong to, until the
next year. A sentence naming exactly one of the tables' districts is about that district
(`乌达区12个改造任务已完工8个，投资完成率90.51%`); lists introduced by `分别为` give one figure per
district. Nothing here knows a particular bulletin's names or numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from bulletin.normalize.link.names import normalize_name
from bulletin.normalize.quantities import ordinal

NUM = r"(\d+(?:\.\d+)?)"
_YEAR = re.compile(r"(\d{4})\s*年(?!\s*\d{1,2}\s*月)")
_SENTENCE = re.compile(r"[^。；;]+")
# Prose words for table fields; longer words first so 累计完成投资 wins over 完成投资.
RATE_WORDS = {"投资完成率": "investment_completion_rate", "完工率": "completion_rate"}
AMOUNT_WORDS = {
    "累计完成投资": "completed_investment", "完成投资": "completed_investment",
    "预计总投资": "planned_investment", "预计投资": "planned_investment",
    "计划投资": "planned_investment", "总投资": "planned_investment",
}
_RATE_WORDS = "|".join(RATE_WORDS)
_AMOUNT_WORDS = "|".join(sorted(AMOUNT_WORDS, key=len, reverse=True))
_UNIT = r"(亿元|万元|元|万平方米|平方米)"
_LIST = re.compile(rf"({_RATE_WORDS})\s*分别[为是]\s*[:：]?")
_LIST_ITEM = re.compile(rf"\s*[，、,]?\s*([^\d\s，、,%]+?)\s*{NUM}\s*%")
_RATE = re.compile(rf"({_RATE_WORDS})\s*[:：为是]?\s*{NUM}\s*%")
_AMOUNT = re.compile(
    rf"({_AMOUNT_WORDS})额?\s*[:：为]?\s*{NUM}\s*{_UNIT}(?:\s*[（(]\s*{NUM}\s*{_UNIT}\s*[)）])?"
)
_AREA = re.compile(rf"{NUM}\s*(万平方米|平方米)")
_HOUSEHOLDS = re.compile(rf"{NUM}\s*户")
_RANK = re.compile(r"排名第\s*([一二三四五六七八九十]+|\d+)")
# Completed counts: `已完工8个` first, then `23个改造任务已完工`; never `未完工` or `完工率`.
_DONE_AFTER = re.compile(r"(?<!未)完工\s*(\d+)\s*个")
_DONE_BEFORE = re.compile(r"(\d+)\s*个[^，。；,\d]{0,12}?(?<!未)完工(?!率)")
_TASKS = (
    re.compile(r"(\d+)\s*个[^，。；,\d]{0,8}?任务"),
    re.compile(r"(?:计划|实施)\s*改造[^，。；,\d]{0,8}?(\d+)\s*个"),
    re.compile(r"实施\s*(\d+)\s*个"),
)


# District of a figure in a per-district run whose district name could not be recognised.
UNKNOWN_DISTRICT = "?"


@dataclass(frozen=True)
class Figure:
    """One number stated in the prose.

    `kind` is `tasks` (number of communities), `completed` (communities completed) or `field`
    (a table field: `field` names it, `unit` is 万元/亿元/%/户/... as printed).
    """

    kind: str
    value: Decimal
    paragraph: int
    text: str
    year: int | None = None
    district: str | None = None
    field: str | None = None
    unit: str | None = None


def read_figures(paragraphs: list[str], districts: set[str]) -> list[Figure]:
    """Every figure of the prose, with its year and district context (`districts` normalised).

    Context follows the sentences, not the page's paragraph breaks: a paragraph that does not
    end a sentence (a reflowed or OCR'd page breaks lines anywhere) runs on into the next, so
    the same prose gives the same figures however it was broken into paragraphs.
    """
    figures: list[Figure] = []
    year: int | None = None
    for number, text in _passages(paragraphs):
        in_run = False  # a previous sentence of this passage was about one district
        for sentence in _SENTENCE.findall(text):
            years = [int(y) for y in _YEAR.findall(sentence)]
            year = years[0] if years else year
            found, about = _sentence_figures(sentence, number, year, districts)
            if in_run and about is None:
                # `...；海南区10个...；乌海高新区7个...` with the last name unread: still a district
                found = [f if f.district else replace(f, district=UNKNOWN_DISTRICT) for f in found]
            in_run = in_run or about is not None
            figures += found
    return figures


def _passages(paragraphs: list[str]) -> list[tuple[int, str]]:
    """(index of the first paragraph, text) of runs of paragraphs that end sentences: a
    paragraph that stops mid-sentence continues into the next; a heading (一、…, （二）…)
    stands alone."""
    out: list[tuple[int, str]] = []
    open_run = False
    for i, paragraph in enumerate(paragraphs):
        text = paragraph.strip()
        heading = bool(_HEADING.match(text)) and not any(c in text for c in "。；;，,")
        if open_run and out and not heading:
            out[-1] = (out[-1][0], out[-1][1] + text)
        else:
            out.append((i, text))
        open_run = bool(text) and text[-1] not in _SENTENCE_END and not heading
    return out


_SENTENCE_END = "。！？；;：:"
_HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])")


def _sentence_figures(
    sentence: str, paragraph: int, year: int | None, districts: set[str]
) -> tuple[list[Figure], str | None]:
    """The sentence's figures, and the one district it is about (None: several or none)."""
    listed, rest = _lists(sentence, paragraph, year, districts)
    key = normalize_name(rest)
    named = [d for d in districts if d in key]
    district = named[0] if len(named) == 1 else None

    def fig(kind: str, value: str, text: str, field: str | None = None,
            unit: str | None = None) -> Figure:
        return Figure(kind, Decimal(value), paragraph, text.strip(), year, district, field, unit)

    out = listed + [fig("field", m[2], m[0], RATE_WORDS[m[1]], "%") for m in _RATE.finditer(rest)]
    for m in _AMOUNT.finditer(rest):
        out.append(fig("field", m[2], m[0], AMOUNT_WORDS[m[1]], m[3]))
        if m[4]:
            out.append(fig("field", m[4], m[0], AMOUNT_WORDS[m[1]], m[5]))
    out += [fig("field", m[1], m[0], "floor_area", m[2]) for m in _AREA.finditer(rest)]
    out += [fig("field", m[1], m[0], "households", "户") for m in _HOUSEHOLDS.finditer(rest)]
    for m in _RANK.finditer(rest):
        rank = ordinal(m[1])
        if rank is not None:
            out.append(fig("field", str(rank), m[0], "rank"))
    done = _counts(rest, (_DONE_AFTER, _DONE_BEFORE), [])
    out += [fig("completed", m[1], m[0]) for m in done]
    out += [fig("tasks", m[1], m[0]) for m in _counts(rest, _TASKS, done)]
    return out, district


def _counts(text: str, patterns: tuple[re.Pattern[str], ...], taken: list[re.Match[str]]
            ) -> list[re.Match[str]]:
    """Matches of the patterns in order, dropping any that overlaps an earlier or `taken` one."""
    spans = [m.span() for m in taken]
    kept: list[re.Match[str]] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in spans):
                continue
            spans.append(m.span())
            kept.append(m)
    return kept


def _lists(sentence: str, paragraph: int, year: int | None, districts: set[str]
           ) -> tuple[list[Figure], str]:
    """Figures of `完工率分别为A 1%，B 2%` lists, and the sentence with those lists blanked."""
    figures: list[Figure] = []
    rest = sentence
    for head in _LIST.finditer(sentence):
        position = head.end()
        while item := _LIST_ITEM.match(sentence, position):
            name = normalize_name(item[1])
            district = name if name in districts else _contained(name, districts)
            if district is None:
                break
            figures.append(Figure("field", Decimal(item[2]), paragraph, item[0].strip(" ，、,"),
                                  year, district, RATE_WORDS[head[1]], "%"))
            position = item.end()
        rest = rest[:head.start()] + " " * (position - head.start()) + rest[position:]
    return figures, rest


def _contained(name: str, districts: set[str]) -> str | None:
    """The one district whose name the list item contains (`其中海勃湾区` -> 海勃湾区)."""
    hits = [d for d in districts if d in name]
    return hits[0] if len(hits) == 1 else None
