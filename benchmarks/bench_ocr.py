"""Time and accuracy of the scanned-page path, against a bare tesseract run on the same page.

One command: `.venv/bin/python benchmarks/bench_ocr.py [--pages N] [--repeat R]`.

Speed: for each page, our whole pipeline (`read_raster`: deskew, seals, rulings, one batched
OCR read + second reads) and `tesseract img.png - -l chi_sim+eng` (OMP_THREAD_LIMIT=1) are
timed alternately in the same run, so machine load hits both; the ratio is printed (target
<= 1.3x). Accuracy, against the text layer of the born-digital page each scan was made from:
character error rate of table cells (and how many cells are wrong, text and number cells
apart), header columns whose canonical field differs from the text layer's (a ranking table
whose header is not recognised at all is lost from the dataset), and the character error
rate of the running text outside tables (the page's lines joined in reading order).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from rapidfuzz.distance import Levenshtein

from bulletin.extract.ocr.batch import numeric
from bulletin.extract.ocr import get_engine, installed
from bulletin.extract.scan.raster import Raster, image_frames, render_pdf_page
from bulletin.extract.scan.page import read_raster
from bulletin.normalize.table.header import read_header
from bulletin.schemas.extracted import Grid, PageContent
from bulletin.schemas.settings import Settings
from bulletin.schemas.vocabulary import builtin

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Case:
    """A page image, and the text-layer page it was made from (grids and lines), if known."""

    name: str
    raster: Raster
    truth: PageContent | None


@dataclass
class Score:
    """Counts of one page (or a sum of pages) read by one engine."""

    seconds: float = 0.0
    cell_errors: int = 0  # edit distance summed over table cells
    cell_chars: int = 0
    cells: int = 0
    wrong_text: int = 0  # wrong cells whose truth is text (names, labels, statuses)
    text_cells: int = 0
    wrong_numbers: int = 0  # wrong cells whose truth is a number
    number_cells: int = 0
    silent: int = 0  # wrong cells read at or above the review confidence: nobody is told
    header_wrong: int = 0  # header columns whose canonical field differs from the truth's
    header_columns: int = 0
    tables_lost: int = 0  # ranking tables whose header was not recognised at all
    tables: int = 0
    line_errors: int = 0  # edit distance of the running text outside tables
    line_chars: int = 0

    def add(self, other: "Score") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def cell_cer(self) -> float:
        return self.cell_errors / max(self.cell_chars, 1)

    @property
    def wrong(self) -> int:
        return self.wrong_text + self.wrong_numbers

    @property
    def text_cer(self) -> float:
        return self.line_errors / max(self.line_chars, 1)


REVIEW = Settings().review_confidence


def score_page(truth: PageContent, got: PageContent) -> Score:
    s = Score()
    score_cells(truth.grids, got.grids, s)
    score_headers(truth.grids, got.grids, s)
    want, have = running_text(truth), running_text(got)
    s.line_errors = Levenshtein.distance(want, have)
    s.line_chars = len(want)
    return s


def score_cells(truth: list[Grid], got: list[Grid], s: Score) -> None:
    """Cells matched by (grid, row, col); a missing grid's cells count as read empty."""
    for i, t in enumerate(truth):
        g = got[i] if i < len(got) else None
        found = {(c.row, c.col): c for c in g.cells} if g else {}
        for c in t.cells:
            cell = found.get((c.row, c.col))
            text = cell.text if cell else ""
            d = Levenshtein.distance(_norm(c.text), _norm(text))
            s.cell_errors += d
            s.silent += d > 0 and cell is not None and cell.confidence >= REVIEW
            s.cell_chars += max(len(_norm(c.text)), 1)
            s.cells += 1
            if numeric(c.text):
                s.number_cells += 1
                s.wrong_numbers += d > 0
            else:
                s.text_cells += 1
                s.wrong_text += d > 0


def score_headers(truth: list[Grid], got: list[Grid], s: Score) -> None:
    """Per ranking table of the truth: its header columns' fields as the reader maps them."""
    for i, t in enumerate(truth):
        want = read_header(t, builtin())
        if want is None:
            continue
        have = read_header(got[i], builtin()) if i < len(got) else None
        s.tables += 1
        s.header_columns += len(want.columns)
        if have is None:
            s.tables_lost += 1
            s.header_wrong += len(want.columns)
            continue
        fields = [c.field for c in have.columns]
        s.header_wrong += sum(
            j >= len(fields) or fields[j] != c.field for j, c in enumerate(want.columns)
        )


def running_text(page: PageContent) -> str:
    """The lines outside tables in reading order, joined, in the comparison form."""
    return "".join(_norm(line.text) for line in page.lines)


def _norm(text: str) -> str:
    """Full-width brackets/colons and spaces are typography, not reading errors."""
    return text.replace(" ", "").translate(str.maketrans("（）：，；", "():,;"))


def bare_tesseract(raster: Raster, languages: str) -> float:
    gray = cv2.cvtColor(raster.pixels, cv2.COLOR_RGB2GRAY)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        cv2.imwrite(str(path), gray)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        start = time.perf_counter()
        subprocess.run(
            ["tesseract", str(path), "-", "-l", languages],
            env=env,
            check=True,
            capture_output=True,
            timeout=600,
        )
        return time.perf_counter() - start


