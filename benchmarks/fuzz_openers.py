"""Fuzz the input openers and the registry reader for longer than CI does.

    .venv/bin/python benchmarks/fuzz_openers.py [--examples 20000]

The same targets and property as tests/test_fuzz_openers.py (every exception is one of
bulletin's errors), random rather than derandomised, many more cases; a failure prints
hypothesis's shrunk case and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bulletin.schemas.errors import BulletinError  # noqa: E402
from fuzz_targets import (  # noqa: E402
    IMAGE_SEEDS, PDF_SEEDS, REGISTRY_SEED, mutated, open_input, read_registry,
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=20_000)
    examples = parser.parse_args().examples
    budget = settings(deadline=None, max_examples=examples, database=None,
                      suppress_health_check=list(HealthCheck))

    @budget
    @given(st.one_of(mutated(PDF_SEEDS).map(lambda d: (d, ".pdf")),
                     st.tuples(mutated(IMAGE_SEEDS), st.sampled_from([".png", ".tif", ".jpg"]))))
    def inputs(case: tuple[bytes, str]) -> None:
        try:
            open_input(*case)
        except BulletinError:
            pass

    @budget
    @given(st.one_of(mutated([REGISTRY_SEED]), st.binary(max_size=2000)))
    def registries(data: bytes) -> None:
        try:
            read_registry(data)
        except BulletinError:
            pass

    failed = 0
    for target in (inputs, registries):
        try:
            target()
            print(f"{target.__name__}: {examples} cases, every one ended in our errors or none")
        except Exception as exc:  # hypothesis re-raises the shrunk failing case
            failed += 1
            print(f"{target.__name__}: FAILED: {type(exc).__name__}: {exc}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
