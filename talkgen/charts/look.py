"""The charts' look: size on the slide, type size, palette and axes, all from the shared style.

A chart is laid out at the size of the box it is shown in on the slide, in CSS pixels (96 per
inch), so that a font size in the figure is a size on the slide: 18 pt on the slide is 24 px in
the figure whatever the box. The geometry stage says which box each chart lands in
(`Geometry.chart_boxes`); a chart without one gets `CHART_AREA_INCHES`. The PNG is exported at
twice the layout size for sharpness; the SVG keeps the layout size (it is vector).

Contrast is chosen for the size the text is *shown* at (`Look.text_pt`): on a slide the chart text
is 18 pt, large text in WCAG's terms (3:1 is enough); the SVG is scaled into the handout's text
column, where the same text is about 9.8 pt and needs 4.5:1. So a label inside a bar may be the
style's text colour on the slide and black in the handout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from talkgen.charts.labels import (
    LINE_SPACING,
    MAX_LINES,
    Label,
    chart_measure,
    plotly_text,  # noqa: F401 - user text for plotly
    text_width,
    wrap,
)
from talkgen.style import Style, load_style

if TYPE_CHECKING:
    from talkgen.deck.fit import FontMeasure
    from talkgen.geometry import Geometry

# The size, in inches, of a chart that no slide shows (and of every SVG and HTML page, which the
# handout and a browser scale to their width): about the full-width chart area of a 16:9 slide.
CHART_AREA_INCHES = (12.3, 5.3)
CSS_PX_PER_INCH = 96
PNG_SCALE = 2
# The handout's text column the SVG is scaled to: A4 less 2 cm margins each side (US Letter is
# wider, so its text comes out larger). Source: talkgen/templates/handout.typ.
HANDOUT_COLUMN_INCHES = (21.0 - 2 * 2.0) / 2.54
# WCAG 2.2, 1.4.3 Contrast (Minimum): 4.5:1, or 3:1 for large text (18 pt, or 14 pt bold).
NORMAL_CONTRAST = 4.5
LARGE_CONTRAST = 3.0
LARGE_TEXT_PT = 18.0

Box = tuple[float, float]
"""A box a chart is shown in on a slide: (width, height) in inches."""

# A row of a chart with one row per category (a bar beside its label, a matrix's theme row) needs
# this many lines of chart text: the label's line and the gap to the next bar.
ROW_PITCH_LINES = 1.3
# The fewest rows `most_rows` allows, however large the chart text.
FEWEST_ROWS = 3


@dataclass(frozen=True)
class Look:
    """Sizes and colours for one chart, derived from the shared style."""

    style: Style
    width_px: int
    height_px: int
    text_pt: float | None = None
    """The size in pt the chart's text is shown at (for contrast); None: `chart_text`, as on a
    slide."""
    row_limit: int | None = None
    """The most rows (bars, themes) a chart with a row per category shows; None: `most_rows`."""
    row_limits: tuple[tuple[str, int], ...] = ()
    """(chart id, rows) for the charts shown on slides: what fits in the smallest box that
    chart is shown in (set by the charts stage, `fitted_to_boxes`)."""

    @property
    def most_rows(self) -> int:
        """How many rows a chart with a row per category shows (`row_limit`, else
        `most_rows(style)`); more are left out, the largest kept (see `left_off_note`)."""
        return self.row_limit if self.row_limit is not None else most_rows(self.style)

    def rows_for(self, chart_id: str) -> int:
        """How many rows the chart `chart_id` shows: what fits its own smallest slide box
        (`row_limits`), else `most_rows`."""
        return dict(self.row_limits).get(chart_id, self.most_rows)

    @property
    def shown_pt(self) -> float:
        """The size in pt the chart's text is shown at."""
        return self.text_pt if self.text_pt is not None else self.style.sizes.chart_text

    @property
    def min_contrast(self) -> float:
        """The contrast the chart's text needs at the size it is shown: 3:1 large, else 4.5:1."""
        return LARGE_CONTRAST if self.shown_pt >= LARGE_TEXT_PT else NORMAL_CONTRAST

    @property
    def measure(self) -> FontMeasure:
        """The measure of the chart font, for wrapping labels (`labels.chart_measure`)."""
        return chart_measure(self.style)

    def label(self, text: str, max_px: float, max_lines: int = MAX_LINES) -> Label:
        """`text` wrapped at `max_px` at the chart's text size (see `labels.wrap`)."""
        return wrap(text, max(max_px, self.text_px * 3), self.text_px, self.measure, max_lines)

    def row_lines(self, rows: int, reserved_px: float = 0) -> int:
        """How many lines a label beside one of `rows` stacked rows (bars, dot rows) may take
        before it would run into its neighbours: the plot's height (less `reserved_px` taken by
        labels under it) shared by the rows, 1 to `MAX_LINES`."""
        plot_px = self.height_px - 3 * self.text_px - reserved_px
        return max(1, min(MAX_LINES, int(plot_px / max(rows, 1) / (self.text_px * LINE_SPACING))))

    def column_lines(self) -> int:
        """How many lines a label under a column may take: up to 30% of the chart's height
        (at least `MAX_LINES`)."""
        return max(MAX_LINES, int(self.height_px * 0.3 / (self.text_px * LINE_SPACING)))

    def width_of(self, text: str) -> float:
        """The width of one line of `text` at the chart's text size, in px."""
        return text_width(text, self.text_px, self.measure)

    @property
    def text_px(self) -> float:
        """Axis and label text size in figure pixels (18 pt at slide scale is 24 px)."""
        return self.style.sizes.chart_text * CSS_PX_PER_INCH / 72

    @property
    def palette(self) -> list[str]:
        """Series colours in order (Okabe–Ito by default)."""
        return list(self.style.palette)

    def color(self, index: int) -> str:
        """The palette colour for the n-th series, cycling when there are more series."""
        return self.style.palette[index % len(self.style.palette)]

    def text_on(self, fill: str) -> str:
        """The colour for text on `fill` at the size the chart is shown: the style's text colour
        or its accent text (usually white) when one reaches `min_contrast`, else black or white,
        whichever contrasts more (the style's #1F2328 on the Okabe–Ito vermillion is 4.09:1,
        enough for 18 pt on a slide, not for 9.8 pt in the handout; black is 5.4:1)."""
        colors = self.style.colors
        candidates = (colors.text, colors.accent_text, "#000000", "#FFFFFF")
        for candidate in candidates:
            if contrast(candidate, fill) >= self.min_contrast:
                return candidate
        return max(candidates, key=lambda c: contrast(c, fill))

    def sequential_scale(self) -> list[list[Any]]:
        """A one-hue colour scale from the light panel colour towards the accent, stopping where
        the style's text colour on it still has `min_contrast`, so a heatmap's numbers (drawn in
        `text` colour) are readable on every cell."""
        colors = self.style.colors
        end = colors.accent
        for step in range(0, 101, 2):
            end = mix(colors.accent, colors.background, step / 100)
            if contrast(colors.text, end) >= self.min_contrast:
                break
        return [[0.0, colors.light], [1.0, end]]

    def layout(
        self,
        *,
        x_title: str | None = None,
        y_title: str | None = None,
        legend: bool = False,
        **extra: Any,
    ) -> dict[str, Any]:
        """A plotly layout with no title (the slide and handout carry it), no gridlines, and the
        style's font, size and palette."""
        colors = self.style.colors
        font = {"family": self.style.fonts.chart_stack, "size": self.text_px, "color": colors.text}
        axis = {
            "showgrid": False,
            "zeroline": False,
            "showline": True,
            "linecolor": colors.muted,
            "linewidth": 2,
            "ticks": "outside",
            "tickcolor": colors.muted,
            "automargin": True,
            "tickfont": font,
            "title": {"font": font, "standoff": 12},
        }
        layout: dict[str, Any] = {
            "width": self.width_px,
            "height": self.height_px,
            "font": font,
            "paper_bgcolor": colors.background,
            "plot_bgcolor": colors.background,
            "colorway": self.palette,
            "margin": {"l": 10, "r": 30, "t": 20, "b": 10, "pad": 4},
            "showlegend": legend,
            "legend": {
                "orientation": "h",
                "x": 0,
                "y": 1.02,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": font,
                "title": {"text": ""},
                # Plotly reverses a stack's legend by default; keep the palette's order.
                "traceorder": "normal",
            },
            "xaxis": {**axis, "title": {**axis["title"], "text": x_title or ""}},
            "yaxis": {**axis, "title": {**axis["title"], "text": y_title or ""}},
            "hoverlabel": {"font": {"family": self.style.fonts.chart_stack}},
        }
        if legend:
            layout["margin"]["t"] = int(self.text_px * 2.4)
        layout.update(extra)
        return layout


