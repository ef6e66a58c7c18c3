"""Every finding of issue 12's "messages" and "numbers" lists, with the exact input: the message
says where and how to fix (`file:line: what — how to fix`), the exit status is 2, and the last
good output in out/ is untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from talkgen.cli import cli
from talkgen.content import load_talk

LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+)(:\d+)?: (?P<what>.+) — (?P<fix>.+)$")


@pytest.fixture
def talk_with_out(example_copy: Path, tmp_path: Path) -> tuple[Path, Path, dict]:
    """A copy of the example, and an out/ with its good timing report (no Chrome needed)."""
    out = tmp_path / "out"
    made = CliRunner().invoke(cli, ["timing", str(example_copy), "--out", str(out)])
    assert made.exit_code == 0, made.stderr
    return example_copy, out, _snapshot(out)


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _edit(folder: Path, old: str, new: str, name: str = "talk.yaml") -> int:
    """Replace `old` by `new` in a file; the line (from 1) where the change starts."""
    path = folder / name
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1


def _refused(folder: Path, out: Path, before: dict) -> str:
    """Run validate and timing: both exit 2 with located one-line messages; out/ untouched."""
    runner = CliRunner()
    checked = runner.invoke(cli, ["validate", str(folder)])
    timed = runner.invoke(cli, ["timing", str(folder), "--out", str(out)])
    for result in (checked, timed):
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "internal error" not in result.output
    lines = checked.stderr.strip().splitlines()
    for line in lines:
        assert LOCATED.match(line), line
    assert _snapshot(out) == before
    return checked.stderr


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A tab: "found character that cannot start any token" said nothing of the tab.
        (
            "pace: 130",
            "pace: 130\n\tformat: lightning",
            ":+1:1: a tab character where YAML needs spaces — indent with spaces, not tabs",
        ),
        ("pace: 130", "pace: 140 wpm", ": pace: '140 wpm' is not a number — write the words"),
        ("pace: 130", "pase: 130", ": pase: unknown key — did you mean 'pace'?"),
        (
            "  - kind: conclusion\n",
            "  - kind: conclusions\n",
            ": outline entry 11: kind: 'conclusions' is not one of the choices — did you mean "
            "'conclusion'?",
        ),
        ("title: Mentoring on Twitter", 'title: ""', ": title: is empty — write some text"),
        ("title: Mentoring on Twitter", 'title: "   "', ": title: is empty — write some text"),
        (
            "pace: 130",
            "pace: 10000",
            ": pace: 10000 is out of range — give words per minute from 60 to 300",
        ),
        (
            "slug: twitter-mentoring",
            "slug: my_talk",
            ": slug: 'my_talk' is not allowed here — use lower-case letters, digits and '-' only",
        ),
        # Finding 6: `duration: 15:00:00` was fifteen hours for a lightning talk.
        (
            'duration: "10:00"',
            "duration: 15:00:00",
            ": duration: '15:00:00' is over talkgen's limit for the talk duration (8 hours) — ",
        ),
        (
            'duration: "10:00"',
            "duration: 1:30:00",
            ': duration: "1:30:00" is 1.5 hours, too long for a lightning talk — write',
        ),
        # Finding 7: numbers.
        (
            "    seconds: 25",
            "    seconds: 0.2",
            ": outline entry 1: seconds: 0.2 is out of range — give at least 5 s",
        ),
        (
            "    seconds: 25",
            "    seconds: yes",
            ": outline entry 1: seconds: 'yes' is not a number — write the seconds as a number",
        ),
        (
            "title: Mentoring on Twitter",
            'title: "\\u200b\\u200b"',
            ": title: has no visible characters (only spaces or zero-width marks) — write",
        ),
    ],
)
def test_a_wrong_value_in_talk_yaml_is_located_and_says_how_to_fix(
    talk_with_out, old: str, new: str, expected: str
) -> None:
    folder, out, before = talk_with_out
    line = _edit(folder, old, new)
    stderr = _refused(folder, out, before)
    if expected.startswith(":+1:"):  # the tab is on the line after the edited one
        expected = f":{line + 1}:" + expected[4:]
    else:
        expected = f":{line}" + expected
    assert f"talk.yaml{expected}" in stderr, stderr


def test_a_featured_value_that_is_not_yes_or_no(talk_with_out) -> None:
    folder, out, before = talk_with_out
    line = _edit(folder, "  featured: true", "  featured: maybe", "quotes.yaml")
    stderr = _refused(folder, out, before)
    assert f"quotes.yaml:{line}: quote 1: featured: 'maybe' is not yes or no — write yes or no" in (
        stderr
    )


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("title: Mentoring on Twitter", "title: 2013", "2013"),
        ("title: Mentoring on Twitter", "title: yes", "yes"),
    ],
)
def test_plain_values_that_yaml_1_1_would_retype_stay_text(
    example_copy: Path, old: str, new: str, shown: str
) -> None:
    # Finding 6: `title: 2013` and `title: yes` gave pydantic's words; they are titles.
    _edit(example_copy, old, new)
    assert load_talk(example_copy).info.title == shown


def test_an_id_with_leading_zeros_keeps_them(example_copy: Path) -> None:
    # Finding 6: `id: 007` was the number 7.
    _edit(example_copy, "- id: q01\n", "- id: 007\n", "quotes.yaml")
    assert load_talk(example_copy).quotes[0].id == "007"


def test_an_empty_outline_is_named_not_blamed_on_fixed_times(talk_with_out) -> None:
    folder, out, before = talk_with_out
    text = (folder / "talk.yaml").read_text()
    start, end = text.index("outline:"), text.index("references:")
    (folder / "talk.yaml").write_text(text[:start] + "outline: []\n\n" + text[end:])
    line = text[:start].count("\n") + 1
    stderr = _refused(folder, out, before)
    assert stderr.strip() == (
        f"{folder / 'talk.yaml'}:{line}: the outline is empty — list the slides under outline:, "
        "or remove `outline:` for the default outline"
    )


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        # 500 is over talkgen's limit of slides in a talk; 200 fits the limit but not 10:00.
        (500, "outline: has too many entries, over talkgen's limit, slides in a talk"),
        (200, "200 slides do not fit in 10:00: 200 would be up for less than 5 s — a 10:00 "),
    ],
)
def test_hundreds_of_outline_entries_in_ten_minutes(talk_with_out, count, expected) -> None:
    # Finding 6: 500 entries were blamed on "fixed times" that do not exist, without a line.
    folder, out, before = talk_with_out
    text = (folder / "talk.yaml").read_text()
    start, end = text.index("outline:"), text.index("references:")
    entries = "".join(f"  - kind: text\n    title: Slide {n}\n" for n in range(count))
    (folder / "talk.yaml").write_text(text[:start] + "outline:\n" + entries + "\n" + text[end:])
    stderr = _refused(folder, out, before)
    (line,) = stderr.strip().splitlines()
    assert "fixed times" not in line and len(line) < 400
    outline_line = text[:start].count("\n") + 1
    # At the `outline:` key, or its first entry.
    assert any(f"talk.yaml:{n}: {expected}" in line for n in (outline_line, outline_line + 1))


def test_a_bad_chart_timeout_is_refused_before_anything_starts(example_dir: Path) -> None:
    # Finding 6: `--timeout nan` said "did not start within nan s".
    for value in ("nan", "inf", "-inf"):
        result = CliRunner().invoke(cli, ["charts", str(example_dir), "--timeout", value])
        assert result.exit_code == 2
        assert "is not a finite number of seconds" in result.stderr or "range" in result.stderr


@pytest.mark.slow  # validates the whole talk, deck layout included
def test_an_editor_lock_file_in_themes_is_not_a_theme(example_copy: Path) -> None:
    # Finding 6: `.#01-x.md` was reported as a broken theme under a mangled name.
    lock = example_copy / "themes" / ".#01-informal-mentoring.md"
    lock.symlink_to("user@host.1234:1700000000")
    (example_copy / "themes" / "#02-personal-learning-network.md#").write_text("autosave")
    result = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""


def test_a_rehearsal_time_of_nan_is_a_damaged_line_not_zero(talk_with_out) -> None:
    # Finding 7: a NaN time counted as 0 s.
    folder, out, _ = talk_with_out
    from talkgen.timing.rehearsal import load_rehearsals

    logs = out / "rehearsals"
    logs.mkdir(exist_ok=True)
    (logs / "2026-01-01T10-00-00.jsonl").write_text(
        '{"event": "start", "started": "2026-01-01T10:00:00+00:00",'
        ' "slides": [{"number": 1, "title": "A"}]}\n'
        '{"event": "show", "t": 0, "slide": 1}\n'
        '{"event": "finish", "t": NaN}\n'
    )
    rehearsals, problems = load_rehearsals(logs)
    # The NaN line is a damaged line (refused when parsed, or as an event without a time).
    assert [p.line for p in problems] == [3], problems
    assert all(
        slide.seconds is None or slide.seconds == slide.seconds  # never NaN
        for rehearsal in rehearsals
        for slide in rehearsal.slides
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    theme: peer-mentoring\n",
            "    theme: peer-mentorin\n",
            "did you mean 'peer-mentoring'?",
        ),
        ("    quote: q07\n", "    quote: q7\n", "did you mean 'q07'?"),
        ("    chart: prevalence\n", "    chart: prevalance\n", "did you mean 'prevalence'?"),
    ],
)
def test_unknown_ids_get_the_nearest_id(talk_with_out, old: str, new: str, expected: str) -> None:
    folder, out, before = talk_with_out
    line = _edit(folder, old, new)
    stderr = _refused(folder, out, before)
    lines = stderr.splitlines()
    assert any(f"talk.yaml:{line}: " in x and x.endswith(expected) for x in lines), stderr
