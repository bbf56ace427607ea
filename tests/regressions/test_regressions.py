"""One test per fixed bug, on the input that showed it (see README.md beside this file)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from goldens import ROOT, SAMPLES

HERE = Path(__file__).parent
BULLETIN = ROOT / ".venv" / "bin" / "bulletin"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command, as a user runs it (a real process: tracebacks would show)."""
    return subprocess.run([str(BULLETIN), *args], capture_output=True, text=True, timeout=300)


def test_issue_009_registry_in_gbk_is_one_clear_line(tmp_path: Path) -> None:
    registry = HERE / "issue-009-registry-gbk.csv"
    done = _cli("extract", str(SAMPLES / "wuhai-2021-56.pdf"), "--out", str(tmp_path / "o"),
                "--registry", str(registry))  # fmt: skip
    assert done.returncode == 5
    assert done.stderr.strip().splitlines() == [
        f"error: {registry}: the registry is not UTF-8 (line 2 cannot be decoded); "
        "save it as UTF-8"
    ]
    check = _cli("registry", "check", str(registry))
    assert check.returncode == 5 and "Traceback" not in check.stderr
