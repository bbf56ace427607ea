"""The office routes: write the ODT/XLSX, have LibreOffice convert it to PDF,
make the PDF's bytes reproducible, and check it against the source.

LibreOffice stamps every export with the time (``/CreationDate``) and a random
``/ID`` and ``/DocChecksum``, and writes its embedded fonts in an order that
depends on where they sit in memory (so the object numbers change from one
process to the next); everything else is a function of the input file, the
LibreOffice version and the fonts. ``canonical_pdf`` renumbers the objects in
the order a walk from the trailer meets them, and ``normalise_pdf`` replaces the
date, ID and checksum with values derived from the document, which makes
repeated conversions byte-identical.

Pagination is LibreOffice's: the source declares where each table's pages
break (``RankingTable.pages``), the truth is built from that declaration, and
``check_pages`` reads the converted PDF back to make sure it holds — a failure
names the declaration that would.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pdfplumber

from .model import Bulletin, RankingTable, Route
from .pages import Box
from .render import RenderResult


class OfficeError(RuntimeError):
    """LibreOffice failed, or its PDF does not match the declared layout."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_version() -> str | None:
    """e.g. ``7.4.7.2``; None without LibreOffice."""
    exe = soffice()
    if exe is None:
        return None
    out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=120,
                         check=False).stdout
    m = re.search(r"LibreOffice (\d+(?:\.\d+)+)", out)
    return m.group(1) if m else None


def normalise_pdf(data: bytes, iso_date: str) -> bytes:
    """Fixed creation date (the document's date) and an ID and checksum that are
    digests of the content instead of random."""
    stamp = "D:" + iso_date.replace("-", "") + "090000"

    def date(m: re.Match[bytes]) -> bytes:
        old = m.group(1)
        new = (stamp + "Z'").encode()
        if len(new) != len(old):  # keep the length: the xref offsets must not move
            new = (stamp.encode() + b"+00'00'")[: len(old)].ljust(len(old), b"0")
        return b"(" + new + b")"

    data = re.sub(rb"\((D:\d{14}[^)]*)\)", date, data)
    ids = re.search(rb"/ID \[ <([0-9A-F]+)>\s*<([0-9A-F]+)> \]", data)
    blank = data
    if ids:
        blank = data.replace(ids.group(1), b"0" * len(ids.group(1)))
    check = re.search(rb"/DocChecksum /([0-9A-F]+)", blank)
    if check:
        blank = blank.replace(check.group(1), b"0" * len(check.group(1)))
    digest = hashlib.md5(blank).hexdigest().upper().encode()
    out = _put_ids(blank, digest) if ids else blank
    if check:
        out = re.sub(rb"/DocChecksum /0+", b"/DocChecksum /" + digest, out)
    return out


_REF = re.compile(rb"(?<![0-9])([0-9]+) 0 R(?![A-Za-z0-9])")


def _objects(data: bytes) -> tuple[int, dict[int, bytes], bytes]:
    """(offset of the first object, object number -> its bytes after ``N 0 obj``,
    trailer dictionary) of a PDF with one classic xref table (LibreOffice's)."""
    start = int(re.findall(rb"startxref\s+([0-9]+)", data)[-1])
    m = re.match(rb"xref\s+0 ([0-9]+)\s+", data[start:])
    if m is None or data.count(b"startxref") != 1:
        raise OfficeError("not a single-xref PDF: cannot canonicalise")
    entries = data[start + m.end():]
    offsets = {}
    for num in range(int(m.group(1))):
        line = entries[num * 20:num * 20 + 20]
        if line[17:18] == b"n":
            offsets[num] = int(line[:10])
    ordered = sorted(offsets.items(), key=lambda kv: kv[1])
    bodies = {}
    for i, (num, off) in enumerate(ordered):
        end = ordered[i + 1][1] if i + 1 < len(ordered) else start
        chunk = data[off:end]
        head = f"{num} 0 obj\n".encode()
        if not chunk.startswith(head):
            raise OfficeError(f"object {num} not where the xref says")
        bodies[num] = chunk[len(head):]
    trailer = data[data.rindex(b"trailer", start):data.rindex(b"startxref")]
    return ordered[0][1], bodies, trailer


