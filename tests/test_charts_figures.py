"""The charts' figures and words, checked against counts recomputed here from the content files.

No browser here: these tests read the plotly figure dicts and the alt text.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
import yaml

from talkgen.charts import chart_ids, talk_figures
from talkgen.charts.alt_text import declared, number
from talkgen.charts.look import Look, page_look
from talkgen.content import Participant, load_talk
from talkgen.errors import ContentError
from talkgen.style import load_style


def _raised_from_files(folder: Path) -> dict[str, set[str]]:
    """theme id -> participant ids, read straight from coding.csv, quotes.yaml and themes/."""
    raised: dict[str, set[str]] = {}
    for path in (folder / "themes").glob("*.md"):
        front = path.read_text(encoding="utf-8").split("---")[1]
        raised[yaml.safe_load(front)["id"]] = set()
    with open(folder / "coding.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            raised[row["theme"]].add(row["participant"])
    for quote in yaml.safe_load((folder / "quotes.yaml").read_text(encoding="utf-8")):
        for theme in quote["themes"]:
            raised[theme].add(quote["participant"])
    return raised


def _participants_from_file(folder: Path) -> list[dict[str, str]]:
    with open(folder / "participants.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def example_figures():
    talk = load_talk(Path(__file__).resolve().parents[1] / "content")
    return {f.id: f for f in talk_figures(talk)}, talk


def test_the_example_has_the_four_built_in_charts_in_order(example_figures):
    figures, talk = example_figures
    assert chart_ids(talk) == ["prevalence", "participants", "matrix", "cooccurrence"]
    assert list(figures) == chart_ids(talk)


def test_prevalence_counts_match_the_content_files(example_figures, example_dir):
    figures, talk = example_figures
    raised = _raised_from_files(example_dir)
    labels = {t.id: t.label for t in talk.themes}
    total = len(_participants_from_file(example_dir))
    trace = figures["prevalence"].figure["data"][0]
    shown = dict(zip(trace["y"], trace["x"], strict=True))
    assert shown == {labels[theme]: len(people) for theme, people in raised.items()}
    assert trace["x"] == sorted(trace["x"], reverse=True), "highest first"
    assert trace["text"] == [f"{n} of {total}" for n in trace["x"]]
    assert total == 14


def test_prevalence_alt_text_lists_every_theme_highest_first(example_figures, example_dir):
    figures, talk = example_figures
    raised = _raised_from_files(example_dir)
    labels = {t.id: t.label for t in talk.themes}
    alt = figures["prevalence"].alt
    assert alt.startswith("Bar chart. ")
    ranked = sorted(raised, key=lambda t: -len(raised[t]))
    top = ranked[0]
    assert f"{labels[top]}: raised by {len(raised[top])} of 14 participants" in alt
    positions = [alt.index(f"{labels[t]}: ") for t in ranked]
    assert positions == sorted(positions)
    for theme in ranked[1:]:
        assert f"{labels[theme]}: {len(raised[theme])} of 14" in alt


def test_participants_chart_counts_country_by_channel(example_figures, example_dir):
    figures, _ = example_figures
    people = _participants_from_file(example_dir)
    expected = Counter((p["country"], p["channel"]) for p in people)
    shown = Counter()
    for trace in figures["participants"].figure["data"]:
        for country, n in zip(trace["x"], trace["y"], strict=True):
            if n:
                shown[(country, trace["name"])] = n
    assert shown == expected
    assert figures["participants"].figure["layout"]["barmode"] == "stack"
    assert figures["participants"].title.startswith("14 participants from Australia and New")


def test_matrix_has_a_dot_exactly_where_a_participant_raised_a_theme(example_figures, example_dir):
    figures, talk = example_figures
    labels = {t.id: t.label for t in talk.themes}
    raised = _raised_from_files(example_dir)
    trace = figures["matrix"].figure["data"][0]
    dots = set(zip(trace["x"], trace["y"], strict=True))
    # The axis is titled "Participant" and numbers them as the quotes do: P08 is "8".
    assert dots == {(str(int(p[1:])), labels[t]) for t, people in raised.items() for p in people}
    assert figures["matrix"].figure["layout"]["xaxis"]["title"]["text"] == "Participant"


def test_cooccurrence_counts_participants_who_raised_both(example_figures, example_dir):
    figures, talk = example_figures
    raised = _raised_from_files(example_dir)
    label_of = {t.id: t.label for t in talk.themes}
    trace = figures["cooccurrence"].figure["data"][0]
    cells = {}
    for row_label, row in zip(trace["y"], trace["z"], strict=True):
        for column_label, value in zip(trace["x"], row, strict=True):
            if value is not None:
                cells[frozenset((row_label, column_label.replace("<br>", " ")))] = value
    expected = {
        frozenset((label_of[a], label_of[b])): len(raised[a] & raised[b])
        for a, b in combinations(raised, 2)
    }
    assert cells == expected
    best = max(expected.values())
    assert f"{best} participants" in figures["cooccurrence"].title


def _font_sizes(value, path="figure"):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("font", "tickfont", "textfont") and isinstance(inner, dict):
                if "size" in inner:
                    yield f"{path}.{key}", inner["size"]
            yield from _font_sizes(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _font_sizes(inner, f"{path}[{i}]")


def test_chart_text_is_at_least_the_body_size_at_slide_scale(example_figures):
    figures, _ = example_figures
    style = load_style()
    # 18 pt on a slide 13.333 in wide is 24 px in a figure laid out at 96 px per inch.
    smallest = style.sizes.chart_text * 96 / 72
    for chart in figures.values():
        sizes = list(_font_sizes(chart.figure))
        assert sizes, chart.id
        for where, size in sizes:
            assert size >= smallest, (chart.id, where, size)
        layout = chart.figure["layout"]
        # The style's fonts first, then the fallback chain for other scripts and emoji.
        assert layout["font"]["family"].startswith(style.fonts.chart.removesuffix("sans-serif"))
        assert layout["font"]["family"].endswith("Noto Color Emoji, sans-serif")
        assert (layout["width"], layout["height"]) == (round(12.3 * 96), round(5.3 * 96))
        assert not layout["xaxis"]["showgrid"] and not layout["yaxis"]["showgrid"]


CHARTS_YAML = """\
- id: prevalence
  title: Almost everyone described supportive relationships
  caption: Counts are illustrative.
  alt: My own alt text.
  x_label: People
