"""Read an output folder back as pandas DataFrames with the right types.

`pandas.read_csv` alone would turn ids into integers and `4949.834` into a float; here numbers
become `decimal.Decimal` (exact, as printed), `completed` a nullable boolean, counts nullable
integers, and every other column stays text. Types come from bulletin/output/tables.py.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from bulletin.output.tables import OUTPUT_TABLES, ColumnKind, column_kind


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