def _split_stream(body: bytes) -> tuple[bytes, bytes, bytes]:
    """(dictionary text, raw stream data, text after it); references are only
    ever rewritten in the text parts."""
    at = body.find(b">>\nstream\n")
    if not body.startswith(b"<<") or at < 0:
        return body, b"", b""
    end = body.rindex(b"\nendstream")
    cut = at + len(b">>\nstream\n")
    return body[:cut], body[cut:end], body[end:]


def canonical_pdf(data: bytes) -> bytes:
    """The same PDF with its objects numbered and written in the order a
    depth-first walk from the trailer (/Root, then /Info) meets them, each
    object's references in the order they are written."""
    first, bodies, trailer = _objects(data)
    parts = {n: _split_stream(b) for n, b in bodies.items()}
    order: list[int] = []
    seen: set[int] = set()

    def visit(num: int) -> None:
        stack = [num]
        while stack:
            n = stack.pop()
            if n in seen or n not in parts:
                continue
            seen.add(n)
            order.append(n)
            text, _, tail = parts[n]
            refs = [int(r) for r in _REF.findall(text + tail)]
            stack.extend(reversed(refs))

    for ref in _REF.findall(trailer):
        visit(int(ref))
    order += [n for n in sorted(bodies) if n not in seen]
    new = {old: i + 1 for i, old in enumerate(order)}

    def renumber(text: bytes) -> bytes:
        return _REF.sub(lambda m: f"{new[int(m.group(1))]} 0 R".encode(), text)

    out = bytearray(data[:first])
    offsets = []
    for old in order:
        text, stream, tail = parts[old]
        offsets.append(len(out))
        out += f"{new[old]} 0 obj\n".encode() + renumber(text) + stream + renumber(tail)
    xref = len(out)
    out += f"xref\n0 {len(order) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    trailer = re.sub(rb"/Size [0-9]+", f"/Size {len(order) + 1}".encode(), renumber(trailer))
    out += trailer + f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _put_ids(data: bytes, digest: bytes) -> bytes:
    return re.sub(rb"/ID \[ <0+>\s*<0+> \]",
                  b"/ID [ <" + digest + b">\n<" + digest + b"> ]", data)


def convert(src: Path, pdf: Path, iso_date: str) -> None:
    """``src`` (.odt, .xlsx ...) to ``pdf`` with LibreOffice in a throw-away profile."""
    exe = soffice()
    if exe is None:
        raise OfficeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="samples-lo-") as tmp:
        tmpdir = Path(tmp)
        env = dict(os.environ, TZ="UTC", SAL_USE_VCLPLUGIN="svp")
        cmd = [exe, f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir",
               str(tmpdir), str(src)]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env,
                             check=False)
        made = tmpdir / (src.stem + ".pdf")
        if run.returncode != 0 or not made.exists():
            raise OfficeError(f"soffice failed on {src.name}: {run.stdout} {run.stderr}")
        data = made.read_bytes()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(normalise_pdf(canonical_pdf(data), iso_date))


# -- reading the converted PDF back -----------------------------------------------------------

def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page_texts(pdf_path: Path) -> list[str]:
    with pdfplumber.open(pdf_path) as pdf:
        return [_compact(p.extract_text() or "") for p in pdf.pages]


def _find_pages(table: RankingTable, texts: list[str], start_page: int) -> list[int] | None:
    """1-based page of each community, searching forward in reading order."""
    page, cursor = start_page, 0
    found: list[int] = []
    for d in table.districts:
        for c in d.communities():
            name = _compact(c.name)
            while page <= len(texts):
                at = texts[page - 1].find(name, cursor)
                if at >= 0:
                    cursor = at + len(name)
                    found.append(page)
                    break
                page, cursor = page + 1, 0
            else:
                return None
    return found


def declared_pages(table: RankingTable) -> tuple[int, ...]:
    """Page of each community (reading order) as the source declares it."""
    assert table.pages is not None
    n = sum(len(d.communities()) for d in table.districts)
    pages, page, breaks = [], table.pages.first, set(table.pages.breaks)
    for i in range(n):
        if i in breaks:
            page += 1
        pages.append(page)
    return tuple(pages)