def inside_text(
    look: Look,
    texts: Sequence[Sequence[str]],
    values: Sequence[Sequence[float]],
    *,
    horizontal: bool,
    plot_px: tuple[float, float],
    bargap: float,
) -> list[list[str]]:
    """The numbers to write inside the parts of stacked bars, one list per series: each series'
    `texts`, with "" for a part too small to hold its number written level (plotly would turn it
    90° or shrink it; a number is never turned). `values` are the parts' sizes, `plot_px` the
    plot's (width, height) in px, `bargap` the share of a category's room between bars."""
    count = max((len(v) for v in values), default=0)
    ups = [sum(max(s[i], 0) for s in values) for i in range(count)]
    downs = [sum(min(s[i], 0) for s in values) for i in range(count)]
    # plotly's autorange covers 0 and the stacks' ends, and pads the far end by about 5%.
    span = (max(ups, default=0) - min(downs, default=0)) * 1.05 or 1.0
    along, across = plot_px if horizontal else plot_px[::-1]
    thickness = across / max(count, 1) * (1 - bargap)
    pad = 2 * 3  # plotly's text padding inside a bar, each side
    height = look.text_px * 1.2 + pad
    shown = []
    for series_texts, series_values in zip(texts, values, strict=True):
        row = []
        for text, value in zip(series_texts, series_values, strict=True):
            length = abs(value) / span * along
            wide, tall = look.width_of(text) + pad, height
            fits = (
                (wide <= length and tall <= thickness)
                if horizontal
                else (wide <= thickness and tall <= length)
            )
            row.append(text if fits else "")
        shown.append(row)
    return shown


