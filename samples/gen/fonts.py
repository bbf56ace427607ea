"""Fonts from Debian packages, registered with reportlab under stable names.

Only TrueType outlines are used: reportlab embeds them as subsets with a
ToUnicode map, which is what lets pdfplumber read the text back.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# key -> (file, index inside a .ttc collection or None for a plain .ttf)
FONT_FILES: dict[str, tuple[str, int | None]] = {
    "uming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),  # Song/Ming (fonts-arphic-uming)
    "wqy-zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # sans (fonts-wqy-zenhei)
    "ukai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),  # Kai (fonts-arphic-ukai)
    "wqy-microhei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),  # fonts-wqy-microhei
    # fonts-noto-core
    "mongolian": ("/usr/share/fonts/truetype/noto/NotoSansMongolian-Regular.ttf", None),
}


# The family names fontconfig (and so LibreOffice) knows the same files by.
FAMILY: dict[str, str] = {
    "uming": "AR PL UMing CN",
    "wqy-zenhei": "WenQuanYi Zen Hei",
    "ukai": "AR PL UKai CN",
    "wqy-microhei": "WenQuanYi Micro Hei",
    "mongolian": "Noto Sans Mongolian",
}


def register(key: str) -> str:
    """Register the font once and return the reportlab font name to use."""
    name = f"S-{key}"
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    path, index = FONT_FILES[key]
    font = TTFont(name, path) if index is None else TTFont(name, path, subfontIndex=index)
    pdfmetrics.registerFont(font)
    return name


def width(text: str, font: str, size: float) -> float:
    """Advance width of ``text`` in PDF points."""
    return float(pdfmetrics.stringWidth(text, font, size))
