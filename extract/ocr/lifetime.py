"""Processes that die with the process that started them.

On Linux, prctl(PR_SET_PDEATHSIG) asks the kernel to send a signal to this process the moment
the thread that started it exits, for whatever reason (kill -9 included): nothing in the dying
parent has to run. It is asked for in a worker (by the worker itself) and in each tesseract
run a worker starts (between fork and exec, `preexec_fn`), so that a killed run leaves no
process reading on. Elsewhere it is a no-op, and the worker's guard watches its parent's pid
instead (bulletin/run/watchdog.py).
"""

from __future__ import annotations

import ctypes
import signal
import sys
from typing import Any

_PR_SET_PDEATHSIG = 1


def _prctl() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


# Looked up once, here: between fork and exec only the call itself may run.
_PRCTL = _prctl()


def die_with_parent() -> None:
    """SIGKILL this process when its parent (thread) goes; nothing where not supported."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def supported() -> bool:
    return _PRCTL is not None
