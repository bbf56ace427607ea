"""Load and validate a place registry: the reference list names are linked against.

The file format is a public contract: a UTF-8 CSV with the header `id,level,name,parent_id,aliases`,
`level` one of district / street / community, `aliases` separated by `|`. A district has no
parent; a street's parent is a district and a community's parent a street. Loading reports every
problem at once, each as `line N: ...`, so a person can fix the file in one pass.
"""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from bulletin.normalize.link.names import is_simplified, normalize_name
from bulletin.normalize.link.choices import Choices
from bulletin.schemas.document import Level
from bulletin.schemas.errors import RegistryError

HEADER = ("id", "level", "name", "parent_id", "aliases")
PARENT_LEVEL: Mapping[Level, Level | None] = MappingProxyType(
    {Level.DISTRICT: None, Level.STREET: Level.DISTRICT, Level.COMMUNITY: Level.STREET}
)


@dataclass(frozen=True)
class Entry:
    """One registry row; `line` is its line number in the file (1 is the header)."""

    id: str
    level: Level
    name: str
    parent_id: str | None
    aliases: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class LevelIndex:
    """Lookup structures for the entries of one level, built once per registry.

    `choices` holds the comparison form of every name and alias, grouped by entry (name first),
    ready for batch scoring; a score over choices is reduced to its owning entry.
    """

    entries: tuple[Entry, ...]
    position: Mapping[str, int]
    exact: Mapping[str, tuple[int, ...]]
    alias: Mapping[str, tuple[int, ...]]
    choices: Choices = field(repr=False)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_from_state, (type(self), _proxy_state(self)))


@dataclass(frozen=True)
class Registry:
    """A validated registry with per-level indexes; `simplified` says whether its names are."""

    entries: tuple[Entry, ...]
    simplified: bool
    source: str | None
    levels: Mapping[Level, LevelIndex] = field(repr=False)
    by_id: Mapping[str, Entry] = field(repr=False)
    children: Mapping[str, tuple[str, ...]] = field(repr=False)

    def __reduce__(self) -> tuple[Any, ...]:
        """Picklable (its mappings are read-only proxies): the run parses a registry once
        and hands it to the workers as a pickle (bulletin/run/shared.py)."""
        return (_from_state, (type(self), _proxy_state(self)))

    def key(self, text: str) -> str:
        """The comparison form of `text` under this registry's script."""
        return normalize_name(text, simplified=self.simplified)

    def parent(self, entry_id: str) -> Entry | None:
        parent_id = self.by_id[entry_id].parent_id
        return self.by_id[parent_id] if parent_id else None


def load_registry(path: str | Path) -> Registry:
    """Read and validate a registry CSV; raises RegistryError listing every problem."""
    return registry_from_bytes(registry_bytes(Path(path)), str(path))


def registry_bytes(path: Path) -> bytes:
    """The registry file's bytes; a FIFO or a device (which would block or never end) and an
    unreadable file are a RegistryError naming it."""
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise RegistryError("not a regular file (a FIFO, device or folder); give a CSV file",
                                file=str(path))
        return path.read_bytes()
    except OSError as exc:
        raise RegistryError(f"cannot read registry: {exc.strerror}", file=str(path)) from exc


def registry_from_bytes(data: bytes, source: str | None = None) -> Registry:
    """A registry from the bytes of its file (decoded as UTF-8, a byte-order mark allowed)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise RegistryError(
            f"the registry is not UTF-8 (line {line} cannot be decoded); save it as UTF-8",
            file=source,
        ) from exc
    return parse_registry(text, source=source)


def parse_registry(text: str, source: str | None = None) -> Registry:
    """Validate registry CSV text and build its indexes."""
    entries, problems = _read_rows(text)
    problems += _check_entries(entries)
    if problems:
        raise RegistryError(
            f"invalid registry ({len(problems)} problem{'s' if len(problems) > 1 else ''})",
            problems=problems, file=source,
        )
    return build_registry(entries, source)


def _read_rows(text: str) -> tuple[list[Entry], list[str]]:
    """Parse rows into entries, collecting per-row problems (header, columns, level, blanks)."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [f"line 1: unreadable header ({exc})"]
    if header is None:
        return [], ["line 1: empty file, expected header " + ",".join(HEADER)]
    if tuple(h.strip() for h in header) != HEADER:
        return [], [f"line 1: header is {','.join(header)!r}, expected {','.join(HEADER)!r}"]
    entries: list[Entry] = []
    problems: list[str] = []
    for line, row in _rows(reader, problems):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            problems.append(f"line {line}: {len(row)} columns, expected {len(HEADER)}")
            continue
        entry, row_problems = _entry(row, line)
        problems += row_problems
        if entry is not None:
            entries.append(entry)
    return entries, problems


