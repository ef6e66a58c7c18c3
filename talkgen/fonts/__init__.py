"""Fonts: the metric-compatible files talkgen ships, and finding any installed font by family
name or by the characters it must draw (see `talkgen.fonts.lookup`)."""

from talkgen.fonts.lookup import (
    DEFAULT_FALLBACK,
    METRIC_TWINS,
    FontconfigMissing,
    FontFace,
    faces_for,
    fallback_chain,
    family_files,
    find_font,
    font_for,
    is_ignorable,
    metric_twin,
    missing_characters,
    split_by_font,
)

__all__ = [
    "DEFAULT_FALLBACK",
    "METRIC_TWINS",
    "FontFace",
    "FontconfigMissing",
    "fallback_chain",
    "faces_for",
    "family_files",
    "find_font",
    "font_for",
    "is_ignorable",
    "metric_twin",
    "missing_characters",
    "split_by_font",
]
