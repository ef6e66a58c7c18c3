"""Whole labels and readable labels: long category labels are wrapped on word boundaries, the
margins come from the measured text, nothing reaches the image's edge, shortening warns, and
every label has WCAG contrast against what it is drawn on, at the size it is shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from talkgen.charts import labels as chart_labels
from talkgen.charts.figures import talk_figures
from talkgen.charts.look import page_look, slide_look
from talkgen.content import load_talk
from talkgen.style import load_style

LONG_THEME = "Informal mentoring happens on Twitter between people who never met"
LONG_CATEGORIES = [
    "Comments left on other librarians' blogs about their professional development plans",
    "Posts written on their own blogs reflecting on what they learned from others online",
    "E-mail",
]
SVG = "{http://www.w3.org/2000/svg}"


def _relative_luminance(color: str) -> float:
    # WCAG 2.2's definition, written out here independently of talkgen.charts.look.
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _ratio(a: str, b: str) -> float:
    high, low = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _long_talk(example_copy: Path) -> Path:
    """The example with every theme's label about 85 characters and a declared bar chart with
    80-character categories."""
    for path in (example_copy / "themes").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^short: .*\n", "", text, flags=re.M)
        number = path.name[:2]
        text = re.sub(r"^title: .*$", f"title: {LONG_THEME} {number}", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
    categories = "\n".join(f'      - "{c}"' for c in LONG_CATEGORIES)
    (example_copy / "charts.yaml").write_text(
        "charts:\n"
        "  - id: channels\n"
        "    type: bar\n"
        "    title: How they answered\n"
        f"    categories:\n{categories}\n"
        "    series:\n"
        "      - name: Participants\n"
        "        values: [6, 5, 3]\n"
        "    x_label: The channel through which each participant sent their answers to us\n"
        "    y_label: Participants\n",
        encoding="utf-8",
    )
    return example_copy


def test_wrap_keeps_every_word_on_word_boundaries():
    measure = chart_labels.chart_measure(load_style())
    label = chart_labels.wrap(LONG_CATEGORIES[0], 400, 24, measure)
    assert not label.shortened and len(label.lines) == 3
    assert " ".join(label.lines) == LONG_CATEGORIES[0]
    assert all(chart_labels.text_width(line, 24, measure) <= 400 for line in label.lines)
    assert label.width_px <= 400


def test_wrap_shortens_past_its_lines_and_says_so():
    measure = chart_labels.chart_measure(load_style())
    label = chart_labels.wrap(" ".join([LONG_THEME] * 4), 300, 24, measure)
    assert label.shortened and len(label.lines) == chart_labels.MAX_LINES
    assert label.lines[-1].endswith("…")
    assert all(chart_labels.text_width(line, 24, measure) <= 300 for line in label.lines)


def test_a_word_wider_than_the_line_is_never_broken_inside_only_shortened_and_said():
    measure = chart_labels.chart_measure(load_style())
    word = "Donaudampfschifffahrtsgesellschaftskapitän"
    label = chart_labels.wrap(word, 200, 24, measure)
    assert label.shortened and label.lines == (label.shown,)
    assert label.shown.endswith("…") and word.startswith(label.shown[:-1])
    assert chart_labels.text_width(label.shown, 24, measure) <= 200


@pytest.mark.parametrize(
    "text",
    [
        "Informal mentoring happens on Twitter",
        "Conference backchannels turned into friendships",
        "العلاقات الداعمة على تويتر تشبه الإرشاد المهني",
        "Private e-mail 📧 to the researcher",
    ],
)
@pytest.mark.parametrize("width", [90, 140, 260])
def test_lines_break_only_between_words(text, width):
    """UAX #14: never inside a word (the review's "Informa l mentor ing", "العلاقا ت")."""
    measure = chart_labels.chart_measure(load_style())
    label = chart_labels.wrap(text, width, 24, measure, max_lines=9)
    words = set(text.split())
    for line in label.lines:
        for word in line.rstrip("…").split():
            assert word in words or (label.shortened and line.endswith("…")), (line, word)
    if not label.shortened:
        assert " ".join(label.lines) == text


