"""An archive of 100,000 documents: peak memory and the final rebuild's time, per 10k documents.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 10000,50000,100000] [--keep DIR]

The documents are synthesised from cached results: the text-layer samples are converted once,
and their result-cache entries (report and rows of every table) are copied under N distinct
sources, each with a tiny input file of its own bytes, so that a run over the N inputs finds
every result in the cache. Each size then runs `bulletin.run.batch.run` in a fresh process
(planning every file: hashing, cache look-up; then the rebuild: every combined CSV streamed
from the cached rows, report.json) and prints its peak memory (ru_maxrss), the rebuild's time,
and both per 10k documents: flat memory and a linear rebuild give constant columns.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "samples" / "wuhai-2021-56.pdf", ROOT / "samples" / "wuhai-2022-18.pdf"]
PER_FOLDER = 1000


def sample_entries(work: Path) -> list[dict]:
    """The samples' result entries (report and rows), from a real conversion."""
    from bulletin.run.batch import RunOptions, run
    from bulletin.schemas.settings import Settings

    out = work / "samples-out"
    run(SAMPLES, out, Settings(), RunOptions(workers=2))
    return [json.loads(p.read_text()) for p in sorted((out / ".cache" / "result").glob("*.json"))]


def synthesise(folder: Path, out: Path, count: int, entries: list[dict]) -> None:
    """`count` inputs with their result entries (without JSON files: the entry names none)."""
    from bulletin.run.cache import Cache, RunIdentity, file_digest
    from bulletin.schemas.settings import Settings

    identity = RunIdentity.of(Settings(), None)
    cache = Cache(out)
    (cache.root / "result").mkdir(parents=True, exist_ok=True)
    for i in range(count):
        source = f"{i // PER_FOLDER:04d}/doc-{i:06d}.pdf"
        path = folder / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4\n%" + str(i).encode() + b"\n")
        key = identity.result_key(identity.reading_key(file_digest(path), ".pdf"), source, "-")
        template = entries[i % len(entries)]
        rows = {name: [{**row, _source_column(name): source} for row in table_rows]
                for name, table_rows in template["rows"].items()}
        entry = {"key": key, "report": {**template["report"], "source": source},
                 "json": None, "rows": rows}
        (cache.root / "result" / f"{key}.json").write_text(
            json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _source_column(table: str) -> str:
    return "file" if table == "review" else "source"


def child(folder: Path, out: Path) -> None:
    """One run in this process; prints its numbers as JSON."""
    import bulletin.run.batch as batch
    from bulletin.schemas.settings import Settings

    timings: dict[str, float] = {}
    rebuild = batch.rebuild

    def timed_rebuild(*args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return rebuild(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            timings["rebuild"] = time.perf_counter() - started

    batch.rebuild = timed_rebuild  # type: ignore[assignment]
    started = time.perf_counter()
    summary = batch.run([folder], out, Settings(), batch.RunOptions(workers=2)).summary
    total = time.perf_counter() - started
    rows = sum(1 for _ in (out / "communities.csv").open(encoding="utf-8")) - 1
    print(json.dumps({
        "documents": summary.files, "cache_hits": summary.cache_hits,
        "seconds": total, "rebuild": timings["rebuild"], "community_rows": rows,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--keep", type=Path, help="work here instead of a temp folder")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    entries = sample_entries(work)
    print(f"{'documents':>10} {'community rows':>15} {'peak MB':>8} {'MB/10k':>7} "
          f"{'rebuild s':>10} {'s/10k':>6} {'whole run s':>12}", flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        folder, out = work / f"in-{size}", work / f"out-{size}"
        synthesise(folder, out, size, entries)
        done = subprocess.run([sys.executable, __file__, "--child", str(folder), str(out)],
                              check=True, capture_output=True, text=True)
        got = json.loads(done.stdout.splitlines()[-1])
        if got["cache_hits"] != size:
            raise SystemExit(f"expected {size} cached documents, got {got}")
        per = 10_000 / size
        print(f"{size:>10} {got['community_rows']:>15} {got['peak_mb']:>8.0f} "
              f"{got['peak_mb'] * per:>7.1f} {got['rebuild']:>10.1f} {got['rebuild'] * per:>6.2f} "
              f"{got['seconds']:>12.1f}", flush=True)
        if not args.keep:
            shutil.rmtree(folder)
            shutil.rmtree(out)


if __name__ == "__main__":
    main()
