"""`bulletin registry init`: a registry built from a converted archive links that archive exactly,
groups spellings the matcher takes for one name (listed for a person), never across parents, and
a grown archive keeps every id made before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bulletin.output.writers import document_json, json_path
from goldens import SAMPLES, read_csv, run_cli
from sample_docs import tiny

PDFS = ("wuhai-2021-56.pdf", "wuhai-2022-18.pdf")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("archive")
    run_cli("extract", *(str(SAMPLES / p) for p in PDFS), "--out", str(out), "-q")
    return out


def _entries(registry: Path) -> list[dict[str, str]]:
    return read_csv(registry)


def test_every_place_gets_an_entry_and_the_archive_then_links_exactly(
    archive: Path, tmp_path: Path
) -> None:
    registry = tmp_path / "registry.csv"
    run_cli("registry", "init", str(archive), "-o", str(registry))
    assert "ok:" in run_cli("registry", "check", str(registry))
    entries = _entries(registry)
    key = {(e["level"], e["parent_id"], e["name"]): e["id"] for e in entries}
    for row in read_csv(archive / "communities.csv"):
        district = key[("district", "", row["district"])]
        street = key[("street", district, row["street"])]
        assert ("community", street, row["community"]) in key
    linked = tmp_path / "linked"
    run_cli("extract", *(str(SAMPLES / p) for p in PDFS), "--out", str(linked), "-q",
         "--registry", str(registry))  # fmt: skip
    for name in ("districts.csv", "streets.csv", "communities.csv"):
        assert {r["match_status"] for r in read_csv(linked / name)} == {"exact"}, name


def test_a_grown_archive_keeps_every_id_and_appends(archive: Path, tmp_path: Path) -> None:
    first = tmp_path / "first"
    run_cli("extract", str(SAMPLES / PDFS[0]), "--out", str(first), "-q")
    registry = tmp_path / "registry.csv"
    run_cli("registry", "init", str(first), "-o", str(registry))
    before = _entries(registry)
    run_cli("registry", "init", str(archive), "-o", str(registry))
    after = _entries(registry)
    assert after[: len(before)] == before
    assert len(after) > len(before)
    again = tmp_path / "again.csv"
    shutil.copy(registry, again)
    run_cli("registry", "init", str(archive), "-o", str(again))
    assert again.read_bytes() == registry.read_bytes()  # nothing new: nothing changes


def test_confusable_spellings_grouped_for_a_person_never_across_parents(tmp_path: Path) -> None:
    docs = [
        tiny({"乌达区": {"三道坎街道": ["铁运小区", "电厂一区"]}}, "a.pdf"),
        tiny({"乌达区": {"三道坎街道": ["铁运小区", "电厂一区"]}}, "b.pdf"),
        # OCR read 区 as 医 (a confusable pair); 二 for 一 is another community
        tiny({"乌达区": {"三道坎街道": ["铁运小医", "电厂二区"]},
              "海南区": {"三道坎街道": ["铁运小区"]}}, "c.pdf"),  # fmt: skip
        # printed side by side in one table: two places, however alike
        tiny({"乌达区": {"三道坎街道": ["电厂一区", "电厂一医"]}}, "d.pdf"),
    ]
    for doc in docs:
        path = json_path(tmp_path, doc.source)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(document_json(doc))
    registry = tmp_path / "registry.csv"
    run_cli("registry", "init", str(tmp_path), "-o", str(registry))
    entries = _entries(registry)
    by_name = {(e["level"], e["name"]): e for e in entries}
    tieyun = [e for e in entries if e["name"] == "铁运小区"]
    assert len(tieyun) == 2  # one under each 三道坎街道
    wuda = by_name[("district", "乌达区")]["id"]
    street = next(e for e in entries if e["name"] == "三道坎街道" and e["parent_id"] == wuda)
    (grouped,) = [e for e in tieyun if e["parent_id"] == street["id"]]
    assert grouped["aliases"] == "铁运小医"
    assert {"电厂一区", "电厂二区", "电厂一医"} <= {e["name"] for e in entries}
    (listed,) = read_csv(tmp_path / "registry.aliases.csv")
    assert (listed["id"], listed["name"], listed["alias"]) == (
        grouped["id"], "铁运小区", "铁运小医")