def test_chinese_breaks_between_ideographs_and_keeps_every_character():
    measure = chart_labels.chart_measure(load_style())
    text = "推特作为个人学习网络图书馆员通过关注同行"
    label = chart_labels.wrap(text, 150, 24, measure, max_lines=9)
    assert len(label.lines) > 1 and not label.shortened
    assert "".join(label.lines) == label.shown == text


def test_labels_shortened_alike_stay_separate_categories():
    assert chart_labels.distinct(["A…", "B", "A…", "A…"]) == [
        "A…",
        "B",
        "A…\u200b",
        "A…\u200b\u200b",
    ]


def test_margins_come_from_the_measured_labels(example_copy):
    talk = load_talk(_long_talk(example_copy))
    look = slide_look()
    prevalence = talk_figures(talk, look)[0]
    layout = prevalence.figure["layout"]
    widest = max(
        look.width_of(line) for y in prevalence.figure["data"][0]["y"] for line in y.split("<br>")
    )
    assert layout["margin"]["l"] >= widest
    assert layout["margin"]["r"] >= look.width_of("14 of 14")
    assert layout["margin"]["l"] <= look.width_px * 0.45, "the bars keep most of the width"


def test_long_labels_warn_only_when_shortened(example_copy):
    from talkgen.charts import chart_warnings

    talk = load_talk(_long_talk(example_copy))
    warned = {f.id for f in talk_figures(talk, slide_look()) if f.shortened}
    assert warned <= {"cooccurrence"}
    theme = next((example_copy / "themes").glob("01-*.md"))
    text = theme.read_text(encoding="utf-8")
    very_long = " ".join([LONG_THEME] * 3)
    theme.write_text(re.sub(r"^title: .*$", f"title: {very_long}", text, count=1, flags=re.M))
    title_line = 1 + text.splitlines().index(
        next(x for x in text.splitlines() if x.startswith("title:"))
    )
    warnings = chart_warnings(load_talk(example_copy))
    assert warnings and all(w.severity == "warning" for w in warnings)
    # One warning per chart, at the theme's title line.
    charts = [re.match(r"chart '([a-z]+)'", w.message).group(1) for w in warnings]
    assert len(charts) == len(set(charts)) and "prevalence" in charts
    first = warnings[charts.index("prevalence")]
    assert (first.path, first.line) == (theme, title_line)
    head = f'chart \'prevalence\': the label "{very_long}" is too long to show whole; shown as "'
    assert first.message.startswith(head) and first.message.endswith('…" in the handout')
    shown = first.message[len(head) : -len('" in the handout')]
    assert very_long.startswith(shown[:-1])
    assert first.hint == "give the theme a shorter `short:` title for charts"


_MANY_LONG = "A comment left underneath the researcher's original blog post about mentoring " * 4


def _six_long_categories(folder: Path, style: str = "picture") -> Path:
    categories = "".join(f'      - "{n} {_MANY_LONG}"\n' for n in range(1, 7))
    (folder / "charts.yaml").write_text(
        "charts:\n"
        "  - id: channels\n"
        "    type: bar\n"
        f"    chart_style: {style}\n"
        f"    categories:\n{categories}"
        "    series:\n"
        "      - name: Participants\n"
        "        values: [6, 5, 3, 2, 2, 1]\n",
        encoding="utf-8",
    )
    return folder


