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
    FooterStyle,
    Level,
    MongolianHeader,
    Paragraph,
    RankingTable,
    Route,
    Signature,
    Street,
    Style,
    SubtotalRow,
    TablePages,
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
    _only(raw, {"key", "label", "level", "width", "group", "mongolian"}, where)
    key = _take(raw, "key", where)
    level = raw.get("level") or KNOWN_LEVELS.get(key)
    if level is None:
        raise ContentError(f"{where}: column {key!r} needs a 'level'")
    return Column(key, _take(raw, "label", where), Level(level),
                  float(_take(raw, "width", where)), raw.get("group"),
                  raw.get("mongolian", ""))


def _community(raw: dict[str, Any], extra_keys: list[str], where: str) -> Community:
    _only(raw, {"name", "completed", "status_break", "extra"}, where)
    extra = dict(raw.get("extra", {}))
    _only(extra, set(extra_keys), where + ".extra")
    full = {k: str(extra.get(k, "")) for k in extra_keys}
    return Community(_take(raw, "name", where), bool(_take(raw, "completed", where)),
                     bool(raw.get("status_break", False)), full)


def _street(raw: dict[str, Any], extra_keys: list[str], street_keys: list[str],
            where: str) -> Street:
    _only(raw, {"name", "head", "leader", "communities", "extra"}, where)
    comms = tuple(_community(c, extra_keys, f"{where}.communities[{i}]")
                  for i, c in enumerate(_take(raw, "communities", where)))
    if not comms:
        raise ContentError(f"{where}: a street needs at least one community")
    extra = dict(raw.get("extra", {}))
    _only(extra, set(street_keys), where + ".extra")
    return Street(_take(raw, "name", where), raw.get("head", ""), raw.get("leader", ""),
                  comms, {k: str(extra.get(k, "")) for k in street_keys})


def _district(raw: dict[str, Any], extra_keys: list[str], street_keys: list[str],
              where: str) -> District:
    _only(raw, {"rank", "name", "values", "streets"}, where)
    streets = tuple(_street(s, extra_keys, street_keys, f"{where}.streets[{i}]")
                    for i, s in enumerate(_take(raw, "streets", where)))
    return District(str(_take(raw, "rank", where)), _take(raw, "name", where),
                    dict(_take(raw, "values", where)), streets)


TABLE_KEYS = {"label", "title", "fill_date_text", "fill_date", "columns", "districts",
              "total", "status_text", "status_merge", "subtotal", "mongolian_header",
              "pages", "label_inline", "unit_note"}


def _table(raw: dict[str, Any], where: str) -> RankingTable:
    _only(raw, TABLE_KEYS, where)
    columns = tuple(_column(c, f"{where}.columns[{i}]")
                    for i, c in enumerate(_take(raw, "columns", where)))
    # community-level columns beyond name and status carry one value per community,
    # even under a canonical name (planned_investment of one village)
    extra_keys = [c.key for c in columns if c.level is Level.COMMUNITY
                  and c.key not in ("community", "completed")]
    street_keys = [c.key for c in columns if c.level is Level.STREET
                   and c.key not in KNOWN_LEVELS]
    districts = tuple(_district(d, extra_keys, street_keys, f"{where}.districts[{i}]")
                      for i, d in enumerate(_take(raw, "districts", where)))
    total_raw = _take(raw, "total", where)
    total = TotalRow(_take(total_raw, "label", where + ".total"),
                     int(_take(total_raw, "label_cols", where + ".total")),
                     dict(_take(total_raw, "values", where + ".total")))
    status = raw.get("status_text", {"true": "是", "false": "否"})
    _only(status, {"true", "false"}, where + ".status_text")
    sub = raw.get("subtotal")
    subtotal = None
    if sub is not None:
        _only(sub, {"label", "first", "last"}, where + ".subtotal")
        subtotal = SubtotalRow(sub["label"], sub["first"], sub["last"])
    pages_raw = raw.get("pages")
    pages = None
    if pages_raw is not None:
        _only(pages_raw, {"first", "breaks"}, where + ".pages")
        pages = TablePages(int(pages_raw["first"]),
                           tuple(int(b) for b in pages_raw.get("breaks", ())))
    return RankingTable(_take(raw, "label", where), _take(raw, "title", where),
                        raw.get("fill_date_text", ""), raw.get("fill_date", ""),
                        columns, districts, total,
                        status_text=(status["true"], status["false"]),
                        status_merge=bool(raw.get("status_merge", True)),
                        subtotal=subtotal,
                        mongolian_header=MongolianHeader(raw.get("mongolian_header", "none")),
                        pages=pages, label_inline=bool(raw.get("label_inline", False)),
                        unit_note=raw.get("unit_note", ""))


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
        title_font=raw.get("title_font"),
        table_font=raw.get("table_font"),
        heading_font=raw.get("heading_font"),
    )


BULLETIN_KEYS = {"style", "mongolian_line", "issuer_line", "issuer", "doc_number", "signer",
                 "title_lines", "addressee", "body", "attachments", "tables", "cc", "office",
                 "issue_date_text", "issue_date", "route", "mongolian_below",
                 "doc_number_centered", "signature", "footer_style", "front", "sheet_note",
                 "notes"}


def load_bulletin(path: Path) -> Bulletin:
    """Parse one source JSON file; the stem of the file is the sample's stem."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    _only(raw, BULLETIN_KEYS, path.name)
    front = bool(raw.get("front", True))

    def t(key: str) -> Any:
        """A document field: required on a full document, empty on a bare table."""
        return _take(raw, key, path.name) if front else raw.get(key, "")

    body = tuple(Paragraph(_take(p, "kind", "body"), _take(p, "text", "body"))
                 for p in (t("body") or ()))
    tables = tuple(_table(x, f"tables[{i}]")
                   for i, x in enumerate(_take(raw, "tables", path.name)))
    sig = raw.get("signature")
    signature = None
    if sig is not None:
        _only(sig, {"name", "date_text"}, "signature")
        signature = Signature(_take(sig, "name", "signature"),
                              _take(sig, "date_text", "signature"))
    route = Route(raw.get("route", "reportlab"))
    if route is not Route.REPORTLAB and any(x.pages is None for x in tables):
        raise ContentError(f"{path.name}: an office route must declare each table's 'pages'")
    return Bulletin(
        stem=path.stem, style=_style(_take(raw, "style", path.name)),
        mongolian_line=t("mongolian_line"), issuer_line=t("issuer_line"),
        issuer=t("issuer"), doc_number=t("doc_number"), signer=t("signer"),
        title_lines=tuple(t("title_lines") or ()), addressee=t("addressee"), body=body,
        attachments=tuple(t("attachments") or ()), tables=tables, cc=t("cc"),
        office=t("office"), issue_date_text=t("issue_date_text"),
        issue_date=t("issue_date"), route=route,
        mongolian_below=bool(raw.get("mongolian_below", False)),
        doc_number_centered=bool(raw.get("doc_number_centered", False)),
        signature=signature, footer_style=FooterStyle(raw.get("footer_style", "two_ends")),
        front=front, sheet_note=raw.get("sheet_note", ""),
    )
