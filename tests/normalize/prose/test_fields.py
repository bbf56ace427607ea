"""Document fields found by the form of a Chinese official document, not by its words."""

from __future__ import annotations

from bulletin.normalize.prose.fields import read_fields
from bulletin.schemas.extracted import PageContent, TextLine, TextSource
from bulletin.schemas.geometry import Box
from bulletin.schemas.vocabulary import builtin

VOCAB = builtin()


def page(*texts: str, number: int = 1) -> PageContent:
    lines = [
        TextLine(text=t, box=Box.of(80, 100 + 20 * i, 80 + 14 * len(t), 114 + 20 * i))
        for i, t in enumerate(texts)
    ]
    return PageContent(
        number=number, width=595, height=842, text_source=TextSource.OCR, lines=lines
    )


def test_red_head_document_fields() -> None:
    fields = read_fields(
        [
            page(
                "某某市教育局文件",
                "某教发［2023］7号",
                "签发人：王五",
                "某某市教育局",
                "关于春季学期校舍安全检查情况的",
                "通知",
                "各区教育局、直属学校：",
                "现将检查情况通知如下。",
                "附件：1. 检查结果表",
                "2. 整改清单",
                "抄送：市政府办公室、",
                "市安委会",
                "某某市教育局办公室 2023年3月2日印发",
            )
        ],
        VOCAB,
    )
    assert fields.doc_number == "某教发〔2023〕7号", "brackets follow the standard"
    assert fields.signer == "王五"
    assert fields.issuer == "某某市教育局"
    assert fields.title == "某某市教育局关于春季学期校舍安全检查情况的通知"
    assert fields.addressee == "各区教育局、直属学校"
    assert fields.attachments == ["检查结果表", "整改清单"]
    assert fields.cc == ["市政府办公室", "市安委会"]
    assert fields.issue_date == "2023-03-02"
    assert fields.narrative == ["现将检查情况通知如下。"]


def test_an_annex_page_alone_has_no_title() -> None:
    annex = page("附件1：", "2020年某市项目进展排名表", "填报日期：2021.4.25")
    fields = read_fields([annex], VOCAB)
    assert fields.title is None
    assert fields.doc_number is None and fields.issuer is None


def test_page_numbers_do_not_split_a_paragraph() -> None:
    first = page("某某市教育局文件", "某教发〔2023〕7号", "各学校：", "第一段开头", "— 1 —")
    second = page("第一段结尾。", number=2)
    assert read_fields([first, second], VOCAB).narrative == ["第一段开头第一段结尾。"]
