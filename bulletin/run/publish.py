"""The combined outputs appear as one set: all of this run's, or all of the previous one's.

The CSVs, the workbook, the data package and report.json are built in OUT/.cache/staging
(same file system, so a rename moves them), each file synced. Then a journal,
OUT/.cache/publish.json, names what to move into OUT and what to remove there (a workbook
too big to write this time); the renames follow, and the journal goes last. Building can fail
(a full disk) without touching OUT. A run killed during the renames (a few milliseconds)
leaves the journal: the next run in that folder finishes the renames before anything else,
so no reader of a finished run's folder ever mixes tables of two runs.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from bulletin.output import datapackage, workbook
from bulletin.output.tables import OUTPUT_TABLES

STAGING = "staging"
JOURNAL = "publish.json"
WORKBOOK = workbook.FILE_NAME
PUBLISHED = (*(t.file_name for t in OUTPUT_TABLES), WORKBOOK, datapackage.FILE_NAME,
             "report.json")


def start_staging(cache_root: Path) -> Path:
    """An empty staging folder (what an earlier, failed build left is removed)."""
    staging = cache_root / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def publish(out: Path, cache_root: Path) -> None:
    """Move the staged set into OUT (see the module doc)."""
    from bulletin.output.writers import write_atomic

    staging = cache_root / STAGING
    staged = sorted(n for n in PUBLISHED if (staging / n).is_file())
    plan = {"move": staged, "remove": [n for n in PUBLISHED if n not in staged]}
    write_atomic(cache_root / JOURNAL, json.dumps(plan).encode())
    _apply(out, cache_root, plan)


def finish_publishing(out: Path, cache_root: Path) -> bool:
    """Finish what a killed run's journal says (True when there was one); a staging folder
    without a journal is a build that never finished, and is removed."""
    journal = cache_root / JOURNAL
    try:
        plan = json.loads(journal.read_bytes())
    except FileNotFoundError:
        shutil.rmtree(cache_root / STAGING, ignore_errors=True)
        return False
    except ValueError:  # a journal is written atomically; unreadable means a damaged disk
        journal.unlink()
        shutil.rmtree(cache_root / STAGING, ignore_errors=True)
        return False
    _apply(out, cache_root, plan)
    return True


def _apply(out: Path, cache_root: Path, plan: dict[str, list[str]]) -> None:
    staging = cache_root / STAGING
    for name in plan["move"]:
        source = staging / name
        if source.exists():  # else moved before the run was killed
            os.replace(source, out / name)
    for name in plan["remove"]:
        (out / name).unlink(missing_ok=True)
    _sync_folder(out)
    (cache_root / JOURNAL).unlink()
    shutil.rmtree(staging, ignore_errors=True)


def _sync_folder(folder: Path) -> None:
    """The renames reach the disk before the journal is removed."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the renames are still atomic
    finally:
        os.close(fd)
