"""Regenerate every sample document and its truth files.

    python samples/generate.py [--out DIR] [--no-scans]

Output is byte-identical on every run: reportlab runs in invariant mode and
all randomness in the scan simulation comes from fixed seeds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen import build  # noqa: E402 - needs the path set above


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder to write into (default: samples/ itself)")
    parser.add_argument("--no-scans", action="store_true",
                        help="only the text-layer PDFs and their truth")
    args = parser.parse_args(argv)
    for path in build.build_all(HERE / "src", args.out, scans=not args.no_scans):
        print(path.relative_to(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