def check_pages(b: Bulletin, pdf_path: Path) -> None:
    """Every community appears, in order, on the page its table declares, and
    every district and total figure is printed as the source has it (a
    spreadsheet's number format could print it otherwise)."""
    texts = _page_texts(pdf_path)
    problems = []
    for ti, t in enumerate(b.tables):
        pages = declared_pages(t)
        printed = "".join(texts[pages[0] - 1:pages[-1]])
        for values in [*(d.values for d in t.districts), t.total.values]:
            missing = [v for v in values.values() if _compact(v) not in printed]
            if missing:
                problems.append(f"table {ti}: figures not printed as given: {missing}")
        want = list(declared_pages(t))
        got = _find_pages(t, texts, want[0])
        if got != want:
            suggestion = ""
            got = _find_pages(t, texts, 1)
            if got:
                breaks = [i for i in range(1, len(got)) if got[i] != got[i - 1]]
                suggestion = f'; the PDF has "pages": {{"first": {got[0]}, "breaks": {breaks}}}'
            problems.append(f"table {ti}: declared pages do not match{suggestion}")
    if problems:
        raise OfficeError(f"{pdf_path.name}: " + "; ".join(problems))


def find_box(pdf_path: Path, needle: str, last: bool = False) -> Box | None:
    """Box (PDF points, origin bottom-left) of the first (or last) occurrence of
    ``needle`` on any page, spaces ignored."""
    target = _compact(needle)
    hits: list[Box] = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            chars = [c for c in page.chars if c["text"].strip()]
            text = "".join(c["text"] for c in chars)
            at = text.find(target)
            while at >= 0:
                run = chars[at:at + len(target)]
                h = float(page.height)
                hits.append(Box(number, min(c["x0"] for c in run),
                                h - max(c["bottom"] for c in run),
                                max(c["x1"] for c in run), h - min(c["top"] for c in run)))
                at = text.find(target, at + 1)
    if not hits:
        return None
    return hits[-1] if last else hits[0]


def _table_box(pdf_path: Path, page: int) -> Box:
    """The ruled area of a page: the union of its drawn lines and rectangles."""
    with pdfplumber.open(pdf_path) as pdf:
        p = pdf.pages[page - 1]
        objs = p.lines + p.rects
        h = float(p.height)
        if not objs:
            return Box(page, 0, 0, float(p.width), h)
        return Box(page, min(o["x0"] for o in objs), h - max(o["bottom"] for o in objs),
                   max(o["x1"] for o in objs), h - min(o["top"] for o in objs))


def result_for(b: Bulletin, pdf_path: Path) -> RenderResult:
    """What the reportlab route's ``render`` reports, read from a converted PDF."""
    with pdfplumber.open(pdf_path) as pdf:
        n_pages = len(pdf.pages)
    community_pages = tuple(declared_pages(t) for t in b.tables)
    table_pages = tuple(tuple(range(p[0], p[-1] + 1)) for p in community_pages)
    anchors: dict[str, Box] = {}
    for ti, pages in enumerate(table_pages):
        for k, page in enumerate(pages):
            anchors[f"table{ti}.{k}"] = _table_box(pdf_path, page)
    if b.signature is not None:
        box = find_box(pdf_path, b.signature.date_text)
        if box is not None:
            anchors["signature_date"] = box
    date = find_box(pdf_path, b.issue_date_text, last=True) if b.issue_date_text else None
    if date is not None:
        anchors["issue_date"] = date
    elif "signature_date" in anchors:
        anchors["issue_date"] = anchors["signature_date"]
    return RenderResult(n_pages, community_pages, table_pages, anchors)


def write_source(b: Bulletin, path: Path) -> None:
    if b.route is Route.ODT:
        from .odt import write_odt

        write_odt(b, path)
    elif b.route is Route.XLSX:
        from .xlsx import write_xlsx

        write_xlsx(b, path)
    else:
        raise ValueError(f"{b.stem}: not an office route")


def build_pdf(b: Bulletin, out: Path, committed: Path, run_soffice: bool) -> bool:
    """Write the office source ``out/office/<stem>.<ext>`` and, with ``convert``,
    the PDF LibreOffice makes of it (``run_soffice``); otherwise the committed PDF is used (copied
    into ``out`` if need be, and said so). Either way the PDF is checked against
    the declared pages. Returns whether the PDF was converted."""
    source = out / b.office_name
    write_source(b, source)
    pdf = out / b.pdf_name
    if run_soffice:
        convert(source, pdf, b.issue_date or b.tables[0].fill_date)
    else:
        if committed.resolve() != pdf.resolve():
            shutil.copyfile(committed, pdf)
        print(f"{b.pdf_name}: the committed LibreOffice export, not converted again",
              file=sys.stderr)
    check_pages(b, pdf)
    return run_soffice
