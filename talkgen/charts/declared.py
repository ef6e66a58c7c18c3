"""Charts the speaker declares in charts.yaml: bar, stacked bar, pie, donut, line and heatmap.

The loader has already read each chart's CSV (or inline data) into `categories` and `series` and
reported missing files, unknown columns and non-numbers with their line; here the numbers become a
figure in the shared look.
"""

from __future__ import annotations

from typing import Any

from talkgen.charts import alt_text
from talkgen.charts.look import Look, plotly_text
from talkgen.charts.model import ChartFigure
from talkgen.content.model import ChartSeries, ChartSpec


def figure(spec: ChartSpec, look: Look, counts_only: bool = False) -> ChartFigure:
    """The figure for one declared chart, with its title, caption and (generated) alt text.

    `counts_only` (a study of fewer than 20 participants, `Talk.counts_only`) labels the slices
    of a pie or donut with their values instead of percentages, in the chart and its alt text."""
    kind = spec.type or "bar"
    build = {"line": _line, "heatmap": _heatmap}.get(kind, _bars)
    series = [(s.name, list(s.values)) for s in spec.series]
    alt = spec.alt or alt_text.declared(
        kind, spec.categories, series, spec.x_label, spec.y_label, counts_only=counts_only
    )
    pie = kind in ("pie", "donut")
    # What plotly gets: the user's words escaped, so `<b>` or `<a href>` shows as written.
    shown = spec.model_copy(
        update={
            "categories": [plotly_text(c) for c in spec.categories],
            "series": [
                ChartSeries(name=plotly_text(s.name), values=list(s.values)) for s in spec.series
            ],
            "x_label": plotly_text(spec.x_label) if spec.x_label else None,
            "y_label": plotly_text(spec.y_label) if spec.y_label else None,
        }
    )
    return ChartFigure(
        id=spec.id,
        title=spec.title or spec.id.replace("-", " ").capitalize(),
        alt=alt,
        caption=spec.caption,
        handout=spec.handout,
        figure=_pie(shown, look, kind, counts_only) if pie else build(shown, look, kind),
    )


def _bars(spec: ChartSpec, look: Look, kind: str) -> dict[str, Any]:
    single = len(spec.series) == 1
    data = []
    for i, s in enumerate(spec.series):
        trace: dict[str, Any] = {
            "type": "bar",
            "name": s.name,
            "x": spec.categories,
            "y": s.values,
            "marker": {"color": look.color(i)},
        }
        if single:
            trace |= {
                "text": [alt_text.number(v) for v in s.values],
                "textposition": "outside",
                "cliponaxis": False,
                "textfont": {"size": look.text_px},
            }
        elif kind == "stacked-bar":
            trace |= {
                "text": [alt_text.number(v) if v else "" for v in s.values],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "textfont": {"size": look.text_px, "color": look.text_on(look.color(i))},
            }
        data.append(trace)
    layout = look.layout(
        x_title=spec.x_label,
        y_title=spec.y_label,
        legend=not single,
        barmode="stack" if kind == "stacked-bar" else "group",
        bargap=0.3,
    )
    layout["xaxis"] |= {"ticks": "", "type": "category"}
    return {"data": data, "layout": layout}


def _pie(spec: ChartSpec, look: Look, kind: str, counts_only: bool = False) -> dict[str, Any]:
    values = spec.series[0].values if spec.series else []
    trace = {
        "type": "pie",
        "labels": spec.categories,
        "values": values,
        "hole": 0.45 if kind == "donut" else 0,
        "sort": True,
        "direction": "clockwise",
        "marker": {
            "colors": [look.color(i) for i in range(len(values))],
            "line": {"color": look.style.colors.background, "width": 3},
        },
        "textinfo": "label+value" if counts_only else "label+percent",
        "textposition": "outside",
        "textfont": {"size": look.text_px},
        "automargin": True,
    }
    layout = look.layout()
    layout["margin"] |= {"t": 40, "b": 40}
    return {"data": [trace], "layout": layout}


def _line(spec: ChartSpec, look: Look, kind: str) -> dict[str, Any]:
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": s.name,
            "x": spec.categories,
            "y": s.values,
            "line": {"color": look.color(i), "width": 4},
            "marker": {"size": look.text_px * 0.5, "color": look.color(i)},
        }
        for i, s in enumerate(spec.series)
    ]
    layout = look.layout(x_title=spec.x_label, y_title=spec.y_label, legend=len(spec.series) > 1)
    layout["xaxis"] |= {"type": "category"}
    return {"data": data, "layout": layout}


def _heatmap(spec: ChartSpec, look: Look, kind: str) -> dict[str, Any]:
    trace = {
        "type": "heatmap",
        "x": spec.categories,
        "y": [s.name for s in spec.series],
        "z": [s.values for s in spec.series],
        "colorscale": look.sequential_scale(),
        "showscale": False,
        "texttemplate": "%{z}",
        "textfont": {"size": look.text_px},
        "xgap": 4,
        "ygap": 4,
    }
    layout = look.layout(x_title=spec.x_label, y_title=spec.y_label)
    layout["xaxis"] |= {"showline": False, "ticks": "", "type": "category"}
    layout["yaxis"] |= {"showline": False, "ticks": "", "autorange": "reversed", "type": "category"}
    return {"data": [trace], "layout": layout}
