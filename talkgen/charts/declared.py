"""Charts the speaker declares in charts.yaml: bar, stacked bar, pie, donut, line and heatmap.

The loader has already read each chart's CSV (or inline data) into `categories` and `series` and
reported missing files, unknown columns and non-numbers with their line; here the numbers become a
figure in the shared look.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from talkgen.charts import alt_text
from talkgen.charts.builtin import LABEL_SHARE
from talkgen.charts.labels import Label
from talkgen.charts.look import Look, left_off_note, most_rows
from talkgen.charts.model import ChartFigure, NativeChart
from talkgen.content.model import ChartSpec
from talkgen.errors import Problem


class _Labels:
    """The chart's category, series and axis labels, wrapped for `look`, remembering which had to
    be shortened."""

    def __init__(self, spec: ChartSpec, look: Look) -> None:
        self.look = look
        self.shortened: list[Label] = []
        self.counts_only = False
        # Category labels under columns share the plot's width; beside a pie, a quarter of it.
        self.column_px = look.width_px * 0.85 / max(len(spec.categories), 1)

    def wrap(self, text: str, max_px: float, max_lines: int = 3) -> str:
        label = self.look.label(text, max_px, max_lines)
        if label.shortened:
            self.shortened.append(label)
        return label.text

    def categories(self, spec: ChartSpec, max_px: float | None = None) -> list[str]:
        lines = self.look.column_lines()
        return [self.wrap(c, max_px or self.column_px, lines) for c in spec.categories]

    def series_name(self, name: str) -> str:
        return self.wrap(name, self.look.width_px * 0.45, max_lines=1)

    def axis(self, title: str | None, length_px: float) -> str | None:
        return self.wrap(title, length_px, max_lines=2) if title else title


def figure(
    spec: ChartSpec, look: Look, source: Path | None = None, counts_only: bool = False
) -> ChartFigure:
    """The figure for one declared chart, with its title, caption and (generated) alt text.
    `source` is charts.yaml, for the warning about a label that had to be shortened.

    `counts_only` (a study of fewer than 20 participants, `Talk.counts_only`) labels the slices
    of a pie or donut with their values instead of percentages: picture, native chart, alt text.

    A bar chart of more categories than `most_rows` shows the largest that many (by their total
    over the series) as horizontal bars, largest first, and its caption and alt text end by
    saying how many more there are."""
    kind = spec.type or "bar"
    build = {"pie": _pie, "donut": _pie, "line": _line, "heatmap": _heatmap}.get(kind, _bars)
    note = ""
    limit = most_rows(look.style)
    if kind in ("bar", "stacked-bar") and len(spec.categories) > limit:
        note = left_off_note(limit, len(spec.categories), "largest")
        spec, build = _largest(spec, limit), _rows
    series = [(s.name, list(s.values)) for s in spec.series]
    alt = spec.alt or alt_text.declared(
        kind, spec.categories, series, spec.x_label, spec.y_label, counts_only=counts_only
    )
    alt = f"{alt} {note}" if note else alt
    caption = f"{spec.caption} {note}" if note and spec.caption else (spec.caption or note or None)
    labels = _Labels(spec, look)
    labels.counts_only = counts_only
    drawn = build(spec, look, kind, labels)
    native = None if kind == "heatmap" else _native(spec, look, kind, labels, bool(note))
    return ChartFigure(
        id=spec.id,
        title=spec.title or spec.id.replace("-", " ").capitalize(),
        alt=alt,
        caption=caption,
        handout=spec.handout,
        figure=drawn,
        native=native,
        warnings=tuple(
            Problem(
                source,
                spec.line,
                f"chart '{spec.id}': the label \"{label.original}\" is too long to show whole; "
                f'shown as "{" ".join(label.lines)}"',
                "use a shorter category, series name or axis label",
                severity="warning",
            )
            for label in labels.shortened
        ),
    )


def _native(spec: ChartSpec, look: Look, kind: str, labels: _Labels, many: bool) -> NativeChart:
    """The chart as a native PowerPoint chart (see `NativeChart`): a bar chart as columns, or
    as horizontal bars (`bar`, `stacked-bar`) when it shows the largest of `many` categories.
    The deck draws columns whose labels do not fit under them as horizontal bars too, and wraps
    labels and axis titles for the box it has (`deck.native`)."""
    by_point = kind in ("pie", "donut")
    count = len(spec.categories) if by_point else len(spec.series)
    native_kind = kind
    if kind in ("bar", "stacked-bar") and not many:
        native_kind = {"bar": "column", "stacked-bar": "stacked-column"}[kind]
    return NativeChart(
        kind=native_kind,
        categories=tuple(spec.categories),
        series=tuple((s.name, tuple(s.values)) for s in spec.series),
        colors=tuple(look.color(i) for i in range(count)),
        colors_by_point=by_point,
        counts_only=labels.counts_only,
        category_title="" if by_point else spec.x_label or "",
        value_title="" if by_point else spec.y_label or "",
    )


def _bars(
    spec: ChartSpec, look: Look, kind: str, labels: _Labels, horizontal: bool = False
) -> dict[str, Any]:
    """Columns (or, `horizontal`, bars with the first category at the top and labels beside
    them taking at most `LABEL_SHARE` of the width), a series' numbers on its bars."""
    single = len(spec.series) == 1
    if horizontal:
        lines = look.row_lines(len(spec.categories))
        categories = [labels.wrap(c, look.width_px * LABEL_SHARE, lines) for c in spec.categories]
    else:
        categories = labels.categories(spec)
    category_axis, value_axis = ("yaxis", "xaxis") if horizontal else ("xaxis", "yaxis")
    data = []
    for i, s in enumerate(spec.series):
        trace: dict[str, Any] = {
            "type": "bar",
            "name": labels.series_name(s.name),
            category_axis[0]: categories,
            value_axis[0]: s.values,
            "marker": {"color": look.color(i)},
        }
        if horizontal:
            trace["orientation"] = "h"
        stacked = kind == "stacked-bar"
        data.append(trace | _bar_text(s.values, look, i, single=single, stacked=stacked))
    category_title = labels.axis(
        spec.x_label, look.height_px * 0.55 if horizontal else look.width_px * 0.8
    )
    value_title = labels.axis(
        spec.y_label, look.width_px * 0.55 if horizontal else look.height_px * 0.55
    )
    layout = look.layout(
        x_title=value_title if horizontal else category_title,
        y_title=category_title if horizontal else value_title,
        legend=not single,
        barmode="stack" if kind == "stacked-bar" else "group",
        bargap=0.3,
    )
    layout[category_axis] |= {"ticks": "", "type": "category"}
    if horizontal:
        layout[category_axis]["autorange"] = "reversed"
    if single and spec.series[0].values and min(spec.series[0].values) >= 0:
        # Room past the longest bar for its number, which is drawn outside the bar.
        top = max(spec.series[0].values)
        layout[value_axis] |= {"range": [0, top * 1.15 if top > 0 else 1]}
    return {"data": data, "layout": layout}


