"""Convert many files: every file gets a report entry, one bad file never stops the run."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from bulletin import __version__
from bulletin.discovery import InputFile, discover
from bulletin.pipeline import process_file
from normalize.registry import Registry, load_registry
from bulletin.writers import document_json, json_path, write_atomic, write_combined, write_report
from schemas.dataset import Document
from schemas.errors import BulletinError
from schemas.report import FileReport, FileStatus, RunReport
from schemas.settings import Settings


@dataclass(frozen=True)
class RunOptions:
    """Knobs that change how a run goes, not what it produces (not in the cache key)."""

    workers: int = 1
    quiet: bool = False
    force: bool = False


def convert_one(
    item: InputFile, settings: Settings, registry: "Registry | None" = None
) -> tuple[FileReport, Document | None]:
    started = time.perf_counter()
    try:
        doc = process_file(item.path, item.source, settings, registry)
    except BulletinError as exc:
        return _failed(item, exc, started), None
    except Exception as exc:  # a bug must not stop the batch; it is reported with its type
        return _failed(item, exc, started), None
    communities = sum(len(s.communities) for t in doc.tables for d in t.districts for s in d.streets)
    report = FileReport(
        source=item.source,
        status=FileStatus.OK if doc.tables else FileStatus.NO_TABLES,
        pages=len(doc.pages),
        page_sources=[p.text_source.value for p in doc.pages],
        seconds=round(time.perf_counter() - started, 3),
        tables=len(doc.tables),
        communities=communities,
        warnings=[f"page {p.number}: {w}" for p in doc.pages for w in p.warnings],
    )
    return report, doc


def _failed(item: InputFile, exc: Exception, started: float) -> FileReport:
    message = str(exc) if isinstance(exc, BulletinError) else f"{item.source}: {type(exc).__name__}: {exc}"
    return FileReport(
        source=item.source, status=FileStatus.ERROR, error=message,
        error_type=type(exc).__name__, seconds=round(time.perf_counter() - started, 3),
    )


def run(
    inputs: list[Path],
    out: Path,
    settings: Settings,
    options: RunOptions,
    registry_path: Path | None = None,
) -> RunReport:
    registry = load_registry(registry_path) if registry_path is not None else None
    files, skipped = discover(inputs)
    reports: list[FileReport] = []
    docs: list[Document] = []
    for item in files:
        report, doc = convert_one(item, settings, registry)
        reports.append(report)
        if doc is not None:
            write_atomic(json_path(out, item.source), document_json(doc))
            docs.append(doc)
        if not options.quiet:
            print(f"{report.status.value:9} {item.source} ({report.seconds:.1f}s)" + (f" {report.error}" if report.error else ""))
    reports += [FileReport(source=s.source, status=FileStatus.SKIPPED, error="not a PDF, PNG, JPEG or TIFF file") for s in skipped]
    report = RunReport(version=__version__, settings_hash=settings.fingerprint(), files=sorted(reports, key=lambda r: r.source))
    write_combined(out, docs)
    write_report(out, report)
    return report
