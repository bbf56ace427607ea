"""Atomic file writing: a reader never sees a half-written file, a crash never loses one.

Everything is written to a temporary file in the same folder and renamed into place.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from bulletin.output import rows as R
from bulletin.output.extras import extra_files
from bulletin.output.tables import OUTPUT_TABLES
from bulletin.schemas.document import Document
from bulletin.schemas.report import RunReport


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _FILE_MODE)  # mkstemp creates 0600; outputs are for others to read
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def csv_bytes(columns: list[str], rows: list[R.Row]) -> bytes:
    """UTF-8 with a byte-order mark: Excel needs it to read Chinese text as UTF-8 (not as the
    local code page); pandas, the csv module and frictionless read it as `utf-8-sig`."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return buf.getvalue().encode("utf-8-sig")


def document_json(doc: Document) -> bytes:
    data = doc.model_dump(mode="json")
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def json_path(out: Path, source: str) -> Path:
    """Per-document JSON path, mirroring the source's relative folders (unique per input)."""
    return out / "json" / f"{source}.json"


def write_combined(out: Path, docs: list[Document]) -> None:
    """Rebuild every combined CSV from the per-document results, sorted by source."""
    ordered = sorted(docs, key=lambda d: d.source)
    for table in OUTPUT_TABLES:
        rows = table.rows(ordered)
        write_atomic(out / table.file_name, csv_bytes(R.columns_for(table.columns, rows), rows))
    for name, data in extra_files(out, ordered):  # the workbook and the data package
        write_atomic(out / name, data)


def write_report(out: Path, report: RunReport) -> None:
    text = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"
    write_atomic(out / "report.json", text.encode("utf-8"))
