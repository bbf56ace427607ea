"""An archive that changes between runs: corrections applied without reading a page again,
files added and removed, and report.json telling what the results depend on."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from bulletin.cli import app
from bulletin.run.batch import RunOptions, run
from bulletin.schemas.settings import Settings
from conftest import outputs
from multipage import TEXT_SAMPLES
from goldens import read_csv

HEADER = "source,table_index,district,street,community,field,value\n"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for sample in TEXT_SAMPLES:
        shutil.copy(sample, folder)
    return folder


def test_corrections_change_only_what_they_name_and_never_reread(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    plain = tmp_path / "plain"
    run([folder], plain, Settings(), RunOptions(workers=2))
    out = tmp_path / "out"
    shutil.copytree(plain, out)
    corrections = tmp_path / "corrections.csv"
    corrections.write_text(
        HEADER
        + "wuhai-2021-56.pdf,0,海勃湾区,海北街道,组织部楼,completed,否\n"
        + "wuhai-2021-56.pdf,0,海勃湾区,海北街道,没有这个小区,completed,否\n"
        + "missing.pdf,,,,,title,x\n",
        encoding="utf-8",
    )
    args = ["extract", str(folder), "--out", str(out), "--corrections", str(corrections), "-q"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "corrections.csv line 4: no input file 'missing.pdf'" in done.output
    report = json.loads((out / "report.json").read_text())
    assert [f["cache_hit"] for f in report["files"]] == [True, True]  # no page read again
    assert report["warnings"] == ["corrections.csv line 4: no input file 'missing.pdf'; "
                                  "correction not applied"]
    row = next(r for r in read_csv(out / "communities.csv") if r["community"] == "组织部楼")
    assert row["completed"] == "false"
    findings = [r for r in read_csv(out / "findings.csv") if r["check"] == "correction_unmatched"]
    assert [f["location"] for f in findings] == ["corrections line 3"]
    before, after = outputs(plain), outputs(out)
    differing = sorted(name for name in before if before[name] != after[name])
    assert differing == ["bulletin.xlsx", "communities.csv", "findings.csv",
                         "json/wuhai-2021-56.pdf.json", "report.json"]
    value = _completed(json.loads(after["json/wuhai-2021-56.pdf.json"]), "组织部楼")
    assert (value["value"], value["raw"], value["corrected"]) == ("false", "是", True)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "wuhai-2021-56.pdf,0,海勃湾区,,,planned_investment,lots\n",
                   encoding="utf-8")
    refused = CliRunner().invoke(app, [*args[:-2], str(bad), "-q"])
    assert refused.exit_code == 11
    assert "line 2: 'lots' is not a number" in refused.output


def _completed(doc: dict, community: str) -> dict:
    return next(c["fields"]["completed"] for t in doc["tables"] for d in t["districts"]
                for s in d["streets"] for c in s["communities"] if c["name"] == community)


def test_files_added_and_removed_between_runs(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TEXT_SAMPLES[0], folder)
    out = tmp_path / "out"
    run([folder], out, Settings(), RunOptions(workers=2))
    shutil.copy(TEXT_SAMPLES[1], folder)
    grown = run([folder], out, Settings(), RunOptions(workers=2))
    assert [(f.source, f.cache_hit) for f in grown.files] == [
        ("wuhai-2021-56.pdf", True), ("wuhai-2022-18.pdf", False),
    ]
    assert {r["source"] for r in read_csv(out / "documents.csv")} == {
        "wuhai-2021-56.pdf", "wuhai-2022-18.pdf"}
    (folder / "wuhai-2021-56.pdf").unlink()
    run([folder], out, Settings(), RunOptions(workers=2))
    assert {r["source"] for r in read_csv(out / "communities.csv")} == {"wuhai-2022-18.pdf"}
    assert sorted(p.name for p in (out / "json").iterdir()) == ["wuhai-2022-18.pdf.json"]


def test_report_names_versions_settings_and_each_inputs_sha256(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    report = run([folder], tmp_path / "out", Settings(dpi=200), RunOptions())
    written = json.loads((tmp_path / "out" / "report.json").read_text())
    assert written["settings"]["dpi"] == 200
    assert {"bulletin", "python", "pdfplumber", "rapidocr"} <= set(written["versions"])
    for entry in report.files:
        data = (folder / entry.source).read_bytes()
        assert entry.sha256 == hashlib.sha256(data).hexdigest()
