"""OUT/tables/<source>/table-<k>.csv: every table of a document as a CSV of its own.

`k` is the table's place among all tables of its document (DataTable.index: from 0 in reading
order, ranking or not), so table-<k>.csv and the `table` column of cells.csv name the same
table. `<source>` is the file's source path, as OUT/json/<source>.json mirrors it (unique per
input). One header line (a multi-row header joined per column with `/`), then one line per
printed body row, a merged cell's text filled down into every row it covers; the file is
UTF-8 with a byte-order mark like every published CSV (Excel reads Chinese text only then).

Each is declared in datapackage.json (`listed_tables` gives what the declaration needs).

A document's folder holds exactly its current tables: a re-run replaces the files that
changed, removes those of tables no longer found; a file that fails or leaves the inputs
loses its folder (see bulletin/run/batch.py and rebuild.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bulletin.output.cells import cell_text
from bulletin.output.writers import CSV_ENCODING, write_atomic
from bulletin.schemas.document import DataTable, Document

FOLDER = "tables"
_PREFIX, _SUFFIX = "table-", ".csv"

# (file name, bytes) of each table of one document, in table order
TableFiles = tuple[tuple[str, bytes], ...]


@dataclass(frozen=True)
class ListedTable:
    """A table CSV in OUT: its document, its index k and its header line as written."""

    source: str
    index: int
    labels: list[str]

    @property
    def path(self) -> str:
        """Its path relative to OUT, with forward slashes."""
        return f"{FOLDER}/{self.source}/{_PREFIX}{self.index}{_SUFFIX}"


def tables_folder(out: Path, source: str) -> Path:
    """The folder of a document's table CSVs (mirrors the source's relative folders)."""
    return out / FOLDER / source


def file_name(table: DataTable) -> str:
    return f"{_PREFIX}{table.index}{_SUFFIX}"


def table_csv(table: DataTable) -> bytes:
    """The header line, then the body rows as printed (merged cells filled down); every cell
    through cell_text, as in the other CSVs (never a formula, never a control byte)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([cell_text(c) for c in table.columns])
    writer.writerows([cell_text(c) for c in row] for row in table.rows)
    return buf.getvalue().encode(CSV_ENCODING)


def table_files(doc: Document) -> TableFiles:
    return tuple((file_name(t), table_csv(t)) for t in doc.data_tables)


def digests(files: TableFiles) -> dict[str, str]:
    """file name -> sha256 of its bytes: what a later run checks the folder against."""
    return {name: hashlib.sha256(data).hexdigest() for name, data in files}


def write_table_files(out: Path, source: str, files: TableFiles) -> None:
    """Put a document's table CSVs in place (unchanged bytes are not rewritten) and remove any
    other table file of an earlier run from its folder."""
    folder = tables_folder(out, source)
    for name, data in files:
        target = folder / name
        if not target.is_file() or target.read_bytes() != data:
            write_atomic(target, data)
    _remove(out, source, keep={name for name, _ in files})


def remove_table_files(out: Path, source: str) -> None:
    """A document that now fails keeps no tables of an earlier run."""
    _remove(out, source, keep=set())


def files_current(out: Path, source: str, expected: dict[str, str]) -> bool:
    """The folder holds exactly the table files `expected` names, with those digests."""
    folder = tables_folder(out, source)
    try:
        if set(_own_files(folder)) != set(expected):
            return False
        return all(
            hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
            for name, digest in expected.items()
        )
    except OSError:
        return False


def remove_stale_tables(out: Path, sources: Iterable[str]) -> None:
    """Table files of documents that are not (or no longer) among the run's results, then
    the folders left empty."""
    root = out / FOLDER
    if not root.is_dir():
        return
    keep = {tables_folder(out, s) for s in sources}
    for path in sorted(root.rglob(f"{_PREFIX}*{_SUFFIX}"), reverse=True):
        if path.parent not in keep:
            path.unlink()
    _prune(root)


def listed_tables(out: Path, sources: Iterable[str]) -> list[ListedTable]:
    """The table CSVs of the documents `sources` as they are in OUT, in source order and then
    table order (table-2 before table-10), each with its header line."""
    listed = []
    for source in sorted(sources):
        folder = tables_folder(out, source)
        numbered = sorted((int(name[len(_PREFIX):-len(_SUFFIX)]), name)
                          for name in _own_files(folder) if _numbered(name))  # fmt: skip
        for index, name in numbered:
            with (folder / name).open(encoding=CSV_ENCODING, newline="") as fh:
                labels = next(csv.reader(fh), [])
            listed.append(ListedTable(source, index, labels))
    return listed


def _numbered(name: str) -> bool:
    index = name[len(_PREFIX):-len(_SUFFIX)]
    return index.isascii() and index.isdigit()


def _own_files(folder: Path) -> list[str]:
    """Table files directly in a document's folder (a sub-folder is another source's)."""
    if not folder.is_dir():
        return []
    return sorted(
        p.name for p in folder.iterdir()
        if p.is_file() and p.name.startswith(_PREFIX) and p.name.endswith(_SUFFIX)
    )


def _remove(out: Path, source: str, keep: set[str]) -> None:
    """The folder's table files not in `keep`; then the folder and its parents up to
    OUT/tables, as far as they are left empty."""
    folder = tables_folder(out, source)
    for name in _own_files(folder):
        if name not in keep:
            (folder / name).unlink()
    root = out / FOLDER
    while folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        if folder == root:
            break
        folder = folder.parent


def _prune(root: Path) -> None:
    """Empty folders under `root` (deepest first), then `root` itself when empty."""
    for sub in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(sub.iterdir()):
            sub.rmdir()
    if root.is_dir() and not any(root.iterdir()):
        root.rmdir()
