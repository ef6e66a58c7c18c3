"""The talk's charts as plotly figures: the four built-in ones and each one declared in charts.yaml.

A `ChartFigure` is a figure plus the words that go with it (title, alt text, caption). Text set in
charts.yaml for a chart (built-in or declared) wins over the text made from the data.
"""

from __future__ import annotations

from dataclasses import replace

from talkgen.charts import builtin, declared
from talkgen.charts.look import Look, slide_look
from talkgen.charts.model import ChartFigure
from talkgen.content.model import BUILTIN_CHARTS, Talk


def chart_ids(talk: Talk) -> list[str]:
    """The ids of every chart the talk has: the built-ins, then the declared ones in file order."""
    return [*BUILTIN_CHARTS, *(c.id for c in talk.charts if not c.is_builtin)]


def talk_figures(talk: Talk, look: Look | None = None) -> list[ChartFigure]:
    """Every chart of the talk as a figure, in `chart_ids` order."""
    look = look or slide_look()
    figures = [builtin.BUILDERS[chart_id](talk, look) for chart_id in BUILTIN_CHARTS]
    figures = [_with_overrides(talk, f, look) for f in figures]
    source = talk.root / "charts.yaml"
    figures += [
        declared.figure(spec, look, source, counts_only=talk.counts_only)
        for spec in talk.charts
        if not spec.is_builtin
    ]
    return figures


def _with_overrides(talk: Talk, chart: ChartFigure, look: Look) -> ChartFigure:
    """A built-in chart with the title, caption, alt text and axis titles from charts.yaml."""
    spec = talk.chart(chart.id)
    if spec is None:
        return chart
    layout = dict(chart.figure.get("layout", {}))
    shortened = list(chart.shortened)
    margin = layout.get("margin", {})
    # An axis title is centred on the plot area: it may be as long as the plot, not the image.
    plot_width = layout.get("width", 0) - margin.get("l", 0) - margin.get("r", 0)
    plot_height = layout.get("height", 0) - margin.get("t", 0) - margin.get("b", 0)
    for axis, label, length in (
        ("xaxis", spec.x_label, plot_width),
        ("yaxis", spec.y_label, plot_height),
    ):
        if label is not None:
            fitted = look.label(label, length, max_lines=2)
            shortened += fitted.note(
                *spec.where(label, talk.root / "charts.yaml"), "use a shorter x_label or y_label"
            )
            title = dict(layout[axis].get("title", {}))
            title["text"] = fitted.text
            layout[axis] = {**layout[axis], "title": title}
    return replace(
        chart,
        title=spec.title or chart.title,
        alt=spec.alt or chart.alt,
        caption=spec.caption if spec.caption is not None else chart.caption,
        handout=spec.handout,
        figure={**chart.figure, "layout": layout},
        shortened=tuple(shortened),
    )
