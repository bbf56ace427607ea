"""Build steps behind ``samples/generate.py``: check the data, draw the PDF,
write the truth; then the scanned renderings made from those PDFs."""

from __future__ import annotations

from pathlib import Path

from .check import check
from .content import load_bulletin
from .model import Bulletin
from .render import RenderResult, render
from .truth import build_truth


def build_all(src: Path, out: Path, scans: bool = True) -> list[Path]:
    """Write every sample into ``out``; returns the files written, in order."""
    written: list[Path] = []
    done: dict[str, tuple[Bulletin, RenderResult]] = {}
    out.mkdir(parents=True, exist_ok=True)
    for source in sorted(src.glob("*.json")):
        bulletin = load_bulletin(source)
        check(bulletin)
        pdf = out / bulletin.pdf_name
        result = render(bulletin, pdf)
        done[bulletin.stem] = (bulletin, result)
        written.append(pdf)
        truth = build_truth(bulletin, result, bulletin.pdf_name)
        written += truth.write(out / "truth" / bulletin.stem)
    if scans:
        from .scan import build_scans  # pypdfium2/opencv only needed here

        written += build_scans(done, out)
    return written
