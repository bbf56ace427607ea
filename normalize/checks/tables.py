"""Arithmetic cross-checks inside each ranking table (no prose involved).

* total_sum: every additive column of the 合计 row equals the sum over its level's rows.
* rate_formula: a rate that is a ratio of two printed columns equals that ratio × 100 to the
  printed precision (投资完成率 = 累计完成投资额 / 预计投资额 × 100). 完工率 is not such a ratio
  (it weighs communities by work done) and is never recomputed.
* span_constant: a district-level column holds one value per district; the hierarchy builder
  keeps per-row copies in street/community fields when the paper repeated the value per row
  instead of merging the cells, and those copies must all agree.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from bulletin.normalize.quantities import agrees, places, to_decimal
from bulletin.schemas.document import Document, Level, RankingTable, Value
from bulletin.schemas.findings import Finding, Severity

# Rates derivable from two other columns: rate field -> (numerator field, denominator field).
DERIVED_RATES: dict[str, tuple[str, str]] = {
    "investment_completion_rate": ("completed_investment", "planned_investment"),
}
NOT_ADDITIVE = frozenset({"rank", "completion_rate", *DERIVED_RATES})


def check_tables(doc: Document) -> list[Finding]:
    findings: list[Finding] = []
    for table in doc.tables:
        findings += _total_sums(doc, table)
        findings += _subtotal_sums(doc, table)
        findings += _rates(doc, table)
        findings += _span_constant(doc, table)
    return findings


def table_name(table: RankingTable) -> str:
    return f"table {table.index}" + (f" ({table.title})" if table.title else "")


def column_level(table: RankingTable, field: str) -> Level:
    for column in table.columns:
        if column.field == field:
            return column.level
    return Level.DISTRICT


def column_label(table: RankingTable, field: str) -> str:
    return next((c.label for c in table.columns if c.field == field), field)


def is_additive(table: RankingTable, field: str) -> bool:
    """Rates, percentages and ranks are not summed; everything numeric else is."""
    label = column_label(table, field)
    return field not in NOT_ADDITIVE and "率" not in label and "%" not in label


def level_values(table: RankingTable, field: str, level: Level) -> list[Value | None]:
    """The field's value on every row of `level` (None where the row lacks the field)."""
    rows: Iterable[dict[str, Value]]
    if level is Level.DISTRICT:
        rows = (d.fields for d in table.districts)
    elif level is Level.STREET:
        rows = (s.fields for d in table.districts for s in d.streets)
    else:
        rows = (c.fields for d in table.districts for s in d.streets for c in s.communities)
    return [row.get(field) for row in rows]


def exact_sum(values: list[Value | None]) -> Decimal | None:
    """Sum of the values, or None when any is missing or not a number (nothing to compare)."""
    numbers = [to_decimal(v.value) if v is not None else None for v in values]
    if not numbers or any(n is None for n in numbers):
        return None
    return sum((n for n in numbers if n is not None), Decimal(0))


def _total_sums(doc: Document, table: RankingTable) -> list[Finding]:
    findings = []
    for field, value in (table.total or {}).items():
        printed = to_decimal(value.value)
        if printed is None or not is_additive(table, field):
            continue
        level = column_level(table, field)
        total = exact_sum(level_values(table, field, level))
        if total is None or total == printed:
            continue
        label = column_label(table, field)
        findings.append(Finding(
            severity=Severity.ERROR, check="total_sum", document=doc.source,
            table_index=table.index, location=f"{table_name(table)}, 合计 row, column {label}",
            expected=f"{total} (sum of the {level.value} rows)", found=value.value or "",
            message=f"合计 {label} is {value.value}, the {level.value} rows sum to {total}",
            field=field,
        ))
    return findings


def _subtotal_sums(doc: Document, table: RankingTable) -> list[Finding]:
    """A district's 小计 equals the sum of its own rows in every additive column."""
    findings = []
    for district in table.districts:
        for field, value in (district.subtotal or {}).items():
            printed = to_decimal(value.value)
            level = column_level(table, field)
            if printed is None or not is_additive(table, field) or level is Level.DISTRICT:
                continue
            scope = table.model_copy(update={"districts": [district], "total": None})
            total = exact_sum(level_values(scope, field, level))
            if total is None or total == printed:
                continue
            label = column_label(table, field)
            findings.append(Finding(
                severity=Severity.ERROR, check="subtotal_sum", document=doc.source,
                table_index=table.index,
                location=f"{table_name(table)}, {district.name} 小计 row, column {label}",
                expected=f"{total} (sum of the district's {level.value} rows)",
                found=value.value or "",
                message=f"{district.name} 小计 {label} is {value.value}, its rows sum to {total}",
            ))  # fmt: skip
    return findings


def _rates(doc: Document, table: RankingTable) -> list[Finding]:
    findings = []
    rows: list[tuple[str, str | None, dict[str, Value]]] = [
        (d.name, d.name, d.fields) for d in table.districts
    ]
    if table.total is not None:
        rows.append(("合计", None, table.total))
    for rate_field, (num_field, den_field) in DERIVED_RATES.items():
        for name, district, fields in rows:
            finding = _rate(doc, table, (name, district), fields, rate_field, num_field,
                            den_field)
            if finding is not None:
                findings.append(finding)
    return findings


def _rate(
    doc: Document, table: RankingTable, row: tuple[str, str | None], fields: dict[str, Value],
    rate_field: str, num_field: str, den_field: str,
) -> Finding | None:
    """`row` is (the row's name, its district: None for the 合计 row)."""
    name, district = row
    def number(field: str) -> Decimal | None:
        value = fields.get(field)
        return to_decimal(value.value) if value is not None else None

    printed, num, den = number(rate_field), number(num_field), number(den_field)
    if printed is None or num is None or not den:
        return None
    exact = num / den * 100
    if agrees(printed, exact):
        return None
    label = column_label(table, rate_field)
    shown = exact.quantize(Decimal(1).scaleb(-max(4, places(printed) + 2)))
    return Finding(
        severity=Severity.ERROR, check="rate_formula", document=doc.source,
        table_index=table.index, location=f"{table_name(table)}, {name}, column {label}",
        expected=f"{shown} ({num_field} {num} / {den_field} {den} × 100)",
        found=str(printed),
        message=f"{name}: {label} printed {printed}, {num} / {den} × 100 = {shown}",
        field=rate_field, district=district,
    )


def _span_constant(doc: Document, table: RankingTable) -> list[Finding]:
    findings = []
    fields = [c.field for c in table.columns if c.level is Level.DISTRICT and c.field != "district"]
    for district in table.districts:
        for field in fields:
            own = district.fields.get(field)
            copies = [s.fields.get(field) for s in district.streets]
            copies += [c.fields.get(field) for s in district.streets for c in s.communities]
            seen = sorted({v.value for v in copies if v is not None and v.value is not None})
            reference = own.value if own is not None else None
            if len(set(seen) | ({reference} if reference is not None else set())) <= 1:
                continue
            label = column_label(table, field)
            findings.append(Finding(
                severity=Severity.WARNING, check="span_constant", document=doc.source,
                table_index=table.index, location=f"{table_name(table)}, {district.name}, "
                f"column {label}", expected=f"one value ({reference}) across the district",
                found=" | ".join(seen),
                message=f"{district.name}: {label} differs between the rows of the district",
                field=field, district=district.name,
            ))
    return findings
