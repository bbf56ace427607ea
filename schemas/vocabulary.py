"""The words the pipeline understands, as data: table fields and their aliases, status words,
total and subtotal labels, administrative units. Declared once, in the CSV files of
schemas/vocabulary/; a user extends them with a folder of files in the same format
(`--vocabulary DIR`), no code change.

- header_aliases.csv (field,level,kind,aliases): canonical table fields, their level, value
  kind and printed labels;
- status_words.csv (value,words): what a yes/no column prints for true and for false;
- row_labels.csv (kind,labels): labels of a table's total row and of subtotal rows;
- admin_units.csv (level,suffixes): name endings of administrative units per level
  (…旗 …苏木 …嘎查);
- issuing_bodies.csv (kind,suffixes): name endings of the bodies that issue documents
  (…局 …委员会 …人民政府), to tell a letterhead from a large title.

Lists are `|`-separated. A user file adds to the built-in one: aliases of a field already
known are appended to it, a new field is a new column type.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
import functools
from functools import lru_cache
from importlib import resources
from pathlib import Path

from bulletin.schemas.kinds import Level, ValueKind
from bulletin.schemas.errors import UsageError

FILES = (
    "header_aliases.csv", "status_words.csv", "row_labels.csv", "admin_units.csv",
    "issuing_bodies.csv",
)
UNIT_LEVELS = ("region", "district", "street", "community")  # region: 盟/市 above districts


@dataclass(frozen=True)
class FieldSpec:
    field: str
    level: Level
    kind: ValueKind
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    fields: tuple[FieldSpec, ...]
    true_words: tuple[str, ...]
    false_words: tuple[str, ...]
    totals: tuple[str, ...]
    subtotals: tuple[str, ...]
    units: tuple[tuple[str, str], ...]  # (suffix, level), longest suffix first
    bodies: tuple[str, ...]  # name endings of issuing bodies

    # A vocabulary keys the caches of every cell's lookups (values.py, labels.py): its hash,
    # over every word it holds, is worked out once per process (never pickled: str hashes
    # differ between processes).
    @functools.cached_property
    def _hash(self) -> int:
        return hash((self.fields, self.true_words, self.false_words, self.totals,
                     self.subtotals, self.units, self.bodies))

    def __hash__(self) -> int:
        return self._hash

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    def is_body(self, name: str) -> bool:
        """A name that ends like an issuing body's (乌海市住房和城乡建设局)."""
        return any(name.endswith(s) and len(name) > len(s) for s in self.bodies)

    def spec(self, field: str) -> FieldSpec | None:
        return next((s for s in self.fields if s.field == field), None)

    def unit_level(self, name: str) -> str | None:
        """The level an administrative unit's name denotes by its ending, if any."""
        for suffix, level in self.units:
            if name.endswith(suffix) and len(name) > len(suffix):
                return level
        return None


def builtin() -> Vocabulary:
    """The vocabulary shipped with bulletin."""
    return load_vocabulary(None)


def field_kind(field: str) -> ValueKind | None:
    """The kind of a canonical field of the built-in vocabulary (None when not a field)."""
    spec = builtin().spec(field)
    return spec.kind if spec is not None else None


def vocabulary_digest(folder: Path | None) -> str:
    """sha256 of a user vocabulary folder's files (part of the settings fingerprint)."""
    digest = hashlib.sha256()
    if folder is not None:
        for name in FILES:
            path = folder / name
            if path.is_file():
                digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def load_vocabulary(folder: Path | None) -> Vocabulary:
    """The built-in vocabulary extended by the files in `folder` (cached per content)."""
    return _load(str(folder) if folder is not None else None, vocabulary_digest(folder))


@lru_cache(maxsize=8)
def _load(folder: str | None, digest: str) -> Vocabulary:
    tables = {name: _builtin_rows(name) + (_user_rows(Path(folder), name) if folder else [])
              for name in FILES}  # fmt: skip
    status = _lists(tables["status_words.csv"], "value", "words")
    rows = _lists(tables["row_labels.csv"], "kind", "labels")
    units = _lists(tables["admin_units.csv"], "level", "suffixes")
    unknown = set(units) - set(UNIT_LEVELS)
    if unknown:
        raise UsageError(f"admin_units.csv: unknown level {sorted(unknown)[0]!r}")
    pairs = [(s, level) for level in UNIT_LEVELS for s in units.get(level, [])]
    return Vocabulary(
        fields=_fields(tables["header_aliases.csv"]),
        true_words=tuple(status.get("true", [])),
        false_words=tuple(status.get("false", [])),
        totals=tuple(rows.get("total", [])),
        subtotals=tuple(rows.get("subtotal", [])),
        units=tuple(sorted(pairs, key=lambda p: -len(p[0]))),
        bodies=tuple(_lists(tables["issuing_bodies.csv"], "kind", "suffixes").get("body", [])),
    )


def _builtin_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("bulletin.schemas").joinpath("vocabulary", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _user_rows(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the vocabulary file {path}: {exc}") from exc
    return list(csv.DictReader(text.splitlines()))


def _lists(rows: list[dict[str, str]], key: str, words: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in rows:
        bucket = out.setdefault((row.get(key) or "").strip(), [])
        bucket += [w.strip() for w in (row.get(words) or "").split("|") if w.strip()]
    return out


def _fields(rows: list[dict[str, str]]) -> tuple[FieldSpec, ...]:
    """Field rows in file order; a later row of a known field adds aliases to it."""
    specs: dict[str, FieldSpec] = {}
    for row in rows:
        name = row["field"].strip()
        aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
        if name in specs:
            known = specs[name]
            extra = tuple(a for a in aliases if a not in known.aliases)
            specs[name] = FieldSpec(name, known.level, known.kind, known.aliases + extra)
            continue
        try:
            specs[name] = FieldSpec(name, Level(row["level"]), ValueKind(row["kind"]), aliases)
        except ValueError as exc:
            raise UsageError(f"header_aliases.csv: field {name!r}: {exc}") from exc
    return tuple(specs.values())
