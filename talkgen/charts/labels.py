"""Whole labels: chart text measured with the chart font, wrapped on word boundaries to the room
it has, and shortened (with a warning) only when even wrapped it cannot fit.

Plotly sizes its margins from the text it draws only in part: a long category label pushed the
bars into slivers, and text outside the plot (counts at the end of a bar, the axis title) was
cut at the image's edge. So the charts stage measures every label with the metrics of the chart
font (Carlito has Calibri's advance widths, as the deck's fitting uses), wraps it onto at most
`MAX_LINES` lines of the width it may take, and sets the margins from the measured result.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import regex
from uniseg.linebreak import line_break_units

from talkgen.style import Style

if TYPE_CHECKING:
    from talkgen.deck.fit import FontMeasure

MAX_LINES = 3
"""Lines a category label may take before it is shortened."""
ELLIPSIS = "…"
LINE_BREAK = "<br>"
"""plotly's line break inside a label."""
LINE_SPACING = 1.3
"""plotly's line height for multi-line text, in em."""


@dataclass(frozen=True)
class Label:
    """A label as drawn: its lines, the widest line's width in px, whether it was shortened, and
    the text shown on one line (`shown`: the lines joined as the text had them)."""

    original: str
    lines: tuple[str, ...]
    width_px: float
    shortened: bool
    shown: str = ""

    def note(self, path: Path | None, line: int | None, hint: str) -> tuple[Shortened, ...]:
        """This label as a `Shortened` record written at `path`:`line` if it was shortened,
        else nothing."""
        return (Shortened(self.original, self.shown, path, line, hint),) if self.shortened else ()

    @property
    def text(self) -> str:
        """The label for plotly: each line escaped (`plotly_text`), joined with `<br>`."""
        return LINE_BREAK.join(plotly_text(line) for line in self.lines)


def plotly_text(text: str) -> str:
    """User text as plotly must get it to show it as written: plotly reads `<b>`, `<br>`,
    `<a href=…>` and entities in every label and name as markup, so `&`, `<` and `>` become
    the entities plotly shows as those characters. Every piece of user text put in a figure
    goes through here (a `Label`'s text does)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chart_measure(style: Style) -> FontMeasure:
    """The measure for the chart font: the first family in `style.fonts.chart` that talkgen ships
    metrics for (Calibri is measured with Carlito), else Liberation Sans (wider than most)."""
    # Imported here: the deck package imports the charts' look, which imports this module.
    from talkgen.deck.fit import font_measure

    for family in style.fonts.chart.split(","):
        measure = font_measure(family.strip())
        if measure.exact:
            return measure
    return font_measure("Liberation Sans")


def text_width(text: str, size_px: float, measure: FontMeasure) -> float:
    """The width of one line of `text` at `size_px`, in px."""
    return measure.width(text) * size_px


@functools.lru_cache(maxsize=4096)
def break_units(text: str) -> tuple[str, ...]:
    """`text` (its white space runs made single spaces, ends stripped) in the pieces between
    which Unicode's line breaking algorithm (UAX #14, through uniseg) allows a break; each piece
    keeps its trailing space. Cached: a chart's labels are wrapped at several sizes, and uniseg
    (pure Python) takes about 5 ms a label."""
    return tuple(line_break_units(" ".join(text.split())))


def wrap(
    text: str,
    max_px: float,
    size_px: float,
    measure: FontMeasure,
    max_lines: int = MAX_LINES,
) -> Label:
    """`text` broken into lines no wider than `max_px` at `size_px`, only where Unicode's line
    breaking algorithm (UAX #14, through uniseg) allows a break: after a space or a hyphen,
    between CJK ideographs, never inside a word (an Arabic word keeps its letters joined).

    Text that needs more than `max_lines` lines ends in `…`, and so does a single word wider
    than `max_px` (cut between grapheme clusters): both come back `shortened`. A caller that
    can give a label more room instead (`widest_word`) should."""
    pieces: list[str] = []
    for unit in break_units(text):
        candidate = (pieces[-1] + unit) if pieces else unit
        if pieces and text_width(candidate.rstrip(), size_px, measure) <= max_px:
            pieces[-1] = candidate
        else:
            pieces.append(unit)
    pieces = pieces or [""]
    shortened = len(pieces) > max_lines
    if shortened:
        pieces = pieces[:max_lines]
        pieces[-1] = _with_ellipsis(pieces[-1], max_px, size_px, measure)
    for i, piece in enumerate(pieces):
        if text_width(piece.rstrip(), size_px, measure) > max_px:
            # A word wider than the line: the label ends there, shortened.
            pieces = [*pieces[:i], _with_ellipsis(piece, max_px, size_px, measure)]
            shortened = True
            break
    lines = tuple(piece.rstrip() for piece in pieces)
    widest = max(text_width(line, size_px, measure) for line in lines)
    return Label(text, lines, widest, shortened, "".join(pieces).strip())


def widest_word(text: str, size_px: float, measure: FontMeasure) -> float:
    """The width in px of the widest piece of `text` that cannot be broken (UAX #14): the least
    width a label of it can be wrapped to without shortening."""
    units = break_units(text) or ("",)
    return max(text_width(unit.rstrip(), size_px, measure) for unit in units)


def fit_one_line(text: str, max_px: float, size_px: float, measure: FontMeasure) -> Label:
    """`text` on one line, cut at a word boundary with `…` when it is wider than `max_px`."""
    if text_width(text, size_px, measure) <= max_px:
        return Label(text, (text,), text_width(text, size_px, measure), False, text)
    line = _with_ellipsis(text, max_px, size_px, measure)
    return Label(text, (line,), text_width(line, size_px, measure), True, line)


def _with_ellipsis(line: str, max_px: float, size_px: float, measure: FontMeasure) -> str:
    """`line` shortened until it fits with `…`: at a line-break opportunity (UAX #14) while one
    is left, else between grapheme clusters (never inside an emoji or a letter's marks)."""
    units = list(break_units(line)) or [""]
    while len(units) > 1 and text_width(
        "".join(units).rstrip() + ELLIPSIS, size_px, measure
    ) > max_px:
        units.pop()
    graphemes = regex.findall(r"\X", "".join(units).rstrip())
    while len(graphemes) > 1 and text_width(
        "".join(graphemes) + ELLIPSIS, size_px, measure
    ) > max_px:
        graphemes.pop()
    return "".join(graphemes).rstrip(" ,;:–-") + ELLIPSIS


@dataclass(frozen=True)
class Shortened:
    """A label a chart could not show whole: the text as written, as shown (on one line), where
    it was written (file and line, for the warning) and how to fix it."""

    original: str
    shown: str
    path: Path | None
    line: int | None
    hint: str


def distinct(texts: list[str]) -> list[str]:
    """`texts` with each repeat made different by trailing zero-width spaces (invisible), so
    that plotly, which draws one bar per distinct category, keeps categories apart whose
    labels were shortened to the same text ("Library branch number…")."""
    seen: dict[str, int] = {}
    unique = []
    for text in texts:
        seen[text] = seen.get(text, -1) + 1
        unique.append(text + "\u200b" * seen[text])
    return unique


def lines_height(lines: int, size_px: float) -> float:
    """The height of `lines` lines of text at `size_px`, in px."""
    return lines * size_px * LINE_SPACING
