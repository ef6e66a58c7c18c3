"""Native, editable charts: `chart_style: native` draws the deck's charts with PowerPoint's chart
API (data embedded, alt text set) and the who-raised-what matrix as a table; the pictures stay
for the handout and the HTML. Read back with python-pptx, rendered with LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
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
"""


CHART_SLIDES = """  - kind: chart
    chart: matrix
  - kind: chart
    chart: channels
  - kind: chart
    chart: cooccurrence
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
