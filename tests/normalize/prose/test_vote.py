"""A misread word in one field is spelled as the rest of the document spells it, and only then."""

from __future__ import annotations

from bulletin.normalize.prose.vote import agree

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
