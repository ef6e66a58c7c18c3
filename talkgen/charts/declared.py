"""Charts the speaker declares in charts.yaml: bar, stacked bar, pie, donut, line and heatmap.

The loader has already read each chart's CSV (or inline data) into `categories` and `series` and
reported missing files, unknown columns and non-numbers with their line; here the numbers become a
figure in the shared look.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from talkgen.charts import alt_text
from talkgen.charts.builtin import GAP_PX, LABEL_SHARE
from talkgen.charts.labels import (
    MAX_LINES,
    Label,
    Shortened,
    distinct,
    lines_height,
    widest_word,
)
from talkgen.charts.look import Look, inside_text, left_off_note
from talkgen.charts.model import ChartFigure, NativeChart
from talkgen.content.model import ChartSpec
from talkgen.scripts import FSI, PDI, isolate

HINT = "use a shorter category, series name or axis label"
# A pie keeps at least this share of the chart's height as its diameter; outside labels that
# would make it smaller go into a legend beside it.
PIE_SHARE = 0.55
# The category lines an outside label of a pie may take (its number takes one more).
PIE_LABEL_LINES = 2
# The room plotly's legend takes left of an entry's text (its colour swatch), in px.
LEGEND_SYMBOL_PX = 48


class _Labels:
    """The chart's category, series and axis labels, wrapped for `look`, remembering which had to
    be shortened and where each was written (`ChartSpec.where`)."""

    def __init__(self, spec: ChartSpec, look: Look, source: Path | None) -> None:
        self.spec = spec
        self.look = look
        self.source = source
        self.shortened: list[Shortened] = []
        self.counts_only = False
        # Category labels under columns share the plot's width.
        self.column_px = look.width_px * 0.85 / max(len(spec.categories), 1)

    def fitted(self, text: str, max_px: float, max_lines: int = MAX_LINES) -> Label:
        label = self.look.label(text, max_px, max_lines)
        self.shortened += label.note(*self.spec.where(text, self.source), HINT)
        return label

    def wrap(self, text: str, max_px: float, max_lines: int = MAX_LINES) -> str:
        return self.fitted(text, max_px, max_lines).text

    def categories(self, spec: ChartSpec, max_px: float | None = None) -> list[str]:
        lines = self.look.column_lines()
        return [self.wrap(c, max_px or self.column_px, lines) for c in spec.categories]

    def fit_under_columns(self, spec: ChartSpec) -> bool:
        """Whether every category fits whole under its column: no word wider than the column,
        no label needing more lines than a column label may take."""
        look = self.look
        return all(
            widest_word(c, look.text_px, look.measure) <= self.column_px
            and not look.label(c, self.column_px, look.column_lines()).shortened
            for c in spec.categories
        )

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
    limit = look.rows_for(spec.id)
    if kind in ("bar", "stacked-bar") and len(spec.categories) > limit:
        signed = any(v < 0 for s in spec.series for v in s.values)
        which = "largest in size (positive or negative)" if signed else "largest"
        note = left_off_note(limit, len(spec.categories), which)
        spec, build = _largest(spec, limit), _rows
    elif kind in ("bar", "stacked-bar") and not _Labels(spec, look, source).fit_under_columns(
        spec
    ):
        build = _rows
    series = [(s.name, list(s.values)) for s in spec.series]
    alt = spec.alt or alt_text.declared(
        kind, spec.categories, series, spec.x_label, spec.y_label, counts_only=counts_only
    )
    alt = f"{alt} {note}" if note else alt
    caption = f"{spec.caption} {note}" if note and spec.caption else (spec.caption or note or None)
    labels = _Labels(spec, look, source)
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
        shortened=tuple(labels.shortened),
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
    them taking at most `LABEL_SHARE` of the width), a series' numbers on its bars. Every bar
    has its category's label; a stack's numbers are written level, and left out of a part too
    small to hold one (`inside_text`)."""
    single = len(spec.series) == 1
    stacked = kind == "stacked-bar"
    if horizontal:
        lines = look.row_lines(len(spec.categories))
        fitted = [labels.fitted(c, look.width_px * LABEL_SHARE, lines) for c in spec.categories]
    else:
        lines = look.column_lines()
        fitted = [labels.fitted(c, labels.column_px, lines) for c in spec.categories]
    categories = distinct([label.text for label in fitted])
    category_axis, value_axis = ("yaxis", "xaxis") if horizontal else ("xaxis", "yaxis")
    category_title = labels.axis(
        spec.x_label, look.height_px * 0.55 if horizontal else look.width_px * 0.8
    )
    value_title = labels.axis(
        spec.y_label, look.width_px * 0.55 if horizontal else look.height_px * 0.55
    )
    bargap = 0.3
    counts = [[alt_text.number(v) if v else "" for v in s.values] for s in spec.series]
    if stacked:
        counts = inside_text(
            look,
            counts,
            [s.values for s in spec.series],
            horizontal=horizontal,
            plot_px=_plot_px(look, fitted, horizontal, single, category_title, value_title),
            bargap=bargap,
        )
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
        if single or stacked:
            data.append(trace | _bar_text(s.values, counts[i], look, i, single=single))
        else:
            data.append(trace)
    layout = look.layout(
        x_title=value_title if horizontal else category_title,
        y_title=category_title if horizontal else value_title,
        legend=not single,
        barmode="stack" if stacked else "group",
        bargap=bargap,
    )
    # dtick 1: a label for every bar (plotly leaves out every other one when they look crowded).
    layout[category_axis] |= {"ticks": "", "type": "category", "dtick": 1}
    if horizontal:
        layout[category_axis]["autorange"] = "reversed"
    values = [v for s in spec.series for v in s.values]
    if single and values and min(values) >= 0:
        # Room past the longest bar for its number, which is drawn outside the bar.
        top = max(values)
        layout[value_axis] |= {"range": [0, top * 1.15 if top > 0 else 1]}
    if values and all(float(v).is_integer() for v in values) and _extent(spec) <= 5:
        # Counts: whole-number ticks (0, 1, 2), never 0.2 steps.
        layout[value_axis] |= {"dtick": 1, "tickformat": "d"}
    return {"data": data, "layout": layout}


