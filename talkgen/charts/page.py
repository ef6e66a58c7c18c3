"""A chart as a standalone HTML page that works offline: plotly.js is inside the file, no CDN.

The page is a `main` landmark holding a heading (the chart's title) and a `figure` labelled by it,
whose `figcaption` gives the caption and the alt text as real text, so it is readable without the
interactive figure too. plotly's mode bar is off (`OFFLINE_CONFIG`): no button can send the data to
an online service, and nothing interactive sits inside the figure's graphic. axe-core finds no
violation in it (tests/test_charts_pages.py). No browser is needed to write it.

The heading and each caption paragraph take their direction from their own first strong letter
(`dir="auto"`), and the generated sentences already isolate each user-written label
(U+2068 ... U+2069, `talkgen.scripts.isolate`), so an Arabic theme title keeps "12 of 14" after it.
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
h1 {{ font-size: 1.6rem; color: {heading}; }}
figure {{ margin: 0; }}
figcaption {{ max-width: 60rem; }}
figcaption p {{ margin: 0.5rem 0; }}
</style>
</head>
<body>
<main>
<h1 id="chart-title" dir="auto">{title}</h1>
<figure aria-labelledby="chart-title" aria-describedby="chart-alt">
{figure}
<figcaption>
<p dir="auto">{caption}</p>
<p id="chart-alt" dir="auto">{alt}</p>
</figcaption>
</figure>
</main>
</body>
</html>
"""

OFFLINE_CONFIG = {
    "displaylogo": False,
    "displayModeBar": False,
    "showSendToCloud": False,
    "responsive": True,
}
"""plotly's config for every page talkgen writes: no mode bar, so no button that sends the chart's
data to an online service ("Edit in Chart Studio", "Share chart") and no buttons inside the
figure; the chart stays readable and hoverable."""


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
        config=OFFLINE_CONFIG,
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
        heading=colors.text,
    )
