"""Protecting participants in what the talk shows: re-identification (k-anonymity over the shown
attribute combinations), small chart cells, voice balance, percentages in a small study, and real
names from an import's private mapping. Synthetic studies written into tmp folders, read back
through `load_talk`/`plan_talk` and the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from talkgen.build import check_talk
from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.disclosure import protection_warnings, shown_quotes
from talkgen.errors import ContentError
from talkgen.plan import plan_talk

# Fourteen participants; P14 is the only one from Samoa.
PEOPLE = (
    [(f"P{n:02d}", "New Zealand", "blog comment") for n in (1, 2, 3)]
    + [(f"P{n:02d}", "New Zealand", "e-mail") for n in (4, 5, 6)]
    + [(f"P{n:02d}", "Australia", "blog comment") for n in (7, 8, 9, 10)]
    + [(f"P{n:02d}", "Australia", "e-mail") for n in (11, 12, 13)]
    + [("P14", "Samoa", "blog comment")]
)
QUOTES = [
    ("q01", "P01", "alpha", True),
    ("q02", "P08", "beta", True),
    ("q07", "P14", "alpha", True),
]

# Notes for every kind of slide, so that the only warnings are the ones under test.
NOTED_KINDS = ("title", "method", "overview", "theme", "quote", "conclusion", "contact")


def write_study(
    folder: Path,
    people=PEOPLE,
    quotes=QUOTES,
    talk_extra: str = "",
    columns: tuple[str, ...] = ("country", "channel"),
) -> Path:
    """A content folder: two themes, the participants and quotes given."""
    (folder / "themes").mkdir(parents=True)
    notes = "".join(f"  {kind}: What I say here.\n" for kind in NOTED_KINDS)
    (folder / "talk.yaml").write_text(
        "title: A synthetic study\nspeaker: A. Researcher\nevent: Test day\nnotes:\n"
        + notes
        + talk_extra,
        encoding="utf-8",
    )
    for number, theme in enumerate(("alpha", "beta"), start=1):
        (folder / "themes" / f"0{number}-{theme}.md").write_text(
            f"---\nid: {theme}\ntitle: Theme {theme}\n---\nWhat {theme} is about.\n",
            encoding="utf-8",
        )
    index = {"country": 1, "channel": 2}
    rows = [",".join(("id", *columns))]
    rows += [",".join((p[0], *(p[index[c]] for c in columns))) for p in people]
    (folder / "participants.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    lines = []
    for quote_id, participant, theme, featured in quotes:
        lines += [f"- id: {quote_id}", f"  participant: {participant}", f"  themes: [{theme}]"]
        lines += ["  featured: true"] if featured else []
        lines += [f"  text: Words of {participant} in {quote_id}."]
    (folder / "quotes.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def line_of(path: Path, text: str) -> int:
    """The 1-based line of `path` that starts with `text` (found by reading the file)."""
    return next(
        n for n, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(text)
    )


def warnings_of(folder: Path) -> list:
    return protection_warnings(plan_talk(load_talk(folder)))


# ---- re-identification --------------------------------------------------------------------------


def test_the_only_participant_from_a_country_is_warned_at_the_quotes_line(tmp_path):
    folder = write_study(tmp_path / "study")
    found = [w for w in warnings_of(folder) if "q07" in w.message]
    assert len(found) == 1
    warning = found[0]
    assert warning.severity == "warning"
    assert warning.path == folder / "quotes.yaml"
    assert warning.line == line_of(folder / "quotes.yaml", "- id: q07")
    assert warning.format(tmp_path) == (
        f"study/quotes.yaml:{warning.line}: warning: quote 'q07' may identify its participant: "
        'only 1 of 14 participants is "Samoa · blog comment" — show fewer attributes '
        "(attribution: [channel]) or group the values of 'country' into fewer, larger groups"
    )


def test_the_only_participant_from_a_country_is_a_small_bar_in_the_who_took_part_chart(tmp_path):
    folder = write_study(tmp_path / "study")
    found = [w for w in warnings_of(folder) if "who-took-part" in w.message]
    assert [(w.path.name, w.line) for w in found] == [
        ("participants.csv", line_of(folder / "participants.csv", "P14,"))
    ]
    assert 'only 1 of 14 participants is "Samoa" (a bar' in found[0].message
    assert found[0].hint == (
        "group the values of 'country' in participants.csv into fewer, larger groups"
    )


def test_strict_makes_it_an_error_exit_2(tmp_path):
    folder = write_study(tmp_path / "study")
    with pytest.raises(ContentError) as caught:
        check_talk(folder, strict=True)
    assert {p.severity for p in caught.value.problems} == {"error"}
    assert [p.message[:18] for p in caught.value.problems] == [
        "quote 'q07' may id",
        "the who-took-part ",
    ]
    result = CliRunner().invoke(cli, ["validate", "--strict", str(folder)])
    assert result.exit_code == 2
    assert "quote 'q07' may identify its participant" in result.output
    plain = CliRunner().invoke(cli, ["validate", str(folder)])
    assert plain.exit_code == 0
    assert "warning: quote 'q07' may identify its participant" in plain.output


def test_dropping_the_attribute_from_the_attribution_clears_the_quotes_warning(tmp_path):
    folder = write_study(tmp_path / "study", talk_extra="attribution: [channel]\n")
    found = warnings_of(folder)
    assert not [w for w in found if "q07" in w.message]
    # The chart still shows the country column: its one-person bar is still a warning.
    assert [w.path.name for w in found] == ["participants.csv"]


def test_dropping_the_column_clears_everything_and_strict_passes(tmp_path):
    folder = write_study(tmp_path / "study", columns=("channel",))
    assert warnings_of(folder) == []
    talk, plan, warnings = check_talk(folder, strict=True)
    assert warnings == []


def test_the_check_counts_the_columns_attribution_names(tmp_path):
    # Shown by `attribution: [country]` alone, Samoa is still one person.
    folder = write_study(tmp_path / "study", talk_extra="attribution: [Country]\n")
    found = [w for w in warnings_of(folder) if "q07" in w.message]
    assert [w.message.split(": ", 1)[1] for w in found] == ['only 1 of 14 participants is "Samoa"']
    assert (
        found[0].hint == "show no attributes under the quote (attribution: []) or group the "
        "values of 'country' into fewer, larger groups"
    )


def test_two_people_sharing_a_combination_warn_with_k_3_and_not_with_k_2(tmp_path):
    people = [p for p in PEOPLE if p[0] != "P14"]
    people = [(p, "Australia", "blog comment") if p == "P11" else (p, c, m) for p, c, m in people]
    people.append(("P14", "New Zealand", "blog comment"))
    quotes = [("q01", "P01", "alpha", True), ("q12", "P12", "beta", True)]
    strict = write_study(tmp_path / "k3", people, quotes)
    found = warnings_of(strict)
    assert [w.message for w in found] == [
        "quote 'q12' may identify its participant: only 2 of 14 participants are "
        '"Australia · e-mail"',
        "the who-took-part chart may identify a participant: only 2 of 14 participants are "
        '"Australia · e-mail" (a bar segment, also in its alt text)',
    ]
    assert found[0].hint == "show fewer attributes (attribution: [country])"
    assert found[0].line == line_of(strict / "quotes.yaml", "- id: q12")
    relaxed = write_study(tmp_path / "k2", people, quotes, talk_extra="privacy:\n  min_group: 2\n")
    assert warnings_of(relaxed) == []


def test_a_quote_that_is_not_shown_is_not_checked(tmp_path):
    quotes = [*QUOTES[:2], ("q07", "P14", "alpha", False)]
    folder = write_study(tmp_path / "study", quotes=quotes)
    assert not [w for w in warnings_of(folder) if "q07" in w.message]


def test_a_quote_slide_in_the_outline_is_checked_even_when_not_featured(tmp_path):
    quotes = [*QUOTES[:2], ("q07", "P14", "alpha", False)]
    outline = "outline:\n  - kind: title\n  - kind: quote\n    quote: q07\n  - kind: contact\n"
    folder = write_study(tmp_path / "study", quotes=quotes, talk_extra=outline)
    assert "q07" in shown_quotes(plan_talk(load_talk(folder)))
    assert [w for w in warnings_of(folder) if "q07" in w.message]


def test_min_group_must_be_a_whole_number_of_at_least_one(tmp_path):
    folder = write_study(tmp_path / "study", talk_extra="privacy:\n  min_group: 0\n")
    result = CliRunner().invoke(cli, ["validate", str(folder)])
    assert result.exit_code == 2
    assert f"talk.yaml:{line_of(folder / 'talk.yaml', '  min_group')}: privacy.min_group" in (
        result.output
    )


def test_the_example_passes_its_own_check(example_dir):
    talk, plan, warnings = check_talk(example_dir, strict=True)
    assert protection_warnings(plan) == []


# ---- voice balance ---------------------------------------------------------------------------


def test_a_theme_shown_only_through_one_participant_warns(tmp_path):
    quotes = [("q01", "P01", "alpha", True), ("q02", "P01", "alpha", True)]
    folder = write_study(tmp_path / "study", quotes=quotes)
    found = [w for w in warnings_of(folder) if "one participant's view" in w.message]
    theme = folder / "themes" / "01-alpha.md"
    assert [(w.path, w.line) for w in found] == [(theme, line_of(theme, "id: alpha"))]
    assert found[0].message == (
        "theme 'alpha' is shown as one participant's view: its 2 shown quotes (q01, q02) are all "
        "P01's"
    )


def test_two_voices_on_a_theme_do_not_warn(tmp_path):
    quotes = [("q01", "P01", "alpha", True), ("q02", "P02", "alpha", True)]
    folder = write_study(tmp_path / "study", quotes=quotes)
    assert not [w for w in warnings_of(folder) if "one participant's view" in w.message]


def test_a_participant_quoted_more_than_max_quotes_warns_at_the_quote_over_the_limit(tmp_path):
    quotes = [
        ("q01", "P01", "alpha", True),
        ("q02", "P02", "alpha", True),
        ("q03", "P01", "beta", True),
        ("q04", "P01", "beta", True),
    ]
    folder = write_study(tmp_path / "study", quotes=quotes)
    found = [w for w in warnings_of(folder) if "times in the talk" in w.message]
    assert [(w.line, w.message) for w in found] == [
        (
            line_of(folder / "quotes.yaml", "- id: q04"),
            "participant P01 is quoted 3 times in the talk (q01, q03, q04), more than "
            "privacy.max_quotes (2)",
        )
    ]
    raised = write_study(
        tmp_path / "raised", quotes=quotes, talk_extra="privacy:\n  max_quotes: 3\n"
    )
    assert not [w for w in warnings_of(raised) if "times in the talk" in w.message]


# ---- counts, not percentages ------------------------------------------------------------------


def test_a_percentage_in_a_small_studys_theme_warns(tmp_path):
    folder = write_study(tmp_path / "study", columns=("channel",))
    theme = folder / "themes" / "01-alpha.md"
    theme.write_text(theme.read_text() + "\nAbout 43% said so.\n")
    found = warnings_of(folder)
    assert [(w.path, w.message) for w in found] == [
        (theme, "'43%' is a percentage of a study of 14 participants")
    ]
    assert "6 of 14" in found[0].hint


# ---- real names from the import's private mapping ---------------------------------------------


def private_mapping(folder: Path, rows: str) -> Path:
    private = folder.parent / f"{folder.name}.private"
    private.mkdir()
    (private / "participants.csv").write_text("id,name,from\n" + rows, encoding="utf-8")
    return private


@pytest.mark.parametrize(
    "text",
    [
        "Anna Schmidt told me so.",
        "then ANNA   SCHMIDT wrote",
        "Anna said it first.",
        "Ask Schmidt.",
    ],
)
def test_a_real_name_from_the_private_mapping_in_a_quote_is_caught_and_never_printed(
    tmp_path, text
):
    folder = write_study(tmp_path / "study", columns=("channel",))
    private_mapping(folder, "P03,Anna Schmidt,case\nP04,interview_4,source\n")
    quotes = folder / "quotes.yaml"
    quotes.write_text(quotes.read_text().replace("Words of P08 in q02.", f"'{text}'"))
    talk = load_talk(folder)
    messages = [w.format() for w in talk.warnings]
    assert messages == [
        f"{quotes}:{line_of(quotes, '- id: q02')}: warning: quote 'q02' may contain personal "
        "data: the real name of participant P03 (from the import's private mapping) — remove or "
        "anonymise it (e.g. [name], [email])"
    ]
    result = subprocess.run(
        [sys.executable, "-m", "talkgen", "validate", "--strict", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "participant P03" in result.stdout + result.stderr
    for part in ("Anna", "Schmidt", "ANNA"):
        assert part not in result.stdout + result.stderr


def test_ordinary_words_and_source_names_are_only_matched_whole(tmp_path):
    folder = write_study(tmp_path / "study", columns=("channel",))
    private_mapping(folder, "P03,Group Interview,source\nP04,interview_4,source\n")
    quotes = folder / "quotes.yaml"
    quotes.write_text(
        quotes.read_text()
        .replace("Words of P08 in q02.", "'The interview was a group one, like interview 4.'")
        .replace("Words of P01 in q01.", "'I said it in interview_4.'")
    )
    found = [w.message for w in load_talk(folder).warnings]
    assert found == [
        "quote 'q01' may contain personal data: the real name of participant P04 (from the "
        "import's private mapping)"
    ]


def test_an_unreadable_private_mapping_is_a_warning_not_a_failure(tmp_path):
    folder = write_study(tmp_path / "study", columns=("channel",))
    private_mapping(folder, "").joinpath("participants.csv").write_text("who,what\nx,y\n")
    talk = load_talk(folder)
    assert [(w.severity, w.message[:35]) for w in talk.warnings] == [
        ("warning", "cannot read the participant mapping")
    ]


# ---- an imported study --------------------------------------------------------------------------


@pytest.mark.slow
def test_an_imported_study_is_checked_with_the_names_in_its_private_mapping(qc_demo, tmp_path):
    folder = tmp_path / "qc"
    imported = CliRunner().invoke(cli, ["import", "qdpx", str(qc_demo), "--into", str(folder)])
    assert imported.exit_code == 0, imported.output
    mapping = (tmp_path / "qc.private" / "participants.csv").read_text().splitlines()[1:]
    names = {row.split(",")[0]: row.split(",")[1] for row in mapping}
    # qc-demo's three featured quotes all come from one source.
    result = CliRunner().invoke(cli, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    assert "participant P01 is quoted 3 times in the talk (q001, q003, q004)" in result.output
    quotes = folder / "quotes.yaml"
    text = quotes.read_text(encoding="utf-8")
    first = text.index("  text: ", text.index("- id: q002"))
    quotes.write_text(
        text[:first]
        + f"  text: As {names['P02']} wrote to me\n"
        + text[text.index("\n", first) + 1 :]
    )
    result = CliRunner().invoke(cli, ["validate", "--strict", str(folder)])
    assert result.exit_code == 2
    assert (
        f"quotes.yaml:{line_of(quotes, '- id: q002')}: quote 'q002' may contain personal data: "
        "the real name of participant P02" in result.output
    )
    assert names["P02"] not in result.output and names["P01"] not in result.output


def test_advice_names_any_column_as_written_without_guessed_plurals(tmp_path):
    """The review's `years in libraries` column gave "group years in librarieses"."""
    folder = write_study(tmp_path / "study")
    path = folder / "participants.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("id,country,", "id,years in libraries,", 1),
        encoding="utf-8",
    )
    (folder / "charts.yaml").write_text(
        "- id: participants\n  axis: years in libraries\n  stack: channel\n", encoding="utf-8"
    )
    hints = [w.hint for w in warnings_of(folder) if "who-took-part" in w.message]
    assert hints and all("librarieses" not in hint and "countr" not in hint for hint in hints)
    assert (
        "group the values of 'years in libraries' in participants.csv into fewer, larger groups"
        in hints
    )
