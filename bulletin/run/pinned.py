"""A file read once: its bytes hashed, and the same bytes converted.

The run plans a file by the sha256 of its bytes (its cache key). A worker that opened the
path again could read other bytes (the file replaced or rewritten meanwhile) and the cache
would keep them under the first bytes' key: later, the old file would get another bulletin's
rows. So every task that reads a file reads it whole once, checks that those bytes have the
planned sha256 (else the file fails with InputChanged, not cached, and the next run reads it
afresh), and hands the readers a private copy of exactly those bytes (a temporary file only
this user can read). Only regular files are read: a FIFO or a device would block or
never end.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bulletin.schemas.errors import InputChanged, InputError, OutputError

_CHUNK = 1 << 20


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file; anything else (a FIFO, a device, a folder) is refused
    without blocking. OSError when it cannot be read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError("not a regular file (a FIFO, device or folder); skipped")
        chunks = []
        while chunk := os.read(fd, _CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def pinned(path: Path, digest: str) -> Iterator[Path]:
    """A path holding exactly the bytes of `path` whose sha256 is `digest`, for as long as
    the context lasts (a file in a folder of this process's own, mode 0700, in $TMPDIR:
    readers open it by name, pdfium needs a real path); InputChanged when the file's bytes
    are not those any more."""
    with tempfile.TemporaryDirectory(prefix="bulletin-input-") as folder:
        copy = Path(folder) / "input"
        _copy_checked(path, digest, copy)
        yield copy


def _copy_checked(path: Path, digest: str, copy: Path) -> None:
    """Read `path` once, check its sha256, write those bytes to `copy` (the bytes are held
    only while this runs)."""
    try:
        data = read_regular(path)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}") from exc
    if digest_of(data) != digest:
        raise InputChanged("the file changed while the run was reading it; run again to "
                           "convert its new content")
    try:
        fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
    except OSError as exc:  # the machine's problem, not the file's: never cached
        raise OutputError(f"cannot copy the file into the temporary folder {copy.parent.parent} "
                          f"({exc.strerror})") from exc
