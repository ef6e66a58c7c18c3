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

from dataclasses import dataclass, replace

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_TICK_LABEL_POSITION,
    XL_TICK_MARK,
)
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.shapetree import SlideShapes
from pptx.util import Emu, Pt

from talkgen.charts.builtin import LABEL_SHARE
from talkgen.charts.labels import MAX_LINES
from talkgen.charts.look import Look, left_off_note
from talkgen.charts.model import NativeChart
from talkgen.deck import xml
from talkgen.deck.fit import count_lines, font_measure
from talkgen.fonts import fallback_chain, split_by_font
from talkgen.style import Style

_TYPES = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked-bar": XL_CHART_TYPE.BAR_STACKED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked-column": XL_CHART_TYPE.COLUMN_STACKED,
    "pie": XL_CHART_TYPE.PIE,
    "donut": XL_CHART_TYPE.DOUGHNUT,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}
_ROUND = ("pie", "donut")
_STACKED = ("stacked-bar", "stacked-column")
_HORIZONTAL = ("bar", "stacked-bar")
# Columns and the horizontal bars they become when their labels do not fit under them.
_COLUMNS = {"column": "bar", "stacked-column": "stacked-bar"}
# The height of a line of chart text, and of a horizontal bar's row, in em (LibreOffice's and
# PowerPoint's line height for Calibri and Carlito is 1.22 em; a row needs one line).
_LINE = 1.25
_ROW_PITCH = 1.25
# A chart laid out at N CSS pixels (96 per inch) fills N * 9525 EMU (914400 per inch).
EMU_PER_CSS_PX = 914400 // 96
# A table cell's inner margins (PowerPoint's defaults): 0.1 in left and right, 0.05 in top and
# bottom, in points.
_CELL_MARGINS_X_PT = 14.4
_CELL_MARGINS_Y_PT = 7.2
# The share of a table's width its first column (the themes) may take at most and at least.
_FIRST_COLUMN_MOST = 0.6
_FIRST_COLUMN_LEAST = 0.25

Box = tuple[int, int, int, int]
"""left, top, width, height in EMU."""


@dataclass(frozen=True)
class Drawn:
    """A native chart or table on the slide: its frame, and how many of the table's body rows
    it shows (`shown_rows`; 0 for a chart)."""

    frame: GraphicFrame
    shown_rows: int = 0


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def template_style(style: Style, font: str | None) -> Style:
    """The style native charts are drawn in on a deck template whose body text is set in
    `font`: that font (measured with its metric twin, or a wide stand-in), as the pictures take
    it (`charts.look.template_look`); `style` itself when there is no such font or style.yaml
    sets `charts_follow_template: false`."""
    if not font or not style.charts_follow_template:
        return style
    fonts = {"deck": font, "deck_metrics": font, "chart": f"{font}, {style.fonts.chart}"}
    return style.model_copy(update={"fonts": style.fonts.model_copy(update=fonts)})


def draw(shapes: SlideShapes, native: NativeChart, box: Box, style: Style) -> Drawn:
    """Add `native` to `shapes` filling `box`: a chart, or a table for kind `table` (as many of
    its rows as fit, see `table_layout`). The caller names it and sets its alt text."""
    if native.kind == "table":
        return _table(shapes, native, box, style)
    return Drawn(_chart(shapes, native, box, style))


def retell(text: str, native: NativeChart, shown_rows: int) -> str:
    """A table's caption or alt text (`text`, made by the charts stage) saying how many of its
    rows the slide shows: the charts stage's "The 10 themes raised most of 25 are shown; …"
    replaced (or added) when the table could show only `shown_rows` of them."""
    body = len(native.rows) - 1
    if shown_rows >= body or not native.rows_which:
        return text
    of = max(native.rows_of, body)
    now = left_off_note(shown_rows, of, native.rows_which)
    before = left_off_note(body, of, native.rows_which)
    if body < of and before in text:
        return text.replace(before, now)
    return f"{text} {now}" if text else now


