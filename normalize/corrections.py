"""Corrections a person made, applied to a document after its reading (which stays cached).

The file (`--corrections FILE`) is a UTF-8 CSV `source,table_index,district,street,community,
field,value`. The names say which row: a community field names district, street and
community; a street field district and street; a district field the district; a field of a
table's total row only `table_index`; a document field (doc_number, title, issuer, signer,
issue_date) leaves table_index and the names empty. Names are those of the output CSVs: as
read, or as the registry published them. `field` is the output CSV's column name, and
`value` is typed as a person would write it and parsed like a cell of that column.

A corrected value keeps what was read (`raw`, `confidence`) and is marked `corrected`; it
leaves the review list; the cross-checks see it. A correction that matches nothing becomes a
finding, never silently ignored.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bulletin.normalize.table.values import clean_text, parse_value
from bulletin.schemas.document import Community, District, Document, Street, Value, ValueKind
from bulletin.schemas.errors import CorrectionsError
from bulletin.schemas.vocabulary import Vocabulary, builtin
from bulletin.schemas.findings import Finding, Severity

COLUMNS = ("source", "table_index", "district", "street", "community", "field", "value")
DOCUMENT_FIELDS = {"doc_number": ValueKind.TEXT, "title": ValueKind.TEXT,
                   "issuer": ValueKind.TEXT, "signer": ValueKind.TEXT,
                   "issue_date": ValueKind.DATE}
UNMATCHED = "correction_unmatched"  # the check name of the finding


@dataclass(frozen=True)
class Correction:
    line: int  # in the corrections file, for messages
    source: str
    table_index: int | None
    district: str
    street: str
    community: str
    field: str
    value: str | None  # canonical, parsed from `typed`; None: the cell is empty
    typed: str

    def names(self) -> tuple[str, ...]:
        """The row's names down to its level: () for a document or total field."""
        return tuple(n for n in (self.district, self.street, self.community) if n)

    def describe(self) -> str:
        where = " / ".join(self.names()) or (
            "the total row" if self.table_index is not None else "the document"
        )
        table = f"table {self.table_index}: " if self.table_index is not None else ""
        return f"{self.field} of {table}{where}"


@dataclass(frozen=True)
class Corrections:
    path: Path
    by_source: dict[str, tuple[Correction, ...]]

    def for_source(self, source: str) -> tuple[Correction, ...]:
        return self.by_source.get(source, ())

    def digest(self, source: str) -> str:
        """Changes exactly when this source's corrections change (the cache key of its
        result: editing one file's corrections re-normalises that file only)."""
        return hashlib.sha256(repr(self.for_source(source)).encode()).hexdigest()[:16]

    def unknown_sources(self, sources: set[str]) -> list[str]:
        return [
            f"{self.path.name} line {c.line}: no input file {c.source!r}; correction not applied"
            for source, found in sorted(self.by_source.items()) if source not in sources
            for c in found
        ]


