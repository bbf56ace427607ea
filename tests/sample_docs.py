"""Build `Document`s for normalize tests without the extraction pipeline.

`from_source` turns a sample's hand-transcribed `samples/src/<stem>.json` into the Document the
pipeline should produce for it; `tiny` builds a small document from nested tuples.
"""

from __future__ import annotations

import json
from typing import Any

from goldens import SAMPLES

from bulletin.schemas.document import (
    Column,
    Community,
    District,
    Document,
    Level,
    RankingTable,
    Street,
    Value,
    ValueKind,
)

LEVELS = {
    "rank": Level.DISTRICT, "district": Level.DISTRICT, "street": Level.STREET,
    "street_head": Level.STREET, "leader": Level.STREET, "community": Level.COMMUNITY,
    "completed": Level.COMMUNITY,
}


def val(text: str | None, page: int = 1, kind: ValueKind = ValueKind.TEXT) -> Value:
    return Value(value=text, raw=text or "", kind=kind, page=page)


def _column(raw: dict[str, Any]) -> Column:
    label = raw["label"] if not raw.get("group") else f"{raw['group']}/{raw['label']}"
    level = Level(raw.get("level") or LEVELS.get(raw["key"], Level.DISTRICT))
    return Column(field=raw["key"], label=label, level=level, kind=ValueKind.TEXT, known=True)


def _community(raw: dict[str, Any], page: int) -> Community:
    fields = {"community": val(raw["name"], page),
              "completed": val("true" if raw["completed"] else "false", page)}
    fields |= {k: val(v, page) for k, v in raw.get("extra", {}).items()}
    return Community(name=raw["name"], fields=fields, page=page)


def _district(raw: dict[str, Any], page: int) -> District:
    streets = [
        Street(name=s["name"], fields={"street": val(s["name"], page), "street_head":
               val(s["head"], page), "leader": val(s["leader"], page)},
               communities=[_community(c, page) for c in s["communities"]])
        for s in raw["streets"]
    ]
    fields = {"rank": val(str(raw["rank"]), page), "district": val(raw["name"], page)}
    fields |= {k: val(v, page, ValueKind.NUMBER) for k, v in raw["values"].items()}
    return District(name=raw["name"], fields=fields, streets=streets)


def from_source(stem: str) -> Document:
    raw = json.loads((SAMPLES / "src" / f"{stem}.json").read_text(encoding="utf-8"))
    tables = []
    for i, t in enumerate(raw["tables"]):
        page = 3 + i
        total = {k: val(v, page, ValueKind.NUMBER) for k, v in t["total"]["values"].items()}
        tables.append(RankingTable(
            index=i, title=t["title"], fill_date=t.get("fill_date"), pages=[page],
            columns=[_column(c) for c in t["columns"]],
            districts=[_district(d, page) for d in t["districts"]], total=total,
        ))
    return Document(source=f"{stem}.pdf", narrative=[p["text"] for p in raw["body"]],
                    tables=tables)


def tiny(tree: dict[str, dict[str, list[str]]], source: str = "tiny.pdf") -> Document:
    """A one-table document from {district: {street: [community, ...]}} (no numbers)."""
    districts = [
        District(name=d, fields={"district": val(d)}, streets=[
            Street(name=s, fields={"street": val(s)}, communities=[
                Community(name=c, fields={"community": val(c, 2)}, page=2) for c in comms])
            for s, comms in streets.items()])
        for d, streets in tree.items()
    ]
    columns = [Column(field=f, label=f, level=LEVELS[f], kind=ValueKind.TEXT, known=True)
               for f in ("district", "street", "community")]
    table = RankingTable(index=0, title=None, fill_date=None, pages=[2], columns=columns,
                         districts=districts)
    return Document(source=source, tables=[table])
