"""Scanned renderings of the text-layer samples, for the OCR path.

Pages are rasterised in memory with pypdfium2, degraded with seeded noise
(``degrade``), optionally stamped with seals (``seal``), and saved as image
PDFs (JPEG inside), a group-4 TIFF or a PNG, each with its resolution set.
One more file keeps the vector text but breaks its ToUnicode maps, so only
OCR can read it. Truth is the source truth with ``source`` set to the new
file's path relative to ``samples/``.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from . import degrade, fax, photo, seal
from .content import load_bulletin
from .fonts import FONT_FILES
from .model import Bulletin, Route
from .render import PDF_CREATOR, RenderResult, render
from .truth import TruthSet, build_truth, single_page

SEAL_MM = 42.0  # diameter of a government office seal
BROKEN_NAME = "wuhai-2021-56-brokentext.pdf"


@dataclass(frozen=True)
class ScanSpec:
    """One simulated scan; the output format follows the file extension."""

    name: str  # file name under scans/
    stem: str  # source bulletin
    dpi: int
    seed: int
    color: bool = False
    skew_deg: float = 0.0  # per-page angle is this +- 0.25 degrees
    blur_sigma: float = 0.0
    noise_sigma: float = 0.0
    speckles: int = 0
    jpeg_loss: int | None = None  # quality of an earlier lossy save, if any
    quality: int = 80  # JPEG quality inside a PDF
    seals: bool = False
    turn_pages: tuple[int, ...] = ()  # 1-based pages fed rotated by 90 degrees
    pages: tuple[int, ...] | None = None  # None: every page
    # "scan" (a flatbed or feeder scanner), "fax" (gen/fax.py), "phone" (gen/photo.py)
    kind: str = "scan"
    # RenderResult anchors the seals are stamped on (with ``seals``)
    seal_on: tuple[str, ...] = ("issue_date", "table0.0")
    tti: str = ""  # fax header line; {page} and {pages} are filled in

    @property
    def source(self) -> str:
        return f"scans/{self.name}"


SCANS: tuple[ScanSpec, ...] = (
    ScanSpec("wuhai-2021-56-300dpi.pdf", "wuhai-2021-56", 300, seed=1, blur_sigma=0.5,
             noise_sigma=3.0, speckles=40, quality=75),
    ScanSpec("wuhai-2021-56-200dpi-skew-seal.pdf", "wuhai-2021-56", 200, seed=2, color=True,
             skew_deg=1.5, blur_sigma=0.8, noise_sigma=5.0, speckles=80, jpeg_loss=55,
             quality=80, seals=True),
    ScanSpec("wuhai-2021-56-rot90.pdf", "wuhai-2021-56", 300, seed=3, blur_sigma=0.4,
             noise_sigma=2.0, speckles=20, quality=72, turn_pages=(3,)),
    ScanSpec("wuhai-2022-18.tiff", "wuhai-2022-18", 300, seed=4, blur_sigma=0.6,
             noise_sigma=4.0, speckles=30),
    ScanSpec("wuhai-2021-56-p3.png", "wuhai-2021-56", 200, seed=5, pages=(3,)),
    # the bilingual-header scan: Mongolian labels in every header cell, a seal on the signature
    ScanSpec("ordos-2023-45-200dpi-seal.pdf", "ordos-2023-45", 200, seed=6, color=True,
             skew_deg=0.7, blur_sigma=0.6, noise_sigma=3.5, speckles=40, quality=72,
             seals=True, seal_on=("signature_date",)),
    ScanSpec("chifeng-2022-112-fax.tiff", "chifeng-2022-112", 150, seed=7, kind="fax",
             tti="2022-11-18 16:07  赤峰市城管执法局燃气科  0476-8225300  "
                 "P.{page:03d}/{pages:03d}"),
    ScanSpec("chifeng-2022-112-phone-p2.jpg", "chifeng-2022-112", 200, seed=8, color=True,
             kind="phone", pages=(2,)),
)


def _fixed_time(b: Bulletin) -> time.struct_time:
    """PDF dates of a scan: the issue date, so re-runs write the same bytes."""
    return time.strptime(b.issue_date, "%Y-%m-%d")


def to_pixels(x: float, y: float, page_h: float, dpi: int) -> tuple[int, int]:
    """PDF points (origin bottom-left) -> pixel (column, row) at ``dpi``."""
    s = dpi / 72.0
    return round(x * s), round((page_h - y) * s)


def _seal_targets(result: RenderResult,
                  names: tuple[str, ...]) -> dict[int, list[tuple[float, float]]]:
    """Seal centres in PDF points per page: on a date (the 印发 date, the 成文日期
    under the signature), or over the right-hand part of a table (covering a
    few rows)."""
    targets: dict[int, list[tuple[float, float]]] = {}
    for name in names:
        box = result.anchors[name]
        if name.startswith("table"):
            x = box.x0 + 0.72 * (box.x1 - box.x0)
            y = box.y0 + 0.42 * (box.y1 - box.y0)
        else:
            x, y = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
        targets.setdefault(box.page, []).append((x, y))
    return targets


def _page_image(pdf: pdfium.PdfDocument, index: int, spec: ScanSpec, b: Bulletin,
                result: RenderResult, rng: np.random.Generator) -> np.ndarray:
    """Rasterise one page and apply the spec's degradations, in scanner order:
    ink on paper (seals), the feed (skew, 90-degree turn), optics, sensor, codec."""
    page = pdf[index]
    page_h = page.get_size()[1]
    bitmap = page.render(scale=spec.dpi / 72.0, grayscale=not spec.color)
    img = np.asarray(bitmap.to_pil().convert("RGB" if spec.color else "L"))
    if spec.seals:
        path, font_index = FONT_FILES["uming"]
        diameter = int(SEAL_MM / 25.4 * spec.dpi)
        for x, y in _seal_targets(result, spec.seal_on).get(index + 1, []):
            mask = seal.seal_mask(diameter, b.issuer, path, rng, font_index or 0)
            cx, cy = to_pixels(x, y, page_h, spec.dpi)
            img = seal.stamp(img, mask, cx, cy, float(rng.uniform(-20, 20)))
    if spec.skew_deg:
        img = degrade.rotate(img, spec.skew_deg + float(rng.uniform(-0.25, 0.25)))
    if index + 1 in spec.turn_pages:
        img = np.ascontiguousarray(np.rot90(img))
    img = degrade.blur(img, spec.blur_sigma)
    if spec.noise_sigma or spec.speckles:
        img = degrade.paper_and_noise(img, rng, spec.noise_sigma, spec.speckles)
    if spec.jpeg_loss:
        img = degrade.jpeg_roundtrip(img, spec.jpeg_loss)
    return img


def _save(images: list[np.ndarray], spec: ScanSpec, b: Bulletin, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".tiff":
        frames = [degrade.bilevel(i, 150) for i in images]
        frames[0].save(path, save_all=True, append_images=frames[1:],
                       compression="group4", dpi=(spec.dpi, spec.dpi))
    elif path.suffix == ".png":
        (image,) = images
        Image.fromarray(image).save(path, dpi=(spec.dpi, spec.dpi))
    else:
        pil = [Image.fromarray(i) for i in images]
        stamp = _fixed_time(b)
        pil[0].save(path, "PDF", save_all=True, append_images=pil[1:],
                    resolution=float(spec.dpi), quality=spec.quality, optimize=True,
                    title=b.title,
                    creator=PDF_CREATOR, producer=PDF_CREATOR,
                    creationDate=stamp, modDate=stamp)


def make_scan(spec: ScanSpec, b: Bulletin, result: RenderResult, text_pdf: Path,
              out: Path) -> list[Path]:
    """Write ``out/scans/<name>`` and its truth; returns the paths written."""
    rng = np.random.default_rng(spec.seed)
    pdf = pdfium.PdfDocument(str(text_pdf))
    path = out / spec.source
    try:
        indices = [p - 1 for p in spec.pages] if spec.pages else list(range(len(pdf)))
        if spec.kind == "fax":
            _save_fax(pdf, indices, spec, path, rng)
        elif spec.kind == "phone":
            _save_photo(pdf, indices, spec, path, rng)
        else:
            images = [_page_image(pdf, i, spec, b, result, rng) for i in indices]
            _save(images, spec, b, path)
    finally:
        pdf.close()
    if spec.pages:
        (page,) = spec.pages
        truth = single_page(b, result, spec.source, page)
    else:
        truth = build_truth(b, result, spec.source)
    return [path, *_write_truth(truth, out, spec.source)]


def _render(pdf: pdfium.PdfDocument, index: int, dpi: int, color: bool) -> np.ndarray:
    bitmap = pdf[index].render(scale=dpi / 72.0, grayscale=not color)
    return np.asarray(bitmap.to_pil().convert("RGB" if color else "L"))


def _save_fax(pdf: pdfium.PdfDocument, indices: list[int], spec: ScanSpec, path: Path,
              rng: np.random.Generator) -> None:
    """Every page through ``fax.transmit``; one multi-page CCITT group 4 TIFF."""
    frames = [fax.transmit(_render(pdf, i, spec.dpi, False), rng,
                           spec.tti.format(page=k + 1, pages=len(indices)))
              for k, i in enumerate(indices)]
    path.parent.mkdir(parents=True, exist_ok=True)
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="group4",
                   dpi=(spec.dpi, spec.dpi))


def _save_photo(pdf: pdfium.PdfDocument, indices: list[int], spec: ScanSpec, path: Path,
                rng: np.random.Generator) -> None:
    """One page photographed (``photo.photograph``), JPEG quality 85, no dpi
    (a phone writes none that means anything)."""
    (index,) = indices
    img = photo.photograph(_render(pdf, index, spec.dpi, True), rng)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(img).save(path, "JPEG", quality=85)


def make_broken_text(b: Bulletin, out: Path) -> list[Path]:
    """Sample 1 with every ``/ToUnicode`` key renamed (same length, so the
    xref offsets stay valid): the glyphs still draw, but text extraction
    yields garbage and the pipeline must fall back to OCR."""
    source = f"scans/{BROKEN_NAME}"
    path = out / source
    path.parent.mkdir(parents=True, exist_ok=True)
    result = render(b, path, page_compression=0)
    data = path.read_bytes()
    if b"/ToUnicode" not in data:
        raise RuntimeError("reportlab wrote no /ToUnicode maps; nothing to break")
    path.write_bytes(data.replace(b"/ToUnicode", b"/ToUnicodX"))
    return [path, *_write_truth(build_truth(b, result, source), out, source)]


def _write_truth(truth: TruthSet, out: Path, source: str) -> list[Path]:
    """Truth folder of a file: ``truth/<source path without extension>``."""
    return truth.write(out / "truth" / Path(source).with_suffix(""))


def build_scans(done: dict[str, tuple[Bulletin, RenderResult]], out: Path) -> list[Path]:
    """All scans, from the text PDFs already written into ``out``."""
    written: list[Path] = []
    for spec in SCANS:
        b, result = done[spec.stem]
        written += make_scan(spec, b, result, out / b.pdf_name, out)
    b, _ = done["wuhai-2021-56"]
    written += make_broken_text(b, out)
    return written


def build_one(src: Path, out: Path, name: str) -> list[Path]:
    """Only the scan ``name`` (plus the text PDF it is made from), for tests."""
    spec = next(s for s in SCANS if s.name == name)
    b = load_bulletin(src / f"{spec.stem}.json")
    out.mkdir(parents=True, exist_ok=True)
    if b.route is Route.REPORTLAB:
        result = render(b, out / b.pdf_name)
    else:  # the committed LibreOffice export
        from .office import result_for

        shutil.copyfile(src.parent / b.pdf_name, out / b.pdf_name)
        result = result_for(b, out / b.pdf_name)
    return make_scan(spec, b, result, out / b.pdf_name, out)
