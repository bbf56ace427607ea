"""The sample generator is deterministic and its data is self-consistent.

Regenerating into a temporary folder must reproduce the committed files byte
for byte; the checks below also pin the facts the pipeline tests rely on
(counts, page breaks, the narrative of sample 2 agreeing with its table).
"""

from __future__ import annotations

import csv
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pdfplumber
import pytest

from goldens import SAMPLES  # noqa: E402

sys.path.insert(0, str(SAMPLES))

from gen import build  # noqa: E402 - samples/ is not a package
from gen.check import rate  # noqa: E402
from gen.content import load_bulletin  # noqa: E402


def _rows(stem: str, name: str) -> list[dict[str, str]]:
    with (SAMPLES / "truth" / stem / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _require_versions(*names: str) -> None:
    """Byte equality only means something with the libraries that made the files."""
    wrong = build.version_mismatches(list(names))
    if wrong:
        pytest.skip("different library versions: " + ", ".join(wrong))


def test_text_pdfs_and_truth_regenerate_byte_identical(tmp_path: Path) -> None:
    _require_versions("reportlab")
    written = build.build_all(SAMPLES / "src", tmp_path, scans=False)
    assert len(written) >= 12
    for path in written:
        rel = path.relative_to(tmp_path)
        assert (SAMPLES / rel).read_bytes() == path.read_bytes(), f"{rel} differs"


def test_scan_png_regenerates_byte_identical(tmp_path: Path) -> None:
    """One scan (the cheapest) stands for all: same seeds, same pixels."""
    scan = pytest.importorskip("gen.scan")
    _require_versions("reportlab", "pypdfium2", "pillow", "numpy", "opencv-python-headless")
    written = scan.build_one(SAMPLES / "src", tmp_path, "wuhai-2021-56-p3.png")
    for path in written:
        rel = path.relative_to(tmp_path)
        assert (SAMPLES / rel).read_bytes() == path.read_bytes(), f"{rel} differs"


def test_reference_counts_match_structure_md() -> None:
    rows = _rows("wuhai-2021-56", "communities.csv")
    by_table = [[r for r in rows if r["table_index"] == str(i)] for i in (0, 1)]
    assert len(by_table[0]) == 38 and len(by_table[1]) == 16
    assert sum(r["completed"] == "true" for r in by_table[0]) == 22
    for table, counts in zip(by_table, ({"海勃湾区": 18, "乌达区": 12, "海南区": 8},
                                        {"海勃湾区": 9, "乌达区": 6, "海南区": 1}), strict=True):
        for district, n in counts.items():
            assert sum(r["district"] == district for r in table) == n
    assert {r["page"] for r in by_table[0]} == {"3"} and {r["page"] for r in by_table[1]} == {"4"}


def test_sample2_page_break_splits_a_district_and_a_street() -> None:
    rows = _rows("wuhai-2022-18", "communities.csv")
    for key in ("district", "street"):
        pages: dict[str, set[str]] = {}
        for r in rows:
            pages.setdefault(r[key], set()).add(r["page"])
        assert any(len(p) == 2 for p in pages.values()), key


def test_sample2_narrative_agrees_with_its_table() -> None:
    b = load_bulletin(SAMPLES / "src" / "wuhai-2022-18.json")
    text = "".join(p.text for p in b.body)
    (table,) = b.tables
    comms = [c for d in table.districts for c in d.communities()]
    done = sum(c.completed for c in comms)
    households = sum(int(c.extra["households"]) for c in comms)
    planned = Decimal(table.total.values["planned_investment"])
    yi = (planned / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert f"老旧小区{len(comms)}个" in text and f"已完工{done}个" in text
    assert f"涉及居民{households}户" in text and str(households) == table.total.values["households"]
    assert f"预计投资{yi}亿元（{planned}万元）" in text
    assert f"已累计完成投资{table.total.values['completed_investment']}万元" in text
    for d in table.districts:
        n, k = len(d.communities()), sum(c.completed for c in d.communities())
        r = rate(d.values["completed_investment"], d.values["planned_investment"])
        assert f"{d.name}{n}个改造任务已完工{k}个，投资完成率{r}%" in text


def test_text_layer_reads_back_mongolian_and_brackets() -> None:
    with pdfplumber.open(SAMPLES / "wuhai-2021-56.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "ᠤᠮᠤᠯᠠᠭᠤᠨ ᠵᠢᠰᠤᠨ ᠵᠢᠰᠤᠨ" in text
    assert "乌建局政字〔2021〕56号" in text and "签发人：李君" in text


def test_broken_text_layer_is_unreadable() -> None:
    """The pipeline must notice this and OCR it: no Chinese survives extraction."""
    with pdfplumber.open(SAMPLES / "scans" / "wuhai-2021-56-brokentext.pdf") as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert text and "乌海市" not in text and "合计" not in text
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text)