def slide_look(style: Style | None = None, box: Box | None = None) -> Look:
    """The look for a chart shown in a box of `box` = (width, height) inches on the slide
    (`CHART_AREA_INCHES` by default)."""
    width_px, height_px = box_pixels(box or CHART_AREA_INCHES)
    return Look(style or load_style(), width_px, height_px)


def page_look(style: Style | None = None) -> Look:
    """The look for the SVG and HTML page: laid out at `CHART_AREA_INCHES` and shown scaled to the
    handout's text column, so its text is smaller there (about 9.8 pt) and needs more contrast."""
    style = style or load_style()
    width_px, height_px = box_pixels(CHART_AREA_INCHES)
    shown = style.sizes.chart_text * HANDOUT_COLUMN_INCHES / CHART_AREA_INCHES[0]
    return Look(style, width_px, height_px, text_pt=round(shown, 2))


def template_look(accents: Sequence[str], font: str | None, style: Style | None = None) -> Look:
    """The look for charts on a deck template whose theme has these accent colours
    (`#RRGGBB`, accent 1 first) and sets its body text in `font`: series take the accents in
    order (then the style's palette for more), text takes the font (then the style's chart
    fonts). Laid out as `page_look` (the SVG and HTML); the slide PNGs take its style at each
    box. Unchanged when style.yaml sets `charts_follow_template: false` or the template gives
    no accents."""
    style = style or load_style()
    if not style.charts_follow_template or not accents:
        return page_look(style)
    palette = [*accents, *(c for c in style.palette if c.upper() not in accents)]
    chart_font = style.fonts.chart
    if font and not chart_font.casefold().startswith(font.casefold()):
        chart_font = f"{font}, {chart_font}"
    themed = style.model_copy(
        update={
            "palette": palette,
            "colors": style.colors.model_copy(update={"accent": accents[0]}),
            "fonts": style.fonts.model_copy(update={"chart": chart_font}),
        }
    )
    return page_look(themed)


