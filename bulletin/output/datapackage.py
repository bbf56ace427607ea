"""OUT/datapackage.json: the combined CSVs as a Frictionless Tabular Data Package.

Field types come from the one column-type table (bulletin/output/tables.py), so the package, the
typed readers and the workbook agree. Keys say how the tables join: a document by its source, a
district row by (source, table_index, district), a street within it, a community within that;
the foreign keys name the parent row (community -> street -> district), by name always and, when
the run was linked to a registry, by registry id too (a row whose parent was not linked has an
empty id, which a foreign key skips). The CSVs start with a UTF-8 byte-order mark for Excel;
frictionless reads it as UTF-8.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bulletin import __version__
from bulletin.output.tables import OUTPUT_TABLES, ColumnKind, column_kind

FILE_NAME = "datapackage.json"

_TYPES: dict[ColumnKind, dict[str, Any]] = {
    ColumnKind.TEXT: {"type": "string"},
    ColumnKind.DECIMAL: {"type": "number"},
    ColumnKind.INTEGER: {"type": "integer"},
    ColumnKind.BOOLEAN: {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
    ColumnKind.DATE: {"type": "date"},
    ColumnKind.SCORE: {"type": "number"},
}

# table -> its primary key; the parent table and the columns naming the parent row
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("source",),
    "districts": ("source", "table_index", "district"),
    "streets": ("source", "table_index", "district", "street"),
    "communities": ("source", "table_index", "district", "street", "community"),
    "totals": ("source", "table_index"),
    "cells": ("source", "table", "grid", "row", "col"),  # cells tile their grid
}
PARENTS: dict[str, tuple[str, tuple[str, ...], str]] = {
    # child: (parent table, key columns shared with the parent, the parent's registry id)
    "districts": ("documents", ("source",), ""),
    "totals": ("documents", ("source",), ""),
    "cells": ("documents", ("source",), ""),
    "streets": ("districts", ("source", "table_index", "district"), "district_id"),
    "communities": ("streets", ("source", "table_index", "district", "street"), "street_id"),
}


def datapackage_bytes(out: Path) -> bytes:
    """The descriptor of the CSVs in OUT (their columns read from their header rows)."""
    headers = {
        t.name: _header(out / t.file_name) for t in OUTPUT_TABLES if (out / t.file_name).is_file()
    }
    descriptor = {
        "profile": "tabular-data-package",
        "name": "bulletin-dataset",
        "title": "Ranking tables and every other table of government bulletins",
        "created_by": f"bulletin {__version__}",
        "resources": [_resource(name, header, headers) for name, header in headers.items()],
    }
    return (json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh), [])


def _resource(name: str, header: list[str], headers: dict[str, list[str]]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [{"name": c} | _TYPES[column_kind(c)] for c in header],
        "missingValues": [""],
    }
    key = PRIMARY_KEYS.get(name)
    if key and set(key) <= set(header):
        schema["primaryKey"] = list(key)
    foreign = _foreign_keys(name, header, headers)
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _foreign_keys(
    name: str, header: Sequence[str], headers: dict[str, list[str]]
) -> list[dict[str, Any]]:
    if name not in PARENTS:
        return []
    parent, shared, id_column = PARENTS[name]
    parent_header = headers.get(parent, [])
    keys = []
    if set(shared) <= set(header) and set(shared) <= set(parent_header):
        keys.append(_reference(shared, parent))
    if id_column and id_column in header and id_column in parent_header:
        keys.append(_reference((id_column,), parent))
    return keys


def _reference(fields: Sequence[str], parent: str) -> dict[str, Any]:
    return {"fields": list(fields), "reference": {"resource": parent, "fields": list(fields)}}