def _rows(spec: ChartSpec, look: Look, kind: str, labels: _Labels) -> dict[str, Any]:
    """Horizontal bars: a bar chart of more categories than fit side by side."""
    return _bars(spec, look, kind, labels, horizontal=True)


def _largest(spec: ChartSpec, limit: int) -> ChartSpec:
    """`spec` with only its `limit` largest categories (by their total over the series; ties in
    the file's order), largest first."""
    count = len(spec.categories)
    totals = [sum(s.values[i] for s in spec.series) for i in range(count)]
    keep = sorted(range(count), key=lambda i: (-totals[i], i))[:limit]
    series = [s.model_copy(update={"values": [s.values[i] for i in keep]}) for s in spec.series]
    return spec.model_copy(
        update={"categories": [spec.categories[i] for i in keep], "series": series}
    )


def _bar_text(
    values: list[float], look: Look, index: int, *, single: bool, stacked: bool
) -> dict[str, Any]:
    """The numbers on a series of bars: outside a single series' bars, inside a stack's parts."""
    background = look.style.colors.background
    if single:
        return {
            "text": [alt_text.number(v) for v in values],
            "textposition": "outside",
            "cliponaxis": False,
            "textfont": {"size": look.text_px, "color": look.text_on(background)},
        }
    if stacked:
        return {
            "text": [alt_text.number(v) if v else "" for v in values],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "textfont": {"size": look.text_px, "color": look.text_on(look.color(index))},
        }
    return {}


def _pie(spec: ChartSpec, look: Look, kind: str, labels: _Labels) -> dict[str, Any]:
    values = spec.series[0].values if spec.series else []
    trace = {
        "type": "pie",
        "labels": labels.categories(spec, look.width_px * 0.22),
        "values": values,
        "hole": 0.45 if kind == "donut" else 0,
        "sort": True,
        "direction": "clockwise",
        "marker": {
            "colors": [look.color(i) for i in range(len(values))],
            "line": {"color": look.style.colors.background, "width": 3},
        },
        "textinfo": "label+value" if labels.counts_only else "label+percent",
        "textposition": "outside",
        "textfont": {"size": look.text_px, "color": look.text_on(look.style.colors.background)},
        "automargin": True,
    }
    layout = look.layout()
    layout["margin"] |= {"t": 40, "b": 40}
    return {"data": [trace], "layout": layout}


def _line(spec: ChartSpec, look: Look, kind: str, labels: _Labels) -> dict[str, Any]:
    categories = labels.categories(spec)
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": labels.series_name(s.name),
            "x": categories,
            "y": s.values,
            "line": {"color": look.color(i), "width": 4},
            "marker": {"size": look.text_px * 0.5, "color": look.color(i)},
        }
        for i, s in enumerate(spec.series)
    ]
    layout = look.layout(
        x_title=labels.axis(spec.x_label, look.width_px * 0.8),
        y_title=labels.axis(spec.y_label, look.height_px * 0.55),
        legend=len(spec.series) > 1,
    )
    layout["xaxis"] |= {"type": "category"}
    return {"data": data, "layout": layout}


def _heatmap(spec: ChartSpec, look: Look, kind: str, labels: _Labels) -> dict[str, Any]:
    trace = {
        "type": "heatmap",
        "x": labels.categories(spec),
        "y": [
            labels.wrap(s.name, look.width_px * 0.3, look.row_lines(len(spec.series)))
            for s in spec.series
        ],
        "z": [s.values for s in spec.series],
        "colorscale": look.sequential_scale(),
        "showscale": False,
        "texttemplate": "%{z}",
        "textfont": {"size": look.text_px, "color": look.style.colors.text},
        "xgap": 4,
        "ygap": 4,
    }
    layout = look.layout(
        x_title=labels.axis(spec.x_label, look.width_px * 0.8),
        y_title=labels.axis(spec.y_label, look.height_px * 0.55),
    )
    layout["xaxis"] |= {"showline": False, "ticks": "", "type": "category"}
    layout["yaxis"] |= {"showline": False, "ticks": "", "autorange": "reversed", "type": "category"}
    return {"data": [trace], "layout": layout}
