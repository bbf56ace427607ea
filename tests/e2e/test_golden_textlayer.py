"""Golden tests: every text-layer sample, run through the real CLI, equals its truth files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulletin.cli import app
from goldens import SAMPLES, TRUTH, read_csv

TEXT_SAMPLES = sorted(p.stem for p in SAMPLES.glob("*.pdf") if (TRUTH / p.stem).is_dir())


def _extract(inputs: list[Path], out: Path, *extra: str) -> None:
    result = CliRunner().invoke(
        app, ["extract", *map(str, inputs), "--out", str(out), "-q", *extra]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("stem", TEXT_SAMPLES)
def test_text_sample_matches_truth(stem: str, tmp_path: Path, assert_matches_truth) -> None:
    _extract([SAMPLES / f"{stem}.pdf"], tmp_path)
    assert_matches_truth(tmp_path, TRUTH / stem)


def test_samples_exist() -> None:
    assert {"wuhai-2021-56", "wuhai-2022-18"} <= set(TEXT_SAMPLES)


def test_every_page_read_from_text_layer(tmp_path: Path) -> None:
    _extract([SAMPLES / "wuhai-2021-56.pdf"], tmp_path)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    (entry,) = report["files"]
    assert entry["status"] == "ok"
    assert entry["page_sources"] == ["text_layer"] * entry["pages"]


def test_nested_json_keeps_document_fields_and_provenance(tmp_path: Path) -> None:
    _extract([SAMPLES / "wuhai-2021-56.pdf"], tmp_path)
    doc = json.loads((tmp_path / "json" / "wuhai-2021-56.pdf.json").read_text(encoding="utf-8"))
    assert doc["addressee"] == "三区住建局"
    assert doc["cc"] == ["市政府", "市委督查室", "海勃湾区政府", "乌达区政府", "海南区政府"]
    assert doc["attachments"] == [t["title"] for t in doc["tables"]]
    assert doc["letterhead_mongolian"][0]["text"] == "ᠤᠮᠤᠯᠠᠭᠤᠨ ᠵᠢᠰᠤᠨ ᠵᠢᠰᠤᠨ"
    assert all("ᠤ" not in (doc[k] or "") for k in ("title", "issuer"))
    table = doc["tables"][0]
    assert table["total"]["planned_investment"]["value"] == "18950"
    district = table["districts"][0]
    planned = district["fields"]["planned_investment"]
    assert planned["page"] == 3 and planned["box"]["x1"] > planned["box"]["x0"]
    community = district["streets"][0]["communities"][0]
    assert "planned_investment" not in community["fields"], "district values are not copied down"
    assert community["fields"]["completed"]["spanned"] is True


def test_folder_input_gives_relative_sources_and_is_deterministic(tmp_path: Path) -> None:
    folder = tmp_path / "in" / "2021"
    folder.mkdir(parents=True)
    (folder / "a.pdf").write_bytes((SAMPLES / "wuhai-2021-56.pdf").read_bytes())
    _extract([tmp_path / "in"], tmp_path / "o1")
    _extract([tmp_path / "in"], tmp_path / "o2", "--force")
    assert {r["source"] for r in read_csv(tmp_path / "o1" / "communities.csv")} == {"2021/a.pdf"}
    for name in ("documents.csv", "districts.csv", "streets.csv", "communities.csv"):
        assert (tmp_path / "o1" / name).read_bytes() == (tmp_path / "o2" / name).read_bytes()
    first = (tmp_path / "o1" / "json" / "2021" / "a.pdf.json").read_bytes()
    assert first == (tmp_path / "o2" / "json" / "2021" / "a.pdf.json").read_bytes()