def load_corrections(path: Path, vocab: Vocabulary | None = None) -> Corrections:
    """Every correction, or CorrectionsError listing every problem with its line number."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorrectionsError(f"cannot read corrections file ({exc})", file=path.name) from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CorrectionsError(
            f"not a corrections file: missing column(s) {', '.join(missing)} "
            f"(expected {','.join(COLUMNS)})", file=path.name,
        )
    found: dict[str, list[Correction]] = {}
    problems: list[str] = []
    words = vocab or builtin()
    for line, row in enumerate(reader, start=2):
        cells = {k: (v or "").strip() for k, v in row.items() if k is not None}
        correction, problem = _correction(words, line, cells)
        if problem:
            problems.append(f"line {line}: {problem}")
        elif correction is not None:
            found.setdefault(correction.source, []).append(correction)
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        raise CorrectionsError(f"invalid corrections file ({count})", problems=problems,
                               file=path.name)
    return Corrections(path, {s: tuple(c) for s, c in sorted(found.items())})


def _correction(
    vocab: Vocabulary, line: int, row: dict[str, str]
) -> tuple[Correction | None, str | None]:
    if not any(row.values()):
        return None, None  # a blank line
    if not row["source"] or not row["field"]:
        return None, "source and field are required"
    index = None
    if row["table_index"]:
        if not row["table_index"].isdigit():
            return None, f"table_index {row['table_index']!r} is not a table number"
        index = int(row["table_index"])
    names = [row["district"], row["street"], row["community"]]
    if any(names) and index is None:
        return None, "a row of a table needs its table_index"
    if "" in names[: max((i + 1 for i, n in enumerate(names) if n), default=0)]:
        return None, "a street needs its district, a community its district and street"
    document = index is None
    if document and row["field"] not in DOCUMENT_FIELDS:
        fields = ", ".join(DOCUMENT_FIELDS)
        return None, f"{row['field']!r} is not a document field ({fields}); name its table row"
    spec = vocab.spec(row["field"])
    kind = DOCUMENT_FIELDS[row["field"]] if document else (spec.kind if spec else ValueKind.TEXT)
    value = parse_value(row["value"], kind, vocab, row["field"])
    if value is None and row["value"].strip():
        return None, f"{row['value']!r} is not a {kind.value} (field {row['field']})"
    district, street, community = names
    return Correction(line, row["source"], index, district, street, community, row["field"],
                      value, row["value"]), None


def apply_corrections(
    doc: Document, corrections: Sequence[Correction], published: Document | None = None
) -> Document:
    """A copy of `doc` with `corrections` applied (names are matched as read, or as in
    `published`, the same document linked to a registry); what matches nothing becomes a
    finding."""
    out = doc.model_copy(deep=True)
    shown = published if published is not None else doc
    unmatched = [c for c in corrections if not _apply(out, shown, c)]
    findings = [_unmatched(doc.source, c) for c in unmatched]
    return out.model_copy(update={"findings": [*out.findings, *findings]})


def _apply(doc: Document, shown: Document, c: Correction) -> bool:
    if c.table_index is None:
        before = getattr(doc, c.field)
        doc.corrected.setdefault(c.field, before)
        setattr(doc, c.field, c.value)
        return True
    tables = [(t, s) for t, s in zip(doc.tables, shown.tables, strict=True)
              if t.index == c.table_index]
    hit = False
    for table, table_shown in tables:
        if not c.names():
            hit |= _set(table.total or {}, c)
            continue
        for node in _nodes(table.districts, table_shown.districts, c.names()):
            hit |= _set_node(node, c)
    return hit


Node = District | Street | Community


def _nodes(nodes: Sequence[Node], shown: Sequence[Node], names: tuple[str, ...]) -> Iterator[Node]:
    """The nodes down the hierarchy whose name (as read, or as shown) is `names`."""
    wanted = clean_text(names[0])
    for node, node_shown in zip(nodes, shown, strict=True):
        if wanted not in (clean_text(node.name), clean_text(node_shown.name)):
            continue
        if len(names) == 1:
            yield node
        else:
            yield from _nodes(_children(node), _children(node_shown), names[1:])


def _children(node: Node) -> Sequence[Node]:
    if isinstance(node, District):
        return node.streets
    if isinstance(node, Street):
        return node.communities
    return ()


def _level_name(node: Node) -> str:
    """The field that holds the node's own name."""
    if isinstance(node, District):
        return "district"
    return "street" if isinstance(node, Street) else "community"


def _set_node(node: Node, c: Correction) -> bool:
    if c.field == _level_name(node):
        if c.value is None:
            return False  # a row keeps a name
        node.name = c.value
        node.fields.setdefault(c.field, Value(value=None, raw=""))
    return _set(node.fields, c)


def _set(fields: dict[str, Value], c: Correction) -> bool:
    value = fields.get(c.field)
    if value is None:
        return False
    fields[c.field] = value.model_copy(update={"value": c.value, "corrected": True})
    return True


def _unmatched(source: str, c: Correction) -> Finding:
    return Finding(
        severity=Severity.WARNING, check=UNMATCHED, document=source,
        table_index=c.table_index, location=f"corrections line {c.line}",
        expected=c.describe(), found="nothing of that name",
        message=f"corrections line {c.line}: {c.describe()} matches nothing in {source}; "
        f"not applied",
    )