def test_one_warning_per_chart_names_the_first_three_and_counts_the_rest(example_copy):
    from talkgen.charts import chart_warnings

    talk = load_talk(_six_long_categories(example_copy))
    warnings = [w for w in chart_warnings(talk, boxes={"channels": [(12.3, 5.3)]})]
    assert len(warnings) == 1
    (warning,) = warnings
    # At the line of the first category in charts.yaml (line 6), not the chart's id: line.
    assert (warning.path, warning.line) == (example_copy / "charts.yaml", 6)
    assert warning.message.startswith(
        "chart 'channels': 6 labels are too long to show whole and are shortened: "
        f'"1 {" ".join(_MANY_LONG.split())}" as "1 A comment'
    )
    assert warning.message.endswith("; and 3 more")
    assert warning.message.count(" on the slide and in the handout") == 3
    assert warning.hint == "use a shorter category, series name or axis label"


def test_a_native_chart_warns_only_for_the_handout(example_copy):
    from talkgen.charts import chart_warnings

    talk = load_talk(_six_long_categories(example_copy, style="native"))
    (warning,) = chart_warnings(talk, boxes={"channels": [(12.3, 5.3)]})
    assert "on the slide" not in warning.message
    assert warning.message.count(" in the handout") == 3


def test_a_long_participant_value_warns_at_its_row_naming_its_column(example_copy):
    from talkgen.charts import chart_warnings

    path = example_copy / "participants.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    long_value = "Aotearoa " * 30
    rows[3] = rows[3].replace("New Zealand", long_value.strip())
    rows[5] = (
        rows[5].replace("New Zealand", long_value.strip()).replace("Australia", long_value.strip())
    )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    talk = load_talk(example_copy)
    warning = next(w for w in chart_warnings(talk) if "'participants'" in w.message)
    assert (warning.path, warning.line) == (path, 4)
    assert warning.hint.startswith("use shorter values in the 'country' column of participants.csv")


def test_a_signed_bar_chart_of_many_keeps_the_largest_in_size(example_copy):
    values = [-40, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, -3]
    (example_copy / "charts.yaml").write_text(
        "charts:\n  - id: change\n    type: bar\n"
        f"    categories: [{', '.join(f'B{i}' for i in range(len(values)))}]\n"
        f"    series:\n      - name: change\n        values: {values}\n",
        encoding="utf-8",
    )
    chart = next(f for f in talk_figures(load_talk(example_copy), slide_look()) if f.id == "change")
    shown = chart.figure["data"][0]["x"]
    assert -40 in shown and -3 not in shown and 1 not in shown
    assert shown == sorted(shown, reverse=True)
    assert chart.caption.endswith(
        "largest in size (positive or negative) of 14 are shown; 4 more are not."
    )
    assert chart.alt.endswith("4 more are not.")


def test_an_all_zero_bar_chart_has_a_whole_number_axis(example_copy):
    (example_copy / "charts.yaml").write_text(
        "charts:\n  - id: zero\n    type: bar\n    categories: [a, b, c]\n"
        "    series:\n      - name: n\n        values: [0, 0, 0]\n",
        encoding="utf-8",
    )
    chart = next(f for f in talk_figures(load_talk(example_copy), slide_look()) if f.id == "zero")
    assert chart.figure["layout"]["yaxis"]["dtick"] == 1


def test_stacked_counts_are_level_and_left_out_where_they_do_not_fit(example_copy):
    (example_copy / "charts.yaml").write_text(
        "charts:\n  - id: st\n    type: stacked-bar\n    categories: [a, b]\n"
        "    series:\n      - name: big\n        values: [100, 90]\n"
        "      - name: tiny\n        values: [1, 2]\n",
        encoding="utf-8",
    )
    chart = next(f for f in talk_figures(load_talk(example_copy), slide_look()) if f.id == "st")
    big, tiny = chart.figure["data"]
    assert big["text"] == ["100", "90"] and tiny["text"] == ["", ""]
    assert big["textangle"] == tiny["textangle"] == 0


