"""The files built from the combined CSVs once they are written: the workbook, the data package.

One hook for the writer of the combined tables (`writers.write_combined`): it writes what this
returns, atomically, right after the CSVs.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bulletin.output import datapackage, workbook
from bulletin.schemas.document import Document


def extra_files(out: Path, docs: Iterable[Document]) -> list[tuple[str, bytes]]:
    """(file name in OUT, bytes) of every file derived from OUT's CSVs and the documents."""
    return [
        (workbook.FILE_NAME, workbook.workbook_bytes(out, docs)),
        (datapackage.FILE_NAME, datapackage.datapackage_bytes(out)),
    ]
