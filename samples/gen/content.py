"""Read a hand-transcribed ``samples/src/<stem>.json`` into the typed model.

Validation happens here, once: a missing or unknown key raises ``ContentError``
naming the key and its place, so a typo in the data cannot silently drop a cell.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import (
    BorderStyle,
    Bulletin,
    Column,
    Community,
    District,
    Level,
    Paragraph,
    RankingTable,
    Street,
    Style,
    TotalRow,
)

# Columns whose level is fixed by their meaning; any other column must say its level.
KNOWN_LEVELS: dict[str, Level] = {
    "rank": Level.DISTRICT,
    "district": Level.DISTRICT,
    "planned_investment": Level.DISTRICT,
    "completed_investment": Level.DISTRICT,
    "completion_rate": Level.DISTRICT,
    "investment_completion_rate": Level.DISTRICT,
    "street": Level.STREET,
    "street_head": Level.STREET,
    "leader": Level.STREET,
    "community": Level.COMMUNITY,
    "completed": Level.COMMUNITY,
}


class ContentError(ValueError):
    """The source JSON does not describe a valid bulletin."""


def _take(obj: dict[str, Any], key: str, where: str) -> Any:
    if key not in obj:
        raise ContentError(f"{where}: missing key {key!r}")
    return obj[key]


def _only(obj: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(obj) - allowed
    if unknown:
        raise ContentError(f"{where}: unknown keys {sorted(unknown)}")


def _column(raw: dict[str, Any], where: str) -> Column:
    _only(raw, {"key", "label", "level", "width", "group"}, where)
    key = _take(raw, "key", where)
    level = raw.get("level") or KNOWN_LEVELS.get(key)
    if level is None:
        raise ContentError(f"{where}: column {key!r} needs a 'level'")
    return Column(key, _take(raw, "label", where), Level(level),
                  float(_take(raw, "width", where)), raw.get("group"))


def _community(raw: dict[str, Any], extra_keys: list[str], where: str) -> Community:
    _only(raw, {"name", "completed", "status_break", "extra"}, where)
    extra = dict(raw.get("extra", {}))
    _only(extra, set(extra_keys), where + ".extra")
    full = {k: str(extra.get(k, "")) for k in extra_keys}
    return Community(_take(raw, "name", where), bool(_take(raw, "completed", where)),
                     bool(raw.get("status_break", False)), full)


def _street(raw: dict[str, Any], extra_keys: list[str], where: str) -> Street:
    _only(raw, {"name", "head", "leader", "communities"}, where)
    comms = tuple(_community(c, extra_keys, f"{where}.communities[{i}]")
                  for i, c in enumerate(_take(raw, "communities", where)))
    if not comms:
        raise ContentError(f"{where}: a street needs at least one community")
    return Street(_take(raw, "name", where), _take(raw, "head", where),
                  _take(raw, "leader", where), comms)


def _district(raw: dict[str, Any], extra_keys: list[str], where: str) -> District:
    _only(raw, {"rank", "name", "values", "streets"}, where)
    streets = tuple(_street(s, extra_keys, f"{where}.streets[{i}]")
                    for i, s in enumerate(_take(raw, "streets", where)))
    return District(str(_take(raw, "rank", where)), _take(raw, "name", where),
                    dict(_take(raw, "values", where)), streets)


def _table(raw: dict[str, Any], where: str) -> RankingTable:
    _only(raw, {"label", "title", "fill_date_text", "fill_date", "columns",
                "districts", "total"}, where)
    columns = tuple(_column(c, f"{where}.columns[{i}]")
                    for i, c in enumerate(_take(raw, "columns", where)))
    extra_keys = [c.key for c in columns
                  if c.level is Level.COMMUNITY and c.key not in KNOWN_LEVELS]
    districts = tuple(_district(d, extra_keys, f"{where}.districts[{i}]")
                      for i, d in enumerate(_take(raw, "districts", where)))
    total_raw = _take(raw, "total", where)
    total = TotalRow(_take(total_raw, "label", where + ".total"),
                     int(_take(total_raw, "label_cols", where + ".total")),
                     dict(_take(total_raw, "values", where + ".total")))
    return RankingTable(_take(raw, "label", where), _take(raw, "title", where),
                        _take(raw, "fill_date_text", where),
                        _take(raw, "fill_date", where), columns, districts, total)


def _style(raw: dict[str, Any]) -> Style:
    where = "style"
    return Style(
        font=_take(raw, "font", where),
        borders=BorderStyle(_take(raw, "borders", where)),
        margins_mm=tuple(_take(raw, "margins_mm", where)),  # type: ignore[arg-type]
        table_margins_mm=tuple(_take(raw, "table_margins_mm", where)),  # type: ignore[arg-type]
        table_landscape=bool(_take(raw, "table_landscape", where)),
        body_size=float(_take(raw, "body_size", where)),
        body_leading=float(_take(raw, "body_leading", where)),
        table_font_size=float(_take(raw, "table_font_size", where)),
        table_min_row_height=float(_take(raw, "table_min_row_height", where)),
    )


def load_bulletin(path: Path) -> Bulletin:
    """Parse one source JSON file; the stem of the file is the sample's stem."""
    raw = json.loads(path.read_text(encoding="utf-8"))

    def t(key: str) -> Any:
        return _take(raw, key, path.name)

    body = tuple(Paragraph(_take(p, "kind", "body"), _take(p, "text", "body"))
                 for p in t("body"))
    tables = tuple(_table(x, f"tables[{i}]") for i, x in enumerate(t("tables")))
    return Bulletin(
        stem=path.stem, style=_style(t("style")),
        mongolian_line=t("mongolian_line"), issuer_line=t("issuer_line"),
        issuer=t("issuer"), doc_number=t("doc_number"), signer=t("signer"),
        title_lines=tuple(t("title_lines")), addressee=t("addressee"), body=body,
        attachments=tuple(t("attachments")), tables=tables, cc=t("cc"),
        office=t("office"), issue_date_text=t("issue_date_text"),
        issue_date=t("issue_date"),
    )
