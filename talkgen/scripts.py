"""Facts about the writing system of a text: its direction, and whether it spaces its words.

Pure functions over strings, shared by the deck (right-to-left paragraphs), the handout (the
direction of a quote) and timing (scripts written without spaces between words).
"""

from __future__ import annotations

import unicodedata
from typing import Literal

Direction = Literal["ltr", "rtl"]

# Right-to-left languages (CLDR's character order "right-to-left"; primary subtags).
_RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "syr", "ug",
                  "ur", "yi"}  # fmt: skip


# Unicode's directional isolates (UAX #9): FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE.
FSI, PDI = "\u2068", "\u2069"
_ISOLATE_STARTS = {"\u2066", "\u2067", FSI}  # LRI, RLI, FSI
# Bidi classes that reorder the text around them: right-to-left letters, Arabic digits, and the
# explicit embeddings, overrides and isolates (whose effect must stay inside the label).
_REORDERING = {"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}


def direction(text: str | None) -> Direction | None:
    """The direction of a paragraph from its first strong character (the Unicode Bidirectional
    Algorithm, UAX #9, rule P2, which skips text inside isolates): `rtl` for Hebrew, Arabic,
    Syriac, Thaana ..., `ltr` for Latin, CJK, Devanagari ..., None when the text has no strong
    character (digits, punctuation)."""
    depth = 0
    for char in text or "":
        if char in _ISOLATE_STARTS:
            depth += 1
        elif char == PDI:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return "ltr"
            if kind in ("R", "AL"):
                return "rtl"
    return None


def isolate(label: str) -> str:
    """A user-written label ready to put inside a generated sentence, as plain text: wrapped in
    FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE (U+2068, U+2069) when it holds anything that
    reorders text (right-to-left letters, Arabic digits, explicit direction marks), so that
    "العلاقات: 12 of 14" keeps "12 of 14" in the sentence's order and an Arabic label at the start
    does not turn an English sentence right to left. Other labels come back as they are (the
    marks would change nothing). HTML writers may use `<bdi>` instead."""
    if any(unicodedata.bidirectional(char) in _REORDERING for char in label):
        return f"{FSI}{label}{PDI}"
    return label


def is_rtl(text: str | None, language: str | None = None) -> bool:
    """Whether a paragraph reads right to left: by its first strong character, or, when it has
    none, by its language (a BCP 47 tag such as `he` or `ar-EG`)."""
    found = direction(text)
    if found is not None:
        return found == "rtl"
    return language_direction(language) == "rtl"


def language_direction(language: str | None) -> Direction:
    """The direction a language is written in (`he` -> rtl, `en-NZ` -> ltr)."""
    primary = (language or "").lower().replace("_", "-").split("-")[0]
    return "rtl" if primary in _RTL_LANGUAGES else "ltr"
