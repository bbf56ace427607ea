"""Names a file system allows, made safe for the places they go: text, JSON paths, terminals.

A POSIX file name is any bytes but `/` and NUL, up to 255 bytes. The run calls a file by its
*source*: its path relative to the folder given, as text, with every byte that is not UTF-8
written `\\xNN` (so it fits JSON, CSV and a cache key; two names that differ only that way
cannot both be sources, discovery skips the later one). Its JSON lies at `json_relative(source)`:
the source's folders and name, each part bounded to 255 bytes (a longer one is cut and ends
in a hash of the whole part), and a folder whose name ends in `.json` or `~` gets one `~`
more, so that `a.pdf`'s `a.pdf.json` can never be a folder `a.pdf.json/` of another input:
distinct sources, distinct files. On a terminal, control characters (ESC, newlines) are
shown escaped: a name cannot move the cursor or fake a line of the report.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata

NAME_MAX = 255  # bytes per path part on Linux, macOS and Windows (as UTF-16 units there)
JSON_SUFFIX = ".json"
_HASH = 16  # hex digits of sha256 ending a part that had to be cut


def source_text(name: str) -> str:
    """`name` (as os.fsdecode gives it: undecodable bytes as lone surrogates) as valid text,
    each such byte written `\\xNN`."""
    if not any("\udc80" <= ch <= "\udcff" for ch in name):
        return name
    raw = os.fsencode(name)
    return raw.decode("utf-8", errors="backslashreplace")


def json_relative(source: str) -> str:
    """The source's JSON path under json/, relative, '/'-separated (see the module doc)."""
    *folders, name = source.split("/")
    parts = [_bounded(_folder(f), 0) for f in folders]
    return "/".join([*parts, _bounded(name, len(JSON_SUFFIX)) + JSON_SUFFIX])


def _folder(name: str) -> str:
    """Folders never end in `.json` once mirrored (files always do); `~` keeps it one-to-one."""
    return name + "~" if name.endswith((JSON_SUFFIX, "~")) else name


def _bounded(part: str, reserve: int) -> str:
    """`part` when it fits NAME_MAX bytes (with `reserve` more to come), else its start cut on a
    character boundary, `~` and a hash of the whole part."""
    if part in ("", ".", ".."):  # cannot come from a real path; kept distinct all the same
        part = part + "~"
    if len(part.encode("utf-8", "surrogatepass")) + reserve <= NAME_MAX:
        return part
    room = NAME_MAX - reserve - 1 - _HASH
    cut = part.encode("utf-8", "surrogatepass")[:room].decode("utf-8", "ignore")
    digest = hashlib.sha256(part.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH]
    return f"{cut}~{digest}"


def shown(text: str) -> str:
    """`text` safe to print on a terminal: control and format characters (ESC, CR, LF, tab,
    bidi overrides) written as escapes, undecodable bytes as `\\xNN`; the rest as is."""
    text = source_text(text)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch.isprintable() or (ch == " "):
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            out.append(ch.encode("unicode_escape").decode("ascii"))
        else:
            out.append(ch)
    return "".join(out)
