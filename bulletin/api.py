"""The Python API: convert files and get the published tables as pandas DataFrames.

    import bulletin
    result = bulletin.convert(["samples/wuhai-2021-56.pdf"], registry="samples/registry/wuhai.csv")
    result.communities.head()          # the columns of communities.csv, typed (read_dataset)
    result.nested[0].tables[0].title   # the nested documents (schemas/document.py)

The same run as `bulletin extract` (same caching, same workers, same outputs): with `out`
the output folder is kept (and a second call reuses its cache); without it the outputs are
made in a temporary folder that is removed once everything is loaded.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from bulletin.schemas.document import Document
    from bulletin.schemas.report import RunReport


@dataclass(frozen=True)
class Conversion:
    """What a conversion gives: one DataFrame per published table (named as the CSV files:
    `documents`, `districts`, `streets`, `communities`, `totals`, `findings`, `review`), the
    nested documents in source order, the run's report, and the output folder (None when it
    was temporary)."""

    tables: dict[str, pd.DataFrame]
    nested: list[Document]
    report: RunReport
    out: Path | None

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"no output table {name!r} (tables: {', '.join(tables)})")


def convert(
    paths: str | Path | Iterable[str | Path],
    registry: str | Path | None = None,
    *,
    out: str | Path | None = None,
    corrections: str | Path | None = None,
    workers: int | None = None,
    **settings: Any,
) -> Conversion:
    """Convert `paths` (files or folders); `settings` are the fields of
    bulletin.schemas.settings.Settings (dpi=200, ocr="tesseract", match_accept=90, ...)."""
    from bulletin.output.readers import read_dataset
    from bulletin.output.writers import json_path
    from bulletin.run.batch import RunOptions, run
    from bulletin.schemas.document import Document
    from bulletin.schemas.report import FileStatus
    from bulletin.schemas.settings import Settings

    inputs = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    options = RunOptions(workers=workers or len(os.sched_getaffinity(0)))
    with tempfile.TemporaryDirectory(prefix="bulletin-") as scratch:
        folder = Path(out) if out is not None else Path(scratch)
        report = run(
            inputs, folder, Settings(**settings), options,
            registry_path=Path(registry) if registry is not None else None,
            corrections_path=Path(corrections) if corrections is not None else None,
        ).report
        nested = [
            Document.model_validate_json(json_path(folder, f.source).read_bytes())
            for f in report.files if f.status in (FileStatus.OK, FileStatus.NO_TABLES)
        ]
        tables = read_dataset(folder)
    return Conversion(tables, nested, report, Path(out) if out is not None else None)
