"""Starting worker processes, and starting them early.

A worker (`python -m bulletin.run.workers`, workers.py) spends a third of a second starting
Python and importing the stages before it can read a page. This module holds only what it
takes to start one (no pydantic, no stages), so that the console script can start the
workers of a local `extract` run before it has even imported its own command line: their
start-up overlaps the command's instead of following it. The next local pool of the
process takes them (workers.take_spares); a run that wants fewer closes the rest, and a
worker whose parent exits without using it dies with it (watchdog.py).
"""

from __future__ import annotations

import os
import subprocess
import sys

PARENT_ENV = "BULLETIN_PARENT_PID"  # the pid the worker must die with
# tesseract's OpenMP threads, and OpenCV's own thread pool, fight each other when several
# workers share the cores (each worker is one core's work); a worker loads no pydantic
# plugins (looking for them costs every start-up a hundredth of a s).
CHILD_ENV = {"OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1", "OPENCV_FOR_THREADS_NUM": "1",
             "PYDANTIC_DISABLE_PLUGINS": "1"}
# A dask nanny sets MALLOC_TRIM_THRESHOLD_=65536 for its workers; inherited by the child, it
# makes glibc return memory after every large array is freed and OCR runs 2-4x slower.
DROPPED_ENV = {"MALLOC_TRIM_THRESHOLD_"}
# Workers started before the files are found: enough for a small run to start at once; a run
# with more work starts the others as its first tasks are handed out, a moment later.
PRESTART = 2
# What a worker can be told to load before its first task, besides the stages every file
# needs: a run with a registry links names (numpy, rapidfuzz, zhconv: 0.07-0.1 s), and its
# workers load that while the command still parses the registry, not after it.
PRELOAD_ENV = "BULLETIN_PRELOAD"
PRELOADS = {"linking": ("bulletin.normalize.link.matching",)}

_SPARES: list[subprocess.Popen[bytes]] = []
_PRELOADED: set[str] = set()


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env = {**env, **CHILD_ENV, PARENT_ENV: str(os.getpid())}
    if _PRELOADED:
        env[PRELOAD_ENV] = ",".join(sorted(_PRELOADED))
    return env


def preload(*names: str) -> None:
    """Have workers started from now on load the PRELOADS `names` before their first task."""
    _PRELOADED.update(name for name in names if name in PRELOADS)


def preloaded_modules(env: dict[str, str]) -> list[str]:
    """The modules a worker started with `env` is to load first (unknown names: none)."""
    names = env.get(PRELOAD_ENV, "").split(",")
    return [module for name in names for module in PRELOADS.get(name, ())]


def spawn() -> subprocess.Popen[bytes]:
    """A new worker process, its own process group's leader, talking on stdin/stdout."""
    return subprocess.Popen(
        [sys.executable, "-P", "-m", "bulletin.run.workers"],  # -P: never code from the cwd
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=child_env(),
        process_group=0,
    )


def prestart(count: int) -> None:
    """Have `count` workers started (those started earlier count): their start-up overlaps
    the command's own, so the first pages are read that much sooner."""
    alive = [p for p in _SPARES if p.poll() is None]
    _SPARES[:] = alive + [spawn() for _ in range(count - len(alive))]


def take() -> list[subprocess.Popen[bytes]]:
    """The started workers that are still alive (they are the caller's now)."""
    spares = [p for p in _SPARES if p.poll() is None]
    _SPARES.clear()
    return spares


def early_preloads(argv: list[str]) -> list[str]:
    """What an `extract` command line's workers will load anyway: linking, with --registry."""
    if len(argv) < 2 or argv[1] != "extract":
        return []
    wants_registry = any(a == "--registry" or a.startswith("--registry=") for a in argv)
    return ["linking"] if wants_registry else []


def early_workers(argv: list[str], cores: int) -> int:
    """How many workers a command line will want at once, told before it is parsed: a local
    `extract` run (not a help request) wants its --workers, at most PRESTART; anything
    else none. A value it cannot read counts as the default (the cores): the run closes
    what it does not use, so a guess costs a moment of CPU, never a result."""
    if len(argv) < 2 or argv[1] != "extract" or "--help" in argv:
        return 0
    if any(a == "--executor" or a.startswith("--executor=") for a in argv):
        return 0  # only the local pool takes spares (a cluster's workers are its own)
    workers = cores
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--workers=") else None
        if arg == "--workers" and i + 1 < len(argv):
            value = argv[i + 1]
        if value is not None and value.isdigit():
            workers = int(value)
    return max(0, min(workers, PRESTART))
