"""Files people open directly: the CSVs in Excel (a BOM) and pandas, bulletin.xlsx read back with
openpyxl, datapackage.json checked by the real `frictionless validate`, the year of every row, and
a bulletin seen twice counted once."""

from __future__ import annotations

import codecs
import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from bulletin.output.readers import read_dataset
from bulletin.output.tables import OUTPUT_TABLES
from goldens import SAMPLES, TRUTH, frictionless_validate, read_csv, run_cli

REGISTRY = SAMPLES / "registry" / "wuhai.csv"
COPY = "xerox/wuhai-2021-56.pdf"  # the same bulletin again (same 文号); sorts after it


def _extract(inputs: Path, out: Path, *extra: str) -> None:
    run_cli("extract", str(inputs), "--out", str(out), "-q", "--registry", str(REGISTRY), *extra)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    for name in ("wuhai-2021-56.pdf", "wuhai-2022-18.pdf"):
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "xerox").mkdir()
    shutil.copy(SAMPLES / "wuhai-2021-56.pdf", folder / COPY)
    return folder


@pytest.fixture(scope="module")
def out(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("out")
    _extract(inputs, target)
    return target


def test_csvs_open_in_excel_and_in_pandas(out: Path) -> None:
    for table in OUTPUT_TABLES:
        path = out / table.file_name
        assert path.read_bytes().startswith(codecs.BOM_UTF8 + table.columns[0].encode())
        assert pd.read_csv(path).columns[0] == table.columns[0]
    data = read_dataset(out)
    assert list(data["districts"].columns[:3]) == ["source", "year", "table_index"]
    assert data["districts"]["planned_investment"].notna().all()


def test_every_row_carries_the_year_of_its_bulletin(out: Path) -> None:
    years = {r["source"]: r["year"] for r in read_csv(out / "documents.csv")}
    assert years == {"wuhai-2021-56.pdf": "2021", "wuhai-2022-18.pdf": "2022", COPY: "2021"}
    for name in ("districts.csv", "streets.csv", "communities.csv", "totals.csv", "findings.csv"):
        rows = read_csv(out / name)
        assert rows and all(r["year"] == years[r["source"]] for r in rows), name


def test_a_bulletin_seen_twice_is_reported_and_counted_once(out: Path) -> None:
    documents = {r["source"]: r for r in read_csv(out / "documents.csv")}
    assert documents[COPY]["duplicate_of"] == "wuhai-2021-56.pdf"
    assert documents["wuhai-2021-56.pdf"]["duplicate_of"] == ""
    for name in ("districts.csv", "streets.csv", "communities.csv", "totals.csv", "review.csv"):
        key = "file" if name == "review.csv" else "source"
        assert COPY not in {r[key] for r in read_csv(out / name)}, name
    truth = read_csv(TRUTH / "wuhai-2021-56" / "communities.csv")
    counted = [r for r in read_csv(out / "communities.csv") if r["year"] == "2021"]
    assert len(counted) == len(truth)
    (warning,) = [r for r in read_csv(out / "findings.csv") if r["check"] == "duplicate_document"]
    assert (warning["source"], warning["expected"]) == (COPY, "wuhai-2021-56.pdf")
    assert (out / "json" / f"{COPY}.json").is_file()  # its own reading is kept


def test_workbook_cells_are_typed_with_the_printed_decimals(out: Path) -> None:
    book = openpyxl.load_workbook(out / "bulletin.xlsx")
    assert [t.name for t in OUTPUT_TABLES] == book.sheetnames[: len(OUTPUT_TABLES)]
    sheet = book["districts"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=False)) for r in sheet.iter_rows(min_row=2)]
    cell = next(r["planned_investment"] for r in rows
                if r["planned_investment"].value == pytest.approx(4949.834))  # fmt: skip
    assert cell.data_type == "n" and cell.number_format == "0.000"
    assert all(isinstance(r["year"].value, int) for r in rows)
    communities = book["communities"]
    header = [c.value for c in communities[1]]
    completed = [r[header.index("completed")].value for r in communities.iter_rows(min_row=2)]
    assert set(completed) == {True, False}
    documents = book["documents"]
    header = [c.value for c in documents[1]]
    assert documents.cell(2, header.index("issue_date") + 1).value == dt.datetime(2021, 4, 30)


def test_ranking_sheets_are_laid_out_as_printed_with_their_merges(out: Path) -> None:
    book = openpyxl.load_workbook(out / "bulletin.xlsx")
    sheet = book["0 wuhai-2022-18"]
    merged = {str(r): r for r in sheet.merged_cells.ranges}
    group = next(r for r in merged.values() if sheet.cell(r.min_row, r.min_col).value
                 == "投资情况（万元）")  # fmt: skip
    assert (group.max_col - group.min_col, group.max_row - group.min_row) == (1, 0)
    truth = read_csv(TRUTH / "wuhai-2022-18" / "communities.csv")
    per_district = Counter(r["district"] for r in truth if r["table_index"] == "0")
    spans = {
        sheet.cell(r.min_row, 1).value: r.max_row - r.min_row + 1
        for r in merged.values() if r.min_col == r.max_col == 1 and r.min_row > 3
    }  # fmt: skip
    assert spans == dict(per_district)


def test_datapackage_validates_and_its_foreign_keys_bite(out: Path, tmp_path: Path) -> None:
    done = frictionless_validate(out / "datapackage.json")
    assert done.returncode == 0, done.stdout[-3000:]
    broken = tmp_path / "broken"
    shutil.copytree(out, broken, ignore=shutil.ignore_patterns(".cache", "json"))
    lines = (broken / "streets.csv").read_bytes().split(b"\n")
    (broken / "streets.csv").write_bytes(b"\n".join(lines[:1] + lines[2:]))  # a street lost
    done = frictionless_validate(broken / "datapackage.json")
    assert done.returncode != 0 and "foreign-key" in done.stdout


def test_workbook_and_datapackage_are_byte_identical_on_a_rerun(
    out: Path, inputs: Path, tmp_path: Path
) -> None:
    _extract(inputs, tmp_path, "--force")
    for name in ("bulletin.xlsx", "datapackage.json", "documents.csv", "communities.csv"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name
