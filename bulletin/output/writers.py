"""Atomic file writing: a reader never sees a half-written file, a crash never loses one.

Everything is written to a temporary file in the same folder and renamed into place.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from bulletin.output import rows as R
from bulletin.output.cells import cell_text
from bulletin.output.names import json_relative
from bulletin.output.tables import OUTPUT_TABLES
from bulletin.schemas.document import Document


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()
CSV_ENCODING = "utf-8-sig"  # a byte-order mark: Excel reads Chinese text as UTF-8 only then


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    with atomic_file(path, durable) as fh:
        fh.write(data)


@contextmanager
def atomic_file(path: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A file to write `path` through: it appears complete under its name on success, and
    nothing but the old file (if any) is there after a failure or a crash. `durable` also
    syncs it to disk first (a power cut cannot leave it empty); what can be made again (a
    cache entry) skips that."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{_cut(path.name)}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _FILE_MODE)  # mkstemp creates 0600; outputs are for others to read
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename is None:  # a write or sync failed: say which file (a full disk)
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cut(name: str, limit: int = 200) -> str:
    """The start of `name` in at most `limit` bytes: a temporary name (`.NAME.random.tmp`)
    must fit the 255 bytes of a name when NAME itself nearly does."""
    raw = name.encode("utf-8", "surrogateescape")
    return name if len(raw) <= limit else raw[:limit].decode("utf-8", "ignore")


def csv_bytes(columns: list[str], rows: list[R.Row]) -> bytes:
    """UTF-8 with a byte-order mark: Excel needs it to read Chinese text as UTF-8 (not as the
    local code page); pandas, the csv module and frictionless read it as `utf-8-sig`."""
    buf = io.StringIO()
    _csv_writer(buf, columns).writerows(rows)
    return buf.getvalue().encode(CSV_ENCODING)


class _TableWriter:
    """The one CSV dialect of every published table: rows as mappings of its columns, every
    text cell through cells.cell_text (never a formula, never a control byte)."""

    def __init__(self, stream: TextIO, columns: list[str]) -> None:
        self._writer = csv.writer(stream, lineterminator="\n")
        self._columns = columns
        self._known = frozenset(columns)
        self._writer.writerow(columns)

    def writerows(self, rows: Iterable[R.Row]) -> None:
        columns, write = self._columns, self._writer.writerow
        for row in rows:
            if not self._known.issuperset(row):
                extra = sorted(set(row) - self._known)
                raise ValueError(f"row has keys that are not columns: {extra}")
            write([cell_text(row.get(c, "")) for c in columns])


def _csv_writer(stream: TextIO, columns: list[str]) -> _TableWriter:
    """The table writer, its header written."""
    return _TableWriter(stream, columns)


def document_json(doc: Document) -> bytes:
    """The nested JSON, indented by one space, non-ASCII as is (pydantic's own encoder, five
    times faster than the json module; it spells a float below 1e-4 in full, 0.00001)."""
    return (doc.model_dump_json(indent=1) + "\n").encode("utf-8")


def json_path(out: Path, source: str) -> Path:
    """Per-document JSON path, mirroring the source's relative folders: bounded, and distinct
    for distinct sources whatever their names (names.json_relative)."""
    return out / "json" / json_relative(source)


def write_tables(
    out: Path, columns: dict[str, list[str]], documents: Iterable[dict[str, list[R.Row]]]
) -> None:
    """Write every combined CSV in one pass over the documents' rows (given in source order,
    one document at a time), so that memory does not grow with the archive; `columns` per
    table name are the fixed columns, then extra ones in first-seen order. The files appear
    together at the end, each complete."""
    with ExitStack() as stack:
        writers = {}
        for table in OUTPUT_TABLES:
            binary = stack.enter_context(atomic_file(out / table.file_name))
            text = io.TextIOWrapper(binary, encoding=CSV_ENCODING, newline="")
            stack.callback(text.detach)  # then atomic_file syncs, closes and renames
            stack.callback(text.flush)
            writers[table.name] = _csv_writer(text, columns[table.name])
        for rows in documents:
            for name, writer in writers.items():
                writer.writerows(rows.get(name, ()))


def write_report(out: Path, header: dict[str, object], files: Iterable[dict[str, object]]) -> None:
    """report.json: `header`'s fields, then `files`, written one at a time (an archive's
    report is never held whole); the same text as json.dumps(indent=1) of the whole."""

    def nested(value: object, depth: int) -> str:
        text = json.dumps(value, ensure_ascii=False, indent=1)
        return text.replace("\n", "\n" + " " * depth)

    with atomic_file(out / "report.json") as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
        text.write("{\n")
        for key, value in header.items():
            text.write(f" {json.dumps(key)}: {nested(value, 1)},\n")
        first = True
        for entry in files:
            text.write(' "files": [\n  ' if first else ",\n  ")
            text.write(nested(entry, 2))
            first = False
        text.write(' "files": []\n}\n' if first else "\n ]\n}\n")
        text.flush()
        text.detach()
