"""Cross-checks of a linked Document: arithmetic inside tables, and prose against tables.

Checks only report (as `Finding`s): a bulletin whose prose says 23 completed while its table
marks 22 keeps both numbers; the reader decides which is right.
"""

from __future__ import annotations

from bulletin.normalize.checks.narrative import check_narrative
from bulletin.normalize.checks.ranks import check_ranks
from bulletin.normalize.checks.tables import check_tables
from bulletin.schemas.document import Document
from bulletin.schemas.findings import Finding


def check_document(doc: Document) -> list[Finding]:
    """All findings for `doc`, tables first then narrative, in document order (pure)."""
    return check_tables(doc) + check_ranks(doc) + check_narrative(doc)
