"""The `bulletin` console script: the command (cli.py), and Ctrl-C while it is still being
imported (a second or so of pydantic, typer, rich) ending as any other Ctrl-C does, in one
line and exit 130 rather than in a traceback through the import machinery. This module
imports nothing of its own for that reason."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from bulletin.cli import app
    except KeyboardInterrupt:  # before cli.handled() is there to catch it
        sys.stderr.write("error: interrupted\n")
        raise SystemExit(130) from None
    app()
