"""With the sample registry, every sample (text layer and scans) has every name linked to the
right id: the id of the truth's name under the truth's parent, looked up in the registry."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulletin.cli import app
from goldens import SAMPLES, TRUTH, read_csv, rows_of

REGISTRY = SAMPLES / "registry" / "wuhai.csv"
REGION = SAMPLES / "registry" / "region.csv"  # the regional samples' places


def _ids(registry: Path = REGISTRY) -> dict[tuple[str, str, str], str]:
    """(level, parent id, name) -> id, from the registry file itself."""
    with registry.open(encoding="utf-8", newline="") as fh:
        return {(r["level"], r["parent_id"], r["name"]): r["id"] for r in csv.DictReader(fh)}


def _extract(out: Path, registry: Path) -> Path:
    args = ["extract", str(SAMPLES), "--out", str(out), "-q", "--registry", str(registry)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _extract(tmp_path_factory.mktemp("linked"), REGISTRY)


@pytest.fixture(scope="module")
def linked_region(linked: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same samples linked to the regional registry; the pages read for `linked` are
    reused (its reading cache), only normalising runs again."""
    out = tmp_path_factory.mktemp("linked-region")
    shutil.copytree(linked / ".cache", out / ".cache")
    return _extract(out, REGION)


def _truth_dirs() -> list[Path]:
    return sorted(p.parent for p in TRUTH.rglob("communities.csv"))


@pytest.mark.parametrize("truth_dir", _truth_dirs(), ids=lambda p: str(p.relative_to(TRUTH)))
def test_every_community_linked_to_its_registry_id(
    truth_dir: Path, request: pytest.FixtureRequest
) -> None:
    truth = read_csv(truth_dir / "communities.csv")
    source = truth[0]["source"]
    registry, fixture = next(
        ((r, f) for r, f in ((REGISTRY, "linked"), (REGION, "linked_region"))
         if ("district", "", truth[0]["district"]) in _ids(r)),
        (None, None),
    )  # fmt: skip
    assert registry is not None and fixture is not None, f"no sample registry covers {source}"
    ids = _ids(registry)
    out = request.getfixturevalue(fixture)
    got = rows_of(out, "communities.csv", source)
    assert len(got) == len(truth), f"{source}: {len(got)} rows, expected {len(truth)}"
    in_review = {r["read"]: r["candidates"] for r in rows_of(out, "review.csv", source)
                 if r["kind"] == "match" and r["field"] == "community"}  # fmt: skip
    wrong = []
    for want, have in zip(truth, got, strict=True):
        district = ids[("district", "", want["district"])]
        street = ids[("street", district, want["street"])]
        community = ids[("community", street, want["community"])]
        expected = (district, street, community)
        found = (have["district_id"], have["street_id"], have["community_id"])
        if found == expected:
            continue
        # a name the OCR misread is never linked to another id: it is left unlinked and put
        # in review with the right entry among its candidates
        misread = have["community_raw"] != want["community"]
        offered = f"({community})" in in_review.get(have["community_raw"], "")
        if not (misread and found == (district, street, "") and offered):
            wrong.append(f"{want['community']}: expected {expected}, got {found} ({have})")
    assert not wrong, "\n".join(wrong[:10])


def _covered_sources() -> set[str]:
    """Samples whose places the sample registry holds (not the regional samples)."""
    ids = _ids()
    out = set()
    for truth_dir in _truth_dirs():
        first = read_csv(truth_dir / "communities.csv")[0]
        if ("district", "", first["district"]) in ids:
            out.add(first["source"])
    return out


def test_every_name_is_accepted(linked: Path) -> None:
    covered = _covered_sources()
    rows = [r for r in read_csv(linked / "communities.csv") if r["source"] in covered]
    assert rows
    assert {r["match_status"] for r in rows} <= {"exact", "alias", "fuzzy"}


def test_a_fuzzy_match_writes_the_registry_name_and_keeps_the_printed_one(
    tmp_path: Path,
) -> None:
    """A registry that spells one community with an OCR-confusable character (城/域): the
    printed name is linked fuzzily, the output carries the registry's spelling, the raw
    column what was printed."""
    printed, registered = "狮城小区", "狮域小区"
    registry = tmp_path / "registry.csv"
    registry.write_text(
        REGISTRY.read_text(encoding="utf-8").replace(f",{printed},", f",{registered},"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["extract", str(SAMPLES / "wuhai-2021-56.pdf"), "--out", str(out), "-q",
            "--registry", str(registry)]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    (row,) = [r for r in read_csv(out / "communities.csv") if r["community_raw"] == printed]
    assert row["match_status"] == "fuzzy"
    assert row["community"] == registered and row["community_id"]
