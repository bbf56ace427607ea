"""OUT/datapackage.json: the combined CSVs as a Frictionless Tabular Data Package.

Field types come from the one column-type table (bulletin/output/tables.py), so the package, the
typed readers and the workbook agree. Keys say how the tables join: a document by its source, a
district row by (source, table_index, district), a street within it, a community within that;
the foreign keys name the parent row (community -> street -> district), by name always and, when
the run was linked to a registry, by registry id too (a row whose parent was not linked has an
empty id, which a foreign key skips). The CSVs start with a UTF-8 byte-order mark for Excel;
frictionless reads it as UTF-8.

Every table CSV (tables/<source>/table-<k>.csv) is a resource too, its columns text as printed.
Its header line holds the printed labels, which may repeat (`金额` under two groups): a field
name must not. So the field names are the labels made unique (`金额`, `金额_2`), each field's
title the label as printed; where a name is not its label, the dialect says the header line is
no header but a comment row (`"header": false, "commentRows": [1]`), so that frictionless reads
the rows by the schema and never compares the labels with it. Elsewhere the header is checked.
A printed row in which nothing was read as text (a row of Mongolian glyphs a text layer does
not encode, say) is a line of empty fields: kept in the CSV (`table_row` in cells.csv counts
it), skipped by frictionless (`"skipBlankRows": true`), which takes it for an error otherwise.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bulletin import __version__
from bulletin.output.table_files import ListedTable
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


_NAME = re.compile(r"[^-a-z0-9._/]")  # what a resource name may not hold (Data Package v1)
_NAME_DIGEST = 12  # hex digits of the source's sha256 in a resource name that had to change


def datapackage_bytes(out: Path, tables: Sequence[ListedTable] = ()) -> bytes:
    """The descriptor of the CSVs in OUT (their columns read from their header rows) and of
    the table CSVs `tables` (in the order given)."""
    headers = {
        t.name: _header(out / t.file_name) for t in OUTPUT_TABLES if (out / t.file_name).is_file()
    }
    resources = [_resource(name, header, headers) for name, header in headers.items()]
    descriptor = {
        "profile": "tabular-data-package",
        "name": "bulletin-dataset",
        "title": "Ranking tables and every other table of government bulletins",
        "created_by": f"bulletin {__version__}",
        "resources": resources + [_table_resource(t) for t in tables],
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


def _table_resource(table: ListedTable) -> dict[str, Any]:
    names = field_names(table.labels)
    fields = [
        {"name": name} | ({"title": label} if name != label else {}) | {"type": "string"}
        for name, label in zip(names, table.labels, strict=True)
    ]
    resource: dict[str, Any] = {
        "name": resource_name(table.source, table.index),
        "title": f"{table.source}, table {table.index}",
        "path": table.path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"skipBlankRows": True},
    }
    if names != table.labels:  # the header line cannot be the field names
        resource["dialect"] = {"header": False, "commentRows": [1], "skipBlankRows": True}
    return resource | {"schema": {"fields": fields, "missingValues": [""]}}


def field_names(labels: Sequence[str]) -> list[str]:
    """The printed labels as unique field names: a later repeat gets `_2`, `_3` ... (the first
    free one), a blank label is `column_<n>`, surrounding spaces go (frictionless strips them
    from a header)."""
    names: list[str] = []
    for n, label in enumerate(labels, start=1):
        base = label.strip() or f"column_{n}"
        name, k = base, 2
        while name in names:
            name, k = f"{base}_{k}", k + 1
        names.append(name)
    return names


def resource_name(source: str, index: int) -> str:
    """`tables/<source>/table-<k>`, the source as it is when a resource name may hold it
    (lower-case ASCII letters, digits, `-._/`); else lower-cased, any other character as `-`,
    and the first digits of its sha256 after it, so that two sources do not share a name."""
    slug = _NAME.sub("-", source.lower())
    if slug != source:
        slug += "-" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:_NAME_DIGEST]
    return f"tables/{slug}/table-{index}"
