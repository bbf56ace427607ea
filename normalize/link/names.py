"""Name normalisation and OCR-confusion folding for matching places against the registry.

Two forms of every name are compared:

* `normalize_name` is the text a person would call "the same name": NFKC (full-width letters,
  digits and brackets become half-width), no whitespace or quote marks, no stray punctuation at
  the ends, one bracket style, upper-case Latin, and traditional characters turned simplified
  when the registry is simplified.
* `fold_confusables` additionally maps characters that OCR engines mistake for one another
  (乌/鸟, 楼/搂, 己/已 ...) onto one representative, so that a misread character costs less than
  a genuinely different one (滨河 vs 滨海 are not confusable and keep their full cost).
"""

from __future__ import annotations

import re
import unicodedata

import zhconv

# Opening and closing bracket variants seen in bulletins; all become ASCII parentheses.
_BRACKETS = str.maketrans({
    "〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")", "〖": "(", "〗": ")",
    "{": "(", "}": ")", "〈": "(", "〉": ")", "《": "(", "》": ")", "⦅": "(", "⦆": ")",
})
_SPACE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
# Quote marks never belong to a place name; OCR reads specks and seal edges as them.
_QUOTES = re.compile("[\"'`“”‘’„‟«»]+")
# Punctuation OCR leaves at the ends of a cell (`幸福B区.`, `*尚海渊`); inner ones are kept.
_EDGE_PUNCT = ".,:;!?*_~|^·。，、：；！？…-—"

# Groups of characters that OCR (tesseract chi_sim, rapidocr) confuses on printed bulletins.
# The first character of a group is its representative. A character belongs to one group only
# (tests/normalize/test_matching.py checks this).
CONFUSABLE_GROUPS: tuple[str, ...] = (
    "乌鸟马", "己已巳", "土士", "未末", "日曰旧阳", "人入八", "大犬太", "天夭", "刀力", "王玉主",
    "木本术", "干千于", "戊戌戍", "侯候", "折析", "拔拨", "免兔", "楼搂偻", "区匹医", "街衔告",
    "园圆", "苑宛", "村材", "城域", "海诲", "民氏", "粮粱", "税锐", "检捡俭", "厂广",
    "口囗□", "凤风", "师帅", "泰秦奏", "龙尤", "金全", "住往", "宅宇", "贸资", "规现",
    "关美", "和利",
    "O0〇○", "1I|丨", "2Z", "5S", "8B", "-一—–－",
)
_FOLD = str.maketrans({ch: group[0] for group in CONFUSABLE_GROUPS for ch in group[1:]})


def normalize_name(text: str, *, simplified: bool = True) -> str:
    """The comparison form of a name; `simplified` turns traditional characters simplified.

    `zh-hans` (script only) is used rather than `zh-cn`, which would also swap regional words.
    """
    s = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    s = _QUOTES.sub("", _SPACE.sub("", s)).strip(_EDGE_PUNCT).upper()
    if simplified:
        s = zhconv.convert(s, "zh-hans")
    return unicodedata.normalize("NFKC", s)  # again: upper-casing may denormalise (ç -> Ç)


def fold_confusables(normalized: str) -> str:
    """Map OCR-confusable characters of an already normalised name onto one representative."""
    return normalized.translate(_FOLD)


def is_simplified(text: str) -> bool:
    """True when converting to simplified script leaves the text unchanged."""
    return zhconv.convert(text, "zh-hans") == text
