"""datapackage.json as a data user meets it: every cell of cells.csv has a key of its own, and
every table CSV is a resource that the real `frictionless validate` accepts, whatever labels
its printed header repeats."""

from __future__ import annotations

import json
import re
from pathlib import Path

from frictionless import Package

from bulletin.output.datapackage import FILE_NAME, datapackage_bytes, field_names, resource_name
from bulletin.output.table_files import listed_tables, table_files, write_table_files
from bulletin.output.tables import OUTPUT_TABLES
from bulletin.output.writers import write_tables
from bulletin.schemas.document import DataTable, Document, TableCell
from bulletin.schemas.geometry import Box
from goldens import frictionless_validate, read_csv


def _cell(grid: int, row: int, col: int, text: str, table_row: int | None) -> TableCell:
    return TableCell(grid=grid, page=1, row=row, col=col, text=text, header=table_row is None,
                     table_row=table_row, box=Box.of(10 + 50 * col, 10 + 20 * row + 300 * grid,
                                                     60 + 50 * col, 30 + 20 * row + 300 * grid))


def _two_grids_on_one_page(columns: list[str]) -> DataTable:
    """A table drawn as two grids on page 1 (its upper part, then the rest lower down, each
    with the header printed again): their cells share every (page, row, col)."""
    cells = [
        _cell(g, r, c, text, None if r == 0 else 2 * g + r - 1)
        for g in (0, 1)
        for r, texts in enumerate([columns, [f"{2 * g + 1}", "甲"], [f"{2 * g + 2}", "乙"]])
        for c, text in enumerate(texts)
    ]
    rows = [["1", "甲"], ["2", "乙"], ["3", "甲"], ["4", "乙"]]
    return DataTable(index=0, pages=[1], columns=columns, rows=rows,
                     filled=[[False, False] for _ in rows], cells=cells)  # fmt: skip


def _publish(out: Path, *docs: Document) -> dict:
    """The outputs of `docs` as a run writes them: the combined CSVs, the table CSVs, then
    datapackage.json over both; the descriptor as JSON."""
    rows = [{t.name: t.rows([doc]) for t in OUTPUT_TABLES} for doc in docs]
    columns = {t.name: list(t.columns) for t in OUTPUT_TABLES}
    write_tables(out, columns, rows)
    for doc in docs:
        write_table_files(out, doc.source, table_files(doc))
    descriptor = datapackage_bytes(out, listed_tables(out, [d.source for d in docs]))
    (out / FILE_NAME).write_bytes(descriptor)
    assert datapackage_bytes(out, listed_tables(out, [d.source for d in docs])) == descriptor
    return json.loads(descriptor)


def _resource(descriptor: dict, name: str) -> dict:
    (resource,) = [r for r in descriptor["resources"] if r["name"] == name]
    return resource


def test_cells_of_two_grids_of_one_table_on_one_page_have_keys_of_their_own(
    tmp_path: Path,
) -> None:
    doc = Document(source="a.pdf", data_tables=[_two_grids_on_one_page(["编号", "名称"])])
    descriptor = _publish(tmp_path, doc)
    cells = read_csv(tmp_path / "cells.csv")
    places = [(c["table"], c["page"], c["row"], c["col"]) for c in cells]
    assert len(set(places)) == len(cells) // 2  # the page's place alone names two cells
    schema = _resource(descriptor, "cells")["schema"]
    assert schema["primaryKey"] == ["source", "table", "grid", "row", "col"]
    assert [c["table_row"] for c in cells if c["col"] == "0"] == ["", "0", "1", "", "2", "3"]
    done = frictionless_validate(tmp_path / FILE_NAME)
    assert done.returncode == 0, done.stdout[-3000:]
    # the key bites: the same cell twice is an error
    lines = (tmp_path / "cells.csv").read_bytes().split(b"\n")
    (tmp_path / "cells.csv").write_bytes(b"\n".join([*lines[:2], lines[1], *lines[2:]]))
    done = frictionless_validate(tmp_path / FILE_NAME)
    assert done.returncode != 0 and "primary-key" in done.stdout


def test_a_table_with_repeated_labels_is_a_resource_read_by_its_schema(tmp_path: Path) -> None:
    repeated = _two_grids_on_one_page(["金额", "金额"])
    repeated.rows.append(["", ""])  # a printed row with no text read: a line of empty fields
    repeated.filled.append([False, False])
    plain = _two_grids_on_one_page(["编号", "名称"]).model_copy(update={"index": 1})
    doc = Document(source="报表/乌海 2021.PDF", data_tables=[repeated, plain])
    descriptor = _publish(tmp_path, doc)
    name = resource_name(doc.source, 0)
    assert re.fullmatch(r"tables/--/---2021\.pdf-[0-9a-f]{12}/table-0", name)
    table = _resource(descriptor, name)
    assert table["path"] == "tables/报表/乌海 2021.PDF/table-0.csv"
    assert table["dialect"] == {"header": False, "commentRows": [1], "skipBlankRows": True}
    assert table["schema"]["fields"] == [
        {"name": "金额", "type": "string"}, {"name": "金额_2", "title": "金额", "type": "string"},
    ]
    # the printed header line is unchanged
    header = (tmp_path / table["path"]).read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "金额,金额"
    other = _resource(descriptor, resource_name(doc.source, 1))
    assert other["dialect"] == {"skipBlankRows": True}  # the header line is checked
    assert [f["name"] for f in other["schema"]["fields"]] == ["编号", "名称"]
    done = frictionless_validate(tmp_path / FILE_NAME)
    assert done.returncode == 0, done.stdout[-3000:]
    rows = Package(str(tmp_path / FILE_NAME)).get_resource(name).read_rows()
    assert [dict(r) for r in rows] == [{"金额": str(n), "金额_2": t} for n, t in
                                       [(1, "甲"), (2, "乙"), (3, "甲"), (4, "乙")]]
    assert (tmp_path / table["path"]).read_text(encoding="utf-8-sig").endswith("\n,\n")


def test_a_header_line_that_no_longer_matches_its_fields_is_reported(tmp_path: Path) -> None:
    doc = Document(source="a.pdf", data_tables=[_two_grids_on_one_page(["编号", "名称"])])
    descriptor = _publish(tmp_path, doc)
    path = tmp_path / _resource(descriptor, resource_name("a.pdf", 0))["path"]
    path.write_text(path.read_text(encoding="utf-8-sig").replace("名称", "名字"),
                    encoding="utf-8-sig")
    done = frictionless_validate(tmp_path / FILE_NAME)
    assert done.returncode != 0 and "incorrect-label" in done.stdout


def test_field_names_are_the_labels_made_unique() -> None:
    assert field_names(["a", "a", "a_2", " b ", "", "a"]) == [
        "a", "a_2", "a_2_2", "b", "column_5", "a_3",
    ]
    assert resource_name("2021/wuhai-2021-56.pdf", 3) == "tables/2021/wuhai-2021-56.pdf/table-3"
    assert resource_name("A.pdf", 0) != resource_name("a.pdf", 0)
