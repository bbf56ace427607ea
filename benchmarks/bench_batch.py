"""Batch throughput: 2 workers vs 1, cached re-run vs first run, dask vs the local pool.

    .venv/bin/python benchmarks/bench_batch.py [--pages 20] [--keep DIR]

Builds a folder of single-page scans (the TIFF's pages and the PNG page from samples/scans,
each saved several times with a different PNG text chunk: the same pixels, different bytes,
so every file is its own cache key and really gets OCR'd), then times, in one process:

  1. local pool, 1 worker            (fresh output folder)
  2. local pool, 2 workers           (fresh output folder)
  3. re-run of 2. (unchanged folder: every file from the cache)
  4. dask, LocalCluster of 2 worker processes (fresh output folder; cluster start included)

and prints the three ratios the issue asks for, after checking that all four runs wrote the
same bytes (report.json aside from seconds/cache_hit).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageSequence
from PIL.PngImagePlugin import PngInfo

from bulletin.run.batch import RunOptions, run
from bulletin.schemas.settings import ExecutorKind
from bulletin.schemas.report import RunReport
from bulletin.schemas.settings import Settings

SCANS = Path(__file__).resolve().parents[1] / "samples" / "scans"


def build_folder(folder: Path, pages: int) -> None:
    """`pages` single-page PNG files cycling over the distinct sample pages."""
    originals: list[Image.Image] = []
    with Image.open(SCANS / "wuhai-2022-18.tiff") as tiff:
        originals += [frame.copy() for frame in ImageSequence.Iterator(tiff)]
    with Image.open(SCANS / "wuhai-2021-56-p3.png") as png:
        originals.append(png.copy())
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(pages):
        image = originals[i % len(originals)]
        info = PngInfo()
        info.add_text("copy", str(i))
        dpi = image.info.get("dpi", (300, 300))
        image.save(folder / f"page-{i:03d}.png", pnginfo=info, dpi=dpi)


def children_cpu() -> float:
    """CPU seconds of every finished child process (the run's workers, their children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(label: str, inputs: Path, out: Path, options: RunOptions) -> tuple[float, RunReport]:
    started, cpu = time.perf_counter(), children_cpu()
    report = run([inputs], out, Settings(), options).report
    seconds = time.perf_counter() - started
    cpu = children_cpu() - cpu
    pages = sum(f.pages for f in report.files)
    work = sum(f.seconds for f in report.files if not f.cache_hit)
    print(f"{label:28} {seconds:8.2f} s  {pages / seconds:6.2f} pages/s  "
          f"({work:.1f} s in workers, {cpu:.1f} CPU s in finished child processes, load "
          f"average {os.getloadavg()[0]:.1f})  {report.summary()}", flush=True)
    return seconds, report


def outputs(out: Path) -> dict[str, bytes]:
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
             if p.is_file() and ".cache" not in p.parts and p.name != "report.json"}
    report = json.loads((out / "report.json").read_text())
    for f in report["files"]:
        f.pop("seconds"), f.pop("cache_hit")
    files["report.json"] = json.dumps(report).encode()
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="work here instead of a temp folder")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-batch-"))
    inputs = root / "in"
    build_folder(inputs, args.pages)
    print(f"{args.pages} scanned pages in {inputs}", flush=True)
    one, _ = timed("local, 1 worker", inputs, root / "w1", RunOptions(workers=1))
    two, report = timed("local, 2 workers", inputs, root / "w2", RunOptions(workers=2))
    rerun, _ = timed("re-run (cached), 2 workers", inputs, root / "w2", RunOptions(workers=2))
    dask_options = RunOptions(workers=2, executor=ExecutorKind.DASK)
    dask, _ = timed("dask LocalCluster, 2 workers", inputs, root / "dask", dask_options)
    reference = outputs(root / "w1")
    same = all(outputs(root / name) == reference for name in ("w2", "dask"))
    print(f"outputs identical across runs: {same}")
    print(f"2 workers vs 1:        {one / two:5.2f}x throughput   (goal >= 1.85x)")
    print(f"re-run vs first run:   {two / rerun:5.1f}x faster      (goal >= 20x)")
    print(f"dask vs local pool:    {dask / two:5.2f}x the time      (goal <= 1.3x)")
    if not same or any(f.status.value == "error" for f in report.files):
        raise SystemExit("benchmark runs disagree or files failed")


if __name__ == "__main__":
    main()
