"""Text as it goes into a spreadsheet cell (CSV or xlsx): never a formula, never a control byte.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is taken for a formula
by Excel, LibreOffice and Google Sheets when a CSV is opened (`=HYPERLINK(...)`,
`+cmd|' /C calc'!A0`): such text gets a leading `'` as OWASP's CSV-injection advice says, and
a spreadsheet shows it as the text it is. A number stays a number (`-12.5`, `+3`, `-1e3`).
Control characters other than tab, newline and CR (a NUL, an ESC from a damaged text layer or
a file name) cannot be stored in xlsx and break CSV readers; each is written as its escape
(`\\x00`). The raw text is kept, unchanged, in the per-document JSON.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def cell_text(text: str) -> str:
    """`text` safe for a spreadsheet cell (see the module doc); most text comes back as is."""
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
