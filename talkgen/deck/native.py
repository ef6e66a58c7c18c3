"""Native, editable charts: a chart drawn as PowerPoint's own chart (or table), not a picture.

With `chart_style: native` (talk.yaml, or per chart in charts.yaml) a slide's bar, stacked-bar,
pie, donut or line chart is a PowerPoint chart made with python-pptx's chart API: its numbers are
embedded (PowerPoint's "Edit Data" and LibreOffice's data table open them), a speaker can correct
a number or recolour a bar, and a screen reader reaches the chart's alt text and its data. The
who-raised-what matrix becomes a native table. Colours are the plotly charts' palette, the font is
the deck's, and the size is the style's chart text size, so the two styles look alike. Heatmaps
(co-occurrence) have no PowerPoint chart type and stay pictures.
"""

from __future__ import annotations

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.shapetree import SlideShapes
from pptx.util import Emu, Pt

from talkgen.charts.look import Look
from talkgen.charts.model import NativeChart
from talkgen.deck.fit import font_measure
from talkgen.style import Style

_TYPES = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked-column": XL_CHART_TYPE.COLUMN_STACKED,
    "pie": XL_CHART_TYPE.PIE,
    "donut": XL_CHART_TYPE.DOUGHNUT,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}
# The smallest type a native table may shrink to so that its columns fit the box (pt).
TABLE_MIN_PT = 10
# A table cell's inner margins, left plus right, in inches (PowerPoint's default 0.1 in each).
_CELL_MARGINS_IN = 0.2

Box = tuple[int, int, int, int]
"""left, top, width, height in EMU."""


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def draw(shapes: SlideShapes, native: NativeChart, box: Box, style: Style) -> GraphicFrame:
    """Add `native` to `shapes` filling `box`: a chart, or a table for kind `table`. The caller
    names it and sets its alt text."""
    if native.kind == "table":
        return _table(shapes, native, box, style)
    return _chart(shapes, native, box, style)


def _chart(shapes: SlideShapes, native: NativeChart, box: Box, style: Style) -> GraphicFrame:
    data = CategoryChartData(number_format="General")
    data.categories = list(native.categories)
    for name, values in native.series:
        data.add_series(name, list(values))
    left, top, width, height = box
    frame = shapes.add_chart(
        _TYPES[native.kind], Emu(left), Emu(top), Emu(width), Emu(height), data
    )
    chart = frame.chart
    size = Pt(style.sizes.chart_text)
    colors = style.colors
    chart.font.name = style.fonts.deck
    chart.font.size = size
    chart.font.color.rgb = _rgb(colors.text)
    chart.has_title = False
    round_kind = native.kind in ("pie", "donut")
    chart.has_legend = round_kind or len(native.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.RIGHT if round_kind else XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = size
    plot = chart.plots[0]
    # On the slide the chart text is large text (18 pt): 3:1 against its fill is WCAG's bar.
    look = Look(style, 1, 1)
    for i, series in enumerate(plot.series):
        if native.kind == "line":
            series.format.line.color.rgb = _rgb(native.colors[i])
            series.format.line.width = Pt(3)
            series.smooth = False
            continue
        if native.colors_by_point:
            for j, color in enumerate(native.colors[: len(native.categories)]):
                point = series.points[j]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(color)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(native.colors[i % len(native.colors)])
    if native.kind == "line":
        return frame
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.font.size = size
    labels.number_format = "General"
    labels.number_format_is_linked = False
    if round_kind:
        # A small study's shares are counts ("6 of 14"), never percentages (docs/privacy.md).
        labels.show_value = native.counts_only
        labels.show_percentage = not native.counts_only
        if native.kind == "pie":
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.font.color.rgb = _rgb(colors.text)
        return frame
    plot.gap_width = 50
    if native.kind == "stacked-column":
        plot.overlap = 100
        labels.position = XL_LABEL_POSITION.CENTER
        for i, series in enumerate(plot.series):
            fill = native.colors[i % len(native.colors)]
            series_labels = series.data_labels
            series_labels.show_value = True
            series_labels.number_format = "General"
            series_labels.number_format_is_linked = False
            series_labels.font.size = size
            series_labels.font.color.rgb = _rgb(look.text_on(fill))
            series_labels.position = XL_LABEL_POSITION.CENTER
    else:
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.font.color.rgb = _rgb(look.text_on(colors.background))
    value_axis, category_axis = chart.value_axis, chart.category_axis
    value_axis.has_major_gridlines = False
    category_axis.tick_labels.font.size = size
    category_axis.format.line.color.rgb = _rgb(colors.muted)
    if native.kind == "bar":
        # Most first, at the top, as in the picture; the counts are on the bars.
        category_axis.reverse_order = True
        value_axis.visible = False
    else:
        value_axis.tick_labels.font.size = size
        value_axis.format.line.color.rgb = _rgb(colors.muted)
    return frame


def _table(shapes: SlideShapes, native: NativeChart, box: Box, style: Style) -> GraphicFrame:
    """The who-raised-what matrix as a table: a row per theme, a column per participant, a dot
    where the participant raised the theme. Type shrinks (not below `TABLE_MIN_PT`) until every
    participant's id fits its column."""
    header, *body = native.rows
    rows, cols = len(native.rows), len(header)
    left, top, width, height = box
    size = _table_type_size(header, width, height, rows, style)
    frame = shapes.add_table(rows, cols, Emu(left), Emu(top), Emu(width), Emu(height))
    table = frame.table
    first = round(width * 0.34) if cols > 1 else width
    table.columns[0].width = Emu(first)
    for c in range(1, cols):
        table.columns[c].width = Emu((width - first) // (cols - 1))
    table.first_row = True
    table.horz_banding = False
    colors = style.colors
    dot = native.colors[0] if native.colors else colors.accent
    for r, values in enumerate(native.rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(colors.light if r == 0 else colors.background)
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT if c == 0 else PP_ALIGN.CENTER
            run = paragraph.add_run()
            run.text = value
            run.font.size = Pt(size)
            run.font.name = style.fonts.deck
            run.font.bold = r == 0
            run.font.color.rgb = _rgb(dot if (r and c and value) else colors.text)
    return frame


def _table_type_size(
    header: tuple[str, ...], width: int, height: int, rows: int, style: Style
) -> float:
    """The type size at which the widest participant id fits its column and the rows fit."""
    measure = font_measure(style.fonts.deck_metrics)
    column_in = Emu((width - round(width * 0.34)) // max(len(header) - 1, 1)).inches
    row_pt = Emu(height // max(rows, 1)).pt
    size = style.sizes.chart_text
    widest = max((measure.width(name) for name in header[1:]), default=0)
    while size > TABLE_MIN_PT and (
        widest * size / 72 > column_in - _CELL_MARGINS_IN or size * 1.6 > row_pt
    ):
        size -= 1
    return size
