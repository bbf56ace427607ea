"""The pixel grid stage on other projects' test images: at least as good as their owners.

Truth from the peers folder (tests/peers, copied from ../shared/peers; see its README):
img2table's rows, columns, spans and table boxes; TableStructureRec's cell-count
assertions. Skipped when the peers folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from goldens import PEERS
from bulletin.extract.grid.frames import GridFrame
from bulletin.extract.scan.layout import lay_out
from bulletin.extract.scan.preprocess import prepare
from bulletin.extract.scan.raster import image_frames

pytestmark = pytest.mark.skipif(not PEERS.is_dir(), reason=f"peer material not found at {PEERS}")


def frames_of(relative: str) -> tuple[list[GridFrame], float]:
    raster = next(image_frames(PEERS / relative, 10**9))
    page = prepare(raster)
    return lay_out(page).frames, raster.dpi


def spans(frame: GridFrame) -> set[tuple[int, int, int, int]]:
    return {
        (c.row, c.col, c.rowspan, c.colspan) for c in frame.cells if c.rowspan > 1 or c.colspan > 1
    }


def close(box: tuple[int, int, int, int], want: list[int], tolerance: int) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(box, want, strict=True))


def test_img2table_test_png_two_tables_with_spans() -> None:
    frames, dpi = frames_of("img2table/test.png")
    assert [(f.n_rows, f.n_cols) for f in frames] == [(6, 3), (2, 2)]
    assert spans(frames[0]) == {(0, 0, 1, 3), (2, 1, 3, 1)}  # "Title" and "Merged Cells"
    assert not spans(frames[1])
    assert close(frames[0].box.to_pixels(dpi), [36, 21, 770, 327], 3)
    assert close(frames[1].box.to_pixels(dpi), [962, 21, 1154, 123], 3)


def test_img2table_dark_png_inverted_header() -> None:
    frames, dpi = frames_of("img2table/dark.png")
    assert [(f.n_rows, f.n_cols) for f in frames] == [(19, 5)]
    assert close(frames[0].box.to_pixels(dpi), [46, 37, 836, 529], 8)


@pytest.mark.parametrize(
    ("name", "at_least"),
    [("table_recognition.jpg", 35), ("table2.jpg", 23), ("row_span.png", 17)],
)
def test_tablestructurerec_cell_counts(name: str, at_least: int) -> None:
    frames, _ = frames_of(f"tablestructurerec/{name}")
    assert sum(len(f.cells) for f in frames) >= at_least
    assert any(c.colspan > 1 for f in frames for c in f.cells)


def test_tablestructurerec_row_span_header() -> None:
    frames, _ = frames_of("tablestructurerec/row_span.png")
    assert len(frames) == 1
    assert {(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 2)} <= spans(frames[0])  # 名称, 产量, 环比


def test_tablestructurerec_wired_big_box_not_oversplit() -> None:
    frames, _ = frames_of("tablestructurerec/wired_big_box.png")
    assert sum(len(f.cells) for f in frames) <= 44


def test_tablestructurerec_squeeze_error_structure() -> None:
    """A real skewed scan with two (greyed, not red) seals over the lower rules and a
    row-span hierarchy."""
    frames, _ = frames_of("tablestructurerec/squeeze_error.jpeg")
    assert len(frames) == 1
    frame = frames[0]
    assert (0, 0, 3, 2) in spans(frame)  # 产品名称 header
    assert any(c.rowspan == 6 and c.col == 0 for c in frame.cells)  # 服务费 over six rows
    assert len(frame.cells) >= 150


def test_tablestructurerec_squeeze_error_owner_count() -> None:
    frames, _ = frames_of("tablestructurerec/squeeze_error.jpeg")
    assert sum(len(f.cells) for f in frames) >= 160  # the owner's test_squeeze_bug


def test_pdfplumber_pr136_table_continued_over_two_scanned_pages() -> None:
    """Real 300-dpi scan without a text layer. Checked by eye: page 1 ends with a 6-column
    table (header + 1 row, no outer side rules); page 2 continues it with 6 rows, the
    guarantor column spanning the first 5; pages 3-6 hold no ruled table."""
    from bulletin.extract.scan.raster import render_pdf_page

    pdf = PEERS / "pdfplumber" / "pr-136-example.pdf"
    pages = [lay_out(prepare(render_pdf_page(pdf, n, 150, 10**9))).frames for n in range(1, 7)]
    assert [[(f.n_rows, f.n_cols) for f in frames] for frames in pages] == [
        [(2, 6)],
        [(6, 6)],
        [],
        [],
        [],
        [],
    ]
    assert (0, 0, 5, 1) in spans(pages[1][0])
    widths = [[b - a for a, b in zip(p[0].xs, p[0].xs[1:], strict=False)] for p in pages[:2]]
    # the same columns on both pages
    assert all(abs(a - b) <= 4 for a, b in zip(*widths, strict=True))


# --- tables without column rules, on pixels ------------------------------------------------

ICDAR = PEERS / "camelot" / "icdar2013"


def _fold(text: str) -> str:
    """What 200-dpi OCR of small Latin print can be held to: no spaces (it joins words),
    one dash for hyphen, en and em dash, NFKC (ligatures)."""
    import unicodedata

    text = unicodedata.normalize("NFKC", text)
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2212":
        text = text.replace(dash, "-")
    return "".join(text.split())


def test_three_line_table_on_a_rendered_scan_reads_as_on_the_text_layer() -> None:
    """ICDAR 2013 us-019 page 3 (a table with horizontal rules only) rendered at 200 dpi and
    read by the scan route: the same rows, columns and spans as its truth for every cell.

    Text is held to 90% of cells after `_fold`: at 200 dpi the "—" (not available) marks
    are one-pixel strokes that the layout drops as rule residue (20 of 257 cells), and
    RapidOCR reads a few small-print words with spaces lost; structure is exact."""
    import json

    from bulletin.extract.scan.raster import render_pdf_page
    from bulletin.extract.scan.page import read_raster
    from bulletin.schemas.settings import Settings

    truth = next(
        t for t in json.loads((ICDAR / "us-019.cells.json").read_text())["tables"]
        if t["table_id"] == "2"
    )
    page = read_raster(render_pdf_page(ICDAR / "us-019.pdf", 3, 200, 10**9), Settings())
    height = page.height
    centres = [((b[0] + b[2]) / 2, height - (b[1] + b[3]) / 2) for b in
               (c["bbox_pdf"] for c in truth["cells"])]
    hits = [g for g in page.grids if any(g.box.contains_point(x, y) for x, y in centres)]
    assert len(hits) == 1, [g.box for g in page.grids]
    grid = hits[0]
    wrong_shape, wrong_text = [], []
    for t, (x, y) in zip(truth["cells"], centres, strict=True):
        ours = next((c for c in grid.cells if c.box.contains_point(x, y)), None)
        want = (t["row"], t["col"], t["row_span"], t["col_span"])
        if ours is None or (ours.row, ours.col, ours.rowspan, ours.colspan) != want:
            wrong_shape.append((want, t["text"], ours))
        elif _fold(ours.text) != _fold(t["text"]):
            wrong_text.append((t["text"], ours.text))
    assert not wrong_shape, wrong_shape[:3]
    assert len(wrong_text) <= 0.10 * len(truth["cells"]), wrong_text[:5]


@pytest.mark.parametrize(
    ("scan", "pages"),
    [("wuhai-2021-56-300dpi.pdf", (1, 2, 4)), ("wuhai-2021-56-200dpi-skew-seal.pdf", (1, 4))],
)
def test_red_head_scans_invent_no_table(scan: str, pages: tuple[int, ...]) -> None:
    """The red letterhead (large red characters, Mongolian line, the red rule), the title,
    the narrative, the signature and date, the seal and the framed 抄送/印发 box give no
    grid; page 4 holds exactly its ruled ranking table."""
    from bulletin.extract.scan.raster import render_pdf_page
    from bulletin.extract.scan.page import read_raster
    from goldens import SAMPLES
    from bulletin.schemas.settings import Settings

    path = SAMPLES / "scans" / scan
    if not path.exists():
        pytest.skip(f"{path} not generated")
    for number in pages:
        raster = render_pdf_page(path, number, 200, 10**9)
        grids = read_raster(raster, Settings()).grids
        shapes = [(g.n_rows, g.n_cols) for g in grids]
        assert shapes == ([(18, 10)] if number == 4 else []), (scan, number, shapes)


@pytest.mark.parametrize(
    "scan", ["wuhai-2021-56-300dpi.pdf", "wuhai-2021-56-200dpi-skew-seal.pdf"]
)
def test_red_head_page_scan_without_a_table_is_no_tables(scan: str, tmp_path: Path) -> None:
    """The red-head first page alone, as a scanned image file, through the whole pipeline:
    no ranking table and no other grid in the nested JSON (so the file is `no_tables`)."""
    from bulletin import convert
    from bulletin.extract.scan.raster import render_pdf_page
    from goldens import SAMPLES
    from PIL import Image

    path = SAMPLES / "scans" / scan
    if not path.exists():
        pytest.skip(f"{path} not generated")
    raster = render_pdf_page(path, 1, 200, 10**9)
    image = tmp_path / "red-head.png"
    Image.fromarray(raster.pixels).save(image, dpi=(200, 200))
    (doc,) = convert([image], workers=1).nested
    assert not doc.tables
    assert not doc.data_tables
    assert not any(p.get("grids") for p in doc.model_dump().get("pages", []))