def _label_checks(figure: dict, background: str) -> list[tuple[str, str, str]]:
    """(what, text colour, what it is drawn on) for every label of a figure."""
    checks = []
    layout = figure["layout"]
    for trace in figure["data"]:
        font = trace.get("textfont", {})
        if trace.get("type") == "heatmap":
            for _, fill in trace["colorscale"]:
                checks.append(("heatmap cell", font["color"], fill))
        elif trace.get("text") and trace.get("textposition") == "inside":
            fills = trace["marker"]["color"]
            for fill in fills if isinstance(fills, list) else [fills]:
                checks.append((f"inside {trace.get('name')}", font["color"], fill))
        elif trace.get("text") or trace.get("type") == "pie":
            checks.append(("outside label", font["color"], background))
    checks.append(("axis", layout["font"]["color"], background))
    return checks


@pytest.mark.parametrize("where", ["slide", "handout"])
def test_every_label_has_contrast_against_its_background(example_copy, where):
    talk = load_talk(_long_talk(example_copy))
    (example_copy / "charts.yaml").write_text(
        "charts:\n"
        + "".join(
            f"  - id: d-{kind}\n    type: {kind}\n    categories: [A, B, C]\n"
            "    series:\n      - {name: one, values: [3, 5, 2]}\n"
            "      - {name: two, values: [4, 1, 6]}\n"
            for kind in ("bar", "stacked-bar", "pie", "donut", "line", "heatmap")
        ),
        encoding="utf-8",
    )
    talk = load_talk(example_copy)
    look = slide_look() if where == "slide" else page_look()
    # On the slide the chart text is 18 pt (large: 3:1); in the handout about 9.8 pt (4.5:1).
    assert look.shown_pt == (18 if where == "slide" else pytest.approx(9.79, abs=0.05))
    needed = 3.0 if where == "slide" else 4.5
    background = look.style.colors.background
    checked = 0
    for chart in talk_figures(talk, look):
        for what, color, fill in _label_checks(chart.figure, background):
            assert _ratio(color, fill) >= needed, (chart.id, what, color, fill)
            checked += 1
    assert checked > 20


def test_the_vermillion_bar_gets_dark_enough_text_in_the_handout(example_dir):
    """The issue's case: #1F2328 on #D55E00 is 4.09:1, too little at 9.8 pt."""
    talk = load_talk(example_dir)
    for look, expected in ((slide_look(), "#1F2328"), (page_look(), "#000000")):
        participants = next(f for f in talk_figures(talk, look) if f.id == "participants")
        second = participants.figure["data"][1]
        assert second["marker"]["color"] == "#D55E00"
        assert second["textfont"]["color"] == expected


@pytest.mark.slow
def test_long_labels_are_whole_in_the_svg_and_clear_of_the_png_edges(example_copy, tmp_path):
    from talkgen.charts import render_charts
    from talkgen.geometry import lay_out
    from talkgen.plan import plan_talk

    talk = load_talk(_long_talk(example_copy))
    charts = render_charts(talk, tmp_path, boxes=lay_out(plan_talk(talk)).chart_boxes())
    # The co-occurrence grid has a theme's label on each axis: 70 characters are too many there,
    # and it says so; every other chart shows every label whole.
    assert charts.warnings
    assert all("chart 'cooccurrence'" in w.message for w in charts.warnings)
    for chart in charts.values():
        tree = etree.parse(str(chart.svg))
        # Each line of a wrapped label is a <tspan> of its own.
        words = " ".join(t for e in tree.iter(f"{SVG}text") for t in e.itertext()).split()
        expected = []
        if chart.id in ("prevalence", "matrix"):
            expected = LONG_THEME.split()
        if chart.id == "channels":
            expected = " ".join(LONG_CATEGORIES).split()
            expected += "The channel through which each participant".split()
        for word in expected:
            assert word in words, (chart.id, word)
        for png in (made.path for made in chart.slide_pngs):
            _assert_clear_edges(png)
        _assert_clear_edges(chart.png)


