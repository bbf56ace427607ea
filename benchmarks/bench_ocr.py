"""Time and accuracy of the scanned-page path, against a bare tesseract run on the same page.

One command: `.venv/bin/python benchmarks/bench_ocr.py [--pages N] [--repeat R]`.

Speed: for each page, our whole pipeline (`read_raster`: deskew, seals, rulings, one batched
OCR read + second reads) and `tesseract img.png - -l chi_sim+eng` (OMP_THREAD_LIMIT=1) are
timed alternately in the same run, so machine load hits both; the ratio is printed (target
<= 1.3x). Accuracy: character error rate of table cells against the text layer of the same
page (born-digital samples) or the samples' truth, and seconds per page, per engine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bulletin.extract.ocr import get_engine, installed  # noqa: E402
from bulletin.extract.scan.raster import Raster, image_frames, render_pdf_page  # noqa: E402
from bulletin.extract.scan.page import read_raster  # noqa: E402
from bulletin.schemas.extracted import Grid, PageContent  # noqa: E402
from bulletin.schemas.settings import Settings  # noqa: E402


@dataclass
class Case:
    """A page image, and the grid texts it should give (from a text layer), if known."""

    name: str
    raster: Raster
    truth: list[Grid] | None


def cell_cer(truth: list[Grid], got: list[Grid]) -> tuple[float, int, int]:
    """(CER, wrong cells, cells) over cells matched by (grid, row, col); missing grids count."""
    errors = chars = wrong = cells = 0
    for i, t in enumerate(truth):
        g = got[i] if i < len(got) else None
        found = {(c.row, c.col): c.text for c in g.cells} if g else {}
        for c in t.cells:
            text = found.get((c.row, c.col), "")
            d = Levenshtein.distance(_norm(c.text), _norm(text))
            errors += d
            chars += max(len(_norm(c.text)), 1)
            wrong += d > 0
            cells += 1
    return errors / max(chars, 1), wrong, cells


def _norm(text: str) -> str:
    """Full-width brackets/colons and spaces are typography, not reading errors."""
    return text.replace(" ", "").translate(str.maketrans("（）：，", "():,"))


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


def text_layer_grids(pdf_path: Path) -> dict[int, list[Grid]]:
    """Grids of each page of a born-digital sample, read from its text layer."""
    import pdfplumber

    from bulletin.extract.textlayer.page import load_page, read_text_page

    with pdfplumber.open(pdf_path) as pdf:
        return {
            i + 1: read_text_page(load_page(page, i + 1)).grids
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
            for number, grids in text_layer_grids(pdf_path).items():
                if grids:
                    raster = render_pdf_page(pdf_path, number, dpi, 10**9)
                    out.append(Case(f"{pdf_path.stem} p{number} @{dpi}", raster, grids))
    if only in ("all", "scans"):
        for scan in sorted((ROOT / "samples" / "scans").glob("*")):
            truth = text_layer_grids(source_of(scan)) if source_of(scan).exists() else {}
            for raster in _scan_pages(scan):
                number = raster.number
                if scan.stem.endswith("-p3"):
                    number = 3
                out.append(Case(f"{scan.name} p{number}", raster, truth.get(number) or None))
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
    totals: dict[str, list[float]] = {e: [0.0, 0.0, 0, 0] for e in engines}
    bare_total = 0.0
    ratios: dict[str, list[float]] = {e: [] for e in engines}
    print(f"{'page':34} {'engine':10} {'sec':>6} {'bare':>6} {'ratio':>6} {'CER':>6} wrong/cells")
    for case in all_cases:
        bare = bare_tesseract(case.raster, "chi_sim+eng")
        bare_total += bare
        for e in engines:
            content, sec = timed(case.raster, Settings(ocr=e, dpi=int(case.raster.dpi)))
            cer, wrong, cells = cell_cer(case.truth, content.grids) if case.truth else (0.0, 0, 0)
            t = totals[e]
            t[0] += sec
            t[1] += cer * cells
            t[2] += wrong
            t[3] += cells
            ratios[e].append(sec / bare)
            row = f"{case.name:34} {e:10} {sec:6.2f} {bare:6.2f} {sec / bare:6.2f}"
            print(f"{row} {cer:6.3f} {wrong}/{cells}")
    n = max(len(all_cases), 1)
    print(f"\nbare tesseract: {bare_total / n:.2f} s/page")
    for e, (sec, cer_sum, wrong, cells) in totals.items():
        ratio = sec / max(bare_total, 1e-9)
        median = float(np.median(ratios[e])) if ratios[e] else float("nan")
        print(
            f"{e:10} {sec / n:.2f} s/page; time ratio to bare tesseract {ratio:.2f}x overall, "
            f"{median:.2f}x median page (target <= 1.3x); "
            f"cell CER {cer_sum / max(cells, 1):.3f}, wrong cells {wrong}/{cells}"
        )


if __name__ == "__main__":
    main()
