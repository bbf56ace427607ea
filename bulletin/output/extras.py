"""The files built from the combined CSVs once they are written: the workbook, the data package.

The run's rebuild (bulletin/run/rebuild.py) writes what this returns, atomically, right after
the CSVs; the documents are given one at a time (read back from their JSON), so only the
workbook itself is held in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from bulletin.output import datapackage, workbook
from bulletin.output.table_files import ListedTable
from bulletin.schemas.document import Document


def extra_files(
    out: Path, docs: Iterable[Document], tables: Sequence[ListedTable] = ()
) -> tuple[list[tuple[str, bytes]], list[str]]:
    """(file name in OUT, bytes) of every file derived from OUT's CSVs, the counted
    documents and the table CSVs `tables`, and warnings about any left out."""
    files = [(datapackage.FILE_NAME, datapackage.datapackage_bytes(out, tables))]
    warnings = []
    book: bytes | None
    try:
        book, too_long = workbook.workbook_bytes(out, docs)
    except OSError:
        raise
    except Exception as exc:  # a bug here must not cost the run its CSVs and report
        book = None
        warnings.append(f"{workbook.FILE_NAME} not written: internal error "
                        f"{type(exc).__name__}: {exc}; this is a bug in bulletin")
    else:
        if too_long:
            warnings.append(f"{workbook.FILE_NAME} has no sheet for {', '.join(too_long)}: "
                            f"more rows than an Excel sheet holds ({workbook.EXCEL_ROWS:,})")
    if book is None:
        (out / workbook.FILE_NAME).unlink(missing_ok=True)
    else:
        files.insert(0, (workbook.FILE_NAME, book))
    return files, warnings
