"""Compare the figures stated in the prose with the ranking tables they describe.

A figure is compared with the table of its year (the year a table's title starts with); when a
document has a single table, figures without a year belong to it. A figure that cannot be tied to
a table column (households when there is no 户数 column, an amount whose column states no unit)
produces no finding: absence of evidence is not a disagreement.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bulletin.normalize.checks.tables import (
    column_label,
    column_level,
    exact_sum,
    is_additive,
    level_values,
    table_name,
)
from bulletin.normalize.link.names import normalize_name
from bulletin.normalize.prose.narrative import Figure, read_figures
from bulletin.normalize.quantities import UNITS, agrees, convert, to_decimal, unit_of_label
from bulletin.schemas.document import District, Document, RankingTable
from bulletin.schemas.findings import Finding, Severity

_TITLE_YEAR = re.compile(r"(\d{4})\s*年")


def check_narrative(doc: Document) -> list[Finding]:
    if not doc.narrative or not doc.tables:
        return []
    names = {key for t in doc.tables for d in t.districts for key in _district_keys(d) if key}
    findings = []
    for figure in read_figures(doc.narrative, names):
        for table in _tables_for(doc, figure):
            finding = _compare(doc, table, figure)
            if finding is not None:
                findings.append(finding)
    return findings


def table_year(table: RankingTable) -> int | None:
    match = _TITLE_YEAR.search(table.title or "")
    return int(match[1]) if match else None


def _tables_for(doc: Document, figure: Figure) -> list[RankingTable]:
    by_year = [t for t in doc.tables if figure.year is not None and table_year(t) == figure.year]
    if by_year:
        return by_year
    if len(doc.tables) == 1 and (figure.year is None or table_year(doc.tables[0]) is None):
        return list(doc.tables)
    return []


def _district_keys(district: District) -> set[str]:
    """Names the prose may use for a district: as linked, as read."""
    keys = {normalize_name(district.name)}
    if district.link is not None:
        keys.add(normalize_name(district.link.raw))
    return keys


def _district(table: RankingTable, key: str | None) -> District | None:
    return next((d for d in table.districts if key in _district_keys(d)), None)


def _compare(doc: Document, table: RankingTable, figure: Figure) -> Finding | None:
    district = _district(table, figure.district) if figure.district else None
    if figure.district is not None and district is None:
        return None  # the district is not in this year's table: nothing to compare
    scope = table.model_copy(update={"districts": [district], "total": None}) if district else table
    if figure.kind in ("tasks", "completed"):
        return _compare_count(doc, scope, figure, district)
    return _compare_field(doc, scope, figure, district)


def _compare_count(doc: Document, table: RankingTable, figure: Figure,
                   district: District | None) -> Finding | None:
    communities = [c for d in table.districts for s in d.streets for c in s.communities]
    if figure.kind == "tasks":
        count, what = len(communities), "communities listed"
    else:
        marks = [c.fields.get("completed") for c in communities]
        if any(m is None or m.value is None for m in marks):
            return None  # an unread 是否完工 cell: the count is unknown, not different
        count = sum(1 for m in marks if m is not None and m.value == "true")
        what = "communities marked completed"
    if Decimal(count) == figure.value:
        return None
    where = district.name if district else "all districts"
    return _finding(doc, table, figure, f"narrative_{figure.kind}",
                    f"{count} {what} ({where})", f"{figure.value}")


def _compare_field(doc: Document, table: RankingTable, figure: Figure,
                   district: District | None) -> Finding | None:
    field = figure.field or ""
    if not any(c.field == field for c in table.columns):
        return None
    actual = _table_value(table, field, district)
    if actual is None:
        return None
    expected = actual
    if figure.unit in UNITS:
        column_unit = unit_of_label(column_label(table, field))
        if column_unit is None:
            return None
        converted = convert(actual, column_unit, figure.unit)
        if converted is None:
            return None
        expected = converted
    if agrees(figure.value, expected):
        return None
    where = district.name if district else "合计"
    shown = f"{expected.normalize():f}" if expected != actual else f"{actual}"
    return _finding(doc, table, figure, "narrative_value",
                    f"{shown} ({where}, column {column_label(table, field)})",
                    f"{figure.value}{figure.unit or ''}")


def _table_value(table: RankingTable, field: str, district: District | None) -> Decimal | None:
    """The table's figure for the whole table (合计 row, else a sum) or for one district."""
    if district is not None and field in district.fields:
        return to_decimal(district.fields[field].value)
    if district is None and table.total is not None and field in table.total:
        return to_decimal(table.total[field].value)
    if not is_additive(table, field):
        return None
    return exact_sum(level_values(table, field, column_level(table, field)))


def _finding(doc: Document, table: RankingTable, figure: Figure, check: str,
             expected: str, found: str) -> Finding:
    return Finding(
        severity=Severity.WARNING, check=check, document=doc.source, table_index=table.index,
        location=f"narrative paragraph {figure.paragraph + 1} vs {table_name(table)}",
        expected=expected, found=found,
        message=f"the prose says {figure.text!r}; the table gives {expected}",
    )