def timed(raster: Raster, settings: Settings) -> tuple[PageContent, float]:
    engine = get_engine(settings)
    start = time.perf_counter()
    content = read_raster(raster, settings, engine)
    return content, time.perf_counter() - start


def text_layer_pages(pdf_path: Path) -> dict[int, PageContent]:
    """Each page of a born-digital sample, read from its text layer."""
    import pdfplumber

    from bulletin.extract.textlayer.page import load_page, read_text_page

    with pdfplumber.open(pdf_path) as pdf:
        return {
            i + 1: read_text_page(load_page(page, i + 1))
            for i, page in enumerate(pdf.pages)
        }


def source_of(scan: Path) -> Path:
    """samples/scans/wuhai-2021-56-200dpi-skew-seal.pdf -> samples/wuhai-2021-56.pdf"""
    return ROOT / "samples" / ("-".join(scan.stem.split("-")[:3]) + ".pdf")


def cases(dpi: int, only: str) -> list[Case]:
    """Born-digital samples rendered at `dpi`, then samples/scans/*; truth is the text
    layer of the born-digital page the scan was made from (same rows, columns, texts)."""
    out = []
    if only in ("all", "rendered"):
        for pdf_path in sorted((ROOT / "samples").glob("*.pdf")):
            for number, page in text_layer_pages(pdf_path).items():
                if page.grids:
                    raster = render_pdf_page(pdf_path, number, dpi, 10**9)
                    out.append(Case(f"{pdf_path.stem} p{number} @{dpi}", raster, page))
    if only in ("all", "scans"):
        for scan in sorted((ROOT / "samples" / "scans").glob("*")):
            truth = text_layer_pages(source_of(scan)) if source_of(scan).exists() else {}
            for raster in _scan_pages(scan):
                number = raster.number
                if scan.stem.endswith("-p3"):
                    number = 3
                out.append(Case(f"{scan.name} p{number}", raster, truth.get(number)))
    return out


def _scan_pages(scan: Path) -> list[Raster]:
    if scan.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        count = len(pdfium.PdfDocument(str(scan)))
        return [render_pdf_page(scan, n, 300, 10**9) for n in range(1, count + 1)]
    return list(image_frames(scan, 10**9))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages (0 = all)")
    parser.add_argument("--engines", default=",".join(installed()))
    parser.add_argument("--only", choices=["all", "rendered", "scans"], default="all")
    args = parser.parse_args()
    all_cases = cases(args.dpi, args.only)
    if args.pages:
        all_cases = all_cases[: args.pages]
    engines = [e for e in args.engines.split(",") if e]
    warm = {e: get_engine(Settings(ocr=e)) for e in engines}  # model loading is not per page
    for engine in warm.values():
        engine.read_lines([np.full((40, 120), 255, np.uint8)], 300)
    totals = {e: Score() for e in engines}
    bare_total = 0.0
    ratios: dict[str, list[float]] = {e: [] for e in engines}
    print(
        f"{'page':37} {'engine':10} {'sec':>5} {'bare':>5} {'ratio':>5} {'CER':>6} "
        f"{'wrong':>7} {'text':>7} {'number':>7} {'header':>6} {'lines':>6}"
    )
    for case in all_cases:
        bare = bare_tesseract(case.raster, "chi_sim+eng")
        bare_total += bare
        for e in engines:
            content, sec = timed(case.raster, Settings(ocr=e, dpi=int(case.raster.dpi)))
            s = score_page(case.truth, content) if case.truth else Score()
            s.seconds = sec
            totals[e].add(s)
            ratios[e].append(sec / bare)
            print(
                f"{case.name:37} {e:10} {sec:5.2f} {bare:5.2f} {sec / bare:5.2f} "
                f"{s.cell_cer:6.3f} {f'{s.wrong}/{s.cells}':>7} "
                f"{f'{s.wrong_text}/{s.text_cells}':>7} "
                f"{f'{s.wrong_numbers}/{s.number_cells}':>7} "
                f"{f'{s.header_wrong}/{s.header_columns}':>6} {s.text_cer:6.3f}"
            )
    n = max(len(all_cases), 1)
    print(f"\nbare tesseract: {bare_total / n:.2f} s/page")
    for e, t in totals.items():
        ratio = t.seconds / max(bare_total, 1e-9)
        median = float(np.median(ratios[e])) if ratios[e] else float("nan")
        print(
            f"{e:10} {t.seconds / n:.2f} s/page; time ratio to bare tesseract {ratio:.2f}x "
            f"overall, {median:.2f}x median page (target <= 1.3x); cell CER {t.cell_cer:.3f}, "
            f"wrong cells {t.wrong}/{t.cells} (text {t.wrong_text}/{t.text_cells}, "
            f"numbers {t.wrong_numbers}/{t.number_cells}; {t.silent} wrong at confidence "
            f">= {REVIEW:.2f}, not flagged); header columns wrong "
            f"{t.header_wrong}/{t.header_columns}, tables lost {t.tables_lost}/{t.tables}; "
            f"running-text CER {t.text_cer:.3f} ({t.line_errors}/{t.line_chars} chars)"
        )


if __name__ == "__main__":
    main()
