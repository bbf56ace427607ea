"""Many bulletins as one panel: which documents count, and which are the same bulletin twice.

An archive often holds one bulletin more than once (the born-digital PDF and a scan of the
printed copy). Two documents with the same 文号 (doc_number, compared after the matcher's name
normalisation: widths, brackets, spaces) are one bulletin: the combined tables count it once,
from the copy read most reliably (the larger share of text-layer pages, then fewer review
items, then the first source), and every other copy is reported as a `duplicate_document`
finding and named in documents.csv's `duplicate_of`. Its own JSON is still written.

The decision needs only a few facts per document (`Copy`), so a run over a large archive makes
it from the files' reports and applies it to each document's rows as they are streamed out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bulletin.normalize.link.names import normalize_name
from bulletin.schemas.document import Document
from bulletin.schemas.extracted import TextSource
from bulletin.schemas.findings import Finding, Severity
from bulletin.schemas.report import FileReport

DUPLICATE_CHECK = "duplicate_document"
# the tables a copy left out of the panel contributes nothing to
COUNTED_ONLY = ("districts", "streets", "communities", "totals", "review")

Row = dict[str, str]


@dataclass(frozen=True)
class Copy:
    """What deciding between copies of one bulletin needs to know of a document."""

    source: str
    doc_number: str | None
    text_share: float  # share of pages read from a text layer
    review_items: int

    @classmethod
    def of(cls, doc: Document) -> Copy:
        pages = doc.pages or []
        text = sum(1 for p in pages if p.text_source is TextSource.TEXT_LAYER)
        return cls(doc.source, doc.doc_number, text / len(pages) if pages else 0.0,
                   len(doc.review))  # fmt: skip

    @classmethod
    def of_report(cls, report: FileReport) -> Copy:
        pages = report.page_sources
        text = sum(1 for p in pages if p == TextSource.TEXT_LAYER.value)
        return cls(report.source, report.doc_number, text / len(pages) if pages else 0.0,
                   report.review_items)  # fmt: skip


def duplicates(copies: Iterable[Copy]) -> dict[str, Copy]:
    """source of every copy that is not counted -> the copy that is."""
    groups: dict[str, list[Copy]] = {}
    for copy in copies:
        if copy.doc_number:
            groups.setdefault(normalize_name(copy.doc_number), []).append(copy)
    out: dict[str, Copy] = {}
    for group in groups.values():
        kept, *others = sorted(group, key=lambda c: (-c.text_share, c.review_items, c.source))
        out |= {other.source: kept for other in others}
    return out


def counted(docs: Iterable[Document]) -> list[Document]:
    """The documents whose rows enter the combined tables (one copy per bulletin)."""
    docs = list(docs)
    skip = duplicates(Copy.of(d) for d in docs)
    return [d for d in docs if d.source not in skip]


def duplicate_finding(copy: Copy, kept: Copy) -> Finding:
    """The warning for a copy left out of the tables, naming the copy that is counted."""
    return Finding(
        severity=Severity.WARNING, check=DUPLICATE_CHECK, document=copy.source,
        location="document", expected=kept.source, found=copy.doc_number or "",
        message=f"the same bulletin ({copy.doc_number}) as {kept.source}; its rows are "
        f"counted once, from {kept.source}",
    )


def duplicate_findings(docs: Iterable[Document]) -> list[Finding]:
    copies = [Copy.of(d) for d in docs]
    by_source = {c.source: c for c in copies}
    return [duplicate_finding(by_source[s], kept) for s, kept in sorted(duplicates(copies).items())]


def in_panel(
    rows: dict[str, list[Row]], copy: Copy, kept: Copy | None, finding_row: Row | None = None
) -> dict[str, list[Row]]:
    """One document's rows (made as if it were alone) as the panel counts them: a copy of a
    bulletin counted elsewhere keeps its documents.csv row, marked `duplicate_of`, and its
    own findings plus `finding_row` (its duplicate_document finding), nothing else."""
    if kept is None:
        return rows
    out = {name: ([] if name in COUNTED_ONLY else list(table)) for name, table in rows.items()}
    out["documents"] = [r | {"duplicate_of": kept.source} for r in rows.get("documents", [])]
    if finding_row is not None:
        out["findings"] = [*out.get("findings", []), finding_row]
    return out


def year_text(doc: Document) -> str:
    return "" if doc.year is None else str(doc.year)
