"""Whole labels: chart text measured with the chart font, wrapped on word boundaries to the room
it has, and shortened (with a warning) only when even wrapped it cannot fit.

Plotly sizes its margins from the text it draws only in part: a long category label pushed the
bars into slivers, and text outside the plot (counts at the end of a bar, the axis title) was
cut at the image's edge. So the charts stage measures every label with the metrics of the chart
font (Carlito has Calibri's advance widths, as the deck's fitting uses), wraps it onto at most
`MAX_LINES` lines of the width it may take, and sets the margins from the measured result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    """A label as drawn: its lines, the widest line's width in px, and whether words were cut."""

    original: str
    lines: tuple[str, ...]
    width_px: float
    shortened: bool

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


def wrap(
    text: str,
    max_px: float,
    size_px: float,
    measure: FontMeasure,
    max_lines: int = MAX_LINES,
) -> Label:
    """`text` broken on spaces into lines no wider than `max_px` at `size_px`; a word wider than
    a line is broken inside, and text that needs more than `max_lines` lines ends in `…`."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size_px, measure) <= max_px:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while text_width(current, size_px, measure) > max_px and len(current) > 1:
            head = _longest_prefix(current, max_px, size_px, measure)
            lines.append(head)
            current = current[len(head) :]
    if current or not lines:
        lines.append(current)
    shortened = len(lines) > max_lines
    if shortened:
        lines = lines[:max_lines]
        lines[-1] = _with_ellipsis(lines[-1], max_px, size_px, measure)
    widest = max(text_width(line, size_px, measure) for line in lines)
    return Label(text, tuple(lines), widest, shortened)


def fit_one_line(text: str, max_px: float, size_px: float, measure: FontMeasure) -> Label:
    """`text` on one line, cut at a word boundary with `…` when it is wider than `max_px`."""
    if text_width(text, size_px, measure) <= max_px:
        return Label(text, (text,), text_width(text, size_px, measure), False)
    line = _with_ellipsis(text, max_px, size_px, measure)
    return Label(text, (line,), text_width(line, size_px, measure), True)


def _longest_prefix(word: str, max_px: float, size_px: float, measure: FontMeasure) -> str:
    end = len(word)
    while end > 1 and text_width(word[:end], size_px, measure) > max_px:
        end -= 1
    return word[:end]


def _with_ellipsis(line: str, max_px: float, size_px: float, measure: FontMeasure) -> str:
    """`line` shortened, at a word boundary where one is left, until it fits with `…`."""
    words = line.split()
    while len(words) > 1 and text_width(" ".join(words) + ELLIPSIS, size_px, measure) > max_px:
        words.pop()
    shortened = " ".join(words)
    while len(shortened) > 1 and text_width(shortened + ELLIPSIS, size_px, measure) > max_px:
        shortened = shortened[:-1]
    return shortened.rstrip(" ,;:–-") + ELLIPSIS


def lines_height(lines: int, size_px: float) -> float:
    """The height of `lines` lines of text at `size_px`, in px."""
    return lines * size_px * LINE_SPACING
