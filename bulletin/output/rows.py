"""Documents -> the flat rows of the published CSV files (a public contract: keep the names)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bulletin.output.panel import Copy, counted, duplicate_findings, duplicates, year_text
from bulletin.schemas.findings import Finding
from bulletin.schemas.document import Document, Link, RankingTable, Value

Row = dict[str, str]


def _v(value: Value | None) -> str:
    return "" if value is None or value.value is None else value.value


def _fields(fields: dict[str, Value], skip: Iterable[str]) -> Row:
    skipped = set(skip)
    return {k: _v(v) for k, v in fields.items() if k not in skipped}


def _link(prefix: str, link: Link | None, raw: str, parents: Row | None = None) -> Row:
    """Registry columns of a row: parents' ids, then the row's own id, score, status, raw."""
    if link is None:
        return {}
    return (parents or {}) | {
        f"{prefix}_id": link.id or "",
        "match_score": f"{link.score:.1f}",
        "match_status": link.status.value,
        f"{prefix}_raw": link.raw or raw,
    }


def _id(prefix: str, link: Link | None) -> Row:
    return {f"{prefix}_id": (link.id or "") if link else ""}


def document_rows(docs: list[Document]) -> list[Row]:
    """Every input document, a copy of a bulletin seen twice with `duplicate_of` set."""
    copies = duplicates(Copy.of(d) for d in docs)
    return [
        {
            "source": d.source,
            "year": year_text(d),
            "doc_number": d.doc_number or "",
            "title": d.title or "",
            "issuer": d.issuer or "",
            "signer": d.signer or "",
            "issue_date": d.issue_date or "",
            "fill_date": d.fill_date or "",
            "duplicate_of": copies[d.source].source if d.source in copies else "",
        }
        for d in docs
    ]


def district_rows(docs: list[Document]) -> list[Row]:
    rows = []
    for doc, table in _tables(docs):
        for d in table.districts:
            row = {
                "source": doc.source,
                "year": year_text(doc),
                "table_index": str(table.index),
                "table_title": table.title or "",
            }
            row |= _fields(d.fields, ())
            # a 小计 row gives the district its figures where the table prints none of its own
            row |= {k: v for k, v in _fields(d.subtotal or {}, ()).items() if k not in d.fields}
            row["district"] = d.name
            row |= _link("district", d.link, d.fields.get("district", _EMPTY).raw)
            rows.append(row)
    return rows


def street_rows(docs: list[Document]) -> list[Row]:
    rows = []
    for doc, table in _tables(docs):
        for d in table.districts:
            for s in d.streets:
                row = {
                    "source": doc.source, "year": year_text(doc), "table_index": str(table.index),
                    "district": d.name,
                }
                row |= _fields(s.fields, ())
                row["street"] = s.name
                parents = _id("district", d.link) if s.link else None
                row |= _link("street", s.link, s.fields.get("street", _EMPTY).raw, parents)
                rows.append(row)
    return rows


def community_rows(docs: list[Document]) -> list[Row]:
    rows = []
    for doc, table in _tables(docs):
        for d in table.districts:
            for s in d.streets:
                for c in s.communities:
                    confidence = min((v.confidence for v in c.fields.values()), default=1.0)
                    row = {
                        "source": doc.source,
                        "year": year_text(doc),
                        "table_index": str(table.index),
                        "district": d.name,
                        "street": s.name,
                        "page": str(c.page),
                        "confidence": f"{confidence:.2f}",
                    }
                    row |= _fields(c.fields, ())
                    row["community"] = c.name
                    parents = _id("district", d.link) | _id("street", s.link) if c.link else None
                    row |= _link(
                        "community", c.link, c.fields.get("community", _EMPTY).raw, parents
                    )
                    rows.append(row)
    return rows


def total_rows(docs: list[Document]) -> list[Row]:
    return [
        {"source": doc.source, "year": year_text(doc), "table_index": str(t.index)}
        | _fields(t.total or {}, ())
        for doc, t in _tables(docs)
        if t.total
    ]


def finding_rows(docs: list[Document]) -> list[Row]:
    """Every document's findings, then the copies of a bulletin left out of the tables."""
    years = {d.source: year_text(d) for d in docs}
    findings = [f for doc in docs for f in doc.findings] + duplicate_findings(docs)
    return [finding_row(f, years.get(f.document, "")) for f in findings]


def finding_row(f: Finding, year: str) -> Row:
    return {
        "source": f.document,
        "year": year,
        "severity": f.severity.value,
        "check": f.check,
        "table_index": "" if f.table_index is None else str(f.table_index),
        "location": f.location,
        "expected": f.expected,
        "found": f.found,
        "message": f.message,
    }


def review_rows(docs: list[Document]) -> list[Row]:
    return [
        {
            "file": r.file,
            "year": year_text(doc),
            "page": "" if r.page is None else str(r.page),
            "kind": r.kind,
            "table_index": "" if r.table_index is None else str(r.table_index),
            "field": r.field or "",
            "read": r.read,
            "candidates": r.candidates,
            "reason": r.reason,
        }
        for doc in counted(docs)
        for r in doc.review
    ]


def cell_rows(docs: list[Document]) -> list[Row]:
    """Every printed cell of every table of every document (a copy of a bulletin too: its
    tables are in OUT/tables/ as well), in table order: `table` is the table's index among
    all tables of its document (the k of tables/<source>/table-<k>.csv); `grid` the table's
    grid the cell is drawn in (one per page), row and col the cell's place in that grid, so
    (source, table, grid, row, col) is unique; `table_row` the line of table-<k>.csv below
    its header the cell starts in (empty in the header); the box is in PDF points from the
    top-left corner of the page as read (turned upright)."""
    return [
        {
            "source": doc.source,
            "year": year_text(doc),
            "table": str(table.index),
            "grid": str(cell.grid),
            "page": str(cell.page),
            "row": str(cell.row),
            "col": str(cell.col),
            "rowspan": str(cell.rowspan),
            "colspan": str(cell.colspan),
            "header": "true" if cell.header else "false",
            "table_row": "" if cell.table_row is None else str(cell.table_row),
            "text": cell.text,
            "confidence": f"{cell.confidence:.2f}",
            "x0": _coordinate(cell.box.x0),
            "y0": _coordinate(cell.box.top),
            "x1": _coordinate(cell.box.x1),
            "y1": _coordinate(cell.box.bottom),
        }
        for doc in docs
        for table in doc.data_tables
        for cell in table.cells
    ]


def _coordinate(value: float) -> str:
    """A box coordinate to 0.01 pt, as Box.of rounds it."""
    return f"{value:.2f}"


def columns_for(base: Sequence[str], rows: list[Row]) -> list[str]:
    """The fixed columns, then any extra ones in the order they were first seen."""
    out = list(base)
    for row in rows:
        for key in row:
            if key not in out:
                out.append(key)
    return out


def _tables(docs: list[Document]) -> Iterable[tuple[Document, RankingTable]]:
    """The ranking tables of the counted documents (a bulletin seen twice counts once)."""
    for doc in counted(docs):
        for table in doc.tables:
            yield doc, table


_EMPTY = Value(value=None, raw="")
