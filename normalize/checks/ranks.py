"""Ranks against the rate the table ranks by: a district ranked above another never has the
lower rate (ties may be ranked either way).

The check runs only when the basis is known - the prose says it (`按投资完成率排名`) or the
table has a single district-level rate - so that a finding is a claim about the table's own
ranking, never a guess at which rate it meant.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bulletin.normalize.checks.tables import column_label, table_name
from bulletin.normalize.quantities import to_decimal
from bulletin.schemas.document import District, Document, Level, RankingTable
from bulletin.schemas.findings import Finding, Severity

_RANKED_BY = re.compile(r"按\s*([\u4e00-\u9fff]{1,8}?率)\s*(?:排名|排序|排位|排列)")


def check_ranks(doc: Document) -> list[Finding]:
    stated = {m.group(1) for p in doc.narrative for m in _RANKED_BY.finditer(p)}
    findings: list[Finding] = []
    for table in doc.tables:
        basis = _basis(table, stated)
        if basis is not None:
            findings += _order(doc, table, basis)
    return findings


def _basis(table: RankingTable, stated: set[str]) -> str | None:
    """The rate field the ranks follow: the one the prose names, else the only one."""
    if not any(c.field == "rank" and c.level is Level.DISTRICT for c in table.columns):
        return None
    rates = [c for c in table.columns if c.level is Level.DISTRICT and c.field != "rank"
             and ("率" in c.label or "%" in c.label)]  # fmt: skip
    named = [c for c in rates if any(word in c.label for word in stated)]
    if len(named) == 1:
        return named[0].field
    return rates[0].field if len(rates) == 1 and not stated else None


def _order(doc: Document, table: RankingTable, field: str) -> list[Finding]:
    ranked = sorted(
        ((rank, rate, d) for d in table.districts
         if (rank := _number(d, "rank")) is not None and (rate := _number(d, field)) is not None),
        key=lambda item: item[0],
    )  # fmt: skip
    label = column_label(table, field)
    findings = []
    for (rank_a, rate_a, a), (rank_b, rate_b, b) in zip(ranked, ranked[1:], strict=False):
        if rank_a < rank_b and rate_a < rate_b:
            findings.append(Finding(
                severity=Severity.WARNING, check="rank_order", document=doc.source,
                table_index=table.index, location=f"{table_name(table)}, {a.name} / {b.name}",
                expected=f"{a.name} (rank {rank_a}) at least {b.name}'s {rate_b}",
                found=f"{rate_a}",
                message=f"{a.name} is ranked {rank_a} with {label} {rate_a}, above {b.name} "
                f"ranked {rank_b} with the higher {rate_b}",
            ))  # fmt: skip
    return findings


def _number(district: District, field: str) -> Decimal | None:
    value = district.fields.get(field)
    return to_decimal(value.value) if value is not None else None
