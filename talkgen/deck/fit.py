"""Making text fit its box: measure it with the font's real metrics, shrink within floors.

PowerPoint's "shrink text on overflow" only acts when PowerPoint itself re-renders a slide, and
LibreOffice, Keynote and Google Slides each do it differently, so the deck sets explicit sizes
that we have measured. Widths come from the font file itself when fontconfig finds it, else from
its metric twin (Carlito has Calibri's advance widths, Liberation Sans has Arial's; talkgen ships
both, so a Calibri or Arial deck gets the same answer on every machine), else from a deliberately
wide stand-in, and the deck warns that fitting is approximate. Line height is the font's Windows
ascent plus descent (what PowerPoint calls single spacing).
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from PIL import ImageFont

from talkgen.fonts import FontconfigMissing, FontFace, fallback_chain, find_font, split_by_font
from talkgen.fonts.lookup import face_at
from talkgen.style import font_file, load_style
from talkgen.words import count_words

# Fonts are loaded at this size and measured in units of it; widths scale with the size.
_UNITS = 1000
# Noto Color Emoji's bitmaps are 109 px; FreeType refuses that font at any other size.
_BITMAP_EMOJI_SIZE = 109
# A little slack for kerning and rounding differences between renderers: a line we measure as
# just fitting must not wrap in LibreOffice or PowerPoint.
_WIDTH_SLACK = 1.03

# Stand-in for a font neither installed nor twinned: Liberation Sans (Arial's widths) made wider
# by WIDE_ESTIMATE, about as wide as Verdana, the widest common UI font (measured here on the
# example's titles: DejaVu Sans, Verdana's relative, is 14% wider than Liberation Sans), so
# that text fitted with the estimate fits in most fonts; the deck says the fit is approximate.
FALLBACK_FAMILY = "Liberation Sans"
WIDE_ESTIMATE = 1.15


@dataclass(frozen=True)
class FontMeasure:
    """A font we can measure: text widths and the height of a line, both per point of size.

    Text the font has no glyphs for (Chinese, Hebrew, Devanagari, emoji in a Calibri deck) is
    measured with the font of the fallback chain that will draw it (docs/fonts.md), as
    PowerPoint and LibreOffice substitute a font for it, so it is measured at its real width
    rather than at the width of a missing-glyph box."""

    family: str
    path: Path
    line_height: float  # in em, single spacing
    exact: bool = True  # False when measured with a stand-in font
    index: int = 0  # the face inside a font collection (.ttc)
    scale: float = 1.0  # widths are multiplied by this (WIDE_ESTIMATE for a stand-in)

    def width(self, text: str) -> float:
        """The advance width of `text` in em (multiply by the size in points for points)."""
        if text.isascii():
            return _width(self.path, self.index, text) * self.scale
        # Text the font has no glyphs for is measured with the face that will draw it.
        own = face_at(self.path, self.index)
        return sum(
            _width(face.path, face.index, run) * (self.scale if face == own else 1.0)
            if face is not None
            else _width(self.path, self.index, run) * self.scale
            for run, face in split_by_font(text, _chain(self.path, self.index))
        )


@cache
def _chain(path: Path, index: int = 0) -> tuple[FontFace, ...]:
    """The fallback chain behind the font file at `path`: that face, then the style's
    fallback families."""
    own = face_at(path, index)
    chain = fallback_chain("Carlito", fallback=load_style().fonts.fallback)
    return ((own,) if own is not None else ()) + tuple(f for f in chain[1:] if f != own)


@lru_cache(maxsize=20000)
def _width(path: Path, index: int, text: str) -> float:
    font, units = _font(path, index)
    return font.getlength(text) / units * _WIDTH_SLACK


@cache
def _font(path: Path, index: int = 0) -> tuple[ImageFont.FreeTypeFont, int]:
    """The font at a size to measure with, and that size: colour bitmap fonts (emoji) load only
    at their bitmap size."""
    try:
        return ImageFont.truetype(str(path), _UNITS, index=index), _UNITS
    except OSError:
        return ImageFont.truetype(str(path), _BITMAP_EMOJI_SIZE, index=index), _BITMAP_EMOJI_SIZE


def _windows_line_height(path: Path, index: int = 0) -> float:
    """(usWinAscent + usWinDescent) / unitsPerEm from the font's OS/2 and head tables."""
    data = path.read_bytes()
    start = 0
    if data[:4] == b"ttcf":  # a collection: the offset of face `index`'s table directory
        start = struct.unpack(">I", data[12 + 4 * index : 16 + 4 * index])[0]
    count = struct.unpack(">H", data[start + 4 : start + 6])[0]
    tables = {}
    for i in range(count):
        entry = start + 12 + 16 * i
        tag, _, offset, _ = struct.unpack(">4sIII", data[entry : entry + 16])
        tables[tag] = offset
    units = struct.unpack(">H", data[tables[b"head"] + 18 : tables[b"head"] + 20])[0]
    os2 = tables[b"OS/2"]
    ascent, descent = struct.unpack(">HH", data[os2 + 74 : os2 + 78])
    return (ascent + descent) / units


