"""The `bulletin` command. Flags map one-to-one to Settings fields and RunOptions."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from pydantic import ValidationError

from bulletin.batch import RunOptions, run
from bulletin.registry_cli import registry_app
from schemas.errors import BulletinError
from schemas.report import FileStatus
from schemas.settings import OcrEngineName, Settings, TextLayerMode

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
app.add_typer(registry_app, name="registry")


@app.callback()
def _root() -> None:
    """Turn scanned and born-digital bulletins into hierarchical, registry-linked datasets."""


@app.command()
def extract(
    inputs: list[Path] = typer.Argument(..., exists=True, help="PDF/TIFF/PNG/JPEG files or folders"),
    out: Path = typer.Option(..., "--out", "-o", help="output folder"),
    dpi: int = typer.Option(300, help="render resolution for OCR of PDF pages"),
    ocr: OcrEngineName = typer.Option(OcrEngineName.TESSERACT, help="OCR engine"),
    text_layer: TextLayerMode = typer.Option(TextLayerMode.AUTO, help="auto | ocr | text"),
    registry: Path | None = typer.Option(
        None, exists=True, dir_okay=False, help="registry CSV (id,level,name,parent_id,aliases)"
    ),
    workers: int = typer.Option(os.cpu_count() or 1, help="parallel worker processes"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress output"),
    force: bool = typer.Option(False, help="ignore cached results and redo every file"),
) -> None:
    """Convert bulletins to CSV + nested JSON in OUT."""
    try:
        settings = Settings(dpi=dpi, ocr=ocr, text_layer=text_layer)
    except ValidationError as exc:
        raise typer.BadParameter(str(exc)) from exc
    try:
        report = run(
            list(inputs), out, settings, RunOptions(workers=workers, quiet=quiet, force=force),
            registry_path=registry,
        )
    except BulletinError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code) from exc
    if not quiet:
        typer.echo(report.summary(), err=True)
    failed = any(f.status is FileStatus.ERROR for f in report.files)
    raise typer.Exit(1 if failed else 0)


def main() -> None:  # pragma: no cover - console entry
    sys.exit(app())
