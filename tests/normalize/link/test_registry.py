"""Registry loading: the sample registry is valid; every problem of a broken one is reported."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sample_docs import tiny
from typer.testing import CliRunner

from bulletin.registry_cli import registry_app
from bulletin.normalize.link.matching import link_document
from bulletin.normalize.link.registry import load_registry, parse_registry
from bulletin.schemas.document import Level
from bulletin.schemas.errors import RegistryError
from bulletin.schemas.settings import Settings
from goldens import SAMPLES

SAMPLE = SAMPLES / "registry" / "wuhai.csv"
BROKEN = """id,level,name,parent_id,aliases
150302,district,海勃湾区,,
150302,district,海南区,,
150302-001,street,,150302,
150302-002,street,滨河街道,999999,
150302-003,street,新华街道,150302,
150302-003-0001,community,幸福小区,150302,
150302-003-0002,city,幸福B区,150302-003,
150302-003-0003,community,幸福小区,150302-003,
150302-003-0004,community,先锋小区,150302-003
150303,district,海南区,150302,
"""


def test_sample_registry_loads_with_indexes() -> None:
    registry = load_registry(SAMPLE)
    assert registry.simplified
    assert registry.by_id["150302"].name == "海勃湾区"
    assert registry.parent("150302-005-0001").name == "滨河街道"  # type: ignore[union-attr]
    streets = registry.levels[Level.STREET]
    assert len(streets.exact["新华街道"]) == 2  # same street name in two districts
    assert "150302-001" in registry.children["150302"]


def test_sample_registry_ids_follow_their_parent() -> None:
    for entry in load_registry(SAMPLE).entries:
        if entry.parent_id:
            assert entry.id.startswith(entry.parent_id + "-")


def test_broken_registry_reports_every_problem_with_its_line() -> None:
    with pytest.raises(RegistryError, match="invalid registry") as info:
        parse_registry(BROKEN, source="broken.csv")
    problems = info.value.problems
    assert info.value.file == "broken.csv"
    expected = [
        "line 3: duplicate id 150302 (first on line 2)",
        "line 4: empty name",
        "line 5: parent 999999 of 150302-002 does not exist",
        "line 7: parent 150302 of community 150302-003-0001 is a district, expected a street",
        "line 8: level 'city' is not one of district, street, community",
        "line 10: 4 columns, expected 5",
        "line 11: district 150303 must not have a parent (150302)",
    ]
    for message in expected:
        assert message in problems
    assert len(problems) == len(expected)


def test_duplicate_name_under_one_parent_is_a_problem() -> None:
    text = ("id,level,name,parent_id,aliases\n1,district,海勃湾区,,\n2,street,新华街道,1,\n"
            "3,street,新华 街道,1,\n")
    with pytest.raises(RegistryError) as info:
        parse_registry(text)
    assert info.value.problems == [
        "line 4: name '新华 街道' already used under the same parent by 2 (line 3)"
    ]


def test_wrong_header_is_reported_on_line_1() -> None:
    with pytest.raises(RegistryError) as info:
        parse_registry("id,name,level\n1,a,district\n")
    assert info.value.problems[0].startswith("line 1: header is")


def test_unreadable_file_is_a_registry_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,level,name,parent_id,aliases\n1,district,\xe9,,\n".encode("latin-1"))
    with pytest.raises(RegistryError, match=r"not UTF-8 \(line 2 cannot be decoded\)"):
        load_registry(path)
    with pytest.raises(RegistryError, match="cannot read registry"):
        load_registry(tmp_path / "missing.csv")


def test_quoted_multiline_cell_keeps_line_numbers() -> None:
    text = ('id,level,name,parent_id,aliases\n1,district,"海勃\n湾区",,\n'
            "2,street,,1,\n")
    with pytest.raises(RegistryError) as info:
        parse_registry(text)
    assert info.value.problems == ["line 4: empty name"]


def test_cli_check_accepts_the_sample() -> None:
    result = CliRunner().invoke(registry_app, ["check", str(SAMPLE)])
    assert result.exit_code == 0 and "4 districts" in result.output


def test_cli_check_lists_every_problem(tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(registry_app, ["check", str(broken)])
    assert result.exit_code == RegistryError.exit_code
    assert "line 3: duplicate id 150302" in result.output
    assert "line 11: district 150303 must not have a parent" in result.output


def test_cli_suggest_proposes_unmatched_names(tmp_path: Path) -> None:
    registry = load_registry(SAMPLE)
    doc = link_document(tiny({"海勃湾区": {"海北街道": ["组织局楼", "月亮湾花园", "组织局楼"]}}),
                        registry, Settings())
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "tiny.pdf.json").write_text(doc.model_dump_json(), encoding="utf-8")
    (tmp_path / "report.json").write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(registry_app, ["suggest", str(tmp_path)])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["id"], r["alias"], r["occurrences"]) for r in rows] == [
        ("150302-001-0001", "组织局楼", "2"), ("", "月亮湾花园", "1"),
    ]
