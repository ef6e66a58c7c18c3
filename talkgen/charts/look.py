"""The charts' look: size on the slide, type size, palette and axes, all from the shared style.

A chart is laid out at the size of the box it is shown in on the slide, in CSS pixels (96 per
inch), so that a font size in the figure is a size on the slide: 18 pt on the slide is 24 px in
the figure whatever the box. The geometry stage says which box each chart lands in
(`Geometry.chart_boxes`); a chart without one gets `CHART_AREA_INCHES`. The PNG is exported at
twice the layout size for sharpness; the SVG keeps the layout size (it is vector).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from talkgen.style import Style, load_style

# The size, in inches, of a chart that no slide shows (and of every SVG and HTML page, which the
# handout and a browser scale to their width): about the full-width chart area of a 16:9 slide.
CHART_AREA_INCHES = (12.3, 5.3)
CSS_PX_PER_INCH = 96
PNG_SCALE = 2

Box = tuple[float, float]
"""A box a chart is shown in on a slide: (width, height) in inches."""


@dataclass(frozen=True)
class Look:
    """Sizes and colours for one chart, derived from the shared style."""

    style: Style
    width_px: int
    height_px: int

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
        """The text colour (the style's text colour or its accent text, usually white) that
        contrasts more with `fill`: white on the Okabe–Ito orange or yellow would fail WCAG."""
        light, dark = self.style.colors.accent_text, self.style.colors.text
        return light if contrast(light, fill) >= contrast(dark, fill) else dark

    def sequential_scale(self) -> list[list[Any]]:
        """A one-hue colour scale from the light panel colour to the accent, for heatmaps."""
        return [[0.0, self.style.colors.light], [1.0, self.style.colors.accent]]

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


def slide_look(style: Style | None = None, box: Box | None = None) -> Look:
    """The look for a chart shown in a box of `box` = (width, height) inches on the slide
    (`CHART_AREA_INCHES` by default)."""
    width_px, height_px = box_pixels(box or CHART_AREA_INCHES)
    return Look(style or load_style(), width_px, height_px)


def template_look(accents: Sequence[str], font: str | None, style: Style | None = None) -> Look:
    """The slide look for charts on a deck template whose theme has these accent colours
    (`#RRGGBB`, accent 1 first) and sets its body text in `font`: series take the accents in
    order (then the style's palette for more), text takes the font (then the style's chart
    fonts). Unchanged when style.yaml sets `charts_follow_template: false` or the template gives
    no accents."""
    style = style or load_style()
    if not style.charts_follow_template or not accents:
        return slide_look(style)
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
    return slide_look(themed)


def box_pixels(box: Box) -> tuple[int, int]:
    """A box of (width, height) inches in CSS pixels, the size a chart for it is laid out at."""
    width_in, height_in = box
    if not (width_in > 0 and height_in > 0):
        raise ValueError(f"a chart box needs a positive width and height, not {box!r}")
    return round(width_in * CSS_PX_PER_INCH), round(height_in * CSS_PX_PER_INCH)


def plotly_text(text: str) -> str:
    """User text as plotly must get it to show it as written: plotly reads `<b>`, `<br>`,
    `<a href=…>` and entities in every label and name as markup, so `&`, `<` and `>` become
    the entities plotly shows as those characters. Every piece of user text put in a figure
    goes through here (or `wrap_label`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap_label(text: str, width: int = 16) -> str:
    """A long axis label broken onto lines with `<br>` (plotly's line break), its text
    escaped (`plotly_text`)."""
    return "<br>".join(plotly_text(line) for line in textwrap.wrap(text, width)) or plotly_text(
        text
    )


def _luminance(color: str) -> float:
    """WCAG relative luminance of a `#RRGGBB` colour."""
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio between two `#RRGGBB` colours (1 to 21)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
