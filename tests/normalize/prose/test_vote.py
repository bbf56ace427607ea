"""A misread word in one field is spelled as the rest of the document spells it, and only then."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bulletin.normalize.prose.vote import agree, spellings

PROSE = [
    "实施老旧小区改造，是扩大内需的重要举措。",
    "全市老旧小区改造工作取得积极进展。",
    "乌海市住房和城乡建设局办公室",
    "乌海市2021年老旧小区改造项目进展排名表",
]


def test_a_confusable_misreading_is_outvoted() -> None:
    assert agree("关于全市老阳小区改造工作进展情况的通报", PROSE) == (
        "关于全市老旧小区改造工作进展情况的通报"
    )
    assert agree("鸟海市住房和城乡建设局", PROSE) == "乌海市住房和城乡建设局"


def test_a_spelling_the_document_never_outvotes_stays() -> None:
    assert agree("关于全市供热管网改造工作的通报", PROSE) == "关于全市供热管网改造工作的通报"
    # one other spelling is not a vote; a different character that OCR does not confuse in
    # a short window is a different word (海南区 is not 海北区)
    assert agree("海南区政府", ["海北区政府", "海北区政府"]) == "海南区政府"
    assert agree("乌达区", ["乌海区"]) == "乌达区"


@settings(max_examples=3000, deadline=None)
@given(
    prefix=st.text("ab", max_size=3),
    suffix=st.text("ab", max_size=3),
    corpus=st.text("ab\n", max_size=16),
)
def test_spellings_count_as_a_regex_match_does(prefix: str, suffix: str, corpus: str) -> None:
    """Non-overlapping, left to right, the middle never a line break: prefix(.)suffix."""
    assume(prefix or suffix)
    pattern = re.escape(prefix) + "(.)" + re.escape(suffix)
    assert spellings(prefix, suffix, corpus) == Counter(
        m.group(1) for m in re.finditer(pattern, corpus)
    )
