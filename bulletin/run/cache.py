"""Per-file results kept in OUT/.cache so that a re-run skips files that did not change.

An entry is valid for exactly one combination of: the file's bytes, its source name (the
name is written into the document), the settings fingerprint, the package version and a
fingerprint of the code itself (every source and data file of the package: a tolerance or
an alias changed in a module never serves a result computed before), and the registry's
bytes. Entries are written atomically after the file's outputs, so a run killed at
any moment leaves either a complete entry or none.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from bulletin import __version__
from bulletin.output.writers import write_atomic
from bulletin.schemas.report import FileReport
from bulletin.schemas.settings import Settings

CACHE_FORMAT = 1  # bump when the entry layout changes
_CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    """sha256 of the file's bytes, read in chunks (archives hold big TIFFs)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over the package's own source and data files (a few milliseconds, once)."""
    import bulletin
    import bulletin.extract
    import bulletin.normalize
    import bulletin.schemas

    packages = (bulletin, bulletin.extract, bulletin.normalize, bulletin.schemas)
    return tree_fingerprint(sorted({Path(p) for m in packages for p in m.__path__}))


def tree_fingerprint(roots: list[Path]) -> str:
    """sha256 over the names and bytes of the .py, .csv and .json files under `roots`."""
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".csv", ".json") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class RunIdentity:
    """Everything besides the file itself that changes a file's result."""

    settings: str  # Settings.fingerprint()
    version: str  # the package version and its code fingerprint
    registry: str | None  # sha256 of the registry file, when one is used

    @classmethod
    def of(cls, settings: Settings, registry_path: Path | None) -> "RunIdentity":
        registry = file_digest(registry_path) if registry_path is not None else None
        return cls(settings.fingerprint(), f"{__version__}+{code_fingerprint()}", registry)

    def key(self, content_digest: str, source: str) -> str:
        parts = [str(CACHE_FORMAT), content_digest, source, self.settings, self.version]
        parts.append(self.registry or "-")
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class CacheEntry(BaseModel):
    key: str
    report: FileReport
    document: dict[str, object] | None  # the per-document JSON, parsed


class CorruptEntry(Exception):
    """An entry that exists but cannot be read; the file is converted again."""


class ResultCache:
    def __init__(self, out: Path) -> None:
        self.root = out / ".cache"

    def path(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def load(self, key: str) -> CacheEntry | None:
        """The entry, None when there is none; CorruptEntry when it cannot be parsed."""
        path = self.path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            entry = CacheEntry.model_validate_json(raw)
        except ValidationError as exc:
            raise CorruptEntry(
                f"cache entry {path} is unreadable ({exc.error_count()} errors)"
            ) from exc
        if entry.key != key:
            raise CorruptEntry(f"cache entry {path} holds key {entry.key}")
        return entry

    def store(self, key: str, report: FileReport, document: bytes | None) -> None:
        parsed = json.loads(document) if document is not None else None
        entry = CacheEntry(key=key, report=report, document=parsed)
        write_atomic(self.path(key), entry.model_dump_json().encode("utf-8"))
