"""OUT/review.html: one self-contained page (images inline, no network, no server) to go through
every review item and finding, and save the decisions as a corrections CSV.

Each entry shows the cell cut from the page image, the page thumbnail with the cell outlined, the
value as read, its confidence and the registry's candidates; the person accepts the reading, picks
a candidate or types a value, and "Save corrections" downloads `corrections.csv` (the format of
corrections.py, one row per cell a decision covers). The page images are rendered now from the
input files (the folders or files given to `bulletin extract`, found the same way), in the frame
the boxes describe.
"""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import numpy as np
from PIL import Image

from bulletin.extract.scan.raster import Raster
from bulletin.pageimage import upright_page
from bulletin.review.corrections import COLUMNS
from bulletin.review.entries import Entry, entries
from bulletin.run.discovery import discover
from bulletin.schemas.document import Document, PageInfo
from bulletin.schemas.errors import BulletinError
from bulletin.schemas.geometry import Box
from bulletin.schemas.settings import Settings

FILE_NAME = "review.html"
THUMB_WIDTH = 300  # pixels of a page thumbnail
CROP_MARGIN = 4.0  # points of page around a cut cell

PageKey = tuple[str, int]


def review_html(
    out: Path, docs: list[Document], inputs: list[Path], settings: Settings, dpi: float
) -> tuple[bytes, int]:
    """The page's bytes and how many entries it lists."""
    items = entries(docs)
    files, _ = discover(inputs, exclude=[out])
    paths = {f.source: f.path for f in files}
    pages = {(d.source, p.number): p for d in docs for p in d.pages}
    images, problems = _page_images(items, pages, paths, settings, dpi)
    body = "\n".join(_card(i, e, images, pages) for i, e in enumerate(items))
    missing = [f"{m} was not found under --inputs"
               for m in sorted({e.source for e in items if e.source not in paths})] + problems
    text = _TEMPLATE.format(
        style=_asset("review.css") + _thumb_styles(images),
        script=_asset("review.js"),
        columns=html.escape(json.dumps(list(COLUMNS))),
        title=html.escape(f"Review: {out.name or out}"),
        summary=html.escape(_summary(items)),
        missing="".join(f"<p class='warn'>page images unavailable: {html.escape(m)}</p>"
                        for m in missing),  # fmt: skip
        cards=body or "<p>Nothing to review: no review items and no findings.</p>",
    )
    return text.encode("utf-8"), len(items)


def _summary(items: list[Entry]) -> str:
    reviews = sum(1 for e in items if e.category == "review")
    return f"{reviews} review items and {len(items) - reviews} findings"


def _page_images(
    items: Iterable[Entry], pages: dict[PageKey, PageInfo], paths: dict[str, Path],
    settings: Settings, dpi: float,
) -> tuple[dict[PageKey, Raster], list[str]]:
    """Each page that an entry shows, rendered once, and why any could not be (the file changed
    or went bad since the run: its entries are still listed, without images)."""
    wanted = sorted({(e.source, e.page) for e in items if e.page is not None and e.box})
    images, problems = {}, []
    for source, number in wanted:
        page = pages.get((source, number))
        if page is None or source not in paths:
            continue
        try:
            images[(source, number)] = upright_page(paths[source], page, dpi, settings)
        except BulletinError as exc:
            problems.append(str(exc.located(file=source, page=number)))
    return images, problems


def _card(index: int, entry: Entry, images: dict[PageKey, Raster], pages: dict) -> str:
    key = (entry.source, entry.page or 0)
    raster = images.get(key)
    figures = ""
    if raster is not None and entry.box is not None:
        page = pages[key]
        figures = _crop_figure(raster, entry.box) + _thumb_figure(key, images, page, entry.box)
    rows = [("as read", entry.read), ("in the outputs", entry.value)]
    if entry.expected:
        rows.append(("expected", entry.expected))
    if entry.confidence is not None:
        rows.append(("confidence", f"{entry.confidence:.2f}"))
    facts = "".join(f"<dt>{html.escape(k)}</dt><dd class='{k.replace(' ', '-')}'>"
                    f"{html.escape(v)}</dd>" for k, v in rows)  # fmt: skip
    targets = [t.row("") for t in entry.targets]
    return _CARD.format(
        index=index,
        key=html.escape("|".join((entry.source, entry.kind, entry.field or "", entry.location,
                                  entry.read)), quote=True),
        category=entry.category,
        severity=html.escape(entry.severity),
        kind=html.escape(entry.kind),
        field=html.escape(entry.field or ""),
        location=html.escape(entry.location),
        reason=html.escape(entry.reason),
        read=html.escape(entry.read, quote=True),
        targets=html.escape(json.dumps(targets, ensure_ascii=False), quote=True),
        figures=figures,
        facts=facts,
        decide=_decide(entry) if targets else
        "<p class='nocell'>No cell to correct here: read it, then fix the cause.</p>",
    )


