"""The `bulletin` command. Flags map one-to-one to Settings fields and RunOptions.

Every command runs inside `handled()`, the one place where errors become a line on stderr and
an exit code: a BulletinError says what went wrong with which file (its class gives the code,
see schemas/errors.py), Ctrl-C stops cleanly with 130; a user error never prints a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError

from bulletin.output.names import shown
from bulletin.schemas.errors import BulletinError, Interrupted, InvalidFile, UsageError
from bulletin.registry_cli import registry_app
from bulletin.schemas.settings import (
    ExecutorKind,
    OcrEngineName,
    Settings,
    TableStrategy,
    TextLayerMode,
)

# Plain help (no rich formatting): `bulletin --help` answers in a fraction of a second.
app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None)
app.add_typer(registry_app, name="registry")
_DEFAULT = Settings()  # the CLI's defaults are the settings' defaults, stated once


_INTERRUPT_TOLD: list[bool] = []  # handled() said so: the console script need not


def interrupt_told() -> bool:
    return bool(_INTERRUPT_TOLD)


@contextmanager
def handled() -> Iterator[None]:
    """Turn what stops a command into one clear line and the exit code its class declares."""
    try:
        yield
    except KeyboardInterrupt:
        error: BulletinError = Interrupted(
            "interrupted; files already converted are kept, the same command resumes the rest"
        )
        typer.echo(f"error: {error}", err=True)
        _INTERRUPT_TOLD.append(True)
        raise typer.Exit(error.exit_code) from None
    except BulletinError as exc:
        typer.echo(shown(f"error: {exc}"), err=True)
        if isinstance(exc, InvalidFile):
            for problem in exc.problems:
                typer.echo(shown(f"  {problem}"), err=True)
        raise typer.Exit(exc.exit_code) from None


def settings_from(**fields: Any) -> Settings:
    """Settings from CLI flags; an invalid combination is a usage error naming the flag."""
    try:
        return Settings(**fields)
    except ValidationError as exc:
        problems = "; ".join(
            f"--{'-'.join(map(str, e['loc'])).replace('_', '-') or 'settings'}: {e['msg']}"
            for e in exc.errors()
        )
        raise UsageError(problems) from None


@app.callback()
def _root() -> None:
    """Turn scanned and born-digital bulletins into hierarchical, registry-linked datasets."""


@app.command()
def extract(
    inputs: list[Path] = typer.Argument(
        ..., exists=True, help="PDF/TIFF/PNG/JPEG files or folders"
    ),
    out: Path = typer.Option(..., "--out", "-o", help="output folder"),
    dpi: int = typer.Option(_DEFAULT.dpi, help="render resolution for OCR of PDF pages"),
    ocr: OcrEngineName = typer.Option(_DEFAULT.ocr, help="OCR engine"),
    ocr_languages: str = typer.Option(_DEFAULT.ocr_languages, help="tesseract languages"),
    ocr_confidence: float = typer.Option(
        _DEFAULT.ocr_confidence, help="OCR reads below this confidence are read a second time"
    ),
    ocr_timeout: float = typer.Option(
        _DEFAULT.ocr_timeout, help="seconds one OCR engine call may take"
    ),
    text_layer: TextLayerMode = typer.Option(_DEFAULT.text_layer, help="auto | ocr | text"),
    table_strategy: TableStrategy = typer.Option(
        _DEFAULT.table_strategy,
        help="lines: ruled tables only | text: columns from text alignment | auto: both",
    ),
    vocabulary: Path | None = typer.Option(
        None, exists=True, file_okay=False,
        help="folder of vocabulary CSVs extending the built-in ones (see README)",
    ),
    review_confidence: float = typer.Option(
        _DEFAULT.review_confidence, help="cells read below this OCR confidence go to review.csv"
    ),
    match_accept: float = typer.Option(
        _DEFAULT.match_accept, help="registry match score (0-100) accepted as a fuzzy match"
    ),
    match_floor: float = typer.Option(
        _DEFAULT.match_floor, help="below this score a name is unmatched"
    ),
    match_margin: float = typer.Option(
        _DEFAULT.match_margin, help="the best match must beat the runner-up by this, else ambiguous"
    ),
    registry: Path | None = typer.Option(
        None, exists=True, dir_okay=False, help="registry CSV (id,level,name,parent_id,aliases)"
    ),
    corrections: Path | None = typer.Option(
        None, exists=True, dir_okay=False,
        help="corrections CSV (source,table_index,district,street,community,field,value)",
    ),
    file_timeout: float = typer.Option(
        _DEFAULT.file_timeout, "--file-timeout", help="seconds per file before it is abandoned"
    ),
    max_page_pixels: int = typer.Option(
        _DEFAULT.max_page_pixels, help="pixels a page is read at, at most: a larger page is "
        "read at a lower dpi (not below --min-dpi), else refused",
    ),
    min_dpi: int = typer.Option(
        _DEFAULT.min_dpi, help="the lowest dpi a page too large for --max-page-pixels is read at"
    ),
    max_worker_memory: int = typer.Option(
        _DEFAULT.max_worker_memory, help="MB a worker process may hold; a page needing more is "
        "refused",
    ),
    connect_timeout: float = typer.Option(
        _DEFAULT.connect_timeout, help="seconds to reach a dask scheduler (--scheduler)"
    ),
    workers: int = typer.Option(
        len(os.sched_getaffinity(0)), min=1, help="parallel worker processes (default: cores)"
    ),
    executor: ExecutorKind = typer.Option(
        ExecutorKind.LOCAL, help="local: a process pool here; dask: a dask.distributed cluster"
    ),
    scheduler: str | None = typer.Option(
        None, help="dask scheduler address (tcp://host:8786); without it --executor dask "
        "starts a LocalCluster of --workers processes",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="print nothing but failed files"),
    force: bool = typer.Option(False, help="ignore cached results and redo every file"),
    archive: bool = typer.Option(
        False, "--archive", help="also write OUT/archive/<source>/: a searchable PDF/A-2 "
        "(page images, our reading as invisible text) and ALTO v4 XML per page",
    ),
) -> None:
    """Convert bulletins to CSV + nested JSON in OUT. Exit code 1 when any file failed."""
    with handled():
        if executor is ExecutorKind.LOCAL:  # workers start loading while this process plans
            from bulletin.run.spawn import PRESTART, prestart

            prestart(min(workers, PRESTART))
        from bulletin.run.batch import RunOptions, run
        from bulletin.run.progress import choose_progress

        settings = settings_from(
            dpi=dpi, ocr=ocr, ocr_languages=ocr_languages, ocr_confidence=ocr_confidence,
            ocr_timeout=ocr_timeout, text_layer=text_layer, table_strategy=table_strategy,
            vocabulary=vocabulary, review_confidence=review_confidence,
            match_accept=match_accept, match_floor=match_floor, match_margin=match_margin,
            file_timeout=file_timeout, max_page_pixels=max_page_pixels, min_dpi=min_dpi,
            max_worker_memory=max_worker_memory, connect_timeout=connect_timeout,
        )
        options = RunOptions(
            workers=workers, quiet=quiet, force=force, executor=executor, scheduler=scheduler
        )
        result = run(
            list(inputs), out, settings, options, registry_path=registry,
            progress=choose_progress(quiet), corrections_path=corrections,
        )
    failed = result.summary.failed > 0
    if archive:
        from bulletin.archive.writer import write_archives

        with handled():
            say = (lambda _: None) if quiet else (lambda line: typer.echo(shown(line), err=True))
            errors = write_archives(list(inputs), out, settings, result.report, workers, say)
        for line in errors:
            typer.echo(shown(f"error: {line}"), err=True)
        failed = failed or bool(errors)
    raise typer.Exit(1 if failed else 0)


@app.command()
def review(
    outdir: Path = typer.Argument(..., exists=True, file_okay=False, help="output folder of a run"),
    inputs: list[Path] = typer.Option(
        ..., "--inputs", "-i", exists=True, help="the inputs given to `bulletin extract` (files or "
        "folders; repeat the option for several): the page images come from them",
    ),
    dpi: int = typer.Option(200, min=72, max=600, help="resolution of the cells cut from pages"),
) -> None:
    """Write OUTDIR/review.html: every review item and finding with its cell cut from the page,
    to accept a reading or type a value and save a corrections CSV (self-contained, offline)."""
    from bulletin.output.writers import write_atomic
    from bulletin.registry_cli import documents_of
    from bulletin.review.page import FILE_NAME, review_html

    with handled():
        data, count = review_html(outdir, documents_of(outdir), list(inputs), _DEFAULT, dpi)
        write_atomic(outdir / FILE_NAME, data)
    typer.echo(f"{outdir / FILE_NAME}: {count} entries to review", err=True)


@app.command()
def inspect(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="a PDF or image"),
    page: int = typer.Option(1, min=1, help="1-based page number"),
    out: Path = typer.Option(..., "--out", "-o", help="PNG to write"),
    dpi: int = typer.Option(_DEFAULT.dpi, help="render resolution"),
    ocr: OcrEngineName = typer.Option(_DEFAULT.ocr, help="OCR engine"),
    text_layer: TextLayerMode = typer.Option(_DEFAULT.text_layer, help="auto | ocr | text"),
    table_strategy: TableStrategy = typer.Option(
        _DEFAULT.table_strategy, help="lines | text | auto"
    ),
) -> None:
    """Draw what was found on one page (cells, merged cells shaded, text lines, seals,
    Mongolian regions) over the page image, for review and debugging."""
    from bulletin.overlay import write_overlay

    with handled():
        settings = settings_from(
            dpi=dpi, ocr=ocr, text_layer=text_layer, table_strategy=table_strategy
        )
        write_overlay(file, page, settings, out)
