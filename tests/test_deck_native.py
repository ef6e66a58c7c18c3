"""Native, editable charts: `chart_style: native` draws the deck's charts with PowerPoint's chart
API (data embedded, alt text set) and the who-raised-what matrix as a table; the pictures stay
for the handout and the HTML. Read back with python-pptx, rendered with LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from deck_reading import soffice_pdf
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from talkgen.build import BuildOptions, build_talk
from talkgen.content import load_talk
from talkgen.content.attribution import participant_number

DECLARED = """charts:
  - id: channels
    type: {kind}
    title: How they answered
    categories: [Blog comments, Blog posts, E-mail]
    series:
      - name: "2012"
        values: [6, 5, 3]
      - name: "2013"
        values: [4, 2, 1]
  - id: branches
    type: stacked-bar
    title: Answers by branch
    x_label: Branch
    y_label: Answers
    categories: [a, b, c, d, e, f, g, h, i, j, k]
    series:
      - {{name: comments, values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]}}
      - {{name: posts, values: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}}
"""


CHART_SLIDES = """  - kind: chart
    chart: matrix
  - kind: chart
    chart: channels
  - kind: chart
    chart: cooccurrence
  - kind: chart
    chart: branches
  - kind: conclusion
"""


def _build(folder: Path, out: Path):
    return build_talk(folder, BuildOptions(out_dir=out))


def _charts_and_tables(deck: Path):
    found = []
    for number, slide in enumerate(Presentation(str(deck)).slides, start=1):
        for shape in slide.shapes:
            if shape.has_chart or shape.has_table:
                found.append((number, shape))
    return found


def _descr(shape) -> str:
    return shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")


@pytest.fixture(scope="module")
def native_deck(tmp_path_factory):
    folder = tmp_path_factory.mktemp("native-content")
    example = Path(__file__).resolve().parents[1] / "content"
    shutil.copytree(example, folder, dirs_exist_ok=True)
    talk = folder / "talk.yaml"
    text = talk.read_text(encoding="utf-8").replace("  - kind: conclusion\n", CHART_SLIDES, 1)
    talk.write_text(text + "\nchart_style: native\n", encoding="utf-8")
    (folder / "charts.yaml").write_text(DECLARED.format(kind="stacked-bar"), encoding="utf-8")
    out = tmp_path_factory.mktemp("native-out")
    result = _build(folder, out)
    return folder, out, result


@pytest.mark.slow
def test_native_charts_hold_the_numbers_and_alt_text(native_deck):
    folder, out, result = native_deck
    talk = load_talk(folder)
    raised = talk.raised_by()
    shapes = _charts_and_tables(result.file("deck").path)
    charts = [s for _, s in shapes if s.has_chart]
    tables = [s for _, s in shapes if s.has_table]
    assert charts and tables
    prevalence = next(
        s
        for s in charts
        if s.name.startswith("Chart: ") and s.chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    )
    plot = prevalence.chart.plots[0]
    expected = sorted((len(raised[t.id]) for t in talk.themes), reverse=True)
    assert list(plot.series[0].values) == expected
    assert list(plot.categories)[0] in {t.label for t in talk.themes}
    assert _descr(prevalence).startswith("Bar chart.")
    # The participants chart: a stacked column per country, a series per channel.
    stacked = next(s for s in charts if s.name.startswith("Chart: 14 participants"))
    assert stacked.chart.chart_type == XL_CHART_TYPE.COLUMN_STACKED
    series = {s.name: list(s.values) for s in stacked.chart.plots[0].series}
    assert sum(sum(v) for v in series.values()) == len(talk.participants)
    assert _descr(stacked).startswith("Stacked bar chart of the 14 participants")
    # Same palette and fonts as the pictures.
    fill = stacked.chart.plots[0].series[0].format.fill.fore_color.rgb
    assert str(fill) == "0072B2"
    assert stacked.chart.font.name == "Calibri"
    # A declared chart, and the heatmap, which has no native kind and stays a picture.
    declared = next(s for s in charts if s.name == "Chart: How they answered")
    assert {s.name: list(s.values) for s in declared.chart.plots[0].series} == {
        "2012": [6, 5, 3],
        "2013": [4, 2, 1],
    }
    pictures = [
        shape.name
        for slide in Presentation(str(result.file("deck").path)).slides
        for shape in slide.shapes
        if shape.shape_type == 13  # MSO_SHAPE_TYPE.PICTURE
    ]
    assert any(name.startswith("Chart: ") for name in pictures), "co-occurrence stays a picture"
    # A stacked bar chart of 11 categories: its largest as horizontal stacked bars, as many as
    # fit the smallest chart box (the same rows as the picture, the handout and the alt text).
    branches = next(s for s in charts if s.name == "Chart: Answers by branch")
    assert branches.chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    shown = list(branches.chart.plots[0].categories)
    assert len(shown) >= 5 and shown == list("kjihgfedcb")[: len(shown)]
    assert f"The {len(shown)} largest of 11 are shown" in _descr(branches)
    assert branches.chart.value_axis.axis_title.text_frame.text == "Answers"
    assert prevalence.chart.value_axis.axis_title.text_frame.text == (
        f"Participants who raised it (of {len(talk.participants)})"
    )


@pytest.mark.slow
def test_the_matrix_is_a_native_table(native_deck):
    folder, _, result = native_deck
    talk = load_talk(folder)
    tables = [s for _, s in _charts_and_tables(result.file("deck").path) if s.has_table]
    table = tables[0].table
    header = [table.cell(0, c).text for c in range(len(table.columns))]
    ids = [p.id for p in talk.participants]
    assert header[0] == "Theme" and header[1:] == [participant_number(p) for p in ids]
    raised = talk.raised_by()
    for r, theme in enumerate(talk.themes, start=1):
        assert table.cell(r, 0).text == theme.label
        marked = {ids[c - 1] for c in range(1, len(header)) if table.cell(r, c).text == "●"}
        assert marked == raised[theme.id]
    assert _descr(tables[0]).startswith("Dot grid of which participant raised which theme.")


@pytest.mark.slow
def test_pictures_stay_for_the_handout_and_html(native_deck):
    _, out, result = native_deck
    charts = out / "charts"
    assert (charts / "prevalence.svg").is_file() and (charts / "prevalence.html").is_file()
    assert result.file("handout").path.is_file()


@pytest.mark.slow
def test_native_charts_render_in_libreoffice(native_deck, tmp_path):
    _, _, result = native_deck
    deck = result.file("deck").path
    pdf_dir = tmp_path / "pdf"
    done = subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(pdf_dir), str(deck)],
        capture_output=True,
        text=True,
        timeout=240,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_dir / (deck.stem + ".pdf")))
    text = " ".join(page.extract_text() for page in reader.pages)
    # The chart's own text (its data labels and categories) is drawn by LibreOffice.
    assert re.search(r"\b11\b", text) and "Informal mentoring" in text
    assert "Participants who raised it (of 14)" in text  # an axis title
    assert re.search(
        r"The \d+ largest of 11 are shown; \d+ more (is|are) not\.", " ".join(text.split())
    )


@pytest.mark.parametrize(
    ("kind", "chart_type"),
    [
        ("bar", XL_CHART_TYPE.COLUMN_CLUSTERED),
        ("stacked-bar", XL_CHART_TYPE.COLUMN_STACKED),
        ("line", XL_CHART_TYPE.LINE_MARKERS),
        ("donut", XL_CHART_TYPE.DOUGHNUT),
        ("pie", XL_CHART_TYPE.PIE),
    ],
)
def test_each_declared_kind_is_drawn_natively(example_copy, tmp_path, kind, chart_type):
    from pptx.util import Inches

    from talkgen.charts.figures import talk_figures
    from talkgen.charts.look import slide_look
    from talkgen.deck import native
    from talkgen.style import load_style

    (example_copy / "charts.yaml").write_text(DECLARED.format(kind=kind), encoding="utf-8")
    talk = load_talk(example_copy)
    figure = next(f for f in talk_figures(talk, slide_look()) if f.id == "channels")
    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    box = (Inches(0.5), Inches(1), Inches(9), Inches(5))
    native.draw(slide.shapes, figure.native, box, load_style())
    presentation.save(tmp_path / "d.pptx")
    (frame,) = [s for s in Presentation(str(tmp_path / "d.pptx")).slides[0].shapes]
    assert frame.has_chart and frame.chart.chart_type == chart_type
    plot = frame.chart.plots[0]
    assert list(plot.categories) == ["Blog comments", "Blog posts", "E-mail"]
    values = {s.name: list(s.values) for s in plot.series}
    if kind in ("pie", "donut"):
        assert values == {"2012": [6, 5, 3]} or list(values.values())[0] == [6, 5, 3]
        point = plot.series[0].points[1].format.fill.fore_color.rgb
        assert str(point) == "D55E00"
    else:
        assert values == {"2012": [6, 5, 3], "2013": [4, 2, 1]}
    assert frame.chart.font.name == "Calibri"


# ---- Every declared type, any number of categories ------------------------------------------

_DRAWN_AS = {
    # (declared type, more categories than a chart shows side by side) -> PowerPoint's type
    ("bar", False): XL_CHART_TYPE.COLUMN_CLUSTERED,
    ("bar", True): XL_CHART_TYPE.BAR_CLUSTERED,
    ("stacked-bar", False): XL_CHART_TYPE.COLUMN_STACKED,
    ("stacked-bar", True): XL_CHART_TYPE.BAR_STACKED,
    ("pie", False): XL_CHART_TYPE.PIE,
    ("pie", True): XL_CHART_TYPE.PIE,
    ("donut", False): XL_CHART_TYPE.DOUGHNUT,
    ("donut", True): XL_CHART_TYPE.DOUGHNUT,
    ("line", False): XL_CHART_TYPE.LINE_MARKERS,
    ("line", True): XL_CHART_TYPE.LINE_MARKERS,
}


def _spec(kind: str, count: int, **extra):
    from talkgen.content.model import ChartSeries, ChartSpec

    categories = [f"c{i}" for i in range(count)]
    first = [float((i * 7) % 13) for i in range(count)]
    series = [ChartSeries(name="first", values=first)]
    if kind not in ("pie", "donut"):
        series.append(ChartSeries(name="second", values=[float(i % 3) for i in range(count)]))
    return ChartSpec(id="many", type=kind, categories=categories, series=series, **extra)


def _drawn(native_chart, tmp_path: Path, box=None):
    from pptx.util import Inches

    from talkgen.deck import native
    from talkgen.style import load_style

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    box = box or (Inches(0.5), Inches(1.75), Inches(12.3), Inches(4))
    drawn = native.draw(slide.shapes, native_chart, box, load_style())
    presentation.save(tmp_path / "d.pptx")
    (frame,) = list(Presentation(str(tmp_path / "d.pptx")).slides[0].shapes)
    return frame, drawn


@pytest.mark.parametrize("count", [1, 3, 11, 32])
@pytest.mark.parametrize("kind", ["bar", "stacked-bar", "pie", "donut", "line", "heatmap"])
def test_every_declared_type_is_drawn_natively_with_any_number_of_categories(tmp_path, kind, count):
    from talkgen.charts import declared
    from talkgen.charts.look import most_rows, slide_look

    look = slide_look()
    spec = _spec(kind, count)
    figure = declared.figure(spec, look)
    if kind == "heatmap":
        assert figure.native is None  # no PowerPoint chart type: the picture stays
        return
    many = count > most_rows(look.style)
    frame, _ = _drawn(figure.native, tmp_path)
    assert frame.has_chart and frame.chart.chart_type == _DRAWN_AS[(kind, many)]
    plot = frame.chart.plots[0]
    values = {s.name: list(s.values) for s in plot.series}
    if many and kind in ("bar", "stacked-bar"):
        # The 10 largest by their total, largest first, as in the picture.
        totals = [sum(s.values[i] for s in spec.series) for i in range(count)]
        keep = sorted(range(count), key=lambda i: (-totals[i], i))[: most_rows(look.style)]
        assert list(plot.categories) == [f"c{i}" for i in keep]
        assert values["first"] == [spec.series[0].values[i] for i in keep]
    else:
        assert list(plot.categories) == spec.categories
        assert values["first"] == spec.series[0].values


def test_a_native_chart_of_an_unknown_kind_is_refused():
    from talkgen.charts.model import NativeChart

    with pytest.raises(ValueError, match="no native chart of kind 'area'"):
        NativeChart(kind="area")


def _xml(frame) -> str:
    from lxml import etree

    return etree.tostring(frame.chart._chartSpace).decode()


def test_native_axes_have_titles_no_gridlines_and_labels_low_every_one_horizontal(tmp_path):
    from pptx.enum.chart import XL_TICK_LABEL_POSITION

    from talkgen.charts import declared
    from talkgen.charts.look import slide_look

    for kind in ("bar", "stacked-bar", "line"):
        spec = _spec(kind, 6, x_label="Year of the study", y_label="Followers gained")
        frame, _ = _drawn(declared.figure(spec, slide_look()).native, tmp_path)
        chart = frame.chart
        assert chart.category_axis.axis_title.text_frame.text == "Year of the study"
        assert chart.value_axis.axis_title.text_frame.text == "Followers gained"
        assert not chart.value_axis.has_major_gridlines
        assert not chart.category_axis.has_major_gridlines
        # Under the plot however low the values go (a line through negative numbers).
        assert chart.category_axis.tick_label_position == XL_TICK_LABEL_POSITION.LOW
        xml = _xml(frame)
        assert re.search(r'<c:tickLblSkip val="1"/>', xml), kind
        assert re.search(r'<c:catAx>.*<a:bodyPr rot="0" vert="horz"/>.*</c:catAx>', xml, re.S)


def test_native_long_categories_become_horizontal_bars_wrapped_as_in_the_picture(tmp_path):
    from pptx.util import Inches

    from talkgen.charts import declared
    from talkgen.charts.look import slide_look
    from talkgen.content.model import ChartSeries, ChartSpec

    long = "A comment left underneath the researcher's original blog post about mentoring on X"
    spec = ChartSpec(
        id="long",
        type="bar",
        categories=[long, "E-mail", "Post", "Comment", "Other"],
        series=[ChartSeries(name="n", values=[9, 2, 3, 4, 1])],
    )
    figure = declared.figure(spec, slide_look())
    assert figure.native.kind == "column" and figure.native.categories[0] == long
    # In a tall box, wrapped whole; in a short one, on the one line a row has room for.
    frame, _ = _drawn(figure.native, tmp_path, (0, 0, Inches(12), Inches(6)))
    assert frame.chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    shown = list(frame.chart.plots[0].categories)
    assert "\n" in shown[0] and shown[0].replace("\n", " ") == long and shown[1] == "E-mail"
    frame, _ = _drawn(figure.native, tmp_path, (0, 0, Inches(12), Inches(3)))
    first = frame.chart.plots[0].categories[0]
    assert "\n" not in first and first.endswith("…") and long.startswith(first[:-1])
    # The scale stays under the bars when the first category is at the top.
    assert "<c:valAx>" in _xml(frame) and re.search(
        r'<c:valAx>.*<c:crosses val="max"/>', _xml(frame), re.S
    )


def test_native_zero_parts_and_slices_have_no_label(tmp_path):
    from talkgen.charts import declared
    from talkgen.charts.look import slide_look
    from talkgen.content.model import ChartSeries, ChartSpec

    for kind in ("stacked-bar", "pie"):
        spec = ChartSpec(
            id="z",
            type=kind,
            categories=["a", "b", "c"],
            series=[ChartSeries(name="n", values=[3, 0, 2])],
        )
        frame, _ = _drawn(declared.figure(spec, slide_look()).native, tmp_path)
        deleted = frame.chart._chartSpace.xpath(
            ".//c:ser/c:dLbls/c:dLbl[c:delete/@val='1']/c:idx/@val"
        )
        assert deleted == ["1"], kind


def _theme_table(themes: int, participants: int, label: str):
    from talkgen.charts.model import NativeChart

    header = ("Theme", *(str(i + 1) for i in range(participants)))
    rows = [
        (f"{label} {t}", *("●" if (t + p) % (t % 4 + 2) else "" for p in range(participants)))
        for t in range(themes)
    ]
    return NativeChart(
        kind="table",
        rows=(header, *rows),
        colors=("#0072B2",),
        rows_of=25,
        rows_which="themes raised most",
    )


def test_a_native_table_fits_its_box_at_measured_row_heights(tmp_path):
    from pptx.util import Inches

    from talkgen.deck.fit import count_lines, font_measure
    from talkgen.deck.native import retell, table_layout
    from talkgen.style import load_style

    style = load_style()
    long = "Early career librarians valued encouragement to apply for jobs and to present at"
    table = _theme_table(10, 14, long)
    box = (Inches(0.5), Inches(1.75), Inches(12.3), Inches(4))
    frame, drawn = _drawn(table, tmp_path, box)
    shown = len(frame.table.rows) - 1
    assert drawn.shown_rows == shown and 1 <= shown < 10
    assert sum(r.height for r in frame.table.rows) <= box[3]
    # Every row as tall as its wrapped label measured with the deck font, at no less than the
    # style's smallest caption size.
    size = frame.table.cell(1, 0).text_frame.paragraphs[0].runs[0].font.size.pt
    assert style.sizes.caption_min <= size <= style.sizes.chart_text
    measure = font_measure(style.fonts.deck_metrics)
    first = frame.table.columns[0].width
    for r in range(1, shown + 1):
        text = frame.table.cell(r, 0).text
        lines = count_lines(text, first / 12700 - 14.4, size, measure)
        assert frame.table.rows[r].height / 12700 >= lines * measure.line_height * size
    # The rows kept are those with the most dots (themes raised most), in their order.
    kept = [frame.table.cell(r, 0).text for r in range(1, shown + 1)]
    body = table.rows[1:]
    dots = {row[0]: sum(1 for v in row[1:] if v) for row in body}
    assert min(dots[k] for k in kept) >= max(d for t, d in dots.items() if t not in kept)
    assert kept == [row[0] for row in body if row[0] in kept]
    # The caption says how many are shown: the charts stage's 10 become what the table shows.
    caption = "A dot means they did. The 10 themes raised most of 25 are shown; 15 more are not."
    assert retell(caption, table, shown) == (
        f"A dot means they did. The {shown} themes raised most of 25 are shown; "
        f"{25 - shown} more are not."
    )
    # A table of a few short themes is shown whole at the chart text size.
    small = _theme_table(3, 14, "Short")
    layout = table_layout(small, box[2], box[3], style)
    assert layout.shown == (0, 1, 2) and layout.size == style.sizes.chart_text
    assert retell("Caption.", small, 3) == "Caption."


def test_emoji_in_a_native_table_are_named_in_the_emoji_font(tmp_path):
    from talkgen.charts.model import NativeChart

    table = NativeChart(
        kind="table", rows=(("Theme", "1"), ("Private e-mail 📧 to me", "●")), colors=("#0072B2",)
    )
    frame, _ = _drawn(table, tmp_path)
    runs = frame.table.cell(1, 0).text_frame.paragraphs[0].runs
    assert "".join(r.text for r in runs) == "Private e-mail 📧 to me"
    emoji = [r for r in runs if "📧" in r.text]
    assert emoji and emoji[0].font.name == "Noto Color Emoji"
    assert {r.font.name for r in runs if "📧" not in r.text} == {"Calibri"}


def test_native_charts_have_the_background_and_prevalence_counts_of_everyone(
    example_copy, tmp_path
):
    from talkgen.charts.figures import talk_figures
    from talkgen.charts.look import slide_look

    talk = load_talk(example_copy)
    prevalence = next(f for f in talk_figures(talk, slide_look()) if f.id == "prevalence")
    frame, _ = _drawn(prevalence.native, tmp_path)
    space = frame.chart._chartSpace
    assert space.xpath("./c:spPr/a:solidFill/a:srgbClr/@val") == ["FFFFFF"]
    formats = set(space.xpath(".//c:ser/c:dLbls/c:numFmt/@formatCode"))
    assert formats == {f'0" of {len(talk.participants)}"'}  # a bar of 12 reads "12 of 14"


def test_native_horizontal_bars_get_smaller_type_in_a_short_box_not_below_caption_min(tmp_path):
    from pptx.util import Inches

    from talkgen.charts import declared
    from talkgen.charts.look import slide_look
    from talkgen.deck.native import for_box
    from talkgen.style import load_style

    style = load_style()
    native = declared.figure(_spec("bar", 32, y_label="Answers"), slide_look()).native
    tall = for_box(native, Inches(12), Inches(6), style)
    short = for_box(native, Inches(12), Inches(3.2), style)
    tiny = for_box(native, Inches(12), Inches(1), style)
    assert tall.text_pt == style.sizes.chart_text
    assert style.sizes.caption_min <= short.text_pt < style.sizes.chart_text
    assert tiny.text_pt == style.sizes.caption_min
    frame, _ = _drawn(native, tmp_path, (0, 0, Inches(12), Inches(3.2)))
    assert frame.chart.font.size.pt == short.text_pt


def test_native_charts_take_the_template_body_font():
    from talkgen.deck.native import template_style
    from talkgen.style import load_style

    style = load_style()
    themed = template_style(style, "Century Gothic")
    assert themed.fonts.deck == "Century Gothic" and themed.fonts.chart.startswith("Century")
    assert template_style(style, None) is style
    kept = style.model_copy(update={"charts_follow_template": False})
    assert template_style(kept, "Century Gothic").fonts.deck == style.fonts.deck


def test_native_table_cells_get_the_language_and_direction_of_their_text(example_copy, tmp_path):
    from talkgen.charts.model import NativeChart
    from talkgen.deck import languages

    arabic = "العلاقات الداعمة على تويتر"
    table = NativeChart(
        kind="table",
        rows=(("Theme", "1"), (arabic, "●"), ("Peer mentoring", "")),
        colors=("#000000",),
    )
    frame, _ = _drawn(table, tmp_path)
    talk = load_talk(example_copy)
    slide = frame.part.slide
    languages.mark_slide(slide, talk, [frame], headings=set())
    right_to_left = frame.table.cell(1, 0).text_frame.paragraphs[0]._p.pPr
    assert right_to_left.get("rtl") == "1"
    run = frame.table.cell(2, 0).text_frame.paragraphs[0].runs[0]._r
    assert run.rPr.get("lang") == talk.info.language
    assert run.rPr.xpath("./a:cs/@typeface") == ["+mn-cs"]


def test_the_left_off_sentence_reads_well_for_one_more():
    from talkgen.charts.look import left_off_note

    assert left_off_note(10, 11, "largest") == "The 10 largest of 11 are shown; 1 more is not."
    assert left_off_note(10, 12, "largest") == "The 10 largest of 12 are shown; 2 more are not."


@pytest.mark.slow
def test_emoji_in_native_legends_and_tables_are_drawn_by_libreoffice(tmp_path):
    """LibreOffice's PDF export leaves colour glyphs out (docs/fonts.md), so the slide is drawn
    to PNG, where the legend's and the table's 🤔 (yellow in Noto Color Emoji) must show."""
    from PIL import Image
    from pptx.util import Inches

    from talkgen.charts.model import NativeChart
    from talkgen.deck import native
    from talkgen.style import load_style

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(13.333), Inches(7.5)
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    style = load_style()
    pie = NativeChart(
        kind="pie",
        categories=("Blog 🤔", "E-mail"),
        series=(("n", (3.0, 4.0)),),
        colors=("#0072B2", "#D55E00"),
        colors_by_point=True,
    )
    table = NativeChart(kind="table", rows=(("Theme", "1"), ("Why 🤔", "●")), colors=("#000000",))
    native.draw(slide.shapes, pie, (0, 0, Inches(6), Inches(7)), style)
    native.draw(slide.shapes, table, (Inches(7), 0, Inches(6), Inches(2)), style)
    deck = tmp_path / "emoji.pptx"
    presentation.save(deck)
    image = Image.open(soffice_pdf(deck, tmp_path, "png")).convert("RGB")
    width, height = image.size

    def yellow(left: float, right: float) -> int:
        part = image.crop((round(left * width), 0, round(right * width), height))
        colors = part.getcolors(part.width * part.height) or []
        return sum(n for n, (r, g, b) in colors if r > 235 and g > 180 and b < 110)

    assert yellow(0, 0.5) > 20, "the legend's emoji"
    assert yellow(0.5, 1) > 20, "the table's emoji"