def _decide(entry: Entry) -> str:
    candidates = "".join(
        f"<button type='button' class='candidate' data-value='{html.escape(c, quote=True)}'>"
        f"{html.escape(c)}</button>" for c in entry.candidates
    )
    if candidates:
        candidates = f"<div class='candidates'><span>candidates:</span>{candidates}</div>"
    return (
        "<div class='decide'>"
        "<button type='button' class='accept'>Accept the reading</button>"
        "<input type='text' class='typed' placeholder='or type the value' "
        f"aria-label='value'>{candidates}<span class='status'></span></div>"
    )


def _crop_figure(raster: Raster, box: Box) -> str:
    x0, y0, x1, y1 = _clip(raster, box, CROP_MARGIN)
    crop = raster.pixels[y0:y1, x0:x1]
    return f"<figure class='crop'><img alt='the cell' src='{_data_uri(crop, 'PNG')}'></figure>"


def _thumb_figure(key: PageKey, images: dict[PageKey, Raster], page: PageInfo, box: Box) -> str:
    left, top = 100 * box.x0 / page.width, 100 * box.top / page.height
    width, height = 100 * box.width / page.width, 100 * box.height / page.height
    ratio = f"{page.width:.2f} / {page.height:.2f}"
    return (
        f"<figure class='thumb'><div class='page pg-{_page_class(key, images)}' "
        f"style='aspect-ratio: {ratio}'><div class='outline' style='left:{left:.2f}%;"
        f"top:{top:.2f}%;width:{width:.2f}%;height:{height:.2f}%'></div></div></figure>"
    )


def _page_class(key: PageKey, images: dict[PageKey, Raster]) -> int:
    return sorted(images).index(key)


def _thumb_styles(images: dict[PageKey, Raster]) -> str:
    """One background per page, included once however many entries outline a cell on it."""
    rules = []
    for i, key in enumerate(sorted(images)):
        pixels = images[key].pixels
        scale = THUMB_WIDTH / pixels.shape[1]
        small = Image.fromarray(pixels).resize(
            (THUMB_WIDTH, max(1, round(pixels.shape[0] * scale))), Image.Resampling.LANCZOS
        )
        uri = _data_uri(np.asarray(small), "JPEG")
        rules.append(f".pg-{i} {{ background-image: url({uri}); }}")
    return "\n".join(rules)


def _clip(raster: Raster, box: Box, margin: float) -> tuple[int, int, int, int]:
    grown = Box.of(box.x0 - margin, box.top - margin, box.x1 + margin, box.bottom + margin)
    x0, y0, x1, y1 = grown.to_pixels(raster.dpi)
    h, w = raster.pixels.shape[:2]
    return max(0, x0), max(0, y0), min(w, max(x1, x0 + 1)), min(h, max(y1, y0 + 1))


def _data_uri(pixels: np.ndarray, kind: str) -> str:
    buf = io.BytesIO()
    options = {"quality": 80} if kind == "JPEG" else {"optimize": True}
    Image.fromarray(pixels).save(buf, kind, **options)
    mime = "image/jpeg" if kind == "JPEG" else "image/png"
    return f"data:{mime};base64,{base64.b64encode(buf.getvalue()).decode('ascii')}"


def _asset(name: str) -> str:
    return resources.files("bulletin.review").joinpath(name).read_text(encoding="utf-8")


_CARD = """<article class="entry {category}" data-index="{index}" data-key="{key}" \
data-read="{read}" data-targets="{targets}">
<header><span class="badge {severity}">{severity}</span> <span class="kind">{kind}</span> \
<span class="field">{field}</span><span class="where">{location}</span></header>
<div class="body"><div class="figures">{figures}</div>
<div class="text"><p class="reason">{reason}</p><dl>{facts}</dl>{decide}</div></div>
</article>"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; \
style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>{title}</title><style>{style}</style></head>
<body data-columns="{columns}">
<header class="top"><h1>{title}</h1><p>{summary}. Accept a reading, pick a candidate or type the
value; then <b>Save corrections</b> and give the file to
<code>bulletin extract ... --corrections corrections.csv</code>.</p>{missing}
<p class="actions"><button type="button" id="save">Save corrections</button>
<span id="count">0 decisions</span></p></header>
<main>{cards}</main>
<footer><textarea id="csv" readonly rows="6" aria-label="corrections CSV"></textarea></footer>
<script>{script}</script>
</body></html>
"""
