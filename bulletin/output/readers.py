"""Read an output folder back as pandas DataFrames with the right types.

`pandas.read_csv` alone would turn ids into integers and `4949.834` into a float; here numbers
become `decimal.Decimal` (exact, as printed), `completed` a nullable boolean, counts nullable
integers, and every other column stays text. Types come from bulletin/output/tables.py.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pandas as pd
from pydantic import ValidationError

from bulletin.output.tables import OUTPUT_TABLES, ColumnKind, column_kind
from bulletin.schemas.document import Document


def read_table(path: str | Path) -> pd.DataFrame:
    """One output CSV as a typed DataFrame (empty cells are missing values)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for column in frame.columns:
        frame[column] = _typed(frame[column], column_kind(column))
    return frame


def read_dataset(out: str | Path) -> dict[str, pd.DataFrame]:
    """Every combined table of an output folder, by name (`communities`, `districts` ...)."""
    folder = Path(out)
    return {
        t.name: read_table(folder / t.file_name)
        for t in OUTPUT_TABLES
        if (folder / t.file_name).is_file()
    }


def read_documents(out: str | Path) -> tuple[list[Document], list[Path]]:
    """Every nested document JSON of an output folder, and the JSON files that are not one."""
    docs, skipped = [], []
    for path in sorted((Path(out) / "json").rglob("*.json")):
        try:
            docs.append(Document.model_validate(json.loads(path.read_text(encoding="utf-8"))))
        except (ValueError, ValidationError):
            skipped.append(path)
    return docs, skipped


def _typed(values: pd.Series, kind: ColumnKind) -> pd.Series:
    missing = values == ""
    if kind is ColumnKind.DECIMAL:
        return values.map(lambda v: None if v == "" else Decimal(v)).astype(object)
    if kind is ColumnKind.INTEGER:
        return pd.to_numeric(values.mask(missing)).astype("Int64")
    if kind is ColumnKind.SCORE:
        return pd.to_numeric(values.mask(missing)).astype("Float64")
    if kind is ColumnKind.BOOLEAN:
        return values.map({"true": True, "false": False, "": None}).astype("boolean")
    return values.mask(missing).astype("string")
