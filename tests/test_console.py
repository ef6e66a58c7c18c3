"""The printing boundary: what the user wrote is printed as written and never read as console
markup, whatever brackets, colons or control characters it holds."""

from __future__ import annotations

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


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.slow
@given(
    title=_TEXT,
    theme_title=_TEXT,
    theme_id=st.one_of(st.from_regex(r"\A[a-z0-9][a-z0-9_.-]{0,20}\Z"), _TEXT),
    notes=_TEXT,
)
def test_any_text_in_titles_ids_and_notes_gives_exit_0_or_2(
    tmp_path_factory, title: str, theme_title: str, theme_id: str, notes: str
) -> None:
    folder = tmp_path_factory.mktemp("talk") / "content"
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
    runner = CliRunner()
    for args in (["validate", str(folder)], ["timing", str(folder), "--out", str(folder.parent)]):
        result = runner.invoke(cli, args)
        assert result.exit_code in (0, 2), (args, result.output, result.stderr)
        assert "internal error" not in result.stderr
        assert "Traceback" not in result.output + result.stderr
