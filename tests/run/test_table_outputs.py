"""OUT/tables/<source>/ over runs: every table of every file is there after a run, a re-run
puts back what was lost or edited, a file that fails or leaves the inputs loses its tables,
and OUT/cells.csv holds every cell of them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from bulletin.run.batch import RunOptions, run
from bulletin.schemas.settings import Settings
from conftest import make_text_folder
from goldens import read_csv


@pytest.fixture
def text_folder(tmp_path: Path) -> Path:
    """Three text-layer samples (both sub-folders): enough for every case here."""
    return make_text_folder(tmp_path / "in", 3)


def _sources(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.pdf"))


def _tables_of(out: Path, source: str) -> list[dict]:
    doc = json.loads((out / "json" / f"{source}.json").read_text(encoding="utf-8"))
    return doc["data_tables"]


def _table_files(out: Path) -> list[str]:
    return sorted(p.relative_to(out / "tables").as_posix() for p in (out / "tables").rglob("*.csv"))


def test_every_table_of_every_file_is_a_csv(text_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run([text_folder], out, Settings(), RunOptions(workers=2))
    expected = []
    cells = read_csv(out / "cells.csv")
    for source in _sources(text_folder):
        tables = _tables_of(out, source)
        assert tables, f"{source}: the sample's ranking tables are tables"
        for table in tables:
            expected.append(f"{source}/table-{table['index']}.csv")
            text = (out / "tables" / source / f"table-{table['index']}.csv").read_text("utf-8-sig")
            assert list(csv.reader(io.StringIO(text))) == [table["columns"], *table["rows"]]
            mine = [c for c in cells if c["source"] == source and c["table"] == str(table["index"])]
            assert len(mine) == len(table["cells"])
            assert [c["text"] for c in mine] == [c["text"] for c in table["cells"]]
    assert _table_files(out) == sorted(expected)


def test_a_rerun_restores_lost_tables_and_drops_gone_files(
    text_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run([text_folder], out, Settings(), RunOptions(workers=2))
    written = {name: (out / "tables" / name).read_bytes() for name in _table_files(out)}
    lost, edited = sorted(written)[0], sorted(written)[-1]
    (out / "tables" / lost).unlink()
    (out / "tables" / edited).write_bytes(b"edited\n")
    (out / "tables" / Path(lost).parent / "table-99.csv").write_bytes(b"stray\n")
    again = run([text_folder], out, Settings(), RunOptions(workers=2))
    assert {name: (out / "tables" / name).read_bytes() for name in _table_files(out)} == written
    assert all(f.cache_hit for f in again.files)  # put back from the cache: no page read again

    broken, gone = _sources(text_folder)[:2]
    (text_folder / broken).write_bytes(b"not a pdf")
    (text_folder / gone).unlink()
    run([text_folder], out, Settings(), RunOptions(workers=2))
    left = {Path(name).parent.as_posix() for name in _table_files(out)}
    assert left == set(_sources(text_folder)) - {broken}
    assert {r["source"] for r in read_csv(out / "cells.csv")} == left