def most_rows(style: Style) -> int:
    """How many rows with a one-line label each (bars beside their labels, a matrix's themes) a
    chart can show readably: as many as fit in `CHART_AREA_INCHES` at the style's chart text
    size (10 at 18 pt), at least `FEWEST_ROWS`. A chart of more themes or categories shows this
    many (the largest) and its caption and alt text say how many more there are. It depends on
    the style only, not on the box, so the deck, the handout and the alt text show the same."""
    return rows_that_fit(slide_look(style))


def fitted_to_boxes(look: Look, boxes: Mapping[str, Sequence[Box]]) -> Look:
    """`look` with each chart's rows (`row_limits`) lowered to what fits the smallest of the
    boxes it is shown in (`boxes`: chart id -> the (width, height) inches of each slide box),
    so that every picture of a chart, its SVG, caption and alt text show the same rows; a chart
    on no slide keeps `most_rows`. The build, `validate` and its deck and handout checks all lay
    the charts out through here."""
    limits = tuple(
        (
            chart_id,
            min([look.most_rows, *(rows_that_fit(Look(look.style, *box_pixels(b))) for b in each)]),
        )
        for chart_id, each in boxes.items()
        if each
    )
    return replace(look, row_limits=limits)


def deck_look(geometry: Geometry) -> Look:
    """The charts' look for a laid-out deck: its template's accents and body font
    (`template_look`), each chart showing the rows its smallest slide box holds
    (`fitted_to_boxes`). The build, `talkgen charts` and `validate` all start from this."""
    look = template_look(geometry.template.accents, geometry.template.body_font)
    return fitted_to_boxes(look, geometry.chart_boxes())


def rows_that_fit(look: Look) -> int:
    """How many rows with a one-line label each fit in `look`'s height at its text size (the
    axis title and the space around the plot aside), at least `FEWEST_ROWS`."""
    usable = look.height_px - 4 * look.text_px
    return max(FEWEST_ROWS, int(usable / (look.text_px * LINE_SPACING * ROW_PITCH_LINES)))


def left_off_note(shown: int, of: int, which: str) -> str:
    """The sentence a chart's caption and alt text end with when it shows `shown` of `of`
    items, `which` saying which: `The 10 themes raised most of 117 are shown; 107 more are
    not.`"""
    more = of - shown
    return f"The {shown} {which} of {of} are shown; {more} more {'is' if more == 1 else 'are'} not."


def box_pixels(box: Box) -> tuple[int, int]:
    """A box of (width, height) inches in CSS pixels, the size a chart for it is laid out at."""
    width_in, height_in = box
    if not (width_in > 0 and height_in > 0):
        raise ValueError(f"a chart box needs a positive width and height, not {box!r}")
    return round(width_in * CSS_PX_PER_INCH), round(height_in * CSS_PX_PER_INCH)


def mix(color: str, other: str, share: float) -> str:
    """`color` blended with `other`, `share` (0 to 1) of the way towards `other`."""
    a = [int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    b = [int(other.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(x + (y - x) * share):02X}" for x, y in zip(a, b, strict=True))


def _luminance(color: str) -> float:
    """WCAG relative luminance of a `#RRGGBB` colour."""
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio between two `#RRGGBB` colours (1 to 21)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
