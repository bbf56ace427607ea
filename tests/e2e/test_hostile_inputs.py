"""Hostile inputs through the real command (issue 14): any name a file system allows, names
that would be formulas in a spreadsheet, links and FIFOs in the input folder, a registry that
is a FIFO or holds a giant field, output folders that are input folders, one-line errors and
no traceback, nothing on the terminal but escaped names. The corpus is generated in tmp_path
from a real text-layer sample (fast: no OCR)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from goldens import ROOT, SAMPLES

BULLETIN = str(ROOT / ".venv" / "bin" / "bulletin")
PDF = SAMPLES / "wuhai-2021-56.pdf"


def _cli(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([BULLETIN, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, errors="surrogateescape")
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _put(folder: Path, name: bytes, data: bytes) -> None:
    """A file whose name is any bytes (os.fsdecode is how Python spells such a name)."""
    path = os.path.join(os.fsencode(folder), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)


def _report(out: Path) -> dict[str, dict]:
    return {f["source"]: f for f in json.loads((out / "report.json").read_text())["files"]}


def test_any_file_name_is_converted_reported_and_given_a_safe_json(tmp_path: Path) -> None:
    data = PDF.read_bytes()
    folder = tmp_path / "in"
    long_name = ("中" * 83 + ".pdf").encode()  # 253 bytes: its name + .json would be 258
    for name in (b"bad\xff.pdf", long_name, b"a.pdf", b"a.pdf.json/b.pdf",
                 b"esc\x1b[31mred\nline.pdf"):
        _put(folder, name, data + b"%" + name.replace(b"\n", b"") + b"\n")
    (folder / "broken.pdf").symlink_to(folder / "nowhere.pdf")
    (folder / "loop.pdf").symlink_to(folder / "loop.pdf")
    (folder / "linked").symlink_to(folder / "a.pdf.json", target_is_directory=True)
    os.mkfifo(folder / "fifo.pdf")
    out = tmp_path / "out"

    done = _cli("extract", folder, "--out", out, "--workers", "2")

    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stderr and "esc\\x1b[31mred\\nline.pdf" in done.stderr
    files = _report(out)
    converted = {"bad\\xff.pdf", long_name.decode(), "a.pdf", "a.pdf.json/b.pdf",
                 "esc\x1b[31mred\nline.pdf"}
    assert {s for s, f in files.items() if f["status"] == "ok"} == converted
    skipped = {s: f["error"] for s, f in files.items() if f["status"] == "skipped"}
    assert set(skipped) == {"broken.pdf", "loop.pdf", "linked", "fifo.pdf"}
    assert "broken symbolic link" in skipped["broken.pdf"]
    assert "loop" in skipped["loop.pdf"] and "FIFO" in skipped["fifo.pdf"]
    documents = sorted((out / "json").rglob("*.json"))
    assert len(documents) == len(converted)  # one each: none overwrote another
    assert all(len(os.fsencode(p.name)) <= 255 for p in documents)
    sources = {json.loads(p.read_bytes())["source"] for p in documents}
    assert sources == converted
    csv_text = (out / "documents.csv").read_text(encoding="utf-8-sig")
    assert "bad\\xff.pdf" in csv_text and "esc\\x1b[31mred" in csv_text  # no raw ESC in a CSV

    again = _cli("extract", folder, "--out", out, "--workers", "2")  # and every later run
    assert again.returncode == 0 and "5 from cache" in again.stderr, again.stderr


def test_formulas_in_names_and_cells_are_text_in_csv_and_xlsx(tmp_path: Path) -> None:
    """Cell text from a generated bulletin (a community named `=HYPERLINK(...)`, one with a
    tab) and file names starting with = + - @: text in every CSV and sheet, raw in the JSON."""
    sys.path.insert(0, str(SAMPLES))
    from gen.build import load_bulletin, render

    spec = (SAMPLES / "src" / "wuhai-2021-56.json").read_text(encoding="utf-8")
    hostile = '=HYPERLINK(\\"http://x.example\\",\\"y\\")'
    spec = spec.replace('"组织部楼"', f'"{hostile}"').replace('"法院综合楼"', '"法院\\t综合楼"')
    (tmp_path / "src.json").write_text(spec, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    render(load_bulletin(tmp_path / "src.json"), folder / "=cells.pdf")
    for name, sample in (("+cmd.pdf", "ordos-2023-45"), ("-2.pdf", "baotou-2024-67"),
                         ("@sum.pdf", "chifeng-2022-112")):  # other bulletins: all counted
        (folder / name).write_bytes((SAMPLES / f"{sample}.pdf").read_bytes())
    out = tmp_path / "out"

    assert _cli("extract", folder, "--out", out, "--workers", "2").returncode == 0

    communities = (out / "communities.csv").read_bytes()
    assert b"\x00" not in communities
    text = communities.decode("utf-8-sig")
    assert ",\"'=HYPERLINK(\"\"http" in text
    assert ",=" not in text and ",\"=" not in text
    documents = (out / "documents.csv").read_text(encoding="utf-8-sig").splitlines()
    names = sorted(line.split(",")[0] for line in documents[1:])
    assert names == ["'+cmd.pdf", "'-2.pdf", "'=cells.pdf", "'@sum.pdf"]
    assert "-0.0" not in text and ",'-" not in text.replace("'-2.pdf", "")  # numbers stay numbers
    with zipfile.ZipFile(out / "bulletin.xlsx") as book:
        sheets = b"".join(book.read(n) for n in book.namelist() if n.endswith(".xml"))
    assert b"<f>" not in sheets  # no formula anywhere in the workbook
    assert b">=HYPERLINK" not in sheets and b">'=HYPERLINK" in sheets
    doc = json.loads((out / "json" / "=cells.pdf.json").read_text(encoding="utf-8"))
    assert doc["source"] == "=cells.pdf"
    assert '"raw": "=HYPERLINK(\\"http' in json.dumps(doc, ensure_ascii=False)


def test_out_that_is_or_holds_the_input_folder_is_a_usage_error(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(PDF.read_bytes())
    same = _cli("extract", folder, "--out", folder)
    assert same.returncode == 2
    assert same.stderr.strip().splitlines() == [
        f"error: --out {folder} is the input folder {folder}; choose an output folder outside "
        "it (or inside it: outputs there are left out)"]
    holds = _cli("extract", folder, "--out", tmp_path)
    assert holds.returncode == 2 and "holds the input folder" in holds.stderr
    assert not (folder / "report.json").exists() and not (tmp_path / "report.json").exists()


def test_special_files_and_infinite_timeouts_never_hang(tmp_path: Path) -> None:
    out = tmp_path / "out"
    zero = _cli("extract", "/dev/zero", PDF, "--out", out, "--workers", "1", timeout=60)
    assert zero.returncode == 0, zero.stderr
    assert _report(out)["zero"]["status"] == "skipped"
    assert "character device" in _report(out)["zero"]["error"]
    fifo = tmp_path / "registry.csv"
    os.mkfifo(fifo)
    reg = _cli("extract", PDF, "--out", out, "--registry", fifo, timeout=60)
    assert reg.returncode == 5
    assert reg.stderr.strip().splitlines() == [
        f"error: {fifo}: not a regular file (a FIFO, device or folder); give a CSV file"]
    inf = _cli("extract", PDF, "--out", out, "--file-timeout", "inf")
    assert inf.returncode == 2
    assert inf.stderr.strip() == "error: --file-timeout: Input should be a finite number"


def test_a_giant_registry_field_is_a_registry_error_with_its_line(tmp_path: Path) -> None:
    registry = tmp_path / "registry.csv"
    registry.write_text("id,level,name,parent_id,aliases\nd1,district,海勃湾区,,\n"
                        f"d2,district,{'x' * 140_000},,\n", encoding="utf-8")
    done = _cli("extract", PDF, "--out", tmp_path / "out", "--registry", registry)
    assert done.returncode == 5, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0] == f"error: {registry}: invalid registry (1 problem)"
    assert lines[1].startswith("  line 3: unreadable row (field larger than field limit")


@pytest.mark.parametrize("force", [False, True])
def test_an_empty_run_does_not_silently_empty_a_dataset(tmp_path: Path, force: bool) -> None:
    out = tmp_path / "out"
    assert _cli("extract", PDF, "--out", out).returncode == 0
    before = (out / "communities.csv").read_bytes()
    empty = tmp_path / "empty"
    empty.mkdir()
    done = _cli("extract", empty, "--out", out, *(["--force"] if force else []))
    if not force:
        assert done.returncode == 2
        assert done.stderr.strip().splitlines() == [
            f"error: no files to convert among the inputs, and {out} holds the dataset of an "
            "earlier run (1 files); nothing was changed (--force empties it)"]
        assert (out / "communities.csv").read_bytes() == before
        assert len(_report(out)) == 1
    else:
        assert done.returncode == 0
        assert "warning: no files to convert: the dataset of 1 files was emptied" in done.stderr
        assert (out / "communities.csv").read_bytes() != before and _report(out) == {}
