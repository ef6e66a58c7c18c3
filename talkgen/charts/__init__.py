"""Charts from the research data (plotly), exported in one browser session and cached.

`render_charts(talk, out_dir, boxes=...)` is the stage's entry point; it returns a `ChartSet`
mapping each chart id to a `RenderedChart` (PNG for the deck, laid out for the box the deck shows
it in; SVG for the handout; offline HTML). `chart_warnings(talk, boxes=...)` gives the warnings
it would, without a browser (for `talkgen validate`).
"""

from talkgen.charts.figures import chart_ids, talk_figures
from talkgen.charts.model import ChartFigure, RenderedChart, SlidePNG
from talkgen.charts.render import ChartSet, chart_warnings, render_charts

__all__ = [
    "ChartFigure",
    "ChartSet",
    "RenderedChart",
    "SlidePNG",
    "chart_ids",
    "chart_warnings",
    "render_charts",
    "talk_figures",
]
