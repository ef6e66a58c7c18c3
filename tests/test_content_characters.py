"""Characters no font can show, control and misplaced invisible characters, language tags:
found by `validate` and `build` at their file and line, before anything is written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.content.characters import describe, find_characters
from talkgen.content.language import language_tag
from talkgen.errors import ContentError

MULTILINGUAL = Path(__file__).parent / "multilingual"


def _replace(path: Path, old: str, new: str) -> int:
    """Replace `old` in the file; the 1-based line it was on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def _validate(folder: Path):
    return CliRunner().invoke(cli, ["validate", str(folder)])


def test_a_private_use_character_is_a_located_validate_error(example_copy: Path) -> None:
    line = _replace(
        example_copy / "quotes.yaml",
        "exactly what it was.",
        "exactly what it was \ue000.",
    )
    result = _validate(example_copy)
    assert result.exit_code == 2
    assert (
        f"quotes.yaml:{line}: quote 'q01': no installed font can show U+E000 "
        "(a private-use character) — a private-use character shows only in the font it was "
        "made for: replace it with a standard character"
    ) in result.output
    assert "Traceback" not in result.output


def test_build_stops_on_an_unshowable_character_before_writing_anything(
    example_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("earlier output", encoding="utf-8")
    _replace(
        example_copy / "themes" / "01-informal-mentoring.md",
        "grew out of",
        "grew \U000f0001 out of",
    )
    result = CliRunner().invoke(cli, ["build", str(example_copy), "--out", str(out)])
    assert result.exit_code == 2
    assert re.search(
        r"01-informal-mentoring\.md:\d+: theme 'informal-mentoring': no installed font can show "
        r"U\+F0001",
        result.output,
    )
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]


def test_the_message_names_the_character_and_the_emoji_package() -> None:
    assert describe("🙌") == "U+1F64C (PERSON RAISING BOTH HANDS IN CELEBRATION)"
    # An emoji with no font would be reported with the package that has them (the hint is
    # chosen by kind of character; here asked directly, as every emoji is installed).
    from talkgen.content.characters import _font_hint

    assert _font_hint("🙌") == "install fonts-noto-color-emoji (scripts/install does)"
    assert _font_hint("語") == "install fonts-noto-cjk (scripts/install does)"


def test_a_control_character_in_markdown_is_an_error_at_its_line(example_copy: Path) -> None:
    theme = example_copy / "themes" / "02-personal-learning-network.md"
    text = theme.read_text(encoding="utf-8").splitlines()
    last = len(text)  # the body's last line
    theme.write_text("\n".join(text[:-1] + [text[-1] + " \x01"]) + "\n", encoding="utf-8")
    result = _validate(example_copy)
    assert result.exit_code == 2
    assert (
        f"02-personal-learning-network.md:{last}: theme 'personal-learning-network': control "
        "character U+0001 (a control character) — delete it"
    ) in result.output


def test_a_control_character_in_yaml_is_an_error_at_its_line_and_column(
    example_copy: Path,
) -> None:
    line = _replace(example_copy / "quotes.yaml", "exactly what", "exactly\x01 what")
    result = _validate(example_copy)
    assert result.exit_code == 2
    assert re.search(rf"quotes\.yaml:{line}:\d+: control character U\+0001", result.output)


def test_a_misplaced_invisible_character_is_removed_with_a_warning(example_copy: Path) -> None:
    line = _replace(example_copy / "quotes.yaml", "exactly what", "exac\ufefftly what")
    result = _validate(example_copy)
    assert result.exit_code == 0, result.output
    assert (
        f"quotes.yaml:{line}: warning: quote 'q01': removed U+FEFF (ZERO WIDTH NO-BREAK SPACE): "
        "a byte-order mark inside the text"
    ) in result.output
    assert "exactly what" in load_talk(example_copy).quote("q01").text


@pytest.mark.parametrize(
    "text",
    [
        "👨\u200d👩\u200d👧",  # a ZWJ family
        "👍🏽 ❤\ufe0f",  # a skin tone, emoji presentation
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland's flag
        "क्\u200dष",  # a joiner inside a Devanagari word
        "می\u200cخواهم",  # a non-joiner inside a Persian word
        "Kia ora e hoa mā, Tiếng Việt, 中文, עברית\u200f",  # a right-to-left mark
    ],
)
def test_invisible_characters_that_belong_are_kept(text: str) -> None:
    assert find_characters(text) == []


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        ("\u200dword", "\u200d"),
        ("word \ufe0f", "\ufe0f"),
        ("a\U000e0067b", "\U000e0067"),
        ("object \ufffc here", "\ufffc"),
    ],
)
def test_invisible_characters_with_nothing_to_do_are_removed(text: str, removed: str) -> None:
    [finding] = find_characters(text)
    assert finding.removed and finding.char == removed


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_gets_findings_only_for_its_own_characters(text: str) -> None:
    for finding in find_characters(text):
        assert text[finding.index] == finding.char
        assert finding.what and finding.hint


@pytest.mark.parametrize(
    ("value", "tag"),
    [("en", "en"), ("en-nz", "en-NZ"), ("en_NZ", "en-NZ"), ("mi", "mi"), ("zh-hant", "zh-Hant"),
     ("iw", "he")],
)  # fmt: skip
def test_language_tags_are_normalised(value: str, tag: str) -> None:
    assert language_tag(value) == tag


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [("english", "en (English)"), ("Japanese", "ja (Japanese)"), ("jp", "ja (Japanese)"),
     ("Māori", "mi (Māori)"), ("te reo", "mi (Māori)")],
)  # fmt: skip
def test_a_language_name_gets_the_tag_to_write(value: str, suggestion: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"write language: {suggestion}")):
        language_tag(value)


def test_language_english_in_talk_yaml_is_a_located_error(example_copy: Path) -> None:
    line = _replace(example_copy / "talk.yaml", "language: en-NZ", "language: english")
    result = _validate(example_copy)
    assert result.exit_code == 2
    assert (
        f"talk.yaml:{line}: language: 'english' is not a BCP 47 language tag — write language: "
        "en (English)"
    ) in result.output


def test_a_quote_language_is_checked_too(tmp_path: Path) -> None:
    folder = tmp_path / "talk"
    shutil.copytree(MULTILINGUAL, folder)
    line = _replace(folder / "quotes.yaml", "language: mi", "language: maori")
    with pytest.raises(ContentError) as caught:
        load_talk(folder)
    [problem] = caught.value.problems
    assert (problem.path.name, problem.line) == ("quotes.yaml", line)
    assert "write language: mi (Māori)" in problem.format()


def test_a_chart_csv_label_no_font_can_show_is_an_error_at_its_row(tmp_path: Path) -> None:
    folder = tmp_path / "talk"
    shutil.copytree(MULTILINGUAL, folder)
    (folder / "data").mkdir()
    (folder / "data" / "scripts.csv").write_text(
        "script,quotes\n日本語,2\nte reo Māori \ue000,1\n", encoding="utf-8"
    )
    (folder / "charts.yaml").write_text(
        "- id: from-csv\n  type: bar\n  title: Quotes by script\n  csv: data/scripts.csv\n",
        encoding="utf-8",
    )
    result = _validate(folder)
    assert result.exit_code == 2
    assert (
        "scripts.csv:3: chart 'from-csv': no installed font can show U+E000 (a private-use "
        "character)"
    ) in result.output