def _extent(spec: ChartSpec) -> float:
    """How far the value axis of a bar chart reaches: from the lowest stack to the highest."""
    count = len(spec.categories)
    ups = [sum(max(s.values[i], 0) for s in spec.series) for i in range(count)]
    downs = [sum(min(s.values[i], 0) for s in spec.series) for i in range(count)]
    return max([0, *ups]) - min([0, *downs])


def _plot_px(
    look: Look,
    labels: list[Label],
    horizontal: bool,
    single: bool,
    category_title: str | None,
    value_title: str | None,
) -> tuple[float, float]:
    """About the (width, height) in px plotly leaves the plot of a bar chart: the image less
    the labels beside or under the bars, the tick labels, the axis titles and the legend."""
    line = lines_height(1, look.text_px)
    top = 20 if single else look.text_px * 2.4
    titles = [t for t in (category_title, value_title) if t]
    title_px = {t: lines_height(t.count("<br>") + 1, look.text_px) + 12 for t in titles}
    if horizontal:
        left = max((label.width_px for label in labels), default=0) + GAP_PX
        left += title_px.get(category_title, 0) if category_title else 0
        bottom = line + (title_px.get(value_title, 0) if value_title else 0)
    else:
        left = look.width_of("−0000") + (title_px.get(value_title, 0) if value_title else 0)
        tallest = max((len(label.lines) for label in labels), default=1)
        bottom = lines_height(tallest, look.text_px)
        bottom += title_px.get(category_title, 0) if category_title else 0
    return look.width_px - left - 30, look.height_px - top - bottom - 10


def _rows(spec: ChartSpec, look: Look, kind: str, labels: _Labels) -> dict[str, Any]:
    """Horizontal bars: a bar chart of more categories than fit side by side."""
    return _bars(spec, look, kind, labels, horizontal=True)


