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


def test_a_word_wider_than_the_line_is_broken_not_cut():
    measure = chart_labels.chart_measure(load_style())
    word = "Donaudampfschifffahrtsgesellschaftskapitän"
    label = chart_labels.wrap(word, 200, 24, measure)
    assert len(label.lines) > 1 and not label.shortened
    assert "".join(label.lines) == word
    assert all(chart_labels.text_width(line, 24, measure) <= 200 for line in label.lines)


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
    talk = load_talk(_long_talk(example_copy))
    warned = {f.id for f in talk_figures(talk, slide_look()) for w in f.warnings}
    assert warned <= {"cooccurrence"}
    theme = next((example_copy / "themes").glob("01-*.md"))
    text = theme.read_text(encoding="utf-8")
    very_long = " ".join([LONG_THEME] * 3)
    theme.write_text(re.sub(r"^title: .*$", f"title: {very_long}", text, count=1, flags=re.M))
    warnings = [w for f in talk_figures(load_talk(example_copy), slide_look()) for w in f.warnings]
    assert warnings and all(w.severity == "warning" for w in warnings)
    first = warnings[0]
    assert first.path == theme and "too long" in first.message and "short:" in first.hint


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
    assert all("cooccurrence chart" in w.message for w in charts.warnings)
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
    assert "warning: theme 'informal-mentoring': its label is too long" in output
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
    assert "warning: theme 'informal-mentoring': its label is too long" in warned
    strict = CliRunner().invoke(cli, ["validate", str(example_copy), "--strict"])
    assert strict.exit_code == 2
    assert "its label is too long" in " ".join(strict.stderr.split())
    assert not out.exists()
