"""Build steps behind ``samples/generate.py``: check the data, draw the PDF,
write the truth; then the scanned renderings made from those PDFs."""

from __future__ import annotations

from pathlib import Path

from .check import check
from .content import load_bulletin
from .model import Bulletin, Route
from .render import RenderResult, render
from .truth import build_truth

# Library versions the committed files were generated with. Bytes are only
# reproducible with the same ones (pdfium's rasteriser, libjpeg and zlib inside
# Pillow, reportlab's writer), plus the same Debian font files.
GENERATED_WITH = {"reportlab": "5.1.0", "pypdfium2": "5.15.2", "pillow": "13.0.0",
                  "numpy": "2.4.6", "opencv-python-headless": "5.0.0.93",
                  "pdfplumber": "0.11.10"}
# The office routes' PDFs are LibreOffice's (Debian bookworm's libreoffice-writer-nogui
# and libreoffice-calc-nogui) with the Debian fonts of ``fonts.FONT_FILES``.
LIBREOFFICE = "7.4.7.2"


def version_mismatches(names: list[str]) -> list[str]:
    """Installed versions that differ from ``GENERATED_WITH``, for test skips."""
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in names:
        try:
            have = version(name)
        except PackageNotFoundError:
            have = "missing"
        if have != GENERATED_WITH[name]:
            out.append(f"{name} {have} (samples made with {GENERATED_WITH[name]})")
    return out


def build_all(src: Path, out: Path, scans: bool = True,
              office: bool | None = None) -> list[Path]:
    """Write every sample into ``out``; returns the files written, in order.

    ``office``: convert the office routes' documents with LibreOffice (True),
    copy the committed PDFs instead (False; they are then not in the returned
    list), or convert when LibreOffice is installed (None)."""
    from . import office as office_route

    written: list[Path] = []
    done: dict[str, tuple[Bulletin, RenderResult]] = {}
    out.mkdir(parents=True, exist_ok=True)
    if office is None:
        office = office_route.soffice() is not None
    for source in sorted(src.glob("*.json")):
        bulletin = load_bulletin(source)
        check(bulletin)
        pdf = out / bulletin.pdf_name
        if bulletin.route is Route.REPORTLAB:
            result = render(bulletin, pdf)
            written.append(pdf)
        else:
            converted = office_route.build_pdf(bulletin, out, src.parent / bulletin.pdf_name,
                                               run_soffice=office)
            written.append(out / bulletin.office_name)
            if converted:
                written.append(pdf)
            result = office_route.result_for(bulletin, pdf)
        done[bulletin.stem] = (bulletin, result)
        truth = build_truth(bulletin, result, bulletin.pdf_name)
        written += truth.write(out / "truth" / bulletin.stem)
    if scans:
        from .scan import build_scans  # pypdfium2/opencv only needed here

        written += build_scans(done, out)
    return written