def for_box(native: NativeChart, width: int, height: int, style: Style) -> NativeChart:
    """`native` as drawn in a box of `width` x `height` EMU: columns whose labels do not fit
    under them on `MAX_LINES` lines become horizontal bars (as the pictures would need); the
    labels beside horizontal bars are wrapped (lines joined by a line feed) to `LABEL_SHARE`
    of the width and the rows' room, shortened with "…" as in the pictures (PowerPoint and
    LibreOffice would wrap them only at their own width, onto more lines than a row has room
    for, and turn crowded column labels 45 degrees); axis titles are wrapped to two lines of
    the axis' length. Measured with the chart font (`charts.look.Look`). Horizontal bars get
    smaller type (`text_pt`, not below the style's `caption_min`) where their rows would not
    fit the box at the chart text size."""
    if native.kind in _ROUND or native.kind == "table":
        return native
    width_px, height_px = (max(1, round(side / EMU_PER_CSS_PX)) for side in (width, height))
    look = Look(style, width_px, height_px)
    count = max(len(native.categories), 1)
    kind = native.kind
    if kind in _COLUMNS:
        column_px = look.width_px * 0.85 / count
        if any(look.label(c, column_px, MAX_LINES).shortened for c in native.categories):
            kind = _COLUMNS[kind]
    horizontal = kind in _HORIZONTAL
    size = style.sizes.chart_text
    if horizontal:
        # Rows of one line each, under a legend, beside the scale and its title: smaller type
        # (not below the style's `caption_min`) where the box is too short for them.
        floor = min(style.sizes.caption_min, size)
        around = 2 + bool(native.value_title) + (len(native.series) > 1)
        while size > floor and (count * _ROW_PITCH + around * _LINE) * size > Emu(height).pt:
            size -= 1
        look = Look(text_sized(style, size), width_px, height_px)
    categories = native.categories
    if horizontal:
        lines = look.row_lines(count)
        wrapped = (look.label(c, look.width_px * LABEL_SHARE, lines) for c in categories)
        categories = tuple("\n".join(label.lines) for label in wrapped)

    def title(text: str, length_px: float) -> str:
        return "\n".join(look.label(text, length_px, max_lines=2).lines) if text else ""

    return replace(
        native,
        kind=kind,
        text_pt=size,
        categories=categories,
        category_title=title(
            native.category_title, look.height_px * 0.55 if horizontal else look.width_px * 0.8
        ),
        value_title=title(
            native.value_title, look.width_px * 0.55 if horizontal else look.height_px * 0.55
        ),
    )


def text_sized(style: Style, size: float) -> Style:
    """`style` with its chart text at `size` pt."""
    return style.model_copy(update={"sizes": style.sizes.model_copy(update={"chart_text": size})})