def _assert_clear_edges(png: Path, band: int = 3) -> None:
    """No ink (any pixel unlike the background) in a band along the image's four edges."""
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        width, height = rgb.size
        background = rgb.getpixel((width // 2, 1))
        strips = [
            rgb.crop((0, 0, width, band)),
            rgb.crop((0, height - band, width, height)),
            rgb.crop((0, 0, band, height)),
            rgb.crop((width - band, 0, width, height)),
        ]
        for strip in strips:
            colors = {c for _, c in strip.getcolors(maxcolors=1 << 16)}
            assert colors == {background}, (png.name, colors - {background})


@pytest.mark.slow
def test_the_charts_command_prints_the_shortening_warning(example_copy, tmp_path):
    from click.testing import CliRunner

    from talkgen.cli import cli

    theme = next((_long_talk(example_copy) / "themes").glob("01-*.md"))
    text = theme.read_text(encoding="utf-8")
    very_long = " ".join([LONG_THEME] * 3)
    theme.write_text(re.sub(r"^title: .*$", f"title: {very_long}", text, count=1, flags=re.M))
    result = CliRunner().invoke(cli, ["charts", str(example_copy), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "01-informal-mentoring.md:" in output
    assert "warning: chart 'prevalence': the label \"Informal mentoring" in output
    assert "give the theme a shorter `short:` title for charts" in output

    # validate lays the charts out as the build does, without a browser: the same warnings.
    built = CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(tmp_path / "b")])
    checked = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert built.exit_code == checked.exit_code == 0, built.output
    # The deck's keywords (the themes' titles) keep whole titles within python-pptx's 255.
    from pptx import Presentation

    deck = next((tmp_path / "b").glob("*.pptx"))
    keywords = Presentation(str(deck)).core_properties.keywords
    assert len(keywords) <= 255 and keywords.endswith("…")
    # The first title (200 characters) fits; the second would not, so it is left out whole.
    assert keywords == " ".join([LONG_THEME] * 3) + "…"
    label_warnings = [line for line in _warning_lines(built.stderr) if "too long" in line]
    assert label_warnings
    assert [w for w in _warning_lines(checked.stderr) if "too long" in w] == label_warnings


def _warning_lines(output: str) -> list[str]:
    """Each warning of the output as one line (the console wraps long ones)."""
    joined = re.sub(r"\n(?=\s)", " ", output)
    return [" ".join(line.split()) for line in joined.splitlines() if ": warning: " in line]


def test_validate_warns_about_a_shortened_label_and_strict_refuses_it(example_copy, tmp_path):
    from click.testing import CliRunner

    from talkgen.cli import cli

    theme = next((_long_talk(example_copy) / "themes").glob("01-*.md"))
    text = theme.read_text(encoding="utf-8")
    theme.write_text(
        re.sub(r"^title: .*$", "title: " + " ".join([LONG_THEME] * 3), text, count=1, flags=re.M)
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["validate", str(example_copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    warned = " ".join(result.stderr.split())
    assert "01-informal-mentoring.md:" in warned
    assert "warning: chart 'prevalence': the label \"Informal mentoring" in warned
    strict = CliRunner().invoke(cli, ["validate", str(example_copy), "--strict"])
    assert strict.exit_code == 2
    assert "is too long to show whole" in " ".join(strict.stderr.split())
    assert not out.exists()


_PIE_LABELS = [
    "Blog comments under the researcher's original post on mentoring and Twitter",
    "Posts on the participant's own blog",
    "Private e-mail to the researcher",
    "المشاركات على المدونة",
    "Nobody answered this way",
]


def _review_talk(folder: Path) -> Path:
    """What a reviewer tried: ten theme titles of 60-90 characters (Arabic among them), a pie of
    long labels and a zero, and a stacked bar of 32 long signed categories from a CSV."""
    for n, path in enumerate(sorted((folder / "themes").glob("*.md"))):
        text = re.sub(r"^short: .*\n", "", path.read_text(encoding="utf-8"), flags=re.M)
        title = (
            "العلاقات الداعمة على تويتر تشبه الإرشاد المهني"
            if n == 1
            else f"Informal mentoring happens on Twitter between colleagues {n}"
        )
        path.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M))
    (folder / "data").mkdir()
    rows = [
        f'"Library branch number {i} in the greater metropolitan region",{(i * 7) % 13 - 4},{i % 3}'
        for i in range(1, 33)
    ]
    (folder / "data" / "many.csv").write_text(
        "branch,answers,posts\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    pie = "".join(f'      - "{c}"\n' for c in _PIE_LABELS)
    (folder / "charts.yaml").write_text(
        "- id: pie\n  type: pie\n  title: A pie\n"
        f"  categories:\n{pie}"
        "  series:\n    - name: participants\n      values: [7, 3, 3, 1, 0]\n"
        "- id: stacked\n  type: stacked-bar\n  title: Branches\n  csv: data/many.csv\n",
        encoding="utf-8",
    )
    return folder


def _on_a_slide(folder: Path, chart_id: str) -> Path:
    """The talk with a chart slide of `chart_id` after its overview."""
    talk = folder / "talk.yaml"
    text = talk.read_text(encoding="utf-8")
    slide = f"  - kind: chart\n    chart: {chart_id}\n"
    talk.write_text(text.replace("    chart: prevalence\n", "    chart: prevalence\n" + slide, 1))
    return folder


def _svg_labels(svg: Path) -> list[list[str]]:
    """Every text of a plotly SVG as its lines (a wrapped label's lines are tspans)."""
    labels = []
    for text in etree.parse(str(svg)).iter(f"{SVG}text"):
        spans = [t for t in text.iter(f"{SVG}tspan") if "line" in (t.get("class") or "")]
        lines = [" ".join("".join(part.itertext()).split()) for part in spans or [text]]
        if any(lines):
            labels.append([line for line in lines if line])
    return labels


def _svg_lines(svg: Path) -> list[str]:
    return [line for label in _svg_labels(svg) for line in label]


@pytest.mark.slow
@pytest.mark.parametrize("template", [None, "Focus.pptx"])
def test_a_reviewers_long_labels_stay_whole_words_and_clear_of_the_edges(
    example_copy, tmp_path, shared_data, template
):
    from talkgen.charts import render_charts
    from talkgen.charts.look import template_look
    from talkgen.geometry import lay_out
    from talkgen.plan import plan_talk

    talk = load_talk(_review_talk(example_copy))
    geometry = lay_out(plan_talk(talk), shared_data / "templates" / template if template else None)
    look = template_look(geometry.template.accents, geometry.template.body_font)
    charts = render_charts(talk, tmp_path, boxes=geometry.chart_boxes(), look=look)
    words = {w for t in talk.themes for w in t.label.split()}
    words |= {w for label in _PIE_LABELS for w in label.split()}
    words |= set("Library branch number in the greater metropolitan region".split())
    for chart in charts.values():
        for png in chart.slide_pngs:
            _assert_clear_edges(png.path)
        for label in _svg_labels(chart.svg):
            # Never broken inside a word: no line ends with the first part of a word whose
            # rest starts the next line ("Informa" / "l mentoring", "العلاقا" / "ت").
            for above, below in zip(label, label[1:], strict=False):
                joined = above.split()[-1] + below.split()[0]
                assert joined not in words, (chart.id, label)

    # The pie's legend holds every slice's label whole, with its number.
    legend = " ".join(_svg_lines(charts["pie"].svg))
    for label, number in zip(_PIE_LABELS, ["7", "3", "3", "1", "0"], strict=True):
        assert all(word in legend.split() or f"{word}" in legend for word in label.split())
        assert f"({number})" in legend
    # Every shown bar has its label: as many label lines on the axis as bars.
    shown = [s for s in _svg_lines(charts["stacked"].svg) if s.startswith("Library branch")]
    assert len(shown) == len(charts_figure_rows(charts, "stacked"))
    # One warning per chart at most, each at the line of the first shortened label.
    ids = [re.match(r"chart '([a-z]+)'", w.message).group(1) for w in charts.warnings]
    assert len(ids) == len(set(ids))
    stacked = next((w for w in charts.warnings if "'stacked'" in w.message), None)
    if stacked is not None:
        assert stacked.path == example_copy / "data" / "many.csv" and stacked.line > 1


def charts_figure_rows(charts, chart_id: str) -> list[str]:
    """The category rows the chart's page shows (from its caption: 'The N largest of 32')."""
    caption = charts[chart_id].caption or ""
    match = re.search(r"The (\d+) largest", caption)
    return ["row"] * int(match.group(1)) if match else []


def test_a_word_too_wide_ends_the_label_there():
    measure = chart_labels.chart_measure(load_style())
    narrow = chart_labels.text_width("Blog", 24, measure) + 2
    label = chart_labels.wrap("Blog comment under the post", narrow, 24, measure)
    assert label.shortened and label.lines[0] == "Blog" and label.lines[-1].endswith("…")
    assert len(label.lines) == 2 and "under" not in label.shown


def test_heatmap_column_labels_stay_level_and_every_row_and_column_is_labelled(example_copy):
    (example_copy / "charts.yaml").write_text(
        "- id: grid\n  type: heatmap\n  categories: [Blog comment under the post, E-mail]\n"
        "  series:\n    - {name: Australia and the wider region, values: [3, 0]}\n"
        "    - {name: Aotearoa, values: [4, 1]}\n",
        encoding="utf-8",
    )
    for look in (slide_look(box=(9.45, 3.44)), page_look()):
        grid = next(f for f in talk_figures(load_talk(example_copy), look) if f.id == "grid")
        layout = grid.figure["layout"]
        assert layout["xaxis"]["tickangle"] == 0
        assert layout["xaxis"]["dtick"] == layout["yaxis"]["dtick"] == 1


@pytest.mark.slow
def test_the_build_and_its_checks_show_the_rows_the_smallest_chart_box_holds(
    example_copy, shared_data
):
    from talkgen.charts import chart_warnings
    from talkgen.charts.look import deck_look, fitted_to_boxes, most_rows
    from talkgen.geometry import lay_out
    from talkgen.plan import plan_talk

    talk = load_talk(_on_a_slide(_review_talk(example_copy), "stacked"))
    geometry = lay_out(plan_talk(talk), shared_data / "templates" / "Focus.pptx")
    look = deck_look(geometry)
    # Focus's chart box is 3.4 in tall: 5 rows of 18 pt labels, not the 10 of a full slide.
    rows = look.rows_for("stacked")
    assert rows == fitted_to_boxes(page_look(), geometry.chart_boxes()).rows_for("stacked")
    assert 3 <= rows < most_rows(load_style())
    stacked = next(f for f in talk_figures(talk, look) if f.id == "stacked")
    assert len(stacked.figure["data"][0]["y"]) == rows
    assert stacked.caption.startswith(f"The {rows} largest in size")
    # validate's chart warnings are laid out the same way.
    warned = [w for w in chart_warnings(talk, boxes=geometry.chart_boxes(), look=look)]
    assert any(f"{rows} labels are too long" in w.message for w in warned)


def test_a_chart_shows_the_rows_its_own_box_holds(example_copy, shared_data) -> None:
    # A chart on no slide (or on a large one) is not cut to fit another chart's small box.
    from talkgen.charts.look import deck_look, most_rows
    from talkgen.geometry import lay_out
    from talkgen.plan import plan_talk

    talk = load_talk(_on_a_slide(_review_talk(example_copy), "stacked"))
    geometry = lay_out(plan_talk(talk), shared_data / "templates" / "Focus.pptx")
    look = deck_look(geometry)
    boxes = geometry.chart_boxes()
    assert look.rows_for("stacked") < most_rows(load_style())
    off_slides = [spec.id for spec in talk.charts if spec.id not in boxes]
    assert off_slides, "the review talk has a chart on no slide"
    assert all(look.rows_for(chart_id) == most_rows(load_style()) for chart_id in off_slides)
