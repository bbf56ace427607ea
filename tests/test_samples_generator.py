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

from gen import build, office  # noqa: E402 - samples/ is not a package
from gen.check import rate  # noqa: E402
from gen.content import load_bulletin  # noqa: E402
from gen.model import Route  # noqa: E402

OFFICE_STEMS = sorted(p.stem for p in (SAMPLES / "src").glob("*.json")
                      if load_bulletin(p).route is not Route.REPORTLAB)


def _rows(stem: str, name: str) -> list[dict[str, str]]:
    with (SAMPLES / "truth" / stem / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _require_versions(*names: str) -> None:
    """Byte equality only means something with the libraries that made the files."""
    wrong = build.version_mismatches(list(names))
    if wrong:
        pytest.skip("different library versions: " + ", ".join(wrong))


def _same_as_committed(written: list[Path], root: Path) -> None:
    for path in written:
        rel = path.relative_to(root)
        assert (SAMPLES / rel).read_bytes() == path.read_bytes(), f"{rel} differs"


def test_text_pdfs_and_truth_regenerate_byte_identical(tmp_path: Path) -> None:
    """Everything but the LibreOffice exports (the committed ones are reused here):
    reportlab PDFs, the office documents the generator writes, all truth files."""
    _require_versions("reportlab", "pdfplumber")
    written = build.build_all(SAMPLES / "src", tmp_path, scans=False, office=False)
    assert len(written) >= 12
    assert {f"office/{s}" for s in OFFICE_STEMS} <= {
        str(p.relative_to(tmp_path).with_suffix("")) for p in written}
    _same_as_committed(written, tmp_path)


def test_office_pdfs_regenerate_byte_identical(tmp_path: Path) -> None:
    """LibreOffice converts the office documents to the committed PDFs byte for byte
    (after ``office.normalise_pdf``); needs the same LibreOffice and fonts."""
    have = office.soffice_version()
    if have is None:
        pytest.skip("LibreOffice (soffice) is not installed: the office-route PDFs are not "
                    "reconverted (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)")
    if have != build.LIBREOFFICE:
        pytest.skip(f"LibreOffice {have} (samples made with {build.LIBREOFFICE})")
    _require_versions("reportlab", "pdfplumber")
    written = build.build_all(SAMPLES / "src", tmp_path, scans=False, office=True)
    pdfs = [p for p in written if p.stem in OFFICE_STEMS and p.suffix == ".pdf"]
    assert len(pdfs) == len(OFFICE_STEMS) >= 2
    _same_as_committed(pdfs, tmp_path)


@pytest.mark.parametrize("stem", OFFICE_STEMS)
def test_office_pdf_has_the_declared_pages(stem: str) -> None:
    """The truth's page numbers come from the source's declaration; the committed
    LibreOffice export must agree (every community on its page, every figure printed)."""
    b = load_bulletin(SAMPLES / "src" / f"{stem}.json")
    office.check_pages(b, SAMPLES / b.pdf_name)


@pytest.mark.parametrize("stem", OFFICE_STEMS)
def test_office_pdf_normalisation_is_stable(stem: str) -> None:
    """The committed exports are fixed points of the canonicalisation (objects renumbered
    in walk order, fixed date, content-derived ID and checksum)."""
    b = load_bulletin(SAMPLES / "src" / f"{stem}.json")
    data = (SAMPLES / b.pdf_name).read_bytes()
    assert office.normalise_pdf(office.canonical_pdf(data), b.issue_date or
                                b.tables[0].fill_date) == data
    assert b"/CreationDate(D:20" in data and b"/DocChecksum /" in data


def _renumbered(data: bytes, swap: dict[int, int]) -> bytes:
    """The same PDF with the object numbers in ``swap`` exchanged (headers, references,
    xref), objects left where they are: what another LibreOffice run may write."""
    import re

    first, bodies, trailer = office._objects(data)

    def ref(m: re.Match[bytes]) -> bytes:
        n = int(m.group(1))
        return f"{swap.get(n, n)} 0 R".encode()

    out = bytearray(data[:first])
    offsets: dict[int, int] = {}
    for num in sorted(bodies, key=lambda n: data.index(f"\n{n} 0 obj\n".encode()) + 1):
        text, stream, tail = office._split_stream(bodies[num])
        offsets[swap.get(num, num)] = len(out)
        out += f"{swap.get(num, num)} 0 obj\n".encode()
        out += office._REF.sub(ref, text) + stream + office._REF.sub(ref, tail)
    xref = len(out)
    out += f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offsets[n]:010d} 00000 n \n".encode() for n in sorted(offsets))
    out += office._REF.sub(ref, trailer) + f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_canonical_pdf_ignores_object_numbering() -> None:
    """LibreOffice writes its fonts in memory order, so two runs may number the font
    objects differently; both canonicalise to the same bytes."""
    data = (SAMPLES / "ordos-2023-45.pdf").read_bytes()
    _, bodies, _ = office._objects(data)
    fonts = [n for n, body in bodies.items() if body.startswith(b"<</Type/FontDescriptor")]
    other = _renumbered(data, {fonts[0]: fonts[1], fonts[1]: fonts[0]})
    assert other != data
    assert office.normalise_pdf(office.canonical_pdf(other), "2023-06-02") == data


