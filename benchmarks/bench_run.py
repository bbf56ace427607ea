"""The whole command against the bare tools underneath it, each ratio measured in one run.

    .venv/bin/python benchmarks/bench_run.py [--only help,text,dense,scan,relink] [--repeat 3]

  help    cold start: `bulletin --help` in a fresh process (median)            goal <= 0.3 s
  text    three 4-7-page text-layer bulletins, whole command (fresh output folder) vs one
          bare single-process pdfplumber `extract_tables()` pass over the same files
                                                                               goal <= 1.0x
  dense   an 80-page ruled-table document (../shared/real or --dense FILE), whole command vs
          the same bare pdfplumber pass, and seconds per page     goal <= 0.6x, <= 0.05 s/page
  scan    one 7-page 300-dpi scanned PDF, whole command, default engine and workers (one per
          core) vs one single-threaded bare `tesseract -l chi_sim+eng` process per core over
          the same pages pre-rendered to PGM; then the page path's split on one core with the
          model warm (rendering, preprocessing + layout, recogniser) and how close the command
          comes to the recogniser's own time                                   goal <= 1.0x
  relink  the same scan converted, then re-linked to a registry (reading from the cache)
                                                                               goal >= 10x

Commands run as separate processes, alternated with their baseline in every round, so that
machine load hits both; the median of the rounds is printed. Inputs are built from samples/.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DENSE = Path("real") / "inner-mongolia-eac" / "eac_attachment03_suffix_word_forms.pdf"
SHARED_DENSE = next(
    (folder / "shared" / DENSE for folder in ROOT.parents if (folder / "shared" / DENSE).is_file()),
    ROOT.parent / "shared" / DENSE,
)
BULLETIN = str(Path(sys.executable).parent / "bulletin")
CORES = len(os.sched_getaffinity(0))
BARE_PDFPLUMBER = (
    "import sys, pdfplumber\n"
    "for f in sys.argv[1:]:\n"
    "    with pdfplumber.open(f) as pdf:\n"
    "        for page in pdf.pages:\n"
    "            page.extract_tables()\n"
)


def seconds(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def children_cpu() -> float:
    """CPU seconds of every finished child process (and theirs: a command's workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU: dict[int, list[float]] = {}  # CPU seconds of each run of the last `rounds`, by position


def rounds(repeat: int, *runs: Callable[[], float]) -> list[float]:
    """Median seconds of each run, the runs alternated in every round (their CPU seconds,
    which load on a shared machine inflates far less than wall time, go to CPU)."""
    times: list[list[float]] = [[] for _ in runs]
    CPU.clear()
    for _ in range(repeat):
        for i, one in enumerate(runs):
            before = children_cpu()
            times[i].append(one())
            CPU.setdefault(i, []).append(children_cpu() - before)
    return [statistics.median(t) for t in times]


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


def convert(inputs: list[Path], out: Path, *extra: str) -> float:
    shutil.rmtree(out, ignore_errors=True)
    return seconds([BULLETIN, "extract", *map(str, inputs), "--out", str(out), "-q", *extra])


def bare_pdfplumber(files: list[Path]) -> float:
    return seconds([sys.executable, "-c", BARE_PDFPLUMBER, *map(str, files)])


def verdict(value: float, goal: float, at_most: bool = True) -> str:
    ok = value <= goal if at_most else value >= goal
    return f"(goal {'<=' if at_most else '>='} {goal:g}: {'met' if ok else 'NOT met'})"


def bench_help(work: Path, repeat: int) -> None:
    (median,) = rounds(max(repeat, 5), lambda: seconds([BULLETIN, "--help"]))
    print(f"cold start `bulletin --help`:         {median:6.3f} s     {verdict(median, 0.3)}")


def text_bulletins(work: Path) -> list[Path]:
    """The two text-layer samples (4 pages each) and a 7-page bulletin made of both."""
    import pypdfium2 as pdfium

    seven = pdfium.PdfDocument.new()
    seven.import_pages(pdfium.PdfDocument(SAMPLES / "wuhai-2022-18.pdf"))
    seven.import_pages(pdfium.PdfDocument(SAMPLES / "wuhai-2021-56.pdf"), [0, 1, 2])
    seven.save(work / "seven-pages.pdf")
    return [SAMPLES / "wuhai-2021-56.pdf", SAMPLES / "wuhai-2022-18.pdf", work / "seven-pages.pdf"]


def bench_text(work: Path, repeat: int) -> None:
    files = text_bulletins(work)
    ours, bare = rounds(repeat, lambda: convert(files, work / "text"),
                        lambda: bare_pdfplumber(files))
    pages = _pages(files)
    print(f"text layer, 3 bulletins ({pages} p):     {ours:6.2f} s vs bare pdfplumber "
          f"{bare:5.2f} s = {ours / bare:4.2f}x  {verdict(ours / bare, 1.0)}")


def bench_dense(work: Path, repeat: int, dense: Path) -> None:
    if not dense.is_file():
        print(f"dense tables: {dense} not found (give --dense FILE); skipped")
        return
    pages = _pages([dense])
    ours, bare = rounds(repeat, lambda: convert([dense], work / "dense"),
                        lambda: bare_pdfplumber([dense]))
    print(f"dense tables, {pages} p:              {ours:6.2f} s vs bare pdfplumber "
          f"{bare:5.2f} s = {ours / bare:4.2f}x  {verdict(ours / bare, 0.6)}; "
          f"{ours / pages:.3f} s/page {verdict(ours / pages, 0.05)}")


def seven_page_scan(work: Path) -> Path:
    """Seven 300-dpi scanned pages in one PDF: the sample scan and four of its pages turned."""
    import pypdfium2 as pdfium

    scan = pdfium.PdfDocument.new()
    scan.import_pages(pdfium.PdfDocument(SAMPLES / "scans" / "wuhai-2021-56-300dpi.pdf"))
    scan.import_pages(pdfium.PdfDocument(SAMPLES / "scans" / "wuhai-2021-56-rot90.pdf"), [0, 1, 2])
    target = work / "scan-7p.pdf"
    scan.save(target)
    return target


def pgm_pages(pdf: Path, folder: Path, dpi: float = 300) -> list[Path]:
    import pypdfium2 as pdfium

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    document = pdfium.PdfDocument(pdf)
    for i in range(len(document)):
        image = document[i].render(scale=dpi / 72).to_pil().convert("L")
        paths.append(folder / f"page-{i + 1}.pgm")
        image.save(paths[-1])
    return paths


def bare_tesseract(pages: list[Path], folder: Path) -> float:
    """One single-threaded tesseract process per core, each over its share of the pages."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    lists = []
    for core in range(CORES):
        share = pages[core::CORES]
        if share:
            lists.append(folder / f"core-{core}.txt")
            lists[-1].write_text("".join(f"{p}\n" for p in share))
    started = time.perf_counter()
    procs = [subprocess.Popen(["tesseract", str(listing), "stdout", "-l", "chi_sim+eng"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
             for listing in lists]
    if any(p.wait() != 0 for p in procs):
        raise SystemExit("bare tesseract failed")
    return time.perf_counter() - started


def bench_scan(work: Path, repeat: int) -> None:
    pdf = seven_page_scan(work)
    pages = pgm_pages(pdf, work / "pgm")
    ours, bare = rounds(repeat, lambda: convert([pdf], work / "scan"),
                        lambda: bare_tesseract(pages, work / "pgm"))
    ours_cpu, bare_cpu = (statistics.median(CPU[i]) for i in (0, 1))
    print(f"scan, 7 p at 300 dpi, {CORES} cores:       {ours:6.2f} s vs bare tesseract "
          f"{bare:5.2f} s = {ours / bare:5.3f}x  {verdict(ours / bare, 1.0)}  ({load()})")
    print(f"  CPU seconds (all processes):        {ours_cpu:6.2f} s vs {bare_cpu:5.2f} s = "
          f"{ours_cpu / bare_cpu:5.3f}x")
    split = page_path_split(pdf)
    recogniser = split["recogniser"] * len(pages) / CORES
    print("page path on one core, model warm (CPU s/page): " + ", ".join(
        f"{name} {value:.2f}" for name, value in split.items()))
    print(f"command vs its recogniser's own time ({len(pages)} p / {CORES} cores = "
          f"{recogniser:.2f} s): {ours / recogniser:4.2f}x wall; CPU: the command "
          f"{ours_cpu:.2f} s vs the recogniser's {split['recogniser'] * len(pages):.2f} s = "
          f"{ours_cpu / (split['recogniser'] * len(pages)):4.2f}x")


def page_path_split(pdf: Path) -> dict[str, float]:
    """CPU seconds per page of each part of the pixel route, in this process, one core
    (CPU time: what other processes on a shared machine take is not counted)."""
    from bulletin.extract.ocr import get_engine
    from bulletin.extract.scan.page import read_raster
    from bulletin.extract.scan.raster import render_pdf_page
    from bulletin.schemas.settings import Settings

    settings = Settings()
    engine = get_engine(settings)
    spent = {"recogniser": 0.0}
    read_lines = engine.read_lines

    def timed_read(*args: object, **kwargs: object) -> list[tuple[str, float]]:
        started = time.process_time()
        try:
            return read_lines(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            spent["recogniser"] += time.process_time() - started

    engine.read_lines = timed_read  # type: ignore[method-assign]
    import pypdfium2 as pdfium

    count = len(pdfium.PdfDocument(pdf))
    read_raster(render_pdf_page(pdf, 1, settings.dpi, settings.max_image_pixels), settings, engine)
    spent["recogniser"] = 0.0  # the first page loaded the model
    render = total = 0.0
    for number in range(1, count + 1):
        started = time.process_time()
        raster = render_pdf_page(pdf, number, settings.dpi, settings.max_image_pixels)
        rendered = time.process_time()
        read_raster(raster, settings, engine)
        render += rendered - started
        total += time.process_time() - rendered
    return {"rendering": render / count,
            "preprocessing+layout": (total - spent["recogniser"]) / count,
            "recogniser": spent["recogniser"] / count}


def bench_relink(work: Path, repeat: int) -> None:
    pdf = seven_page_scan(work)
    registry = str(SAMPLES / "registry" / "wuhai.csv")
    firsts, relinks = [], []
    for _ in range(repeat):
        firsts.append(convert([pdf], work / "relink"))
        started = time.perf_counter()
        subprocess.run([BULLETIN, "extract", str(pdf), "--out", str(work / "relink"), "-q",
                        "--registry", registry], check=True, capture_output=True)
        relinks.append(time.perf_counter() - started)
    first, relink = statistics.median(firsts), statistics.median(relinks)
    print(f"re-link a converted 7-p scan:         {relink:6.2f} s vs first run {first:5.2f} s "
          f"= {first / relink:4.1f}x faster  {verdict(first / relink, 10, at_most=False)}")


def _pages(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    return sum(len(pdfium.PdfDocument(f)) for f in files)


def compiled() -> None:
    """Our package's bytecode up to date, as an installed wheel has it (./dev does the same):
    the command is measured as users run it, not compiling its modules at every start-up."""
    import compileall

    for folder in ("bulletin", "extract", "normalize", "schemas"):
        compileall.compile_dir(ROOT / folder, quiet=1, workers=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="help,text,dense,scan,relink")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dense", type=Path, default=SHARED_DENSE)
    args = parser.parse_args()
    compiled()
    print(f"{CORES} cores, {os.uname().machine}, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        work = Path(tmp)
        for part in args.only.split(","):
            if part == "help":
                bench_help(work, args.repeat)
            elif part == "text":
                bench_text(work, args.repeat)
            elif part == "dense":
                bench_dense(work, args.repeat, args.dense)
            elif part == "scan":
                bench_scan(work, args.repeat)
            elif part == "relink":
                bench_relink(work, args.repeat)
            else:
                raise SystemExit(f"unknown part {part!r}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