def _largest(spec: ChartSpec, limit: int) -> ChartSpec:
    """`spec` with only its `limit` largest categories, largest first: by their total over the
    series, or, when a value is negative, by their size (the sum of the parts' absolute values)
    so that large negative values are kept too, shown from the most positive down. Ties keep
    the file's order."""
    count = len(spec.categories)
    totals = [sum(s.values[i] for s in spec.series) for i in range(count)]
    sizes = [sum(abs(s.values[i]) for s in spec.series) for i in range(count)]
    keep = sorted(range(count), key=lambda i: (-sizes[i], i))[:limit]
    keep.sort(key=lambda i: (-totals[i], i))
    series = [s.model_copy(update={"values": [s.values[i] for i in keep]}) for s in spec.series]
    return spec.model_copy(
        update={"categories": [spec.categories[i] for i in keep], "series": series}
    )


def _bar_text(
    values: list[float], texts: list[str], look: Look, index: int, *, single: bool
) -> dict[str, Any]:
    """The numbers on a series of bars: outside a single series' bars, inside a stack's parts
    (level, `texts` already without those that do not fit)."""
    background = look.style.colors.background
    if single:
        return {
            "text": [alt_text.number(v) for v in values],
            "textposition": "outside",
            # At the chart's text size, even beside a thin bar (plotly would shrink it).
            "constraintext": "none",
            "cliponaxis": False,
            "textfont": {"size": look.text_px, "color": look.text_on(background)},
        }
    return {
        "text": texts,
        "textposition": "inside",
        "insidetextanchor": "middle",
        "textangle": 0,
        "textfont": {"size": look.text_px, "color": look.text_on(look.color(index))},
    }


def _pie(spec: ChartSpec, look: Look, kind: str, labels: _Labels) -> dict[str, Any]:
    """A pie (or donut) with each slice's label and number outside it when they fit beside and
    above it whole, the pie keeping at least `PIE_SHARE` of the height; otherwise the labels
    with their numbers in a legend beside the pie (wrapped to its width, shortened with a
    warning only when even that cannot hold them). Slices go clockwise from 12 o'clock, largest
    first."""
    values = list(spec.series[0].values) if spec.series else []
    whole = sum(values) or 1
    numbers = [
        alt_text.number(v) if labels.counts_only else f"{round(100 * v / whole)}%" for v in values
    ]
    plot_w, plot_h = look.width_px - 2 * GAP_PX, look.height_px - 2 * GAP_PX
    line = lines_height(1, look.text_px)
    # An outside label takes up to PIE_LABEL_LINES lines and its number; room above and below.
    diameter = min(plot_w * 0.5, plot_h - 2 * (PIE_LABEL_LINES + 1) * line)
    side_px = (plot_w - diameter) / 2 - 2 * GAP_PX
    outside = None
    if diameter >= PIE_SHARE * look.height_px:
        outside = _outside_labels(spec.categories, values, look, side_px, plot_h)
    trace: dict[str, Any] = {
        "type": "pie",
        "values": values,
        "hole": 0.45 if kind == "donut" else 0,
        "sort": True,
        "direction": "clockwise",
        "marker": {
            "colors": [look.color(i) for i in range(len(values))],
            "line": {"color": look.style.colors.background, "width": 3},
        },
        "textfont": {"size": look.text_px, "color": look.text_on(look.style.colors.background)},
        "automargin": False,
        "hovertemplate": f"{FSI}%{{label}}{PDI}: %{{value}}<extra></extra>",
    }
    layout = look.layout(legend=outside is None)
    layout["margin"] = {"l": GAP_PX, "r": GAP_PX, "t": GAP_PX, "b": GAP_PX, "pad": 0}
    if outside is not None:
        left = (plot_w - diameter) / 2 / plot_w
        trace |= {
            "labels": distinct([label.text for label in outside]),
            "text": [f"{lab.text}<br>{n}" for lab, n in zip(outside, numbers, strict=True)],
            "textinfo": "text",
            "textposition": "outside",
            "domain": {"x": [left, 1 - left], "y": [0, 1]},
        }
        return {"data": [trace], "layout": layout}
    diameter = min(plot_h, plot_w * 0.5)
    legend_px = plot_w - diameter - 2 * GAP_PX - LEGEND_SYMBOL_PX
    entries = _legend_entries(spec.categories, numbers, look, labels, legend_px, plot_h)
    trace |= {
        "labels": entries,
        "textinfo": "none",
        "domain": {"x": [0, diameter / plot_w], "y": [0, 1]},
    }
    layout["legend"] |= {
        "orientation": "v",
        "x": (diameter + 2 * GAP_PX) / plot_w,
        "xanchor": "left",
        "y": 0.5,
        "yanchor": "middle",
        "traceorder": "normal",
    }
    return {"data": [trace], "layout": layout}


