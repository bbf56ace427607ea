"""The canonical table fields: name, hierarchy level, value kind and printed aliases.

Declared once, in the data file `schemas/header_aliases.csv` (a user adds a label there, no
code change): normalize/ matches header labels against the aliases, and the output readers
take each column's type from the same kinds.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bulletin.schemas.document import Level, ValueKind


@dataclass(frozen=True)
class FieldSpec:
    field: str
    level: Level
    kind: ValueKind
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def field_specs() -> tuple[FieldSpec, ...]:
    """The alias table (schemas/header_aliases.csv), in file order."""
    table = resources.files("bulletin.schemas").joinpath("header_aliases.csv")
    specs = []
    for row in csv.DictReader(table.read_text(encoding="utf-8").splitlines()):
        specs.append(
            FieldSpec(
                field=row["field"],
                level=Level(row["level"]),
                kind=ValueKind(row["kind"]),
                aliases=tuple(a for a in row["aliases"].split("|") if a),
            )
        )
    return tuple(specs)


def field_kind(field: str) -> ValueKind | None:
    """The kind of a canonical field, None for a column the table does not declare."""
    return next((s.kind for s in field_specs() if s.field == field), None)