def _chart(shapes: SlideShapes, native: NativeChart, box: Box, style: Style) -> GraphicFrame:
    native = for_box(native, box[2], box[3], style)
    if native.text_pt:
        style = text_sized(style, native.text_pt)
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
    xml.fill_chart_area(chart, colors.background)
    round_kind = native.kind in _ROUND
    chart.has_legend = round_kind or len(native.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.RIGHT if round_kind else XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = size
    plot = chart.plots[0]
    _color_series(plot, native)
    if native.kind != "line":
        _data_labels(plot, native, style)
    if not round_kind:
        _axes(chart, native, style)
    return frame


def _color_series(plot, native: NativeChart) -> None:
    """The plotly charts' colours: one per series, or one per category (`colors_by_point`)."""
    for i, series in enumerate(plot.series):
        if native.kind == "line":
            series.format.line.color.rgb = _rgb(native.colors[i % len(native.colors)])
            series.format.line.width = Pt(3)
            series.smooth = False
        elif native.colors_by_point:
            for j, color in enumerate(native.colors[: len(native.categories)]):
                point = series.points[j]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(color)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(native.colors[i % len(native.colors)])


def _data_labels(plot, native: NativeChart, style: Style) -> None:
    """Numbers on the bars and slices: outside a bar (beside it, horizontal), centred in a
    stack's part in a colour that reaches 3:1 on it (on the slide the chart text is large text:
    WCAG's bar), a pie's counts or percentages; none on an empty part or slice."""
    size = Pt(style.sizes.chart_text)
    look = Look(style, 1, 1)
    round_kind = native.kind in _ROUND
    if not round_kind:
        plot.gap_width = 50
    if native.kind in _STACKED:
        plot.overlap = 100
    for i, series in enumerate(plot.series):
        labels = series.data_labels
        labels.font.size = size
        labels.number_format = native.label_format
        labels.number_format_is_linked = False
        labels.show_value = not round_kind or native.counts_only
        if round_kind:
            # A small study's shares are counts ("6 of 14"), never percentages (docs/privacy.md).
            labels.show_percentage = not native.counts_only
            if native.kind == "pie":
                labels.position = XL_LABEL_POSITION.OUTSIDE_END
            labels.font.color.rgb = _rgb(style.colors.text)
        elif native.kind in _STACKED:
            fill = native.colors[i % len(native.colors)]
            labels.font.color.rgb = _rgb(look.text_on(fill))
            labels.position = XL_LABEL_POSITION.CENTER
        else:
            labels.position = XL_LABEL_POSITION.OUTSIDE_END
            labels.font.color.rgb = _rgb(look.text_on(style.colors.background))
        values = native.series[i][1]
        if round_kind or native.kind in _STACKED:
            xml.hide_data_labels(series, [j for j, value in enumerate(values) if not value])


def _axes(chart, native: NativeChart, style: Style) -> None:
    """Axes as in the pictures: no gridlines, the category labels all shown, horizontal (long
    ones wrapped by the renderer) and at the bottom of the plot however low the values go, and
    the axes' titles; a bar per theme (`colors_by_point`: prevalence) has its counts on the bars
    and no scale."""
    size = Pt(style.sizes.chart_text)
    colors = style.colors
    value_axis, category_axis = chart.value_axis, chart.category_axis
    for axis in (value_axis, category_axis):
        axis.has_major_gridlines = False
        axis.has_minor_gridlines = False
        axis.tick_labels.font.size = size
        axis.format.line.color.rgb = _rgb(colors.muted)
    category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    category_axis.major_tick_mark = XL_TICK_MARK.NONE
    xml.label_every_category(category_axis)
    if native.kind in _HORIZONTAL:
        # The first category at the top, as in the picture; the scale stays at the bottom.
        category_axis.reverse_order = True
        xml.value_axis_at_last_category(chart)
    if native.kind == "bar" and native.colors_by_point:
        value_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
        value_axis.major_tick_mark = XL_TICK_MARK.NONE
        value_axis.format.line.fill.background()
    for axis, text in ((category_axis, native.category_title), (value_axis, native.value_title)):
        axis.has_title = bool(text)
        if text:
            _axis_title(axis, text, style)


def _axis_title(axis, text: str, style: Style) -> None:
    """The axis' title, a paragraph per (measured) line, in the chart text's size and colour."""
    frame = axis.axis_title.text_frame
    frame.text = text
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(style.sizes.chart_text)
            run.font.bold = False
            run.font.name = style.fonts.deck
            run.font.color.rgb = _rgb(style.colors.text)


@dataclass(frozen=True)
class TableLayout:
    """How a table fits its box: the type size (pt), the first column's width and a participant
    column's (EMU), each row's height (EMU, the header's first), and the body rows shown (their
    indexes into the table's body rows, in order)."""

    size: float
    first_width: int
    column_width: int
    row_heights: tuple[int, ...]
    shown: tuple[int, ...]


def table_layout(native: NativeChart, width: int, height: int, style: Style) -> TableLayout:
    """The largest type size, from the style's chart text size down to its `caption_min`, at
    which every participant's id fits its column and every row (a theme label wrapped in the
    first column, as measured with the deck font) fits the box's `height` (EMU). When even at
    `caption_min` not every row fits, the rows with the most dots (themes raised most; ties in
    their order) that fit are shown, in their order."""
    header, *body = native.rows
    measure = font_measure(style.fonts.deck_metrics)
    bold = font_measure(style.fonts.deck_metrics, bold=True)
    width_pt, height_pt = Emu(width).pt, Emu(height).pt
    columns = max(len(header) - 1, 0)
    size = float(style.sizes.chart_text)
    floor = min(style.sizes.caption_min, size)
    while True:
        widest = max((bold.width(name) for name in header[1:]), default=0.0)
        column_pt = max(widest, measure.width("●")) * size + _CELL_MARGINS_X_PT
        first_pt = min(width_pt * _FIRST_COLUMN_MOST, width_pt - columns * column_pt)
        if columns:
            column_pt = (width_pt - first_pt) / columns
        line_pt = measure.line_height * size
        text_pt = first_pt - _CELL_MARGINS_X_PT
        heights = [
            count_lines(header[0], text_pt, size, bold) * line_pt + _CELL_MARGINS_Y_PT,
            *(
                count_lines(row[0], text_pt, size, measure) * line_pt + _CELL_MARGINS_Y_PT
                for row in body
            ),
        ]
        fits = first_pt >= width_pt * _FIRST_COLUMN_LEAST and sum(heights) <= height_pt
        if fits or size - 1 < floor:
            break
        size -= 1
    shown = list(range(len(body)))
    if sum(heights) > height_pt:
        ranked = sorted(shown, key=lambda r: (-sum(1 for v in body[r][1:] if v), r))
        room, shown = height_pt - heights[0], []
        for r in ranked:
            if heights[r + 1] <= room or not shown:
                shown.append(r)
                room -= heights[r + 1]
        shown.sort()
    return TableLayout(
        size=size,
        first_width=round(Pt(first_pt)),
        column_width=round(Pt(column_pt)),
        row_heights=(round(Pt(heights[0])), *(round(Pt(heights[r + 1])) for r in shown)),
        shown=tuple(shown),
    )


def _table(shapes: SlideShapes, native: NativeChart, box: Box, style: Style) -> Drawn:
    """The who-raised-what matrix as a table: a row per theme, a column per participant, a dot
    where the participant raised the theme; sized and cut by `table_layout`."""
    header, *body = native.rows
    left, top, width, height = box
    layout = table_layout(native, width, height, style)
    rows = [header, *(body[r] for r in layout.shown)]
    frame = shapes.add_table(
        len(rows), len(header), Emu(left), Emu(top), Emu(width), Emu(sum(layout.row_heights))
    )
    table = frame.table
    table.columns[0].width = Emu(layout.first_width if len(header) > 1 else width)
    for c in range(1, len(header)):
        table.columns[c].width = Emu(layout.column_width)
    for r, row_height in enumerate(layout.row_heights):
        table.rows[r].height = Emu(row_height)
    table.first_row = True
    table.horz_banding = False
    colors = style.colors
    dot = native.colors[0] if native.colors else colors.accent
    chain = fallback_chain(style.fonts.deck, fallback=style.fonts.fallback)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(colors.light if r == 0 else colors.background)
            # A row measured a little taller than the renderer needs keeps its text centred.
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT if c == 0 else PP_ALIGN.CENTER
            for text, face in split_by_font(value, chain) if value else [("", None)]:
                run = paragraph.add_run()
                run.text = text
                run.font.size = Pt(layout.size)
                # Emoji are named in the colour font that draws them, as PowerPoint does with
                # its own emoji font; other text keeps the deck font (and the theme's script
                # fonts, named by `languages.mark_slide`).
                color_face = face is not None and face.color
                run.font.name = face.family if color_face else style.fonts.deck
                run.font.bold = r == 0
                run.font.color.rgb = _rgb(dot if (r and c and value) else colors.text)
    return Drawn(frame, len(layout.shown))
