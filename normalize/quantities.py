"""Exact decimal arithmetic for cross-checks: parsing printed numbers, units, printed precision.

Numbers are compared as Decimals, never floats: 8072.1 + 1386 + 880 must equal 10338.1 exactly.
A derived figure (a rate, an amount converted from 万元 to 亿元) "agrees" with a printed one when
the printed number is within half a unit of its last printed digit, which accepts any rounding
convention (half-up, half-even) the author may have used.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# Multipliers to the base unit; amounts and areas are converted within their own family only.
UNITS: dict[str, tuple[str, Decimal]] = {
    "元": ("money", Decimal(1)),
    "万元": ("money", Decimal(10_000)),
    "亿元": ("money", Decimal(100_000_000)),
    "平方米": ("area", Decimal(1)),
    "万平方米": ("area", Decimal(10_000)),
}
_UNIT_IN_LABEL = re.compile("|".join(sorted(UNITS, key=len, reverse=True)))
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def to_decimal(text: str | None) -> Decimal | None:
    """The Decimal of a canonical number string, or None when missing or not a number."""
    if text is None:
        return None
    try:
        number = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def places(number: Decimal) -> int:
    """Digits printed after the decimal point (`1.10` -> 2, `16` -> 0)."""
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def agrees(printed: Decimal, exact: Decimal) -> bool:
    """True when `printed` is `exact` rounded to the printed number of decimals."""
    half_unit = Decimal(5) * Decimal(10) ** -(places(printed) + 1)
    return abs(printed - exact) <= half_unit


def convert(amount: Decimal, unit_from: str, unit_to: str) -> Decimal | None:
    """Convert between units of one family (万元 -> 亿元); None when the families differ."""
    family_from, factor_from = UNITS[unit_from]
    family_to, factor_to = UNITS[unit_to]
    if family_from != family_to:
        return None
    return amount * factor_from / factor_to


def unit_of_label(label: str) -> str | None:
    """The unit a column header states, e.g. `投资情况（万元）/预计投资额` -> 万元."""
    match = _UNIT_IN_LABEL.search(label)
    return match.group(0) if match else None


def ordinal(text: str) -> int | None:
    """`一` .. `九十九` or ASCII digits as an int (used for 排名第一)."""
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        value = (_CHINESE_DIGITS.get(tens, 0) if tens else 1) * 10
        return value + (_CHINESE_DIGITS.get(ones, 0) if ones else 0)
    return _CHINESE_DIGITS.get(text)