def _rows(reader: Any, problems: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of every row; a row the csv module refuses (a field over its limit
    of csv.field_size_limit() characters, a NUL) ends the reading as a problem of its line."""
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(f"line {start}: unreadable row ({exc}); nothing after it was read")
            return
        yield start, row
        start = reader.line_num + 1


def _entry(row: list[str], line: int) -> tuple[Entry | None, list[str]]:
    id_, level_text, name, parent_id, aliases = (cell.strip() for cell in row)
    problems = []
    if not id_:
        problems.append(f"line {line}: empty id")
    if not name:
        problems.append(f"line {line}: empty name")
    if level_text not in {lv.value for lv in Level}:
        problems.append(
            f"line {line}: level {level_text!r} is not one of district, street, community"
        )
    if problems:
        return None, problems
    alias_list = tuple(a.strip() for a in aliases.split("|") if a.strip())
    return Entry(id_, Level(level_text), name, parent_id or None, alias_list, line), []


def _check_entries(entries: list[Entry]) -> list[str]:
    """Cross-row problems: duplicate ids, missing or wrong-level parents, duplicate names."""
    problems: list[str] = []
    first: dict[str, Entry] = {}
    for e in entries:
        if e.id in first:
            line = first[e.id].line
            problems.append(f"line {e.line}: duplicate id {e.id} (first on line {line})")
        else:
            first[e.id] = e
    for e in entries:
        problems += _parent_problems(e, first)
    problems += _duplicate_names(entries)
    return sorted(problems, key=lambda p: int(p.split(":")[0].split()[1]))


def _parent_problems(e: Entry, by_id: Mapping[str, Entry]) -> list[str]:
    wanted = PARENT_LEVEL[e.level]
    if wanted is None:
        if e.parent_id:
            return [f"line {e.line}: district {e.id} must not have a parent ({e.parent_id})"]
        return []
    if not e.parent_id:
        return [f"line {e.line}: {e.level.value} {e.id} needs a parent {wanted.value}"]
    parent = by_id.get(e.parent_id)
    if parent is None:
        return [f"line {e.line}: parent {e.parent_id} of {e.id} does not exist"]
    if parent.level is not wanted:
        return [
            f"line {e.line}: parent {e.parent_id} of {e.level.value} {e.id} is a "
            f"{parent.level.value}, expected a {wanted.value}"
        ]
    return []


def _duplicate_names(entries: list[Entry]) -> list[str]:
    """Two entries with the same name under the same parent could never be told apart."""
    seen: dict[tuple[Level, str | None, str], Entry] = {}
    problems = []
    for e in entries:
        k = (e.level, e.parent_id, normalize_name(e.name))
        if k in seen:
            problems.append(
                f"line {e.line}: name {e.name!r} already used under the same parent "
                f"by {seen[k].id} (line {seen[k].line})"
            )
        else:
            seen[k] = e
    return problems


def build_registry(entries: list[Entry], source: str | None = None) -> Registry:
    """Build the indexes of already validated entries."""
    simplified = all(is_simplified(e.name) for e in entries)
    children: dict[str, list[str]] = {}
    for e in entries:
        if e.parent_id:
            children.setdefault(e.parent_id, []).append(e.id)
    levels = {
        lv: _level_index(tuple(e for e in entries if e.level is lv), simplified) for lv in Level
    }
    return Registry(
        entries=tuple(entries), simplified=simplified, source=source,
        levels=MappingProxyType(levels),
        by_id=MappingProxyType({e.id: e for e in entries}),
        children=MappingProxyType({k: tuple(v) for k, v in children.items()}),
    )


def _level_index(entries: tuple[Entry, ...], simplified: bool) -> LevelIndex:
    exact: dict[str, list[int]] = {}
    alias: dict[str, list[int]] = {}
    choices: list[str] = []
    starts: list[int] = []
    for i, e in enumerate(entries):
        starts.append(len(choices))
        key = normalize_name(e.name, simplified=simplified)
        exact.setdefault(key, []).append(i)
        choices.append(key)
        for a in e.aliases:
            akey = normalize_name(a, simplified=simplified)
            if i not in alias.setdefault(akey, []):
                alias[akey].append(i)
                choices.append(akey)
    return LevelIndex(
        entries=entries,
        position=MappingProxyType({e.id: i for i, e in enumerate(entries)}),
        exact=MappingProxyType({k: tuple(v) for k, v in exact.items()}),
        alias=MappingProxyType({k: tuple(v) for k, v in alias.items()}),
        choices=Choices.build(tuple(choices), starts),
    )


def _proxy_state(obj: Any) -> tuple[Any, ...]:
    """A frozen dataclass's fields with read-only mappings as plain dicts (a mappingproxy
    cannot be pickled; a parsed registry is shared with the workers as a pickle)."""
    return tuple(
        dict(value) if isinstance(value, MappingProxyType) else value
        for value in (getattr(obj, f) for f in obj.__dataclass_fields__)
    )


def _from_state(cls: type, state: tuple[Any, ...]) -> Any:
    return cls(*(MappingProxyType(v) if isinstance(v, dict) else v for v in state))



