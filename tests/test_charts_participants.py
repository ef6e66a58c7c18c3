"""The participants chart: which columns go on its axis and in its stack, from the columns
present or as charts.yaml names them, and words that read well for any column names."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from talkgen.charts import builtin
from talkgen.charts.figures import talk_figures
from talkgen.charts.look import slide_look
from talkgen.cli import cli
from talkgen.content import load_talk

REGIONS = ["Auckland", "Wellington", "Sydney", "Melbourne", "Brisbane"]
CHANNELS = ["blog comment", "blog post", "e-mail"]


def _participants(folder: Path, header: str, rows: list[str]) -> None:
    (folder / "participants.csv").write_text(header + "\n" + "\n".join(rows) + "\n")


def _regions_and_channels(folder: Path, order: str = "channel,region") -> None:
    ids = [f"P{n:02d}" for n in range(1, 15)]
    rows = []
    for n, pid in enumerate(ids):
        values = {"channel": CHANNELS[n % 3], "region": REGIONS[n % 5], "name": f"Person {n}"}
        rows.append(pid + "," + ",".join(values[c] for c in order.split(",")))
    _participants(folder, "id," + order, rows)


def _chart(folder: Path):
    return next(f for f in talk_figures(load_talk(folder), slide_look()) if f.id == "participants")


def test_the_example_puts_countries_on_the_axis_and_channels_in_the_stack(example_dir):
    assert builtin.columns(load_talk(example_dir)) == ("country", "channel")


def test_regions_go_on_the_axis_whatever_the_column_order(example_copy):
    _regions_and_channels(example_copy, "channel,region")
    assert builtin.columns(load_talk(example_copy)) == ("region", "channel")
    chart = _chart(example_copy)
    assert [t["name"] for t in chart.figure["data"]] == CHANNELS
    assert set(chart.figure["data"][0]["x"]) == set(REGIONS)
    assert chart.title == "14 participants by region and channel"
    assert chart.alt.startswith("Stacked bar chart of the 14 participants by region and channel.")
    assert "regions" not in chart.title and "channels" not in chart.title


def test_a_column_everyone_differs_in_is_never_chosen(example_copy):
    _regions_and_channels(example_copy, "name,channel,region")
    assert builtin.columns(load_talk(example_copy)) == ("region", "channel")


def test_unknown_column_names_are_chosen_by_their_values(example_copy):
    rows = [f"P{n:02d},{'ABCDEFG'[n % 7]},{'xy'[n % 2]}" for n in range(1, 15)]
    _participants(example_copy, "id,cohort_year,answered via", rows)
    assert builtin.columns(load_talk(example_copy)) == ("cohort_year", "answered via")
    chart = _chart(example_copy)
    assert chart.title == "14 participants by cohort year and answered via"
    assert chart.caption == "The 14 participants by cohort year and answered via."


def test_charts_yaml_names_the_columns(example_copy):
    _regions_and_channels(example_copy)
    (example_copy / "charts.yaml").write_text(
        "charts:\n  - id: participants\n    axis: channel\n    stack: region\n"
    )
    assert builtin.columns(load_talk(example_copy)) == ("channel", "region")
    assert [t["name"] for t in _chart(example_copy).figure["data"]][0] in REGIONS


def test_an_unknown_column_in_charts_yaml_is_a_located_error(example_copy):
    _regions_and_channels(example_copy)
    (example_copy / "charts.yaml").write_text("charts:\n  - id: participants\n    axis: province\n")
    result = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert result.exit_code == 2
    assert "charts.yaml:2: chart 'participants': axis 'province' is not a column of " in (
        result.output
    )
    assert "use one of: channel, region" in result.output
    assert "Traceback" not in result.output


def test_axis_and_stack_belong_to_the_participants_chart_only(example_copy):
    (example_copy / "charts.yaml").write_text("charts:\n  - id: prevalence\n    axis: country\n")
    result = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert result.exit_code == 2
    assert "charts.yaml:3: chart 'prevalence': axis is for the built-in participants chart" in (
        result.output
    )
