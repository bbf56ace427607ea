"""The `bulletin` console script: the command (cli.py), and Ctrl-C while it is still being
imported (a second or so of pydantic, typer, rich), or while typer builds and parses the
command, ending as any other Ctrl-C does, in one line and exit 130 rather than in a traceback
through the import machinery (or, from typer, in silence). This module
imports nothing of its own for that reason, except spawn.py (a few standard modules): a local
`extract` run's workers are started first of all, so that their start-up overlaps the
command's own imports."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        import os

        from bulletin.run import spawn

        spawn.preload(*spawn.early_preloads(sys.argv))
        spawn.prestart(spawn.early_workers(sys.argv, len(os.sched_getaffinity(0))))
        from bulletin import cli

        cli.app()
    except KeyboardInterrupt:  # before cli.handled() is there, or while typer builds the command
        _interrupted()
    except SystemExit as exc:
        # typer turns a Ctrl-C while it parses the command line into a silent exit 130
        if exc.code == 130 and not cli.interrupt_told():
            _interrupted()
        raise


def _interrupted() -> None:
    sys.stderr.write("error: interrupted\n")
    raise SystemExit(130) from None
