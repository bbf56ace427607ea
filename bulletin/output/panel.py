"""Many bulletins as one panel: which documents count, and which are the same bulletin twice.

An archive often holds one bulletin more than once (the born-digital PDF and a scan of the
printed copy). Two documents with the same 文号 (doc_number, compared after the matcher's name
normalisation: widths, brackets, spaces) are one bulletin: the combined tables count it once,
from the copy read most reliably (the larger share of text-layer pages, then fewer review
items, then the first source), and every other copy is reported as a `duplicate_document`
finding and named in documents.csv's `duplicate_of`. Its own JSON is still written.
"""

from __future__ import annotations

from collections.abc import Iterable

from bulletin.normalize.link.names import normalize_name
from bulletin.schemas.document import Document
from bulletin.schemas.extracted import TextSource
from bulletin.schemas.findings import Finding, Severity

DUPLICATE_CHECK = "duplicate_document"


def duplicates(docs: Iterable[Document]) -> dict[str, str]:
    """source of every copy that is not counted -> source of the copy that is."""
    groups: dict[str, list[Document]] = {}
    for doc in docs:
        if doc.doc_number:
            groups.setdefault(normalize_name(doc.doc_number), []).append(doc)
    out: dict[str, str] = {}
    for copies in groups.values():
        kept, *others = sorted(copies, key=_preference)
        out |= {other.source: kept.source for other in others}
    return out


def counted(docs: Iterable[Document]) -> list[Document]:
    """The documents whose rows enter the combined tables (one copy per bulletin)."""
    docs = list(docs)
    skip = duplicates(docs)
    return [d for d in docs if d.source not in skip]


def duplicate_findings(docs: Iterable[Document]) -> list[Finding]:
    """One warning per copy left out of the tables, naming the copy that is counted."""
    docs = list(docs)
    by_source = {d.source: d for d in docs}
    return [
        Finding(
            severity=Severity.WARNING, check=DUPLICATE_CHECK, document=source,
            location="document", expected=kept, found=by_source[source].doc_number or "",
            message=f"the same bulletin ({by_source[source].doc_number}) as {kept}; "
            f"its rows are counted once, from {kept}",
        )
        for source, kept in sorted(duplicates(docs).items())
    ]


def year_text(doc: Document) -> str:
    return "" if doc.year is None else str(doc.year)


def _preference(doc: Document) -> tuple[float, int, str]:
    pages = doc.pages or []
    text = sum(1 for p in pages if p.text_source is TextSource.TEXT_LAYER)
    share = text / len(pages) if pages else 0.0
    return (-share, len(doc.review), doc.source)
