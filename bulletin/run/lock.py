"""One run at a time per output folder.

Two runs into one folder would remove each other's temporary files and rebuild the tables
from each other's half-finished caches. A run holds an exclusive lock (flock) on
OUT/.cache/lock for its whole length; a second run into the same folder refuses at once with
one line naming the lock and the run holding it (its process id, host and start time),
rather than waiting behind a run that may take hours. The lock is the kernel's: a run that
is killed (even with kill -9) releases it with its process, and a stale lock file left behind
locks nothing. (On a network file system flock is only as good as the server's locking.)
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bulletin.schemas.errors import OutputError

LOCK_NAME = "lock"


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold OUT's lock for the context; OutputError when another run holds it."""
    import fcntl

    path = out / ".cache" / LOCK_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise OutputError(f"cannot create the lock {path}: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 512, 0).decode("utf-8", "replace").strip() or "another run"
            raise OutputError(
                f"{out} is in use by another run ({holder}; lock {path}); wait for it to "
                "finish or choose another --out"
            ) from None
        started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()} since {started}".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock
