"""Inputs given on the command line -> the files to convert, in a deterministic order.

Folders are searched recursively; the extension (compared case-insensitively) only decides
whether a file is *offered* to the pipeline, which then judges it by its bytes. Everything
else found in a folder is returned as skipped, with the reason, so that it appears in
report.json instead of vanishing: other extensions, broken symbolic links and link loops,
links to folders (not followed: a link can lead out of the archive or round in a circle),
and what is not a regular file (a FIFO or a device would block or never end). Names are any
bytes a file system allows; each file's `source` is its name as text (names.source_text).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from bulletin.extract.file import EXTENSIONS
from bulletin.output.names import json_relative, source_text

UNSUPPORTED = "not a PDF, PNG, JPEG or TIFF file (extension {ext!r}); skipped"
DUPLICATE = "same source name as {other}; skipped (sources must be unique)"
SAME_JSON = "its JSON name is the one of {other}; skipped (sources must be unique)"
BROKEN_LINK = "a broken symbolic link (its target does not exist); skipped"
LINK_LOOP = "a symbolic link loop; skipped"
LINKED_FOLDER = "a symbolic link to a folder (not followed); skipped"
UNREADABLE = "cannot be examined ({error}); skipped"
_SPECIAL = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket",
            stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device"}


@dataclass(frozen=True)
class InputFile:
    path: Path
    source: str  # path relative to the folder given, or the file name for a single file
    reason: str | None = None  # why it is skipped; None for files to convert


def not_regular(path: Path) -> str | None:
    """Why `path` is not a regular file one can read to its end (None when it is one)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if path.is_symlink():
            return LINK_LOOP if exc.errno == errno.ELOOP else BROKEN_LINK
        return UNREADABLE.format(error=exc.strerror)
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return LINKED_FOLDER if path.is_symlink() else "a folder; skipped"
    kind = _SPECIAL.get(stat.S_IFMT(mode), "not a regular file")
    return f"{kind}, not a regular file; skipped"


def discover(
    inputs: list[Path], exclude: list[Path] | None = None
) -> tuple[list[InputFile], list[InputFile]]:
    """(files to convert, files skipped), each sorted by source.

    Hidden files and folders (name starting with '.') are ignored, and so is anything under
    `exclude` (the output folder may sit inside the input folder). A file named explicitly is
    always offered, whatever its extension: the user asked for it (unless it is no regular
    file: a FIFO or /dev/zero is listed as skipped).
    """
    excluded = [e.resolve() for e in exclude or []]
    found: list[InputFile] = []
    skipped: list[InputFile] = []
    for given in inputs:
        if given.is_dir():
            _walk(given, excluded, found, skipped)
            continue
        reason = not_regular(given)
        item = InputFile(given, source_text(given.name), reason)
        (found if reason is None else skipped).append(item)
    unique, duplicates = _unique(found)
    return unique, sorted([*skipped, *duplicates], key=lambda f: (f.source, str(f.path)))


def _walk(given: Path, excluded: list[Path], found: list[InputFile],
          skipped: list[InputFile]) -> None:
    """Every entry under `given`, links not followed into folders."""
    for folder, dirs, names in os.walk(given, followlinks=False):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not d.startswith(".") and not _under(here / d, excluded)]
        linked = [d for d in dirs if (here / d).is_symlink()]
        dirs[:] = [d for d in dirs if d not in linked]
        for name in sorted([*names, *linked]):
            path = here / name
            if name.startswith(".") or _under(path, excluded):
                continue
            source = source_text(path.relative_to(given).as_posix())
            reason = not_regular(path)
            if reason is None and path.suffix.lower() not in EXTENSIONS:
                reason = UNSUPPORTED.format(ext=source_text(path.suffix) or "(none)")
            (found if reason is None else skipped).append(InputFile(path, source, reason))


def _under(path: Path, excluded: list[Path]) -> bool:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a link loop (RuntimeError before Python 3.13)
        return False
    return any(resolved.is_relative_to(e) for e in excluded)


def _unique(files: list[InputFile]) -> tuple[list[InputFile], list[InputFile]]:
    """Keep the first file per source; the same file given twice is silently one file, but
    two different files with one source name (two folders both holding a.pdf) would
    overwrite each other's output, so the later ones are skipped with a reason (and so are
    two whose JSON names would meet, which only a crafted hash collision can do)."""
    kept: dict[str, InputFile] = {}
    by_json: dict[str, InputFile] = {}
    duplicates: list[InputFile] = []
    for f in sorted(files, key=lambda f: f.source):
        first = kept.setdefault(f.source, f)
        if first is not f:
            if first.path.resolve() != f.path.resolve():
                reason = DUPLICATE.format(other=source_text(str(first.path)))
                duplicates.append(InputFile(f.path, source_text(f.path.as_posix()), reason))
            continue
        other = by_json.setdefault(json_relative(f.source), f)
        if other is not f:
            del kept[f.source]
            reason = SAME_JSON.format(other=other.source)
            duplicates.append(InputFile(f.path, f.source, reason))
    return [kept[k] for k in sorted(kept)], duplicates
