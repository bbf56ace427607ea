"""`bulletin registry ...`: validate a registry file, propose aliases from a run's output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import typer
from pydantic import ValidationError

from normalize.registry import load_registry
from normalize.suggest import COLUMNS, suggest_aliases
from schemas.dataset import Document, Level
from schemas.errors import RegistryError

registry_app = typer.Typer(
    add_completion=False, no_args_is_help=True,
    help="Check a registry (id,level,name,parent_id,aliases) or propose aliases for it.",
)


@registry_app.command("check")
def check(file: Path = typer.Argument(..., help="registry CSV to validate")) -> None:
    """Validate FILE; list every problem with its line number (exit code 5 when invalid)."""
    try:
        registry = load_registry(file)
    except RegistryError as exc:
        typer.echo(f"error: {exc}", err=True)
        for problem in exc.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(exc.exit_code) from exc
    counts = {lv: len(registry.levels[lv].entries) for lv in Level}
    typer.echo(
        f"ok: {file}: {counts[Level.DISTRICT]} districts, {counts[Level.STREET]} streets, "
        f"{counts[Level.COMMUNITY]} communities"
        + ("" if registry.simplified else " (traditional script: names are not converted)")
    )


@registry_app.command("suggest")
def suggest(
    outdir: Path = typer.Argument(..., exists=True, file_okay=False, help="output folder of a run"),
    out: Path | None = typer.Option(None, "--out", "-o", help="write the CSV here, not stdout"),
) -> None:
    """Propose aliases for names a run could not link (reads OUTDIR/json/*.json)."""
    docs = list(_documents(outdir))
    suggestions = suggest_aliases(docs)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(s.row() for s in suggestions)
    if out is None:
        typer.echo(buf.getvalue(), nl=False)
    else:
        out.write_text(buf.getvalue(), encoding="utf-8")
    typer.echo(f"{len(suggestions)} suggestions from {len(docs)} documents", err=True)


def _documents(outdir: Path) -> list[Document]:
    """Every nested document JSON of a run; other JSON files (report.json) are skipped."""
    docs = []
    for path in sorted((outdir / "json").rglob("*.json")):
        try:
            docs.append(Document.model_validate(json.loads(path.read_text(encoding="utf-8"))))
        except (ValueError, ValidationError):
            typer.echo(f"warning: {path} is not a document, skipped", err=True)
    return docs
