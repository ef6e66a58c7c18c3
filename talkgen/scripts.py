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


def direction(text: str | None) -> Direction | None:
    """The direction of a paragraph from its first strong character (the Unicode Bidirectional
    Algorithm, UAX #9, rule P2): `rtl` for Hebrew, Arabic, Syriac, Thaana ..., `ltr` for Latin,
    CJK, Devanagari ..., None when the text has no strong character (digits, punctuation)."""
    for char in text or "":
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


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
