"""Inputs given on the command line -> the files to convert, in a deterministic order.

Folders are searched recursively; the extension (compared case-insensitively) only decides
whether a file is *offered* to the pipeline, which then judges it by its bytes. Everything
else found in a folder is returned as skipped, with the reason, so that it appears in
report.json instead of vanishing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bulletin.extract.file import EXTENSIONS

UNSUPPORTED = "not a PDF, PNG, JPEG or TIFF file (extension {ext!r}); skipped"
DUPLICATE = "same source name as {other}; skipped (sources must be unique)"


@dataclass(frozen=True)
class InputFile:
    path: Path
    source: str  # path relative to the folder given, or the file name for a single file
    reason: str | None = None  # why it is skipped; None for files to convert


def discover(
    inputs: list[Path], exclude: list[Path] | None = None
) -> tuple[list[InputFile], list[InputFile]]:
    """(files to convert, files skipped), each sorted by source.

    Hidden files and folders (name starting with '.') are ignored, and so is anything under
    `exclude` (the output folder may sit inside the input folder). A file named explicitly is
    always offered, whatever its extension: the user asked for it.
    """
    excluded = [e.resolve() for e in exclude or []]
    found: list[InputFile] = []
    skipped: list[InputFile] = []
    for given in inputs:
        if not given.is_dir():
            found.append(InputFile(given, given.name))
            continue
        for path in sorted(p for p in given.rglob("*") if p.is_file()):
            rel = path.relative_to(given)
            if any(part.startswith(".") for part in rel.parts) or _under(path, excluded):
                continue
            if path.suffix.lower() in EXTENSIONS:
                found.append(InputFile(path, rel.as_posix()))
            else:
                reason = UNSUPPORTED.format(ext=path.suffix or "(none)")
                skipped.append(InputFile(path, rel.as_posix(), reason))
    unique, duplicates = _unique(found)
    return unique, sorted([*skipped, *duplicates], key=lambda f: (f.source, str(f.path)))


def _under(path: Path, excluded: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved.is_relative_to(e) for e in excluded)


def _unique(files: list[InputFile]) -> tuple[list[InputFile], list[InputFile]]:
    """Keep the first file per source; the same file given twice is silently one file, but
    two different files with one source name (two folders both holding a.pdf) would
    overwrite each other's output, so the later ones are skipped with a reason."""
    kept: dict[str, InputFile] = {}
    duplicates: list[InputFile] = []
    for f in files:
        first = kept.setdefault(f.source, f)
        if first is not f and first.path.resolve() != f.path.resolve():
            reason = DUPLICATE.format(other=first.path)
            duplicates.append(InputFile(f.path, f.path.as_posix(), reason))
    return [kept[k] for k in sorted(kept)], duplicates
