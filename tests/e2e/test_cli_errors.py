"""The command as a user meets its errors: one line on stderr, the exit code of the error's
class (schemas/errors.py), never a traceback; Ctrl-C stops cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from goldens import ROOT, SAMPLES

BULLETIN = str(ROOT / ".venv" / "bin" / "bulletin")
PDF = str(SAMPLES / "wuhai-2021-56.pdf")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([BULLETIN, *args], capture_output=True, text=True, timeout=300)


def test_an_existing_file_as_out_is_one_line_exit_9(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("keep me\n")
    done = _cli("extract", PDF, "--out", str(target))
    assert done.returncode == 9
    assert done.stderr.strip().splitlines() == [f"error: --out {target} exists and is not a folder"]
    assert target.read_text() == "keep me\n"


def test_a_bad_flag_value_is_a_usage_error_exit_2(tmp_path: Path) -> None:
    done = _cli("extract", PDF, "--out", str(tmp_path / "o"), "--dpi", "5")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: --dpi: Input should be greater than or equal to 72"
    ]
    both = _cli("extract", PDF, "--out", str(tmp_path / "o"), "--scheduler", "tcp://h:1")
    assert both.returncode == 2
    assert both.stderr.strip() == "error: --scheduler needs --executor dask"


def test_bad_input_and_usage_errors_have_different_codes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    done = _cli("inspect", str(bad), "-o", str(tmp_path / "x.png"))
    assert done.returncode == 8, done.stderr
    assert done.stderr.startswith("error: bad.pdf: not a readable PDF")
    assert "Traceback" not in done.stderr


def test_ctrl_c_stops_cleanly_with_130(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    scans = sorted((SAMPLES / "scans").glob("*.pdf"))
    for i, scan in enumerate(scans):
        (folder / f"{i}-{scan.name}").write_bytes(scan.read_bytes())
    proc = subprocess.Popen(
        [BULLETIN, "extract", str(folder), "--out", str(tmp_path / "o"), "--workers", "2"],
        stderr=subprocess.PIPE, text=True,
    )
    time.sleep(4)  # workers started, files in progress
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "error: interrupted; files already converted are kept" in stderr


@pytest.mark.parametrize("after", [0.3, 1.0, 3.0])
def test_ctrl_c_at_the_terminal_is_one_line_at_any_moment(tmp_path: Path, after: float) -> None:
    """A terminal's Ctrl-C reaches the whole foreground process group: the command and its
    workers, while Python starts, while modules load, while pages are read. Before, workers
    starting up printed KeyboardInterrupt tracebacks (and so did the command itself while
    importing); now the workers never see it and the command ends in one line, exit 130."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i, scan in enumerate(sorted((SAMPLES / "scans").glob("*.pdf"))[:2]):
        (folder / f"{i}-{scan.name}").write_bytes(scan.read_bytes())
    proc = subprocess.Popen(
        [BULLETIN, "extract", str(folder), "--out", str(tmp_path / "o"), "--workers", "2"],
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    time.sleep(after)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: interrupted"), stderr
    assert stderr.splitlines()[-1] == errors[0]


def test_ctrl_c_at_the_terminal_with_a_dask_local_cluster_is_one_line(tmp_path: Path) -> None:
    """The LocalCluster's nannies and workers share the terminal's process group; before,
    each printed a KeyboardInterrupt traceback (and its cancelled tasks as warnings)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i, scan in enumerate(sorted((SAMPLES / "scans").glob("*.pdf"))[:2]):
        (folder / f"{i}-{scan.name}").write_bytes(scan.read_bytes())
    proc = subprocess.Popen(
        [BULLETIN, "extract", str(folder), "--out", str(tmp_path / "o"), "--workers", "2",
         "--executor", "dask"],
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    assert proc.stderr is not None
    first = proc.stderr.readline()  # "converting 2 files": the cluster is up, pages are read
    time.sleep(1.5)
    os.killpg(proc.pid, signal.SIGINT)
    _, rest = proc.communicate(timeout=60)
    stderr = first + rest
    assert proc.returncode == 130, stderr
    assert first.startswith("converting 2 files"), stderr
    assert stderr.splitlines()[1:] == [
        "error: interrupted; files already converted are kept, the same command resumes the rest"
    ], stderr
