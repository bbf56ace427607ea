"""The end of a run: the combined CSVs and report.json rebuilt from every file of the run.

Rows come from the result cache one document at a time, in source order, and are streamed
into the CSVs (writers.write_tables); report.json is streamed the same way. The run keeps of
each file only its report as compact JSON and its rows' columns, so the rebuild's memory does
not grow with the archive beyond that, and its time is linear in the rows. The whole set is
built apart and published at once (publish.py): a full disk leaves the previous set. The JSON
of a file (and its table CSVs) that is no longer among the inputs is removed then: the outputs
describe exactly this run's inputs.
"""

from __future__ import annotations

import heapq
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bulletin import __version__
from bulletin.output.extras import extra_files
from bulletin.output.panel import Copy, duplicate_finding, duplicates, in_panel
from bulletin.output.rows import finding_row
from bulletin.output.table_files import listed_tables, remove_stale_tables
from bulletin.output.tables import OUTPUT_TABLES
from bulletin.output.writers import json_path, write_atomic, write_report, write_tables
from bulletin.schemas.document import Document
from bulletin.run.cache import Cache
from bulletin.run.discovery import InputFile
from bulletin.run.publish import publish, start_staging
from bulletin.run.versions import versions
from bulletin.schemas.errors import OutputError
from bulletin.schemas.report import FileReport, FileStatus, RunSummary
from bulletin.schemas.settings import Settings

# (table name, its columns in one document's rows) per table, interned: most documents share
# one of a few, so a record costs a pointer, not a mapping.
Columns = tuple[tuple[str, tuple[str, ...]], ...]
_INTERNED: dict[Columns, Columns] = {}


@dataclass(frozen=True)
class Record:
    """A finished file: its report (compact JSON), the result entry holding its rows (None:
    it has none) and the columns its rows use."""

    source: str
    report: bytes
    result_key: str | None = None
    columns: Columns | None = None

    @classmethod
    def of(cls, report: FileReport, result_key: str | None = None,
           columns: Columns | None = None) -> Record:
        compact = report.model_dump_json(exclude_defaults=True).encode("utf-8")
        return cls(report.source, compact, result_key, columns)


def row_columns(rows: dict[str, list[dict[str, str]]]) -> Columns:
    """Per table, the columns of one document's rows in first-seen order."""
    columns = tuple(
        (name, tuple(dict.fromkeys(key for row in table_rows for key in row)))
        for name, table_rows in rows.items()
    )
    return _INTERNED.setdefault(columns, columns)


def rebuild(
    out: Path, cache: Cache, settings: Settings, records: list[Record],
    skipped: list[InputFile], warnings: list[str],
) -> RunSummary:
    """Write the combined CSVs, the workbook, the data package and report.json, as one set:
    built in OUT/.cache/staging, then published (publish.py). A failure while building
    (a full disk) is an OutputError and leaves the previous set as it was."""
    records.sort(key=lambda r: r.source)
    staging = start_staging(cache.root)
    failure: str | None = None
    try:
        summary = _build(staging, out, cache, settings, records, skipped, warnings)
    except OSError as exc:
        failure = exc.strerror or type(exc).__name__
        if exc.filename:
            failure += f": {Path(exc.filename).name}"
    if failure is not None:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(
            f"cannot write the combined outputs ({failure}); the previous ones in {out} are "
            "kept as they were, the files converted are cached: the same command finishes"
        )
    publish(out, cache.root)
    converted = {r.source for r in records if r.result_key is not None}
    _remove_stale_json(out, converted)
    remove_stale_tables(out, converted)
    return summary


def _build(
    staging: Path, out: Path, cache: Cache, settings: Settings, records: list[Record],
    skipped: list[InputFile], warnings: list[str],
) -> RunSummary:
    copies = duplicates(_copies(records))
    write_tables(staging, _columns(records), _rows(cache, records, copies))
    converted = [r.source for r in records if r.result_key is not None]
    tables = listed_tables(out, converted)  # in OUT already: each file's are its current ones
    files, extra_warnings = extra_files(staging, _counted_documents(out, records, copies), tables)
    for name, data in files:  # the workbook and the data package, from the CSVs just written
        write_atomic(staging / name, data)
    warnings = [*warnings, *extra_warnings]
    header: dict[str, object] = {
        "version": __version__, "settings_hash": settings.fingerprint(),
        "settings": settings.model_dump(mode="json"), "versions": versions(settings),
        "warnings": warnings,
    }
    summary = RunSummary(warnings=warnings)
    write_report(staging, header, _reports(records, skipped, summary))
    return summary


def _columns(records: list[Record]) -> dict[str, list[str]]:
    """Every table's fixed columns, then the extra ones in first-seen order over all rows."""
    merged = {t.name: dict.fromkeys(t.columns) for t in OUTPUT_TABLES}
    for record in records:
        for name, keys in record.columns or ():
            merged[name].update(dict.fromkeys(keys))
    return {name: list(keys) for name, keys in merged.items()}


def _copies(records: list[Record]) -> Iterator[Copy]:
    for record in records:
        if record.result_key is not None:
            yield Copy.of_report(FileReport.model_validate_json(record.report))


def _rows(
    cache: Cache, records: list[Record], copies: dict[str, Copy]
) -> Iterator[dict[str, list[dict[str, str]]]]:
    """Each document's rows, a copy of a bulletin counted elsewhere as the panel counts it."""
    for record in records:
        if record.result_key is None:
            continue
        rows = cache.result_rows(record.result_key)
        kept = copies.get(record.source)
        if kept is None:
            yield rows
            continue
        copy = Copy.of_report(FileReport.model_validate_json(record.report))
        year = next((r.get("year", "") for r in rows.get("documents", [])), "")
        yield in_panel(rows, copy, kept, finding_row(duplicate_finding(copy, kept), year))


def _counted_documents(
    out: Path, records: list[Record], copies: dict[str, Copy]
) -> Iterator[Document]:
    """The counted documents, read back from their JSON one at a time (source order)."""
    for record in records:
        if record.result_key is not None and record.source not in copies:
            yield Document.model_validate_json(json_path(out, record.source).read_bytes())


def _reports(
    records: list[Record], skipped: list[InputFile], summary: RunSummary
) -> Iterator[dict[str, object]]:
    """Every file's report in source order (skipped files among them), counted as it goes."""
    others = sorted(
        (FileReport(source=s.source, status=FileStatus.SKIPPED, error=s.reason) for s in skipped),
        key=lambda r: r.source,
    )
    converted = (FileReport.model_validate_json(r.report) for r in records)
    for report in heapq.merge(converted, others, key=lambda r: r.source):
        summary.add(report)
        yield report.model_dump(mode="json")


def _remove_stale_json(out: Path, sources: set[str]) -> None:
    """Per-document JSON of files that are not (or no longer) among the inputs."""
    folder = out / "json"
    if not folder.is_dir():
        return
    keep = {json_path(out, s) for s in sources}
    for path in sorted(folder.rglob("*.json"), reverse=True):
        if path not in keep:
            path.unlink()
    for sub in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
        if not any(sub.iterdir()):
            sub.rmdir()
