"""What a re-run may reuse, kept in OUT/.cache in two layers.

`read/` holds each file's *reading* (its pages: grids and text, or the input error that
stopped it), keyed by the file's bytes (and extension, which decides a warning), the settings
that shape reading, and the code that reads (extract/ and schemas/). `result/` holds what the
outputs need of each file (its report, the sha256 of its JSON, its rows of every table), keyed
by its reading, its source name, every output setting, the rest of the code, the registry's
bytes and the file's corrections. So a changed registry, alias table, threshold or correction
re-runs only normalising, linking and checking, never the reading of a page. `registry/`
holds the parsed registry the workers load (shared.py); `lock`, `staging/` and `publish.json`
belong to the run in progress (lock.py, publish.py).

Entries are written atomically after the outputs they describe, so a run killed at any moment
leaves either a complete entry or none (they are not synced to disk: after a power cut a
damaged entry is only read as corrupt and its file converted again). A failure that says
nothing about the file (a missing engine, a timeout, a dead worker, a bug) is never stored.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bulletin import __version__
from bulletin.output.writers import write_atomic
from bulletin.run.tasks import Failure
from bulletin.schemas.errors import InputError
from bulletin.schemas.report import FileReport
from bulletin.schemas.settings import Settings

CACHE_FORMAT = 3  # bump when the entry layout changes
_CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    """sha256 of the file's bytes, read in chunks (archives hold big TIFFs). What is not a
    regular file (a FIFO, a device) is an InputError, found without blocking."""
    digest = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError("not a regular file (a FIFO, device or folder)")
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def code_fingerprint(*packages: str) -> str:
    """sha256 over the source and data files of the named packages (a few ms, once)."""
    import importlib

    roots = sorted({Path(p) for name in packages for p in importlib.import_module(name).__path__})
    return tree_fingerprint(roots)


def tree_fingerprint(roots: list[Path]) -> str:
    """sha256 over the names and bytes of the .py, .csv and .json files under `roots`."""
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".csv", ".json") and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# The code each layer depends on: reading on the extract stage and the contracts; the
# result on everything else too (normalize/, and bulletin/ for the rows of the tables).
READING_CODE = ("bulletin.extract", "bulletin.schemas")
RESULT_CODE = ("bulletin", "bulletin.normalize", "bulletin.schemas")


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join([str(CACHE_FORMAT), __version__, *parts]).encode()).hexdigest()


@dataclass(frozen=True)
class RunIdentity:
    """Everything besides the file itself that changes a file's reading or its result."""

    reading: str  # reading settings, the reading code and the versions of what reads
    result: str  # every output setting, all the code, the registry

    @classmethod
    def of(cls, settings: Settings, registry_digest: str | None) -> RunIdentity:
        """`registry_digest`: the sha256 of the registry's bytes as parsed (None: no registry)."""
        from bulletin.run.versions import versions  # a new OCR runtime or rasteriser reads anew

        registry = registry_digest or "-"
        libraries = json.dumps(versions(settings), sort_keys=True)
        reading = f"{settings.reading_fingerprint()}+{code_fingerprint(*READING_CODE)}+{libraries}"
        result = f"{settings.fingerprint()}+{code_fingerprint(*RESULT_CODE)}+{registry}"
        return cls(reading, result)

    def reading_key(self, content_digest: str, suffix: str) -> str:
        return _key("read", content_digest, suffix.lower(), self.reading)

    def result_key(self, reading_key: str, source: str, corrections: str) -> str:
        return _key("result", reading_key, source, corrections, self.result)


class CorruptEntry(Exception):
    """An entry that exists but cannot be read; the file is converted again."""


@dataclass(frozen=True)
class Reading:
    """A cached reading: the pages' JSON array, or the input error that stopped it."""

    pages: bytes | None
    failure: Failure | None = None


@dataclass(frozen=True)
class Result:
    """A cached result: the file's report, its JSON's sha256, size and modification time
    when it was written, its rows (read again when the combined tables are written) and the
    sha256 of each of its table CSVs by file name (OUT/tables/<source>/)."""

    report: FileReport
    json_sha256: str | None
    json_size: int | None
    json_mtime_ns: int | None
    rows: dict[str, list[dict[str, str]]]
    tables: dict[str, str] = field(default_factory=dict)


class Cache:
    def __init__(self, out: Path) -> None:
        self.root = out / ".cache"

    def folders(self) -> list[Path]:
        return [self.root, self.root / "read", self.root / "result", self.root / "registry"]

    def _path(self, layer: str, key: str) -> Path:
        return self.root / layer / f"{key}.json"

    def load_reading(self, key: str) -> Reading | None:
        loaded = self._load("read", key)
        if loaded is None:
            return None
        data, raw = loaded
        if "error" in data:
            e = data["error"]
            return Reading(None, Failure(e["type"], e["detail"], e["page"], cacheable=True))
        prefix = self._reading_prefix(key)
        if not raw.startswith(prefix) or not isinstance(data.get("pages"), list):
            raise CorruptEntry(f"cache entry {self._path('read', key)} holds no pages")
        return Reading(raw[len(prefix):-1])  # the pages' bytes exactly as they were stored

    @staticmethod
    def _reading_prefix(key: str) -> bytes:
        return b'{"key":"' + key.encode() + b'","pages":'

    def store_reading(self, key: str, pages: bytes | None, failure: Failure | None = None) -> None:
        if pages is not None:
            body = self._reading_prefix(key) + pages + b"}"
        else:
            assert failure is not None
            error = {"type": failure.error_type, "detail": failure.detail, "page": failure.page}
            body = json.dumps({"key": key, "error": error}, ensure_ascii=False).encode("utf-8")
        write_atomic(self._path("read", key), body, durable=False)

    def load_result(self, key: str) -> Result | None:
        loaded = self._load("result", key)
        if loaded is None:
            return None
        data = loaded[0]
        json_meta = data.get("json") or {}
        return Result(FileReport.model_validate(data["report"]), json_meta.get("sha256"),
                      json_meta.get("size"), json_meta.get("mtime_ns"), data["rows"],
                      data.get("tables") or {})

    def result_rows(self, key: str) -> dict[str, list[dict[str, str]]]:
        loaded = self._load("result", key)
        if loaded is None:
            raise CorruptEntry(f"cache entry {self._path('result', key)} vanished during the run")
        rows: dict[str, list[dict[str, str]]] = loaded[0]["rows"]
        return rows

    def store_result(self, key: str, report: FileReport, document: bytes | None,
                     rows: dict[str, list[dict[str, str]]], written: Path | None = None,
                     tables: dict[str, str] | None = None) -> None:
        """`written` is where `document` lies now (its modification time is kept: a later
        run trusts an unchanged file without reading it); `tables` the digests of its table
        CSVs by file name."""
        meta: dict[str, object] | None = None
        if document is not None:
            meta = {"sha256": hashlib.sha256(document).hexdigest(), "size": len(document)}
            if written is not None:
                meta["mtime_ns"] = written.stat().st_mtime_ns
        entry = {"key": key, "report": report.model_dump(mode="json"), "json": meta, "rows": rows,
                 "tables": tables or {}}
        data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_atomic(self._path("result", key), data, durable=False)

    def _load(self, layer: str, key: str) -> tuple[dict[str, Any], bytes] | None:
        """The entry, None when there is none; CorruptEntry when it cannot be parsed."""
        path = self._path(layer, key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise CorruptEntry(f"cache entry {path} is unreadable ({exc})") from exc
        if not isinstance(data, dict) or data.get("key") != key:
            raise CorruptEntry(f"cache entry {path} does not hold key {key}")
        return data, raw
