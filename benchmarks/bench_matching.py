"""Benchmark: match noisy names against a large registry with the batch scorer.

Builds a synthetic registry of `--registry` community names (place-like: a stem of 2-4
characters and a suffix such as 小区/住宅楼/家属楼), derives `--names` noisy queries from it
(OCR-confusable substitutions, a plain wrong character, dropped characters, inserted spaces,
bracket variants, full-width digits) and scores all of them flat, against the whole registry,
with `normalize.scoring.best_entries` (chunked `process.cdist` with workers, then
`process.cpdist` on the surviving pairs). The pipeline itself matches within parent scopes,
which is far cheaper; this is the worst case.

    python benchmarks/bench_matching.py [--names 100000] [--registry 50000] [--workers -1]
"""

from __future__ import annotations

import argparse
import random
import time

from rapidfuzz.distance import Indel

from bulletin.normalize.link.names import CONFUSABLE_GROUPS, normalize_name
from bulletin.normalize.link.scoring import Choices, best_entries

STEM_CHARS = (
    "海勃湾乌达南北东西新华凤凰岭滨河林荫拉僧仲巴音赛苏图五虎山铁路民政粮食国税幸福团结大庆"
    "检察院规划工商铸锻师范瑞丽满都拉寿险景泰天花园组织部法院综合通厂狮城卫生局荣兴贸先锋交通"
    "玻璃市一中内四建生医农行社保环就业世纪电厂矿务供销黄河商水利文化气象材融育才焦公素煤机"
)
SUFFIXES = ("小区", "住宅楼", "家属楼", "家属院", "花园", "南区", "北区", "一区", "楼", "新村")
CONFUSABLE = {ch: group for group in CONFUSABLE_GROUPS for ch in group}


def make_registry(n: int, rng: random.Random) -> list[str]:
    names: set[str] = set()
    while len(names) < n:
        stem = "".join(rng.choices(STEM_CHARS, k=rng.randint(2, 4)))
        names.add(stem + rng.choice(SUFFIXES))
    return sorted(names)


def noisy(name: str, rng: random.Random) -> str:
    """One name as a scan might read it."""
    chars = list(name)
    kind = rng.random()
    if kind < 0.4:
        spots = [i for i, c in enumerate(chars) if c in CONFUSABLE]
        if spots:
            i = rng.choice(spots)
            chars[i] = rng.choice(CONFUSABLE[chars[i]].replace(chars[i], "") or chars[i])
    elif kind < 0.55:
        chars[rng.randrange(len(chars))] = rng.choice(STEM_CHARS)
    elif kind < 0.65 and len(chars) > 4:
        del chars[rng.randrange(len(chars))]
    elif kind < 0.8:
        chars.insert(rng.randrange(1, len(chars)), " ")
    else:
        chars.append(rng.choice(("（一期）", "〔二期〕", "(３号)")))
    return "".join(chars)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=100_000)
    parser.add_argument("--registry", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=-1)
    parser.add_argument("--chunk", type=int, default=512)
    parser.add_argument("--cutoff", type=float, default=60.0)
    args = parser.parse_args()
    rng = random.Random(20210430)
    registry = make_registry(args.registry, rng)
    truth = [rng.randrange(len(registry)) for _ in range(args.names)]
    queries = [noisy(registry[t], rng) for t in truth]

    start = time.perf_counter()
    choices = Choices.build([normalize_name(n) for n in registry], range(len(registry)))
    keys = [normalize_name(q) for q in queries]
    idx, scores = best_entries(keys, choices, k=2, cutoff=args.cutoff, workers=args.workers,
                               chunk=args.chunk)
    seconds = time.perf_counter() - start

    top1 = sum(int(i) == t for i, t in zip(idx[:, 0], truth, strict=True))
    accepted = scores[:, 0] >= 88.0
    clear = accepted & (scores[:, 0] - scores[:, 1] >= 4.0)
    right = sum(int(i) == t for i, t, ok in zip(idx[:, 0], truth, clear, strict=True) if ok)
    print(f"Indel implementation: {Indel.distance.__module__}")
    print(f"{args.names:,} names x {args.registry:,} registry entries in {seconds:.1f} s "
          f"-> {args.names / seconds:,.0f} names/s (workers={args.workers})")
    print(f"top-1 is the source entry: {top1 / args.names:.1%}; accepted without ambiguity: "
          f"{clear.mean():.1%}, of which correct: {right / max(1, int(clear.sum())):.2%}")


if __name__ == "__main__":
    main()
