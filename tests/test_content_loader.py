"""The loader: the example loads, and every kind of broken content gives a located problem."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.errors import ContentError

LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+)(:\d+)?: .+ — .+$")


def test_example_loads_and_counts_match_the_files(example_dir: Path) -> None:
    talk = load_talk(example_dir)
    quotes = yaml.safe_load((example_dir / "quotes.yaml").read_text())
    with (example_dir / "participants.csv").open(newline="") as handle:
        participants = list(csv.DictReader(handle))
    theme_files = sorted((example_dir / "themes").glob("*.md"))

    assert len(talk.quotes) == len(quotes)
    assert len(talk.featured_quotes) == sum(1 for q in quotes if q.get("featured"))
    assert [p.id for p in talk.participants] == [row["id"] for row in participants]
    assert len(talk.themes) == len(theme_files)
    assert talk.info.duration_seconds == 600
    assert talk.warnings == []
    # The seed's fact: fourteen librarians from Australia and New Zealand.
    assert len(talk.participants) == 14
    assert {p.attributes["country"] for p in talk.participants} == {"Australia", "New Zealand"}
    assert {p.attributes["channel"] for p in talk.participants} == {
        "blog comment",
        "blog post",
        "e-mail",
    }
    assert 12 <= len(talk.quotes) <= 20


def test_quote_text_keeps_its_words(example_dir: Path) -> None:
    talk = load_talk(example_dir)
    raw = {q["id"]: q["text"] for q in yaml.safe_load((example_dir / "quotes.yaml").read_text())}
    assert {q.id: q.text for q in talk.quotes} == {k: v.strip() for k, v in raw.items()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# Ten (and more) different ways to break the example: (name, how, file, the line's marker, words
# the message must contain). The marker finds the expected line in the broken file itself.
def _unknown_participant(root: Path) -> None:
    _edit(root / "quotes.yaml", "participant: P07", "participant: P77")


def _unknown_theme(root: Path) -> None:
    _edit(root / "quotes.yaml", "themes: [peer-mentoring]", "themes: [peer-mentorship]")


def _bad_duration(root: Path) -> None:
    _edit(root / "talk.yaml", 'duration: "10:00"', "duration: 10 minutes")


def _negative_duration(root: Path) -> None:
    _edit(root / "talk.yaml", 'duration: "10:00"', 'duration: "-5:00"')


def _zero_duration(root: Path) -> None:
    _edit(root / "talk.yaml", 'duration: "10:00"', "duration: 0")


def _malformed_yaml(root: Path) -> None:
    _edit(root / "talk.yaml", "pace: 130", "pace: [130")


def _malformed_csv(root: Path) -> None:
    with (root / "participants.csv").open("a") as handle:
        handle.write('P15,"New Zealand,blog post\n')


def _wrong_field_count(root: Path) -> None:
    with (root / "participants.csv").open("a") as handle:
        handle.write("P15,New Zealand\n")


def _duplicate_quote(root: Path) -> None:
    _edit(root / "quotes.yaml", "- id: q16", "- id: q15")


def _duplicate_theme(root: Path) -> None:
    source = root / "themes" / "05-understandings.md"
    (root / "themes" / "06-copy.md").write_text(source.read_text())


def _missing_title(root: Path) -> None:
    _edit(root / "talk.yaml", "title: Mentoring on Twitter\n", "")


def _unknown_key(root: Path) -> None:
    _edit(root / "talk.yaml", "pace: 130", "pase: 130")


def _front_matter_unclosed(root: Path) -> None:
    path = root / "themes" / "02-personal-learning-network.md"
    path.write_text(path.read_text().replace("\n---\n", "\n", 1))


def _not_utf8(root: Path) -> None:
    path = root / "themes" / "03-supportive-relationships.md"
    path.write_bytes(path.read_bytes().replace(b"elements", "\xe9l\xe9ments".encode("latin-1"), 1))


def _empty_file(root: Path) -> None:
    (root / "quotes.yaml").write_text("")


def _outline_missing_theme(root: Path) -> None:
    _edit(root / "talk.yaml", "theme: peer-mentoring", "theme: peer-support")


BROKEN = [
    ("unknown participant", _unknown_participant, "quotes.yaml", "participant: P77", "P77"),
    ("unknown theme", _unknown_theme, "quotes.yaml", "[peer-mentorship]", "peer-mentorship"),
    ("duration in words", _bad_duration, "talk.yaml", "duration:", "not a duration"),
    ("negative duration", _negative_duration, "talk.yaml", "duration:", "not a duration"),
    ("zero duration", _zero_duration, "talk.yaml", "duration:", "not a duration"),
    ("malformed YAML", _malformed_yaml, "talk.yaml", "pace:", "malformed YAML"),
    ("unclosed CSV quote", _malformed_csv, "participants.csv", "P15", "malformed CSV"),
    ("CSV field count", _wrong_field_count, "participants.csv", "P15", "fields"),
    (
        "duplicate quote id",
        _duplicate_quote,
        "quotes.yaml",
        "participant: P11\n  themes: [supp",
        "duplicate quote id",
    ),
    (
        "duplicate theme id",
        _duplicate_theme,
        "06-copy.md",
        "id: understandings",
        "duplicate theme id",
    ),
    ("required field missing", _missing_title, "talk.yaml", None, "title"),
    ("unknown key", _unknown_key, "talk.yaml", "pase:", "pase"),
    (
        "front matter not closed",
        _front_matter_unclosed,
        "02-personal-learning-network.md",
        None,
        "front matter",
    ),
    ("not UTF-8", _not_utf8, "03-supportive-relationships.md", "\ufffd", "UTF-8"),
    ("empty file", _empty_file, "quotes.yaml", None, "empty"),
    (
        "outline names a missing theme",
        _outline_missing_theme,
        "talk.yaml",
        "theme: peer-support",
        "peer-support",
    ),
]


@pytest.mark.parametrize(
    ("name", "breaker", "file", "marker", "words"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_copy_gives_one_located_line_and_exit_2(
    example_copy: Path, name, breaker, file, marker, words
) -> None:
    breaker(example_copy)
    result = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    match = LOCATED.match(lines[0])
    assert match, lines[0]
    assert match["file"].endswith(file)
    assert words in lines[0]
    assert "Traceback" not in result.output
    path = next(example_copy.rglob(file))
    if marker == "\ufffd":
        expected = path.read_bytes()[: path.read_bytes().index(b"\xe9")].count(b"\n") + 1
    elif marker is None:
        expected = None
    elif "\n" in marker:
        text = path.read_text()
        expected = text[: text.index(marker)].count("\n")  # the `- id:` line above the marker
    else:
        expected = _line_of(path, marker)
    if expected is not None:
        assert int(match["line"]) == expected, lines[0]


def test_every_problem_is_reported_in_one_run(example_copy: Path) -> None:
    _unknown_participant(example_copy)
    _bad_duration(example_copy)
    _duplicate_theme(example_copy)
    with pytest.raises(ContentError) as caught:
        load_talk(example_copy)
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 3, messages


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no content folder here" in result.stderr
    assert "talkgen init" in result.stderr


def test_missing_talk_file(example_copy: Path) -> None:
    (example_copy / "talk.yaml").unlink()
    result = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert result.exit_code == 2
    assert "talk.yaml" in result.stderr and "no talk file" in result.stderr


def test_quotes_as_csv_load_like_yaml(example_copy: Path) -> None:
    talk = load_talk(example_copy)
    path = example_copy / "quotes.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "participant", "themes", "text", "featured"])
        for q in talk.quotes:
            writer.writerow(
                [q.id, q.participant, "; ".join(q.themes), q.text, "yes" if q.featured else ""]
            )
    (example_copy / "quotes.yaml").unlink()
    again = load_talk(example_copy)
    assert [(q.id, q.participant, q.themes, q.text, q.featured) for q in again.quotes] == [
        (q.id, q.participant, q.themes, q.text, q.featured) for q in talk.quotes
    ]
    assert again.quotes[3].line == 5  # header on line 1, so the fourth quote is on line 5


def test_both_quote_files_is_an_error(example_copy: Path) -> None:
    (example_copy / "quotes.csv").write_text("id,participant,themes,text\n")
    with pytest.raises(ContentError, match="two files"):
        load_talk(example_copy)


def test_yaml_keeps_ten_minutes_as_text(example_copy: Path) -> None:
    _edit(example_copy / "talk.yaml", 'duration: "10:00"', "duration: 12:30")
    assert load_talk(example_copy).info.duration_seconds == 750


def test_declared_chart_errors_name_file_and_line(example_copy: Path) -> None:
    (example_copy / "data").mkdir(exist_ok=True)
    (example_copy / "data" / "years.csv").write_text("year,tweets\n2011,10\n2012,many\n")
    (example_copy / "charts.yaml").write_text(
        "- id: growth\n  type: line\n  csv: data/years.csv\n  x: year\n  y: [tweets]\n"
        "- id: missing\n  type: bar\n  csv: data/nope.csv\n"
        "- id: wrongcol\n  type: bar\n  csv: data/years.csv\n  x: year\n  y: [retweets]\n"
    )
    with pytest.raises(ContentError) as caught:
        load_talk(example_copy)
    lines = [p.format(example_copy) for p in caught.value.problems]
    assert any(line.startswith("data/years.csv:3: ") and "'many'" in line for line in lines)
    assert any(line.startswith("charts.yaml:8: ") and "nope.csv" in line for line in lines)
    assert any(line.startswith("charts.yaml:13: ") and "retweets" in line for line in lines)


def test_declared_chart_reads_csv(example_copy: Path) -> None:
    (example_copy / "data").mkdir(exist_ok=True)
    (example_copy / "data" / "years.csv").write_text("year,tweets,blogs\n2011,10,3\n2012,25,4\n")
    (example_copy / "charts.yaml").write_text(
        "- id: growth\n  type: line\n  csv: data/years.csv\n  x: year\n"
    )
    chart = load_talk(example_copy).chart("growth")
    assert chart.categories == ["2011", "2012"]
    assert [(s.name, s.values) for s in chart.series] == [("tweets", [10, 25]), ("blogs", [3, 4])]


def test_personal_data_is_a_warning_then_an_error_under_strict(example_copy: Path) -> None:
    _edit(
        example_copy / "quotes.yaml",
        "People celebrate your small wins",
        "Jane Citizen (jane@example.org, 021 555 0199) celebrates your small wins",
    )
    talk = load_talk(example_copy)
    assert len(talk.warnings) == 3
    assert all(
        w.severity == "warning" and w.line == _line_of(example_copy / "quotes.yaml", "- id: q16")
        for w in talk.warnings
    )
    runner = CliRunner()
    ok = runner.invoke(cli, ["validate", str(example_copy)])
    assert ok.exit_code == 0
    assert "e-mail address" in ok.stderr and "deny-list" in ok.stderr
    strict = runner.invoke(cli, ["validate", "--strict", str(example_copy)])
    assert strict.exit_code == 2
    assert strict.stderr.count("quotes.yaml:") == 3


@pytest.mark.slow
def test_validate_runs_as_a_subprocess(example_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "talkgen", "validate", str(example_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "themes:          5" in done.stdout
    assert "planned length:  10:00 of 10:00" in done.stdout


@pytest.mark.slow
def test_broken_content_as_a_subprocess_has_no_traceback(example_copy: Path) -> None:
    _unknown_participant(example_copy)
    done = subprocess.run(
        [sys.executable, "-m", "talkgen", "validate", str(example_copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "quotes.yaml:" in done.stderr


def test_talk_file_keys_remember_their_lines(example_dir: Path) -> None:
    info = load_talk(example_dir).info
    text = (example_dir / "talk.yaml").read_text().splitlines()
    assert text[info.line_of("pace") - 1].startswith("pace: 130")
    assert text[info.line_of("contact", "social") - 1].strip().startswith("social:")
    assert info.line_of("layouts", "quote") is None
