"""What --scheduler may point at besides a dask scheduler: a server that accepts and never
answers, a service that answers something else, an address no one could parse. Each is one
line on stderr and exit 7 within the connect timeout; before, the first hung for minutes, the
second died of a MemoryError ("Unable to allocate 3.07 EiB"), the third in a traceback
(issue 14, item 6)."""

from __future__ import annotations

import socket
import subprocess
import threading
from collections.abc import Callable, Iterator

import pytest

from goldens import ROOT, SAMPLES

pytest.importorskip("distributed")

BULLETIN = str(ROOT / ".venv" / "bin" / "bulletin")
PDF = str(SAMPLES / "wuhai-2022-18.pdf")


def _server(answer: Callable[[socket.socket], None]) -> Iterator[str]:
    """A TCP server on a free local port doing `answer` with each connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)
            answer(conn)

    threading.Thread(target=serve, daemon=True).start()
    yield f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    for conn in held:
        conn.close()


def _silent(conn: socket.socket) -> None:
    pass  # accepted, never a byte back


def _http(conn: socket.socket) -> None:
    conn.recv(65536)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>not dask</html>")


@pytest.fixture
def silent_server() -> Iterator[str]:
    yield from _server(_silent)


@pytest.fixture
def http_server() -> Iterator[str]:
    yield from _server(_http)


def _extract(scheduler: str, out: str) -> subprocess.CompletedProcess[str]:
    """The command; a hang fails the test by the subprocess timeout (well over the 2 s
    connect timeout plus the start-up)."""
    return subprocess.run(
        [BULLETIN, "extract", PDF, "--out", out, "--executor", "dask", "--scheduler", scheduler,
         "--connect-timeout", "2"],
        capture_output=True, text=True, timeout=90,
    )


def test_a_silent_server_is_a_bounded_clear_error(silent_server: str, tmp_path) -> None:
    done = _extract(silent_server, str(tmp_path / "out"))
    assert done.returncode == 7, done.stderr
    assert done.stderr.strip().splitlines() == [
        f"error: the dask scheduler at {silent_server} did not answer within 2 s "
        "(--connect-timeout); is it a dask scheduler?"
    ]


def test_a_service_that_is_not_dask_is_a_clear_error(http_server: str, tmp_path) -> None:
    done = _extract(http_server, str(tmp_path / "out"))
    assert done.returncode == 7, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"error: the dask scheduler at {http_server} answered, but not as a dask scheduler"
    ), done.stderr


def test_an_address_of_no_known_scheme_is_a_clear_error(tmp_path) -> None:
    done = _extract("garbage://x", str(tmp_path / "out"))
    assert done.returncode == 7, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "error: the dask scheduler at garbage://x: not a dask address (unknown address scheme"
    ), done.stderr