@pytest.mark.parametrize("name", ["wuhai-2021-56-p3.png", "chifeng-2022-112-phone-p2.jpg",
                                  "chifeng-2022-112-fax.tiff"])
def test_scan_regenerates_byte_identical(name: str, tmp_path: Path) -> None:
    """Cheap scans stand for all: same seeds, same pixels (the PNG page, the phone
    photo, the fax)."""
    scan = pytest.importorskip("gen.scan")
    _require_versions("reportlab", "pypdfium2", "pillow", "numpy", "opencv-python-headless")
    written = scan.build_one(SAMPLES / "src", tmp_path, name)
    _same_as_committed(written, tmp_path)


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


# -- the regional samples -----------------------------------------------------------------------

def _pages_of(stem: str, key: str) -> dict[str, set[str]]:
    pages: dict[str, set[str]] = {}
    for r in _rows(stem, "communities.csv"):
        pages.setdefault(r[key], set()).add(r["page"])
    return pages


@pytest.mark.parametrize("stem", ["ordos-2023-45", "baotou-2024-67"])
def test_office_tables_break_inside_a_district_and_a_street(stem: str) -> None:
    for key in ("district", "street"):
        assert any(len(p) == 2 for p in _pages_of(stem, key).values()), (stem, key)


def test_every_sample_file_is_small() -> None:
    for path in [*SAMPLES.glob("*.pdf"), *(SAMPLES / "scans").iterdir(),
                 *(SAMPLES / "office").iterdir()]:
        assert path.stat().st_size < 2_000_000, path.name


def test_fax_and_photo_are_what_they_claim() -> None:
    from PIL import Image, ImageSequence

    with Image.open(SAMPLES / "scans" / "chifeng-2022-112-fax.tiff") as fax:
        frames = list(ImageSequence.Iterator(fax))
        assert len(frames) == 3
        for frame in frames:
            assert frame.mode == "1" and frame.info["compression"] == "group4"
            assert frame.info["dpi"] == (150, 150)
    with Image.open(SAMPLES / "scans" / "chifeng-2022-112-phone-p2.jpg") as photo:
        assert photo.format == "JPEG" and photo.mode == "RGB" and photo.width == 2000
        import numpy as np

        corner = np.asarray(photo.crop((0, 0, 60, 60)).convert("L"))
        assert corner.max() < 140, "the page must not fill the frame (a darker desk)"
    rows = _rows("scans/chifeng-2022-112-phone-p2", "communities.csv")
    assert {r["page"] for r in rows} == {"1"}
    assert len(rows) == len(_rows("chifeng-2022-112", "communities.csv"))


def test_subtotals_are_the_district_values() -> None:
    """ordos: the 小计 row's figures are the district's in districts.csv, the
    villages' own figures stay in communities.csv, and 总计 sums the 小计 rows."""
    comms = _rows("ordos-2023-45", "communities.csv")
    districts = _rows("ordos-2023-45", "districts.csv")
    (total,) = _rows("ordos-2023-45", "totals.csv")
    for key in ("households", "planned_investment", "completed_investment"):
        for d in districts:
            part = sum(Decimal(c[key]) for c in comms if c["district"] == d["district"])
            assert Decimal(d[key]) == part, (d["district"], key)
        assert Decimal(total[key]) == sum(Decimal(d[key]) for d in districts)
    assert [d["rank"] for d in districts] == ["1", "2", "3", "4", "5"]


