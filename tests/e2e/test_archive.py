"""`--archive`: per input a searchable PDF/A-2 (page images, our words as its text layer, read back
with pdftotext) and ALTO v4 per page (validated against the vendored ALTO 4.4 XSD)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from goldens import ROOT, SAMPLES, read_csv, run_cli

XSD = ROOT / "tests" / "data" / "alto" / "alto-4-4.xsd"
ALTO = "{http://www.loc.gov/standards/alto/ns-v4#}"
SOURCES = {"wuhai-2021-56.pdf": 4, "wuhai-2021-56-p3.png": 1}  # a text-layer PDF, a scan
pytestmark = pytest.mark.skipif(
    shutil.which("gs") is None or shutil.which("pdftotext") is None,
    reason="ghostscript and poppler-utils are Debian packages (./dev installs them)",
)


def _extract(folder: Path, out: Path) -> str:
    return run_cli("extract", str(folder), "--out", str(out), "--archive", "--dpi", "150")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    shutil.copy(SAMPLES / "wuhai-2021-56.pdf", folder)
    shutil.copy(SAMPLES / "scans" / "wuhai-2021-56-p3.png", folder)
    return folder


@pytest.fixture(scope="module")
def out(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("out")
    _extract(inputs, target)
    return target


def _communities(out: Path, source: str) -> list[str]:
    return [r["community"] for r in read_csv(out / "communities.csv") if r["source"] == source]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("source", SOURCES)
def test_alto_per_page_is_valid_and_holds_our_words(source: str, out: Path) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    folder = out / "archive" / source
    pages = sorted(folder.glob("page-*.alto.xml"))
    assert [p.name for p in pages] == [f"page-{n:04d}.alto.xml" for n in
                                       range(1, SOURCES[source] + 1)]  # fmt: skip
    words = []
    for page in pages:
        tree = etree.parse(str(page))
        assert schema.validate(tree), schema.error_log
        for string in tree.iter(f"{ALTO}String"):
            assert 0.0 <= float(string.get("WC")) <= 1.0
            words.append(string.get("CONTENT"))
    names = _communities(out, source)
    assert names and set(names) <= set(words)


@pytest.mark.parametrize("source", SOURCES)
def test_pdfa_text_layer_is_our_reading(source: str, out: Path) -> None:
    pdf = out / "archive" / source / "document.pdf"
    text = _squeeze(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout)  # fmt: skip
    for name in _communities(out, source):
        assert _squeeze(name) in text, name
    doc = read_csv(out / "documents.csv")
    number = next(r["doc_number"] for r in doc if r["source"] == source)
    assert _squeeze(number) in text


def test_the_text_layer_lies_on_the_printed_cells_of_the_scan(out: Path) -> None:
    """pdftotext's box of a community name sits in that name's cell as our reading found it."""
    source = "wuhai-2021-56-p3.png"
    doc = json.loads((out / "json" / f"{source}.json").read_text(encoding="utf-8"))
    cells = {c["name"]: c["fields"]["community"]["box"]
             for t in doc["tables"] for d in t["districts"] for s in d["streets"]
             for c in s["communities"]}  # fmt: skip
    html = subprocess.run(["pdftotext", "-bbox", str(out / "archive" / source / "document.pdf"),
                           "-"], capture_output=True, text=True, check=True).stdout  # fmt: skip
    found = 0
    for x0, y0, x1, y1, word in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', html
    ):
        box = cells.get(word)
        if box is None:
            continue
        cx, cy = (float(x0) + float(x1)) / 2, (float(y0) + float(y1)) / 2
        assert box["x0"] - 1 <= cx <= box["x1"] + 1 and box["top"] - 1 <= cy <= box["bottom"] + 1
        found += 1
    assert found >= len(cells) // 2


@pytest.mark.parametrize("source", SOURCES)
def test_the_pdf_is_pdfa_2b_as_far_as_can_be_told_offline(source: str, out: Path) -> None:
    with pikepdf.open(out / "archive" / source / "document.pdf") as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"
        assert len(pdf.pages) == SOURCES[source]
        assert "/Encrypt" not in pdf.trailer
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and "/DestOutputProfile" in intent
        for page in pdf.pages:
            for font in page.resources.get("/Font", {}).values():
                descendants = font.get("/DescendantFonts", [font])
                for f in descendants:
                    descriptor = f.FontDescriptor
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2",
                                                         "/FontFile3"))  # fmt: skip


def test_a_rerun_keeps_the_archive_and_a_remake_gives_the_same_bytes(
    inputs: Path, out: Path
) -> None:
    folder = out / "archive" / "wuhai-2021-56-p3.png"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert "archived" not in _extract(inputs, out)  # nothing changed: nothing redone
    (folder / ".reading").unlink()
    assert "archived wuhai-2021-56-p3.png" in _extract(inputs, out)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_ocrmypdf_never_enters_our_process(out: Path) -> None:
    """Importing OCRmyPDF patches pdfminer process-wide (fonts without a ToUnicode map then give
    no text): it runs in a child process, so our own reading stays what it was."""
    import sys

    assert "ocrmypdf" not in sys.modules
