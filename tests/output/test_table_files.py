"""OUT/tables/<source>/table-<k>.csv: a table's CSV as a spreadsheet user reads it, and a
document's folder holding exactly its current tables."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from bulletin.output.rows import cell_rows
from bulletin.output.table_files import (
    digests,
    files_current,
    remove_stale_tables,
    remove_table_files,
    table_csv,
    table_files,
    write_table_files,
)
from bulletin.schemas.document import DataTable, Document, TableCell
from bulletin.schemas.geometry import Box


def _table(index: int, rows: list[list[str]]) -> DataTable:
    cells = [
        TableCell(grid=0, page=3, row=0, col=0, colspan=2, text="项目", box=Box.of(10, 20, 110, 30),
                  header=True),
        TableCell(grid=0, page=3, row=1, col=0, rowspan=2, text="设备", box=Box.of(10, 30, 60, 50),
                  confidence=0.876, table_row=0),
    ]  # fmt: skip
    return DataTable(
        index=index, pages=[3], columns=["项目/类别", "项目/名称"], rows=rows,
        filled=[[False] * 2 for _ in rows], cells=cells,
    )


def _doc(source: str, *tables: DataTable) -> Document:
    return Document(source=source, data_tables=list(tables))


def test_a_table_csv_is_its_header_line_then_its_rows() -> None:
    data = table_csv(_table(0, [["设备", "电脑, 台式"], ["设备", '打印机"A3"']]))
    assert data.startswith(codecs.BOM_UTF8)  # as every published CSV, for Excel
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["项目/类别", "项目/名称"], ["设备", "电脑, 台式"], ["设备", '打印机"A3"']]


def test_files_are_named_by_the_tables_index_among_all_tables() -> None:
    doc = _doc("a.pdf", _table(0, [["x", "y"]]), _table(1, [["z", "w"]]))
    assert [name for name, _ in table_files(doc)] == ["table-0.csv", "table-1.csv"]


def test_a_rerun_replaces_changed_tables_and_removes_lost_ones(tmp_path: Path) -> None:
    first = table_files(_doc("sub/a.pdf", _table(0, [["x", "y"]]), _table(1, [["z", "w"]])))
    write_table_files(tmp_path, "sub/a.pdf", first)
    folder = tmp_path / "tables" / "sub" / "a.pdf"
    assert sorted(p.name for p in folder.iterdir()) == ["table-0.csv", "table-1.csv"]
    assert files_current(tmp_path, "sub/a.pdf", digests(first))
    second = table_files(_doc("sub/a.pdf", _table(0, [["x", "changed"]])))
    assert not files_current(tmp_path, "sub/a.pdf", digests(second))
    write_table_files(tmp_path, "sub/a.pdf", second)
    assert sorted(p.name for p in folder.iterdir()) == ["table-0.csv"]
    assert (folder / "table-0.csv").read_bytes() == second[0][1]
    assert files_current(tmp_path, "sub/a.pdf", digests(second))
    (folder / "table-0.csv").write_bytes(b"edited by hand\n")
    assert not files_current(tmp_path, "sub/a.pdf", digests(second))


def test_a_failed_or_removed_document_leaves_no_folder(tmp_path: Path) -> None:
    for source in ("sub/a.pdf", "sub/b.pdf", "c.pdf"):
        write_table_files(tmp_path, source, table_files(_doc(source, _table(0, [["x", "y"]]))))
    remove_table_files(tmp_path, "sub/a.pdf")
    assert not (tmp_path / "tables" / "sub" / "a.pdf").exists()
    remove_stale_tables(tmp_path, {"c.pdf"})
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "tables", "tables/c.pdf", "tables/c.pdf/table-0.csv",
    ]
    remove_table_files(tmp_path, "c.pdf")
    assert not (tmp_path / "tables").exists()


def test_a_document_without_tables_writes_no_folder(tmp_path: Path) -> None:
    write_table_files(tmp_path, "letter.pdf", table_files(_doc("letter.pdf")))
    assert not (tmp_path / "tables").exists()
    assert files_current(tmp_path, "letter.pdf", {})


def test_cells_rows_are_every_printed_cell_in_long_form() -> None:
    rows = cell_rows([_doc("a.pdf", _table(0, [["设备", "x"]]), _table(1, [["设备", "y"]]))])
    assert [(r["table"], r["row"], r["col"]) for r in rows] == [
        ("0", "0", "0"), ("0", "1", "0"), ("1", "0", "0"), ("1", "1", "0"),
    ]
    assert rows[1] == {
        "source": "a.pdf", "year": "", "table": "0", "grid": "0", "page": "3", "row": "1",
        "col": "0", "rowspan": "2", "colspan": "1", "header": "false", "table_row": "0",
        "text": "设备", "confidence": "0.88", "x0": "10.00", "y0": "30.00", "x1": "60.00",
        "y1": "50.00",
    }
    assert (rows[0]["colspan"], rows[0]["header"], rows[0]["table_row"]) == ("2", "true", "")


def test_a_table_csv_never_carries_a_formula() -> None:
    """Printed text that a spreadsheet would run (`=HYPERLINK(...)`) is neutralised like in the
    other CSVs; a negative number stays a number."""
    table = _table(0, [["=HYPERLINK(\"http://x\")", "-12.5"], ["@SUM(A1)", "设备\x00"]])
    lines = list(csv.reader(io.StringIO(codecs.decode(table_csv(table), "utf-8-sig"))))
    assert lines[1:] == [["'=HYPERLINK(\"http://x\")", "-12.5"], ["'@SUM(A1)", "设备\\x00"]]
