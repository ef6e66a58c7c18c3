"""The printing boundary: what the user wrote is printed as written and never read as console
markup, whatever brackets, colons or control characters it holds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talkgen.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "content"


def _set_title(folder: Path, title: str) -> None:
    path = folder / "talk.yaml"
    text = path.read_text()
    path.write_text(text.replace("title: Mentoring on Twitter", f"title: {title}", 1))


@pytest.mark.slow
def test_a_title_that_looks_like_closing_markup_is_printed(example_copy: Path) -> None:
    # Finding 4: `Results [/b] so far` made validate and timing fail with a MarkupError.
    _set_title(example_copy, '"Results [/b] so far"')
    runner = CliRunner()
    checked = runner.invoke(cli, ["validate", str(example_copy)])
    assert checked.exit_code == 0, checked.output + checked.stderr
    assert checked.output.startswith("Results [/b] so far — Abigail Willemse")
    out = example_copy.parent / "out"
    timed = runner.invoke(cli, ["timing", str(example_copy), "--out", str(out)])
    assert timed.exit_code == 0, timed.output + timed.stderr
    assert "Timing: Results [/b] so far" in timed.output


def test_a_title_in_brackets_keeps_its_brackets(example_copy: Path) -> None:
    # Finding 4: `[draft] Results` silently lost `[draft]`.
    _set_title(example_copy, '"[draft] Results :smile:"')
    checked = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert checked.exit_code == 0
    assert checked.output.startswith("[draft] Results :smile: — ")


# Any text a person might type or paste, brackets and markup look-alikes made likely.
_TEXT = st.one_of(
    st.text(min_size=1, max_size=40),
    st.lists(
        st.sampled_from(["[", "]", "[/]", "[b]", "[/b]", "[bold red]", ":smile:", "\\", "{", "}"])
        | st.text(max_size=5),
        min_size=1,
        max_size=8,
    ).map("".join),
)


# The talk's title, and a new theme's title, id and notes.
_TALK_TEXTS = st.tuples(
    _TEXT, _TEXT, st.one_of(st.from_regex(r"\A[a-z0-9][a-z0-9_.-]{0,20}\Z"), _TEXT), _TEXT
)


def _examples(count: int) -> settings:
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@_examples(40)
@pytest.mark.slow
@given(texts=_TALK_TEXTS)
def test_any_text_in_titles_ids_and_notes_gives_exit_0_or_2(tmp_path_factory, texts) -> None:
    folder = _talk_with(tmp_path_factory.mktemp("talk") / "content", *texts)
    runner = CliRunner()
    out = str(folder.parent / "out")
    for args in (
        ["validate", str(folder)],
        ["timing", str(folder), "--out", out],
        ["build", str(folder), "--out", out, "--only", "timing"],  # no charts: no Chrome
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code in (0, 2), (args, result.output, result.stderr)
        assert "internal error" not in result.stderr
        assert "Traceback" not in result.output + result.stderr


def _talk_with(folder: Path, title: str, theme_title: str, theme_id: str, notes: str) -> Path:
    """The example talk with `title` and a sixth theme made of the other texts."""
    shutil.copytree(EXAMPLE, folder)
    talk = folder / "talk.yaml"
    talk.write_text(
        talk.read_text().replace(
            "title: Mentoring on Twitter", "title: " + yaml.safe_dump(title).strip(), 1
        )
    )
    fields = {"id": theme_id, "title": theme_title, "notes": notes}
    (folder / "themes" / "06-new.md").write_text(
        "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\nA summary.\n"
    )
    return folder


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@_examples(6)
@pytest.mark.slow  # a whole build, charts drawn in a real Chrome, for each example
@given(texts=_TALK_TEXTS)
def test_any_text_in_titles_ids_and_notes_builds_or_is_refused_cleanly(
    tmp_path_factory, texts
) -> None:
    folder = _talk_with(tmp_path_factory.mktemp("talk") / "content", *texts)
    out = folder.parent / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)])
    assert result.exit_code in (0, 2), (result.output, result.stderr)
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.output + result.stderr
    if result.exit_code == 2:  # refused: a located message, nothing written
        lines = result.stderr.rstrip("\n").split("\n")
        assert lines and all(re.match(r"\S.*?:(\d+: )? ?.+ — .+", line) for line in lines), lines
        assert not out.exists() or not list(out.glob("*.pptx"))
    else:
        assert {"timing.md"} <= set(_files(out)) and list(out.glob("*.pptx"))
        assert list(out.glob("*-handout.pdf"))


def test_a_control_character_in_an_id_is_shown_and_keeps_the_message_on_one_line(
    tmp_path: Path,
) -> None:
    # Found by the property test above: U+001E in a theme id (a record separator, which
    # str.splitlines() and some terminals take for a line break) was printed raw, as "theme ''".
    folder = _talk_with(tmp_path / "content", "Talk: one", "New", "\x1e", "Notes.")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)])
    assert result.exit_code == 2
    new = folder / "themes" / "06-new.md"
    assert result.stderr.splitlines() == [
        f"{new}:2: theme '\\u001e': control character U+001E (a control character) — delete it: "
        "it is invisible and usually comes from copying out of a PDF or a spreadsheet",
        f"{new}:2: id: '\\u001e' is not allowed here — use letters, digits, '-', '_' or '.' and "
        "no spaces",
    ]
    assert not out.exists()
