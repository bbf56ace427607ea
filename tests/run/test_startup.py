"""Start-up stays cheap: `bulletin --help` and a one-file text-layer run load only what they
use (no dask, pandas, onnxruntime or OpenCV), checked in fresh interpreters."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from goldens import SAMPLES

HEAVY = ("dask", "distributed", "pandas", "onnxruntime", "cv2", "numpy", "pdfplumber", "rich")
PROBE = """
import json, sys
{body}
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))
"""


def _loaded(body: str) -> list[str]:
    code = PROBE.format(body=body, heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_help_loads_nothing_heavy() -> None:
    assert _loaded(
        "from typer.testing import CliRunner\n"
        "from bulletin.cli import app\n"
        "assert CliRunner().invoke(app, ['--help']).exit_code == 0"
    ) == []


def test_a_text_layer_run_loads_nothing_heavy_in_the_command_or_its_worker(tmp_path: Path) -> None:
    """Not even the workbook loads anything heavy (its writer is ours, xlsx.py)."""
    pdf = SAMPLES / "wuhai-2021-56.pdf"
    assert _loaded(
        "from bulletin.run.batch import RunOptions, run\n"
        "from bulletin.schemas.settings import Settings\n"
        f"run([__import__('pathlib').Path({str(pdf)!r})], "
        f"__import__('pathlib').Path({str(tmp_path / 'out')!r}), Settings(), RunOptions())"
    ) == []
    assert (tmp_path / "out" / "bulletin.xlsx").is_file()
    assert _loaded(  # what a worker loads to read and normalise a text-layer file
        "import bulletin.run.workers, bulletin.normalize.stage, bulletin.pipeline\n"
        "bulletin.run.workers.watchdog.die_with_parent()\n"
        "from bulletin.run.tasks import NormalizeSpec, ProbeTask, run_task\n"
        "from bulletin.schemas.settings import Settings\n"
        "s = Settings()\n"
        f"r = run_task(ProbeTask(id=(0, 1), source='a.pdf', path={str(pdf)!r}, settings=s,"
        " read_whole=8, normalize=NormalizeSpec(s)))\n"
        "assert r.normalized is not None, r.failure"
    ) == []
