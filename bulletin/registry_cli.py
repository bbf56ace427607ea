"""`bulletin registry ...`: validate a registry file, propose aliases from a run's output.

Imports of the matching code happen inside the commands, so `bulletin --help` stays quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bulletin.schemas.settings import Settings

if TYPE_CHECKING:
    from bulletin.schemas.document import Document

registry_app = typer.Typer(
    add_completion=False, no_args_is_help=True, rich_markup_mode=None,
    help="Check a registry (id,level,name,parent_id,aliases) or propose aliases for it.",
)


@registry_app.command("check")
def check(file: Path = typer.Argument(..., help="registry CSV to validate")) -> None:
    """Validate FILE; list every problem with its line number (exit code 5 when invalid)."""
    from bulletin.cli import handled
    from bulletin.normalize.link.registry import load_registry
    from bulletin.schemas.document import Level

    with handled():
        registry = load_registry(file)
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
    from bulletin.cli import handled
    from bulletin.normalize.link.suggest import COLUMNS, suggest_aliases
    from bulletin.output.writers import csv_bytes, write_atomic

    with handled():
        docs = documents_of(outdir)
        suggestions = suggest_aliases(docs)
        data = csv_bytes(COLUMNS, [s.row() for s in suggestions])
        if out is None:
            typer.echo(data.decode("utf-8-sig"), nl=False)
        else:
            write_atomic(out, data)
    typer.echo(f"{len(suggestions)} suggestions from {len(docs)} documents", err=True)


def documents_of(outdir: Path) -> list[Document]:
    """Every nested document JSON of a run, with a warning for each JSON file that is not one."""
    from bulletin.output.readers import read_documents

    docs, skipped = read_documents(outdir)
    for path in skipped:
        typer.echo(f"warning: {path} is not a document, skipped", err=True)
    return docs


@registry_app.command("init")
def init(
    outdir: Path = typer.Argument(..., exists=True, file_okay=False, help="output folder of a run"),
    out: Path = typer.Option(..., "--out", "-o", help="registry CSV to write (grown if it exists)"),
    match_accept: float = typer.Option(
        Settings().match_accept, help="spellings scoring this (0-100) with an entry become its "
        "aliases (the matcher's own score and threshold)",
    ),
) -> None:
    """Build a registry from the places of a converted archive (reads OUTDIR/json/*.json).

    Re-run on a grown archive with the same -o: existing ids are kept, new places appended.
    Spellings grouped as aliases are listed in <out stem>.aliases.csv for a person to confirm.
    """
    from bulletin.cli import handled, settings_from
    from bulletin.normalize.link.bootstrap import ALIAS_COLUMNS, init_registry, registry_rows
    from bulletin.normalize.link.registry import HEADER, load_registry, parse_registry
    from bulletin.output.writers import csv_bytes, write_atomic

    with handled():
        accept = settings_from(match_accept=match_accept, match_floor=0).match_accept
        existing = load_registry(out) if out.exists() else None
        entries, grouped = init_registry(documents_of(outdir), accept, existing)
        data = csv_bytes(list(HEADER), registry_rows(entries))
        parse_registry(data.decode("utf-8-sig"), source=str(out))  # it loads like any registry
        write_atomic(out, data)
        aliases = out.with_name(f"{out.stem}.aliases.csv")
        write_atomic(aliases, csv_bytes(ALIAS_COLUMNS, [g.row() for g in grouped]))
    added = len(entries) - (len(existing.entries) if existing else 0)
    typer.echo(
        f"{out}: {len(entries)} entries ({added} new); {len(grouped)} spellings grouped as "
        f"aliases, listed in {aliases} for a person to confirm", err=True,
    )
