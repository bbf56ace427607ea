"""A page whose only unsound text is Mongolian in a legacy private-use font (Menksoft) keeps
its Chinese text layer: the Mongolian becomes script regions, nothing is sent to OCR.

The page (tests/real/eac_attachment01_p17.pdf, a real standard's table) was checked by eye:
one 14 x 14 ruled table, Mongolian glyphs in every row, the labels 词中, 词末, UE 1826,
EE 1827, Def and FVS1-3.
"""

from __future__ import annotations

from pathlib import Path

from bulletin.extract.file import extract_document
from bulletin.extract.textlayer.mongolian import legacy_script
from bulletin.schemas.settings import Settings
from bulletin.schemas.text import is_mongolian

PAGE = Path(__file__).resolve().parents[2] / "real" / "eac_attachment01_p17.pdf"


def _private_use(text: str) -> bool:
    return any(0xE000 <= ord(c) <= 0xF8FF for c in text)


def test_menksoft_codes_become_regions_and_the_text_layer_is_kept() -> None:
    (page,) = extract_document(PAGE, PAGE.name, Settings()).pages
    assert page.text_source.value == "text_layer"
    assert not page.warnings
    (grid,) = page.grids
    assert (grid.n_rows, grid.n_cols) == (14, 14)
    texts = [c.text for c in grid.cells]
    assert {"词中", "词末", "UE 1826", "EE 1827", "Def", "FVS1", "FVS2", "FVS3"} <= set(texts)
    assert not any(_private_use(t) for t in texts + [line.text for line in page.lines])
    assert len(page.script_regions) >= 12  # a region per row of glyphs
    assert {r.script for r in page.script_regions} == {"mongolian"}
    assert all(grid.box.contains_point(*r.box.center) for r in page.script_regions)


def test_only_private_use_codes_of_a_listed_font_are_a_script() -> None:
    menksoft = "ABCDEE+MongolQaganMenkCode"
    assert legacy_script({"text": "\ue26f", "fontname": menksoft}) == "mongolian"
    assert legacy_script({"text": "\ue26f", "fontname": "Wingdings-Regular"}) is None
    assert legacy_script({"text": "词", "fontname": menksoft}) is None
    assert not is_mongolian("\ue26f")  # Unicode Mongolian is told apart by its code points
