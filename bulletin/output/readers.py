"""Read an output folder back as pandas DataFrames with the right types.

`pandas.read_csv` alone would turn ids into integers and `4949.834` into a float; here numbers
become `decimal.Decimal` (exact, as printed), `completed` a nullable boolean, counts nullable
integers, and every other column stays text.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

DECIMAL_COLUMNS = {
    "planned_investment", "completed_investment", "completion_rate",
    "investment_completion_rate", "floor_area",
}  # fmt: skip
INTEGER_COLUMNS = {"table_index", "rank", "page", "households"}
FLOAT_COLUMNS = {"confidence", "match_score"}
BOOLEAN_COLUMNS = {"completed"}
TABLES = ("documents", "districts", "streets", "communities", "totals", "findings", "review")


def read_table(path: Path) -> pd.DataFrame:
    """One output CSV as a typed DataFrame (empty cells are missing values)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for column in frame.columns:
        frame[column] = _typed(frame[column], column)
    return frame


def read_dataset(out: Path) -> dict[str, pd.DataFrame]:
    """Every combined table of an output folder, by name (`communities`, `districts` ...)."""
    return {
        name: read_table(out / f"{name}.csv") for name in TABLES if (out / f"{name}.csv").is_file()
    }


def _typed(values: pd.Series, column: str) -> pd.Series:
    missing = values == ""
    if column in DECIMAL_COLUMNS:
        return values.map(lambda v: None if v == "" else Decimal(v)).astype(object)
    if column in INTEGER_COLUMNS:
        return pd.to_numeric(values.mask(missing)).astype("Int64")
    if column in FLOAT_COLUMNS:
        return pd.to_numeric(values.mask(missing)).astype("Float64")
    if column in BOOLEAN_COLUMNS:
        return values.map({"true": True, "false": False, "": None}).astype("boolean")
    return values.mask(missing).astype("string")