def _outside_labels(
    categories: list[str], values: list[float], look: Look, side_px: float, plot_h: float
) -> list[Label] | None:
    """Each slice's label wrapped to `side_px` on at most `PIE_LABEL_LINES` lines, if all fit
    whole and, with their numbers, stacked on their side of the pie within the height (each half
    of a side holding the labels of the slices that end there); else None. A slice of 0 has no
    place on the circle for its label: None too."""
    if not values or min(values) <= 0:
        return None
    fitted = [look.label(c, side_px, PIE_LABEL_LINES) for c in categories]
    if any(label.shortened or label.width_px > side_px for label in fitted):
        return None
    whole = sum(values)
    quarters = [0.0] * 4  # right-top, right-bottom, left-bottom, left-top, clockwise from 12
    start = 0.0
    for i in sorted(range(len(values)), key=lambda i: -values[i]):
        middle = (start + values[i] / 2) / whole
        start += values[i]
        quarters[min(int(middle * 4), 3)] += lines_height(len(fitted[i].lines) + 1, look.text_px)
    if max(quarters) > plot_h / 2:
        return None
    return fitted


def _legend_entries(
    categories: list[str],
    numbers: list[str],
    look: Look,
    labels: _Labels,
    width_px: float,
    height_px: float,
) -> list[str]:
    """A pie's legend: each category with its number, wrapped to `width_px` on as many lines
    (up to `MAX_LINES`) as let every entry fit in `height_px`; shortened ones are recorded."""
    for lines in range(MAX_LINES, 0, -1):
        fitted = [
            look.label(c, width_px - look.width_of(f" ({n})"), lines)
            for c, n in zip(categories, numbers, strict=True)
        ]
        tall = sum(lines_height(len(label.lines), look.text_px) + 4 for label in fitted)
        if tall <= height_px or lines == 1:
            break
    entries = []
    for label, n in zip(fitted, numbers, strict=True):
        labels.shortened += label.note(*labels.spec.where(label.original, labels.source), HINT)
        entries.append(f"{isolate(label.text)} ({n})")
    return distinct(entries)


def _line(spec: ChartSpec, look: Look, kind: str, labels: _Labels) -> dict[str, Any]:
    categories = distinct(labels.categories(spec))
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
    """A grid of the series (rows) by the categories (columns), each cell's number in it. The
    column labels are wrapped level to their column's width (never turned on their side), the
    row labels to as many lines as the rows left above them allow."""
    x_title = labels.axis(spec.x_label, look.width_px * 0.8)
    below = lines_height(look.column_lines(), look.text_px)
    if x_title:
        below += lines_height(x_title.count("<br>") + 1, look.text_px) + 12
    lines = look.row_lines(len(spec.series), below)
    rows = [labels.fitted(s.name, look.width_px * 0.3, lines) for s in spec.series]
    # The columns share what the row labels leave of the width.
    left = max((row.width_px for row in rows), default=0) + GAP_PX
    column_px = (look.width_px - left - 30) / max(len(spec.categories), 1) - GAP_PX
    columns = [labels.fitted(c, column_px, look.column_lines()) for c in spec.categories]
    trace = {
        "type": "heatmap",
        "x": distinct([c.text for c in columns]),
        "y": distinct([row.text for row in rows]),
        "z": [s.values for s in spec.series],
        "colorscale": look.sequential_scale(),
        "showscale": False,
        "texttemplate": "%{z}",
        "textfont": {"size": look.text_px, "color": look.style.colors.text},
        "xgap": 4,
        "ygap": 4,
    }
    layout = look.layout(
        x_title=x_title,
        y_title=labels.axis(spec.y_label, look.height_px * 0.55),
    )
    every = {"showline": False, "ticks": "", "type": "category", "dtick": 1}
    layout["xaxis"] |= every | {"tickangle": 0}
    layout["yaxis"] |= every | {"autorange": "reversed"}
    return {"data": [trace], "layout": layout}
