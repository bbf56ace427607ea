"""Corrections a person made: parsed like cells (a wrong type names its line), applied to the
document after reading (raw and confidence kept, value marked corrected), answering review
items, seen by the cross-checks, and reported when they match nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulletin.extract.file import extract_document
from bulletin.normalize.corrections import UNMATCHED, load_corrections
from bulletin.normalize.link.registry import load_registry
from bulletin.normalize.stage import normalize_document
from bulletin.output.tables import OUTPUT_TABLES
from bulletin.schemas.document import Document
from bulletin.schemas.errors import CorrectionsError
from bulletin.schemas.extracted import ExtractedDocument
from bulletin.schemas.settings import Settings
from goldens import SAMPLES

SOURCE = "wuhai-2021-56.pdf"
HEADER = "source,table_index,district,street,community,field,value\n"


@pytest.fixture(scope="module")
def extracted() -> ExtractedDocument:
    return extract_document(SAMPLES / SOURCE, SOURCE, Settings())


def _corrections(tmp_path: Path, *lines: str):
    path = tmp_path / "corrections.csv"
    path.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return load_corrections(path).for_source(SOURCE)


def _community(doc: Document, name: str):
    return next(c for t in doc.tables for d in t.districts for s in d.streets
                for c in s.communities if c.name == name)


def _rows(doc: Document) -> dict[str, list[dict[str, str]]]:
    return {t.name: t.rows([doc]) for t in OUTPUT_TABLES}


def test_values_are_corrected_and_what_was_read_is_kept(
    extracted: ExtractedDocument, tmp_path: Path
) -> None:
    corrections = _corrections(
        tmp_path,
        f"{SOURCE},0,海勃湾区,海北街道,组织部楼,completed,否",
        f"{SOURCE},0,海勃湾区,,,planned_investment,\"15,153\"",
        f"{SOURCE},0,海勃湾区,海北街道,法院综合楼,community,法院综合住宅楼",
        f"{SOURCE},,,,,signer,张三",
    )
    plain = normalize_document(extracted, Settings())
    fixed = normalize_document(extracted, Settings(), corrections=corrections)
    value = _community(fixed, "组织部楼").fields["completed"]
    assert (value.value, value.raw, value.corrected) == ("false", "是", True)
    assert value.confidence == _community(plain, "组织部楼").fields["completed"].confidence
    district = fixed.tables[0].districts[0]
    assert district.fields["planned_investment"].value == "15153"
    assert district.fields["planned_investment"].raw == "15152"
    renamed = _community(fixed, "法院综合住宅楼").fields["community"]
    assert (renamed.raw, renamed.corrected) == ("法院综合楼", True)
    assert (fixed.signer, fixed.corrected) == ("张三", {"signer": "李君"})
    # the cross-checks see the corrected figure: the districts no longer sum to the total
    assert any(f.check == "total_sum" for f in fixed.findings)
    assert not any(f.check == "total_sum" for f in plain.findings)
    # every other row is untouched
    before, after = _rows(plain), _rows(fixed)
    changed = [i for i, (a, b) in enumerate(zip(before["communities"], after["communities"],
                                                   strict=True)) if a != b]
    assert len(changed) == 2  # 组织部楼 and 法院综合楼
    assert before["streets"] == after["streets"]


def test_a_correction_answers_its_review_item(extracted: ExtractedDocument, tmp_path: Path) -> None:
    """A cell read with low confidence is a review item until a person corrects it."""
    page = extracted.pages[2]
    grid = page.grids[0]
    cells = [c.model_copy(update={"confidence": 0.3}) if c.text == "狮城小区" else c
             for c in grid.cells]
    doubtful = page.model_copy(update={"grids": [grid.model_copy(update={"cells": cells})]})
    pages = [doubtful if p.number == page.number else p for p in extracted.pages]
    unsure = extracted.model_copy(update={"pages": pages})
    before = normalize_document(unsure, Settings())
    assert [(r.field, r.read) for r in before.review] == [("community", "狮城小区")]
    corrections = _corrections(
        tmp_path, f"{SOURCE},0,海勃湾区,海北街道,狮城小区,community,狮城小区"
    )
    after = normalize_document(unsure, Settings(), corrections=corrections)
    assert after.review == []
    assert _community(after, "狮城小区").fields["community"].confidence == 0.3


def test_names_may_be_those_the_registry_published(
    extracted: ExtractedDocument, tmp_path: Path
) -> None:
    registry = tmp_path / "registry.csv"
    text = (SAMPLES / "registry/wuhai.csv").read_text(encoding="utf-8")
    registry.write_text(text.replace("150302,district,海勃湾区,,海勃灣區",
                                     "150302,district,海勃湾,,海勃湾区"), encoding="utf-8")
    corrections = _corrections(tmp_path, f"{SOURCE},0,海勃湾,海北街道,组织部楼,completed,否")
    doc = normalize_document(extracted, Settings(), load_registry(registry), corrections)
    assert doc.tables[0].districts[0].name == "海勃湾"
    assert _community(doc, "组织部楼").fields["completed"].value == "false"


def test_a_correction_that_matches_nothing_is_a_finding(
    extracted: ExtractedDocument, tmp_path: Path
) -> None:
    corrections = _corrections(
        tmp_path,
        f"{SOURCE},0,海勃湾区,海北街道,没有这个小区,completed,否",
        f"{SOURCE},0,海勃湾区,,,no_such_field,1",
    )
    doc = normalize_document(extracted, Settings(), corrections=corrections)
    unmatched = [f for f in doc.findings if f.check == UNMATCHED]
    assert [f.location for f in unmatched] == ["corrections line 2", "corrections line 3"]
    assert "没有这个小区" in unmatched[0].message and SOURCE in unmatched[0].message


def test_a_malformed_file_lists_every_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "corrections.csv"
    path.write_text(HEADER + "\n".join([
        f"{SOURCE},0,海勃湾区,,,planned_investment,lots",
        f"{SOURCE},0,海勃湾区,,组织部楼,completed,否",
        f"{SOURCE},x,海勃湾区,,,rank,1",
        f"{SOURCE},,,,,completed,否",
        f"{SOURCE},0,海勃湾区,海北街道,组织部楼,completed,也许",
    ]) + "\n", encoding="utf-8")
    invalid = r"corrections\.csv: invalid corrections file"
    with pytest.raises(CorrectionsError, match=invalid) as info:
        load_corrections(path)
    problems = info.value.problems
    assert [p.split(":")[0] for p in problems] == [f"line {n}" for n in (2, 3, 4, 5, 6)]
    assert "'lots' is not a number" in problems[0]
    assert "'也许' is not a boolean" in problems[4]
    with pytest.raises(CorrectionsError, match="missing column"):
        (tmp_path / "bad.csv").write_text("source,field\n", encoding="utf-8")
        load_corrections(tmp_path / "bad.csv")
