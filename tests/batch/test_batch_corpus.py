"""The bad-file corpus: every broken file ends as one clear report entry, the batch goes on,
and the exit code says that something failed."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from bulletin.batch import RunOptions, run
from bulletin.cli import app
from schemas.report import FileStatus
from schemas.settings import Settings

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_every_bad_file_gets_a_clear_entry(corpus: tuple[Path, dict], tmp_path: Path) -> None:
    folder, expected = corpus
    shutil.copy(SAMPLES / "wuhai-2022-18.pdf", folder / "good.pdf")
    report = run([folder], tmp_path / "out", Settings(), RunOptions(workers=2))
    by_source = {f.source: f for f in report.files}
    assert by_source["good.pdf"].status is FileStatus.OK
    for source, want in expected.items():
        got = by_source[source]
        message = got.error if got.error is not None else " | ".join(got.warnings)
        assert got.status.value == want.status, f"{source}: {got.status} {message}"
        assert re.search(want.message, message or ""), f"{source}: {message!r}"
        assert "/" not in (message or "").split(":")[0].replace(source, ""), message
    written = json.loads((tmp_path / "out/report.json").read_text())
    assert [f["source"] for f in written["files"]] == sorted(by_source)
    assert not (tmp_path / "out/json/empty.pdf.json").exists()
    assert (tmp_path / "out/json/no-table.pdf.json").exists()


def test_exit_code_says_whether_a_file_failed(corpus: tuple[Path, dict], tmp_path: Path) -> None:
    folder, _ = corpus
    runner = CliRunner()
    failed = runner.invoke(app, ["extract", str(folder), "--out", str(tmp_path / "a"), "-q"])
    assert failed.exit_code == 1, failed.output
    good = tmp_path / "good"
    good.mkdir()
    shutil.copy(SAMPLES / "wuhai-2022-18.pdf", good)
    ok = runner.invoke(app, ["extract", str(good), "--out", str(tmp_path / "b"), "-q"])
    assert ok.exit_code == 0, ok.output


def test_a_file_over_the_timeout_is_abandoned_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "scans/wuhai-2021-56-p3.png", folder / "slow.png")  # OCR, ~10 s
    shutil.copy(SAMPLES / "wuhai-2022-18.pdf", folder / "fast.pdf")  # text layer, ~1 s
    settings = Settings(file_timeout=4)
    report = run([folder], tmp_path / "out", settings, RunOptions(workers=1))
    by_source = {f.source: f for f in report.files}
    assert by_source["fast.pdf"].status is FileStatus.OK
    slow = by_source["slow.png"]
    assert slow.status is FileStatus.ERROR and slow.error_type == "TimeoutExceeded"
    assert slow.error == "slow.png: timed out after 4 s"
    # a timeout may not happen next time: it is not cached, the good file is
    assert len(list((tmp_path / "out/.cache").glob("*.json"))) == 1
