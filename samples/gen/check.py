"""Arithmetic checks on the source data, run before anything is drawn.

They guard the hand-typed numbers: a 合计 must be the exact sum of its column
(of the district values for district-level columns, of the community values
for community-level ones), a 小计 the exact sum of its district's communities,
and an investment completion rate must equal completed / planned x 100
rounded half-up to 2 places. The 2020 table's 完工率 is a different measure
(share of finished work, not of money) and is deliberately not checked.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .model import Bulletin, Level, RankingTable

SUMMED = ("planned_investment", "completed_investment")


class DataError(ValueError):
    """The source data contradicts itself where a real table could not."""


def rate(completed: str, planned: str) -> str:
    """Percentage with exactly two decimals, rounded half-up (as Excel prints it)."""
    value = Decimal(completed) / Decimal(planned) * 100
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _number(text: str) -> Decimal:
    return Decimal(text) if text.strip() else Decimal(0)


def _table_problems(t: RankingTable) -> list[str]:
    out: list[str] = []
    community_cols = [c.key for c in t.columns if c.level is Level.COMMUNITY]
    for key in SUMMED:
        if key in t.total.values and key not in community_cols:
            total = sum(Decimal(d.values[key]) for d in t.districts)
            if Decimal(t.total.values[key]) != total:
                out.append(f"{t.title}: 合计 {key} {t.total.values[key]} != {total}")
    rows = [(d.name, d.values) for d in t.districts] + [("合计", t.total.values)]
    for name, values in rows:
        if "investment_completion_rate" in values:
            want = rate(values["completed_investment"], values["planned_investment"])
            if values["investment_completion_rate"] != want:
                have = values["investment_completion_rate"]
                out.append(f"{t.title}: {name} rate {have} != {want}")
    for col in t.columns:
        if col.level is not Level.COMMUNITY:
            continue
        if t.subtotal is not None:
            for d in t.districts:
                if col.key in d.values:
                    part = sum(_number(c.extra[col.key]) for c in d.communities())
                    if Decimal(d.values[col.key]) != part:
                        out.append(f"{t.title}: {d.name} 小计 {col.key} "
                                   f"{d.values[col.key]} != {part}")
        if col.key in t.total.values:
            count = sum(_number(c.extra[col.key]) for d in t.districts for c in d.communities())
            if Decimal(t.total.values[col.key]) != count:
                out.append(f"{t.title}: 合计 {col.key} {t.total.values[col.key]} != {count}")
    if t.subtotal is not None:
        keys = [c.key for c in t.columns]
        first, last = keys.index(t.subtotal.first), keys.index(t.subtotal.last)
        for c in t.columns[first:last + 1]:
            if c.level is Level.DISTRICT:
                out.append(f"{t.title}: 小计 label covers district column {c.key}")
    return out


def check(b: Bulletin) -> None:
    """Raise ``DataError`` listing every problem found in ``b``."""
    problems = [p for t in b.tables for p in _table_problems(t)]
    if problems:
        raise DataError(f"{b.stem}: " + "; ".join(problems))
