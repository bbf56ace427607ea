"""Truth CSVs: the public output contract the pipeline is scored against.

Built from the source data and the page numbers the layout reported, never
from reading a PDF. Every value is text exactly as printed (units stripped);
a column a table does not have is empty. Files are UTF-8, ``\\n`` line ends,
minimal quoting.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path

from .model import Bulletin, Level, RankingTable
from .render import RenderResult

DOC_COLS = ["source", "doc_number", "title", "issuer", "signer", "issue_date", "fill_date"]
NUMBER_COLS = ["planned_investment", "completed_investment", "completion_rate",
               "investment_completion_rate"]
DISTRICT_COLS = ["source", "table_index", "table_title", "rank", "district", *NUMBER_COLS]
STREET_COLS = ["source", "table_index", "district", "street", "street_head", "leader"]
COMMUNITY_COLS = ["source", "table_index", "district", "street", "community", "completed", "page"]
TOTAL_COLS = ["source", "table_index", *NUMBER_COLS]
KNOWN = set(DISTRICT_COLS) | set(STREET_COLS) | set(COMMUNITY_COLS)


@dataclass(frozen=True)
class TruthSet:
    """One sample's truth tables: file name -> header + rows."""

    tables: dict[str, list[list[str]]] = field(default_factory=dict)

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, rows in self.tables.items():
            path = folder / name
            with path.open("w", encoding="utf-8", newline="") as f:
                csv.writer(f, lineterminator="\n").writerows(rows)
            paths.append(path)
        return paths


BASE = {Level.DISTRICT: set(DISTRICT_COLS), Level.STREET: set(STREET_COLS),
        Level.COMMUNITY: set(COMMUNITY_COLS)}


def _extras(tables: tuple[RankingTable, ...], level: Level) -> list[str]:
    """Extra column keys of a level, in first-seen column order over all tables.
    A community-level column under a canonical district name (the planned
    investment of one village) is a community extra; a district-level column
    under a canonical community or street name does not occur."""
    keys: list[str] = []
    for t in tables:
        for c in t.columns:
            known = KNOWN if level is not Level.COMMUNITY else BASE[level]
            if c.level is level and c.key not in known and c.key not in keys:
                keys.append(c.key)
    return keys


def _subtotal_extras(tables: tuple[RankingTable, ...]) -> list[str]:
    """District columns that only a 小计 row gives: its summed community-level
    columns that are not already district columns (households of a district)."""
    keys: list[str] = []
    for t in tables:
        if t.subtotal is None:
            continue
        for c in t.columns:
            if (c.level is Level.COMMUNITY and c.key not in DISTRICT_COLS and c.key not in keys
                    and any(c.key in d.values for d in t.districts)):
                keys.append(c.key)
    return keys


def _total_extras(tables: tuple[RankingTable, ...]) -> list[str]:
    keys: list[str] = []
    for t in tables:
        for k in t.column_keys():
            if k in t.total.values and k not in NUMBER_COLS and k not in keys:
                keys.append(k)
    return keys


def build_truth(b: Bulletin, result: RenderResult, source: str) -> TruthSet:
    """All five CSVs for the whole document, ``source`` naming the file."""
    fill_dates = list(dict.fromkeys(t.fill_date for t in b.tables))
    documents = [DOC_COLS, [source, b.doc_number, b.title, b.issuer, b.signer,
                            b.issue_date, ";".join(fill_dates)]]
    d_extra = _extras(b.tables, Level.DISTRICT)
    d_extra += [k for k in _subtotal_extras(b.tables) if k not in d_extra]
    s_extra = _extras(b.tables, Level.STREET)
    c_extra = _extras(b.tables, Level.COMMUNITY)
    t_extra = _total_extras(b.tables)
    districts, streets = [DISTRICT_COLS + d_extra], [STREET_COLS + s_extra]
    communities, totals = [COMMUNITY_COLS + c_extra], [TOTAL_COLS + t_extra]
    for ti, t in enumerate(b.tables):
        pages = iter(result.community_pages[ti])
        for d in t.districts:
            districts.append([source, str(ti), t.title, d.rank, d.name]
                             + [d.values.get(k, "") for k in NUMBER_COLS + d_extra])
            for s in d.streets:
                streets.append([source, str(ti), d.name, s.name, s.head, s.leader]
                               + [s.extra.get(k, "") for k in s_extra])
                for c in s.communities:
                    communities.append(
                        [source, str(ti), d.name, s.name, c.name,
                         "true" if c.completed else "false", str(next(pages))]
                        + [c.extra.get(k, "") for k in c_extra])
        totals.append([source, str(ti)]
                      + [t.total.values.get(k, "") for k in NUMBER_COLS + t_extra])
    return TruthSet({"documents.csv": documents, "districts.csv": districts,
                     "streets.csv": streets, "communities.csv": communities,
                     "totals.csv": totals})


def single_page(b: Bulletin, result: RenderResult, source: str, page: int) -> TruthSet:
    """Truth for an image of one page: only the tables drawn on that page, the
    page renumbered 1, and the document fields not printed there left empty."""
    keep = tuple(i for i, pages in enumerate(result.table_pages) if page in pages)
    if any(len(result.table_pages[i]) > 1 for i in keep):
        raise ValueError("single_page truth supports only tables that fit on one page")
    sub = replace(b, tables=tuple(b.tables[i] for i in keep))
    sub_result = replace(result, community_pages=tuple(
        tuple(1 for _ in result.community_pages[i]) for i in keep),
        table_pages=tuple((1,) for _ in keep))
    truth = build_truth(sub, sub_result, source)
    doc = truth.tables["documents.csv"][1]
    truth.tables["documents.csv"][1] = [doc[0], "", "", "", "", "", doc[-1]]
    return truth
