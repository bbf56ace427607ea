"""Cell text -> canonical values: exact decimals, booleans, ISO dates."""

from __future__ import annotations

import pytest

from bulletin.normalize.table.values import (
    clean_text,
    is_blank,
    parse_bool,
    parse_date,
    parse_number,
    parse_rank,
    parse_value,
)
from bulletin.schemas.document import ValueKind
from bulletin.schemas.vocabulary import builtin


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4949.834", "4949.834"),
        ("8072.1万元", "8072.1"),
        ("90.95%", "90.95"),
        ("1. 57", "1.57"),
        ("１２３", "123"),
        ("1,386", "1386"),
        ("49.80", "49.80"),
        ("", None),
        ("12?4", None),
        ("是", None),
    ],
)
def test_numbers_keep_printed_digits(text: str, expected: str | None) -> None:
    assert parse_number(text) == expected


def test_integer_refuses_decimals() -> None:
    assert parse_number("308", integer=True) == "308"
    assert parse_number("30.8", integer=True) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("是", "true"), ("否", "false"), (" 是 ", "true"), ("√", "true"), ("待定", None)],
)
def test_booleans(text: str, expected: str | None) -> None:
    assert parse_bool(text, builtin()) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021.4.25", "2021-04-25"),
        ("2021年4月30日", "2021-04-30"),
        ("填报日期：2022年7月5日", "2022-07-05"),
        ("2021/12/1", "2021-12-01"),
        ("2021.13.1", None),
        ("无", None),
    ],
)
def test_dates(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_clean_text_drops_ocr_spaces_between_han_only() -> None:
    assert clean_text("海 勃 湾区") == "海勃湾区"
    assert clean_text("108 住宅楼") == "108住宅楼"
    assert clean_text("B  区") == "B区"


def test_mismatched_bracket_pair_takes_the_nfkc_form_matched_pairs_stay() -> None:
    assert clean_text("铁路小区（包括铁路西住宅小区)") == "铁路小区(包括铁路西住宅小区)"
    assert clean_text("铁路小区（包括铁路西住宅小区）") == "铁路小区（包括铁路西住宅小区）"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", "3"),
        ("第3名", "3"),
        ("三", "3"),
        ("第十二名", "12"),
        ("二十", "20"),
        ("十", "10"),
        ("第二十一名", "21"),
        ("甲", None),
        ("3.5", None),
    ],
)
def test_ranks_in_digits_or_chinese_numerals(text: str, expected: str | None) -> None:
    assert parse_rank(text) == expected


@pytest.mark.parametrize("mark", ["/", "—", "－", "无", "  "])
def test_printed_nothing_marks_are_empty_not_unreadable(mark: str) -> None:
    assert is_blank(mark)
    assert parse_value(mark, ValueKind.NUMBER, builtin()) is None