def test_ordos_narrative_agrees_with_its_table() -> None:
    b = load_bulletin(SAMPLES / "src" / "ordos-2023-45.json")
    text = "".join(p.text for p in b.body)
    (table,) = b.tables
    comms = [c for d in table.districts for c in d.communities()]
    t = table.total.values
    city = rate(t["completed_investment"], t["planned_investment"])
    done = sum(c.completed for c in comms)
    assert f"{len(comms)}个嘎查村" in text and f"已完工嘎查村{done}个" in text
    assert f"计划改造{t['households']}户" in text and f"（{t['planned_investment']}万元）" in text
    assert f"累计完成投资{t['completed_investment']}万元，全市投资完成率{city}%" in text
    for d in table.districts:
        n, k = len(d.communities()), sum(c.completed for c in d.communities())
        r = rate(d.values["completed_investment"], d.values["planned_investment"])
        assert (f"{d.name}{n}个嘎查村已完工{k}个，完成投资{d.values['completed_investment']}"
                f"万元，投资完成率{r}%") in text


def test_chifeng_narrative_agrees_but_for_one_documented_figure() -> None:
    """The one deliberate disagreement (samples/README.md): 松山区 完成投资 is
    1559.0 in the prose and 1550.9 in the table."""
    b = load_bulletin(SAMPLES / "src" / "chifeng-2022-112.json")
    text = "".join(p.text for p in b.body)
    (table,) = b.tables
    comms = [c for d in table.districts for c in d.communities()]
    t = table.total.values
    assert f"已完成改造{sum(c.completed for c in comms)}个" in text
    assert f"全市完工率{t['completion_rate']}%" in text
    wrong = []
    for d in table.districts:
        n, k = len(d.communities()), sum(c.completed for c in d.communities())
        assert f"{d.name}{n}个社区已完成{k}个" in text
        assert f"完工率{d.values['completion_rate']}%" in text
        rate_n = Decimal(k) / Decimal(n) * 100
        assert Decimal(d.values["completion_rate"]) == rate_n.quantize(Decimal("0.01"),
                                                                        ROUND_HALF_UP)
        if f"完成投资{d.values['completed_investment']}万元" not in text:
            wrong.append(d.name)
    assert wrong == ["松山区"] and "完成投资1559.0万元" in text


def test_office_text_layer_keeps_the_mongolian_labels() -> None:
    """LibreOffice shapes the Mongolian and maps it back to Unicode in the text layer."""
    with pdfplumber.open(SAMPLES / "ordos-2023-45.pdf") as pdf:
        table_page = pdf.pages[2].extract_text()
    assert "ᠭᠠᠴᠠᠭ" in table_page and "嘎查（村）" in table_page and "小计" in table_page


def test_xilingol_narrative_agrees_with_its_table() -> None:
    """Investments in the prose are in 亿元 only (rounded half-up to 2 places)."""
    b = load_bulletin(SAMPLES / "src" / "xilingol-2021-87.json")
    text = "".join(p.text for p in b.body)
    (table,) = b.tables
    comms = [c for d in table.districts for c in d.communities()]
    t = table.total.values

    def yi(wan: str) -> str:
        return str((Decimal(wan) / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP))

    done = sum(c.completed for c in comms)
    assert f"项目{len(comms)}个，计划总投资{yi(t['planned_investment'])}亿元" in text
    assert f"已竣工{done}个，已完成投资{yi(t['completed_investment'])}亿元" in text
    assert f"全盟投资完成率{t['investment_completion_rate']}%" in text
    for d in table.districts:
        n, k = len(d.communities()), sum(c.completed for c in d.communities())
        r = d.values["investment_completion_rate"]
        assert f"{d.name}{n}个项目已竣工{k}个，投资完成率{r}%" in text
    (doc,) = _rows("xilingol-2021-87", "documents.csv")
    assert doc["issue_date"] == "2021-09-03", "the 印发 date, not the 成文日期 (2021年9月2日)"