@cache
def font_measure(family: str, bold: bool = False, italic: bool = False) -> FontMeasure:
    """The measure for a font family by name: the family's own file when fontconfig finds it
    installed, else its metric twin (Calibri -> Carlito, Arial -> Liberation Sans, Cambria ->
    Caladea, Times New Roman -> Liberation Serif; see `talkgen.fonts.METRIC_TWINS`), else
    Liberation Sans widened by `WIDE_ESTIMATE` and marked inexact."""
    try:
        face = find_font(family, bold, italic)
    except FontconfigMissing:  # no lookup at all: the twins talkgen ships still measure
        try:
            path = font_file(family, bold, italic)
            return FontMeasure(family, path, _windows_line_height(path))
        except KeyError:
            face = None
    if face is not None:
        return FontMeasure(
            family, face.path, _windows_line_height(face.path, face.index), True, face.index
        )
    path = font_file(FALLBACK_FAMILY, bold, italic)
    return FontMeasure(family, path, _windows_line_height(path), False, scale=WIDE_ESTIMATE)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph to fit, and how much of the box's width its indent takes (points)."""

    text: str
    indent: float = 0.0


@dataclass(frozen=True)
class Box:
    """The room for text inside a shape, in points (insets already taken off)."""

    width: float
    height: float


@dataclass(frozen=True)
class Fit:
    """The size chosen for a text, whether it fits there, and if not how many words to cut."""

    size: float
    fits: bool
    words_to_cut: int = 0
    lines: int = 0
    height: float = 0.0  # of the text at `size`, in points


def count_lines(text: str, width: float, size: float, font: FontMeasure) -> int:
    """How many lines `text` wraps to in `width` points at `size` points (greedy, by word, as
    PowerPoint wraps; a word wider than the line breaks across lines)."""
    room = width / size  # in em
    if room <= 0:
        return 10**6
    words = text.split()
    if not words:
        return 1
    lines, line = 1, ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if font.width(candidate) <= room:
            line = candidate
            continue
        if line:
            lines += 1
        overflow = font.width(word) / room
        if overflow > 1:
            lines += math.ceil(overflow) - 1
        line = word
    return lines


def text_height(
    paragraphs: list[Paragraph],
    width: float,
    size: float,
    font: FontMeasure,
    spacing: float = 0.5,
    line_spacing: float = 1.0,
) -> tuple[float, int]:
    """(height in points, number of lines) of the paragraphs at `size`, with `spacing` em of
    space before every paragraph but the first."""
    lines = [count_lines(p.text, width - p.indent, size, font) for p in paragraphs]
    line_height = font.line_height * line_spacing * size
    height = sum(lines) * line_height + spacing * size * max(len(paragraphs) - 1, 0)
    return height, sum(lines)


def fit_text(
    paragraphs: list[Paragraph],
    box: Box,
    font: FontMeasure,
    preferred: float,
    floor: float,
    *,
    spacing: float = 0.5,
    line_spacing: float = 1.0,
    step: float = 1.0,
) -> Fit:
    """The largest size from `preferred` down to `floor` (in `step`s) at which the paragraphs
    fit the box; when none does, the floor and how many words to cut to fit there."""
    size = preferred
    while size >= floor - 1e-9:
        height, lines = text_height(paragraphs, box.width, size, font, spacing, line_spacing)
        if height <= box.height:
            return Fit(size, True, 0, lines, height)
        size = round(size - step, 2)
    height, lines = text_height(paragraphs, box.width, floor, font, spacing, line_spacing)
    cut = words_to_cut(paragraphs, box, font, floor, spacing, line_spacing)
    return Fit(floor, False, cut, lines, height)


def words_to_cut(
    paragraphs: list[Paragraph],
    box: Box,
    font: FontMeasure,
    size: float,
    spacing: float = 0.5,
    line_spacing: float = 1.0,
) -> int:
    """How many words must go (taken from the end) before the paragraphs fit at `size`."""
    words = [p.text.split() for p in paragraphs]
    total = sum(len(w) for w in words)
    for cut in range(1, total + 1):
        kept, left = [], total - cut
        for paragraph, paragraph_words in zip(paragraphs, words, strict=True):
            take = paragraph_words[:left]
            left -= len(take)
            if take:
                kept.append(Paragraph(" ".join(take), paragraph.indent))
        height, _ = text_height(kept, box.width, size, font, spacing, line_spacing)
        if height <= box.height:
            return cut
    return total


def word_count(texts: list[str]) -> int:
    """The number of words in some texts, as an audience would count them."""
    return sum(count_words(text) for text in texts)
