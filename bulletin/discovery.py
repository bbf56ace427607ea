"""Inputs given on the command line -> the files to convert, in a deterministic order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extract.inputs import EXTENSIONS


@dataclass(frozen=True)
class InputFile:
    path: Path
    source: str  # path relative to the folder given, or the file name for a single file


def discover(inputs: list[Path]) -> tuple[list[InputFile], list[InputFile]]:
    """(files to convert, files skipped): folders are searched recursively, extensions
    compared case-insensitively, hidden files ignored, order sorted by source."""
    found: list[InputFile] = []
    skipped: list[InputFile] = []
    for given in inputs:
        if given.is_dir():
            for path in sorted(p for p in given.rglob("*") if p.is_file()):
                rel = path.relative_to(given)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                target = found if path.suffix.lower() in EXTENSIONS else skipped
                target.append(InputFile(path, rel.as_posix()))
        else:
            found.append(InputFile(given, given.name))
    return _unique(found), _unique(skipped)


def _unique(files: list[InputFile]) -> list[InputFile]:
    seen: dict[str, InputFile] = {}
    for f in files:
        seen.setdefault(f.source, f)
    return [seen[k] for k in sorted(seen)]
