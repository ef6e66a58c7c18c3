"""A chart as a standalone HTML page that works offline: plotly.js is inside the file, no CDN.

The page carries the chart's title, caption and alt text as real text, so it is readable without
the interactive figure too. No browser is needed to write it.
"""

from __future__ import annotations

import functools
from html import escape

from talkgen.charts.model import ChartFigure
from talkgen.style import Style

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{alt}">
<title>{title}</title>
<style>
body {{ font-family: {font}; color: {text}; background: {background}; margin: 2rem; }}
h1 {{ font-size: 1.6rem; color: {accent}; }}
figcaption, .alt {{ color: {muted}; max-width: 60rem; }}
</style>
</head>
<body>
<figure>
<h1>{title}</h1>
<div role="img" aria-label="{alt}">
{figure}
</div>
<figcaption>{caption}</figcaption>
</figure>
<p class="alt">{alt}</p>
</body>
</html>
"""


@functools.cache
def _plotly_script() -> str:
    """plotly.js inline, read once per process (see `plotlyjs.py` for which bundle); plotly's
    own `to_html(include_plotlyjs=True)` spends about 0.12 s per chart copying it."""
    from talkgen.charts.plotlyjs import plotly_js

    return (
        "<script>window.PlotlyConfig = {MathJaxConfig: 'local'};</script>\n"
        f'<script charset="utf-8">{plotly_js()}</script>'
    )


def chart_page(chart: ChartFigure, style: Style, lang: str = "en") -> str:
    """The whole HTML page for one chart."""
    import plotly.io

    figure = plotly.io.to_html(
        chart.figure,
        include_plotlyjs=False,
        full_html=False,
        config={"displaylogo": False, "responsive": True},
        div_id=f"chart-{chart.id}",
        validate=False,
    )
    colors = style.colors
    return _PAGE.format(
        lang=escape(lang),
        title=escape(chart.title),
        alt=escape(chart.alt),
        caption=escape(chart.caption or ""),
        figure=_plotly_script() + "\n" + figure,
        font=escape(style.fonts.chart_stack),
        text=colors.text,
        background=colors.background,
        accent=colors.accent,
        muted=colors.muted,
    )
