"""The pixel grid stage on other projects' test images: at least as good as their owners.

Truth from the peers folder (tests/peers, copied from ../shared/peers; see its README):
img2table's rows, columns, spans and table boxes; TableStructureRec's cell-count
assertions. Skipped when the peers folder is absent.
"""

from __future__ import annotations


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
