"""Chart text as Typst can draw it from an SVG in a PDF/UA-1 handout.

Typst reads an SVG's text with usvg (resvg's parser) and writes it into the PDF with svg2pdf.
Its limits (Typst 0.15, usvg 0.47), found by typesetting chart labels with PDF/UA-1 export and
looking at the pages:

- **Font fallback.** usvg shapes a text with the first installed font of its `font-family` list
  and, for characters that font lacks, shapes the whole text again with the next font, taking
  its glyphs only when it gives as many glyphs as the first. Arabic letters join (lam + alef is
  one glyph), so a label mixing Arabic with a character the Arabic font lacks ("…", added when a
  label is shortened) kept Carlito's empty boxes: "the text "ن" could not be displayed with font
  Carlito". `pinned_svg` cuts every text into runs by the font that draws them
  (`talkgen.fonts.split_by_font`, the choice made everywhere else) and names that family on a
  `<tspan>` of its own, so usvg never falls back.
- **Several glyphs per character.** svg2pdf gives each glyph the text of its cluster; a grapheme
  cluster drawn as several glyphs (a letter with a vowel sign or mark: Devanagari, Bengali, Thai,
  Arabic harakat, Hebrew points) leaves glyphs without text, which PDF/UA-1 refuses ("the PDF
  contains text with missing codepoints"); usvg also overlaps Devanagari syllables.
- **Right-to-left lines.** A label wrapped onto two lines is two positioned `<tspan>`s; usvg
  reorders right-to-left text across them, drawing both lines over each other.
- **Colour emoji** have no outlines (and a joined emoji sequence crashes usvg's layout).

`typst_draws(text)` says whether a text avoids the last three; a chart with any text that does
not is exported once more as a PNG at the handout's size (`<id>-page.png`, drawn by Chrome like
the SVG), which the handout shows instead, its words in the figure's alt text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, register_namespace, tostring

import regex
from defusedxml import ElementTree

from talkgen.fonts import FontFace, find_font, is_ignorable, split_by_font

SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
_GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}
_FAMILY = re.compile(r"font-family\s*:\s*([^;]+)")
_CLUSTER = regex.compile(r"\X")
_RTL = {"R", "AL"}
# Drawn by the colour emoji font: emoji presentation, a variation selector 16, a flag.
_EMOJI = regex.compile(r"\p{Emoji_Presentation}|\uFE0F|\p{Regional_Indicator}")


@dataclass
class PinnedSvg:
    """A chart SVG ready for Typst.

    `svg` is the rewritten file (UTF-8 bytes); `texts` the text of every `<text>` element;
    `faces` the faces its runs name (Typst must be given their files); `picture` is True when
    some text is one Typst cannot draw (`typst_draws`), so the handout shows a PNG instead."""

    svg: bytes
    texts: list[str] = field(default_factory=list)
    faces: list[FontFace] = field(default_factory=list)
    picture: bool = False


def pinned_svg(data: bytes) -> PinnedSvg:
    """`data` (an SVG file's bytes) with each run of every `<text>` in a `<tspan>` naming the
    family that draws it, chosen from the element's own `font-family` list (installed families
    in order, then any installed font that covers the text). An SVG that does not parse is
    returned unchanged with no texts."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return PinnedSvg(data)
    pinned = PinnedSvg(data)
    faces: dict[FontFace, None] = {}
    changed = False
    for text in root.iter(f"{{{SVG_NS}}}text"):
        pinned.texts.append("".join(text.itertext()))
        chain = _chain(text.get("style", ""))
        runs = [run for piece in text.itertext() for run in split_by_font(piece, chain)]
        faces.update((face, None) for _, face in runs if face is not None)
        pinned.picture = pinned.picture or not typst_draws(pinned.texts[-1])
        if any(face is not None and face != chain[0] for _, face in runs if chain):
            _pin(text, chain)
            changed = True
    pinned.faces = list(faces)
    if changed:
        register_namespace("", SVG_NS)
        register_namespace("xlink", _XLINK_NS)
        pinned.svg = tostring(root, encoding="utf-8", xml_declaration=False)
    return pinned


def _chain(style: str) -> tuple[FontFace, ...]:
    """The installed faces of a CSS `font-family` list, in order (generic names skipped)."""
    match = _FAMILY.search(style)
    names = [name.strip().strip("'\"") for name in match.group(1).split(",")] if match else []
    chain: list[FontFace] = []
    for name in names:
        face = find_font(name) if name and name.lower() not in _GENERIC else None
        if face is not None and face not in chain:
            chain.append(face)
    return tuple(chain)


def _pin(element: Element, chain: tuple[FontFace, ...]) -> None:
    """Replace the text and tails inside `element` with one `<tspan>` per run of one font."""
    children: list[Element] = [*_runs(element.text, chain)]
    element.text = None
    for child in list(element):
        _pin(child, chain)
        tail, child.tail = child.tail, None
        children += [child, *_runs(tail, chain)]
    element[:] = children


def _runs(text: str | None, chain: tuple[FontFace, ...]) -> list[Element]:
    spans = []
    for words, face in split_by_font(text or "", chain):
        span = Element(f"{{{SVG_NS}}}tspan")
        if face is not None:
            span.set("style", f"font-family: '{face.family}'")
        span.text = words
        spans.append(span)
    return spans


def typst_draws(text: str) -> bool:
    """Whether Typst draws `text` right from an SVG and can tag it in a PDF/UA-1 file: no
    right-to-left character (a wrapped label's lines would be drawn over each other), no
    grapheme cluster (after NFC composition) of more than one visible code point (a letter with
    a mark or vowel sign), no colour emoji."""
    for cluster in _CLUSTER.findall(unicodedata.normalize("NFC", text)):
        visible = [c for c in cluster if not (is_ignorable(c) or c.isspace())]
        if len(visible) > 1 or any(unicodedata.bidirectional(c) in _RTL for c in visible):
            return False
        if _EMOJI.search(cluster):
            return False
    return True


def figure_texts(value: Any) -> Iterator[str]:
    """Every string inside a plotly figure (a JSON-ready dict): titles, tick and bar text,
    annotations, legend names (and colours and other settings, which are plain ASCII)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from figure_texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from figure_texts(item)