- id: answers-by-year
  type: bar
  title: Answers grew each year
  categories: ["2011", "2012", "2013"]
  series:
    - name: answers
      values: [3, 12, 7]
  y_label: answers
- id: channels
  type: stacked-bar
  csv: data/channels.csv
  x: country
  caption: From the survey.
- id: share
  type: donut
  csv: data/channels.csv
  x: country
  y: [e-mail]
- id: trend
  type: line
  csv: data/channels.csv
  x: country
- id: grid
  type: heatmap
  csv: data/channels.csv
  x: country
  alt: A grid of channels by country.
"""

CHANNELS_CSV = "country,blog comment,e-mail\nAustralia,3,2\nNew Zealand,4,3\n"


@pytest.fixture
def declared_talk(example_copy: Path):
    (example_copy / "data").mkdir(exist_ok=True)
    (example_copy / "data" / "channels.csv").write_text(CHANNELS_CSV, encoding="utf-8")
    (example_copy / "charts.yaml").write_text(CHARTS_YAML, encoding="utf-8")
    return load_talk(example_copy)


def test_charts_yaml_overrides_a_built_in_charts_words(declared_talk):
    figures = {f.id: f for f in talk_figures(declared_talk)}
    chart = figures["prevalence"]
    assert chart.title == "Almost everyone described supportive relationships"
    assert chart.caption == "Counts are illustrative."
    assert chart.alt == "My own alt text."
    assert chart.figure["layout"]["xaxis"]["title"]["text"] == "People"


def test_declared_charts_follow_the_built_ins_with_their_data(declared_talk):
    figures = {f.id: f for f in talk_figures(declared_talk)}
    assert chart_ids(declared_talk)[4:] == ["answers-by-year", "channels", "share", "trend", "grid"]
    bars = figures["answers-by-year"].figure["data"]
    assert [(t["type"], list(t["x"]), list(t["y"])) for t in bars] == [
        ("bar", ["2011", "2012", "2013"], [3, 12, 7])
    ]
    assert figures["answers-by-year"].alt == ("Bar chart of answers. 2012: 12; 2013: 7; 2011: 3.")

    stacked = figures["channels"]
    assert stacked.figure["layout"]["barmode"] == "stack"
    assert {t["name"]: list(t["y"]) for t in stacked.figure["data"]} == {
        "blog comment": [3, 4],
        "e-mail": [2, 3],
    }
    assert stacked.caption == "From the survey."
    assert stacked.alt == (
        "Stacked bar chart, 2 series. New Zealand: 7 (blog comment 4, "
        "e-mail 3); Australia: 5 (blog comment 3, e-mail 2)."
    )

    donut = figures["share"].figure["data"][0]
    assert donut["type"] == "pie" and donut["hole"] > 0
    assert list(donut["values"]) == [2, 3]
    # 14 participants: the slices are labelled with counts, not percentages (issue 19).
    assert donut["textinfo"] == "text" and donut["textposition"] == "outside"
    assert [t.split("<br>")[-1] for t in donut["text"]] == ["2", "3"]
    assert figures["share"].alt == "Donut chart. New Zealand: 3 of 5; Australia: 2 of 5."

    assert {t["type"] for t in figures["trend"].figure["data"]} == {"scatter"}
    assert "from 3 in Australia to 4 in New Zealand" in figures["trend"].alt

    grid = figures["grid"].figure["data"][0]
    assert grid["type"] == "heatmap"
    assert [list(r) for r in grid["z"]] == [[3, 4], [2, 3]]
    assert figures["grid"].alt == "A grid of channels by country."


def test_alt_text_for_a_heatmap_and_a_line_reads_highest_first():
    text = declared("heatmap", ["a", "b"], [("x", [1, 5]), ("y", [3, 0])])
    assert text == "Heatmap, highest first. x × b: 5; y × a: 3; x × a: 1; y × b: 0."
    assert number(1200.0) == "1,200" and number(3.5) == "3.5"


@pytest.mark.parametrize(
    ("chart", "files", "where", "words"),
    [
        (
            "- id: c\n  type: bar\n  csv: data/missing.csv\n",
            {},
            "charts.yaml:3",
            "cannot read data/missing.csv",
        ),
        (
            "- id: c\n  type: bar\n  csv: data/c.csv\n  x: year\n  y: [count]\n",
            {"c.csv": "year,total\n2012,3\n"},
            "charts.yaml:5",
            "has no column 'count'",
        ),
        (
            "- id: c\n  type: line\n  csv: data/c.csv\n",
            {"c.csv": "year,total\n2012,3\n2013,many\n"},
            "c.csv:3",
            "'many' in column 'total' is not a number",
        ),
    ],
    ids=["missing-csv", "unknown-column", "not-a-number"],
)
def test_a_broken_declared_chart_is_a_content_error_with_file_and_line(
    example_copy, chart, files, where, words
):
    (example_copy / "data").mkdir(exist_ok=True)
    for name, text in files.items():
        (example_copy / "data" / name).write_text(text, encoding="utf-8")
    (example_copy / "charts.yaml").write_text(chart, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_talk(example_copy)
    lines = [p.format() for p in caught.value.problems]
    assert len(lines) == 1
    assert where in lines[0] and words in lines[0], lines[0]


def test_labels_inside_bars_contrast_with_every_palette_colour():
    from talkgen.charts.declared import figure
    from talkgen.charts.look import contrast, slide_look
    from talkgen.content.model import ChartSeries, ChartSpec

    palette = load_style().palette
    spec = ChartSpec(
        id="many",
        type="stacked-bar",
        categories=["a", "b"],
        series=[ChartSeries(name=f"s{i}", values=[1, 2]) for i in range(len(palette))],
    )
    traces = figure(spec, slide_look()).figure["data"]
    assert [t["marker"]["color"] for t in traces] == palette
    for trace in traces:
        # 24 px text is "large" in WCAG terms: AA asks for 3:1.
        assert contrast(trace["textfont"]["color"], trace["marker"]["color"]) >= 3, trace["name"]


def test_a_talk_with_nobody_coded_yet_still_gets_sensible_charts(tmp_path):
    from talkgen.scaffold import scaffold

    folder = tmp_path / "talk"
    scaffold(folder)
    header = (folder / "participants.csv").read_text(encoding="utf-8").splitlines()[0]
    (folder / "participants.csv").write_text(header + "\n", encoding="utf-8")
    (folder / "quotes.yaml").write_text("[]\n", encoding="utf-8")
    (folder / "coding.csv").unlink(missing_ok=True)
    figures = {f.id: f for f in talk_figures(load_talk(folder))}
    assert figures["prevalence"].title == "No theme has been raised yet"
    assert figures["participants"].title == "No participants listed yet"
    assert figures["participants"].alt == "Bar chart of the participants: none are listed yet."
    assert figures["matrix"].figure["data"][0]["x"] == []
    assert "No two themes were raised together." in figures["cooccurrence"].alt


def _shares_written(figure) -> list[str]:
    """Every percentage a chart writes: in its words, labels and plotly text settings (plotly's
    own `%{x}` placeholders are not shares)."""
    import json

    words = json.dumps([figure.title, figure.alt, figure.caption, figure.figure])
    found = re.findall(r"\d\s?%|percent", re.sub(r"%\{[^}]*\}", "", words))
    return found


def test_no_chart_writes_a_percentage_for_a_study_of_fewer_than_20(declared_talk):
    assert len(declared_talk.participants) == 14
    for figure in talk_figures(declared_talk):
        assert _shares_written(figure) == [], figure.id
    # The native (editable) pie labels its slices with values too.
    share = {f.id: f for f in talk_figures(declared_talk)}["share"]
    assert share.native is not None and share.native.counts_only


def test_a_study_of_20_or_more_gets_percentages_on_a_pie(declared_talk):
    more = [Participant(id=f"X{n:02d}", attributes={"country": "Australia"}) for n in range(1, 7)]
    big = declared_talk.model_copy(update={"participants": [*declared_talk.participants, *more]})
    assert len(big.participants) == 20
    pie = {f.id: f for f in talk_figures(big)}["share"]
    assert [t.split("<br>")[-1] for t in pie.figure["data"][0]["text"]] == ["40%", "60%"]
    assert pie.native is not None and not pie.native.counts_only
    assert pie.alt == "Donut chart. New Zealand: 3 (60%); Australia: 2 (40%)."


def test_a_bar_chart_of_many_categories_shows_the_ten_largest_and_says_how_many_more(
    example_copy: Path,
):
    # Finding 9: an import of 117 themes drew 117 slivers with every eighth label.
    values = [(7 * i) % 31 + 1 for i in range(30)]  # 30 distinct counts, in no order
    names = [f"category {i:02d}" for i in range(30)]
    chart = {
        "id": "many",
        "type": "bar",
        "categories": names,
        "series": [{"name": "segments", "values": values}],
        "caption": "Coded segments per theme.",
    }
    (example_copy / "charts.yaml").write_text(yaml.safe_dump([chart]), encoding="utf-8")
    talk = load_talk(example_copy)
    largest = sorted(zip(names, values, strict=True), key=lambda pair: -pair[1])[:10]
    note = "The 10 largest of 30 are shown; 20 more are not."
    # The same ten on a slide (of any box), in the handout's SVG and as a native chart.
    for look in (None, page_look(), Look(load_style(), 500, 300)):
        figure = {f.id: f for f in talk_figures(talk, look)}["many"]
        (trace,) = figure.figure["data"]
        assert trace["orientation"] == "h"
        assert list(zip(trace["y"], trace["x"], strict=True)) == largest
        assert figure.figure["layout"]["yaxis"]["autorange"] == "reversed"  # largest on top
        assert figure.caption == f"Coded segments per theme. {note}"
        assert figure.alt.endswith(f"category {largest[-1][0][-2:]}: {largest[-1][1]}. {note}")
        assert figure.alt.count(":") == 10  # the ten shown, each "name: value"
        assert figure.native.kind == "bar" and list(figure.native.categories) == [
            name for name, _ in largest
        ]


def test_theme_charts_of_many_themes_show_the_ten_raised_most(example_copy: Path):
    themes = example_copy / "themes"
    for path in themes.glob("*.md"):
        path.unlink()
    for i in range(25):
        (themes / f"{i:02d}-t.md").write_text(
            f"---\nid: t{i:02d}\ntitle: Theme {i:02d}\n---\nSummary {i}.\n", encoding="utf-8"
        )
    # Theme i raised by (i % 13) of the 14 participants: 12, 11 and 10 twice each, ….
    rows = ["participant,theme"] + [
        f"P{p:02d},t{i:02d}" for i in range(25) for p in range(1, i % 13 + 1)
    ]
    (example_copy / "coding.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (example_copy / "quotes.yaml").write_text("[]\n", encoding="utf-8")
    talk_file = example_copy / "talk.yaml"
    talk = yaml.safe_load(talk_file.read_text(encoding="utf-8"))
    talk.pop("outline", None)
    talk_file.write_text(yaml.safe_dump(talk), encoding="utf-8")
    figures = {f.id: f for f in talk_figures(load_talk(example_copy))}
    counts = {f"Theme {i:02d}": i % 13 for i in range(25)}
    most = sorted(counts, key=lambda t: (-counts[t], t))[:10]
    note = "The 10 themes raised most of 25 are shown; 15 more are not."
    (bars,) = figures["prevalence"].figure["data"]
    assert list(bars["y"]) == most and list(bars["x"]) == [counts[t] for t in most]
    assert sorted(set(figures["matrix"].figure["data"][0]["y"])) == sorted(most)
    rows = figures["cooccurrence"].figure["data"][0]["y"]  # the first theme has no row
    assert len(rows) == 9 and set(rows) <= set(most)
    for chart in ("prevalence", "matrix", "cooccurrence"):
        assert figures[chart].caption.endswith(note), chart
        assert figures[chart].alt.endswith(note), chart
