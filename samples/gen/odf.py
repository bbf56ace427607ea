"""Small helpers shared by the office-document writers: XML text escaping and
deterministic zip packages (fixed timestamps, fixed member order)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # every member's timestamp: the bytes must not depend on when


def attr(text: str) -> str:
    """Text for an XML attribute value in double quotes."""
    return escape(text, {'"': "&quot;"})


def odf_text(text: str) -> str:
    """Paragraph content for ODF: escaped, runs of spaces kept as ``<text:s/>``
    (ODF collapses plain repeated spaces, as HTML does)."""
    out = []
    for piece in re.split(r"( {2,}|^ )", text):
        if piece and piece.strip(" ") == "":
            out.append(f'<text:s text:c="{len(piece)}"/>')
        else:
            out.append(escape(piece))
    return "".join(out)


def write_zip(path: Path, members: list[tuple[str, bytes]], stored_first: bool) -> None:
    """A zip with every member dated ``ZIP_TIME``; with ``stored_first`` the first
    member is stored uncompressed (the ODF ``mimetype`` rule)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as z:
        for i, (name, data) in enumerate(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = (zipfile.ZIP_STORED if stored_first and i == 0
                                  else zipfile.ZIP_DEFLATED)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix: the same header bytes on every platform
            z.writestr(info, data, compresslevel=6 if info.compress_type else None)
