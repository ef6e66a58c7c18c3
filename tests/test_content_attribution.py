"""Attribution: which participant columns a quote's line shows, one participant label
everywhere, one pair of quotation marks, and a quote slide titled by the theme it sits under."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from talkgen.charts import talk_figures
from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.content.attribution import (
    attribution_line,
    attribution_values,
    default_attribution,
    participant_label,
    quoted,
    unquoted,
)
from talkgen.plan import plan_talk


def _regional(folder: Path) -> None:
    """The example's participants with a hospital study's columns instead."""
    with open(folder / "participants.csv", newline="") as handle:
        ids = [row["id"] for row in csv.DictReader(handle)]
    lines = ["id,name,region,ward,role,age"]
    for number, pid in enumerate(ids):
        region = ("North", "South")[number % 2]
        lines.append(f"{pid},Person {number},{region},Ward {number % 3},nurse,{30 + number}")
    (folder / "participants.csv").write_text("\n".join(lines) + "\n")


def test_a_study_with_other_columns_shows_them_by_default(example_copy: Path) -> None:
    # Finding 5: only `country` and `channel` were ever shown ("Participant 2 · interview").
    _regional(example_copy)
    talk = load_talk(example_copy)
    # `name` and `age` would identify someone (by name, or a value for each person): not shown.
    assert default_attribution(talk.participants) == ("region", "ward")
    assert attribution_line(talk, "P02") == "Participant 2 · South · Ward 1"


def test_attribution_in_talk_yaml_chooses_columns_and_order(example_copy: Path) -> None:
    _regional(example_copy)
    talk_file = example_copy / "talk.yaml"
    talk_file.write_text(talk_file.read_text() + "attribution: [Role, region]\n")
    talk = load_talk(example_copy)
    assert attribution_values(talk, "P02") == ["nurse", "South"]
    plan = plan_talk(talk)
    quote_slide = next(s for s in plan.slides if s.kind == "quote")
    assert quote_slide.title.startswith(participant_label(quote_slide.quote.participant))


def test_an_unknown_attribution_column_is_a_located_error_with_a_suggestion(
    example_copy: Path,
) -> None:
    talk_file = example_copy / "talk.yaml"
    lines = talk_file.read_text().splitlines()
    talk_file.write_text("\n".join([*lines, "attribution: [country, chanel]"]) + "\n")
    before = sorted(p.name for p in example_copy.iterdir())
    result = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert result.exit_code == 2
    assert f"talk.yaml:{len(lines) + 1}: attribution: participants.csv has no column 'chanel'" in (
        result.stderr
    )
    assert "did you mean 'channel'?" in result.stderr
    assert sorted(p.name for p in example_copy.iterdir()) == before


def test_one_label_for_a_participant_everywhere(example_dir: Path) -> None:
    # Finding 5: the matrix chart said "N08" where the quotes said "Participant 8".
    assert [participant_label(i) for i in ("P08", "N08", "8", "p-08", "kea")] == [
        "Participant 8",
        "Participant 8",
        "Participant 8",
        "Participant 8",
        "Participant kea",
    ]
    talk = load_talk(example_dir)
    matrix = next(f for f in talk_figures(talk) if f.id == "matrix")
    assert "Participant 5" in matrix.alt or "everyone" in matrix.alt
    assert not any(f"P0{n}" in matrix.alt for n in range(1, 10))


def test_a_quote_already_in_quotation_marks_gets_no_second_pair() -> None:
    # Finding 5: ““…”
    assert quoted('"It was mentoring."') == "“It was mentoring.”"
    assert quoted("“It was mentoring.”") == "“It was mentoring.”"
    assert quoted("  It was  ") == "“It was”"
    # Marks that do not enclose the whole quote stay.
    assert unquoted('"Yes" and "no"') == '"Yes" and "no"'


def test_the_participants_chart_title_reads_well_for_any_column(example_copy: Path) -> None:
    # Finding 5: "answering by 3 experiences".
    (example_copy / "participants.csv").write_text(
        "id,country,experience\n"
        + "".join(
            f"P{n:02d},{('NZ', 'AU')[n % 2]},{('new', 'mid', 'senior')[n % 3]}\n"
            for n in range(1, 15)
        )
    )
    talk = load_talk(example_copy)
    chart = next(f for f in talk_figures(talk) if f.id == "participants")
    assert chart.title == "14 participants from AU and NZ, by experience"
    assert "experiences" not in chart.title + chart.alt


def test_a_quote_slide_is_titled_by_the_theme_it_is_placed_under(example_copy: Path) -> None:
    # Finding 5: a quote placed after a theme was titled by its first theme.
    talk = load_talk(example_copy)
    quote = next(q for q in talk.quotes if len(q.themes) > 1)
    second = talk.theme(quote.themes[1])
    talk_file = example_copy / "talk.yaml"
    text = talk_file.read_text()
    start, end = text.index("outline:"), text.index("references:")
    outline = (
        f"outline:\n  - kind: title\n  - kind: theme\n    theme: {second.id}\n"
        f"  - kind: quote\n    quote: {quote.id}\n  - kind: contact\n\n"
    )
    talk_file.write_text(text[:start] + outline + text[end:])
    plan = plan_talk(load_talk(example_copy))
    assert plan.slides[2].title == f"{participant_label(quote.participant)} on {second.label}"
    assert second.id != quote.themes[0]
