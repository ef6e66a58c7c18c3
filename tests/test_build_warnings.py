"""Warnings are part of a build's result: a rebuild that changes nothing reports them again, the
same; `--strict` gives one verdict whatever `out/` holds; `validate` runs the same checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from talkgen.cli import cli

pytestmark = pytest.mark.slow  # builds the deck, with its charts, in a real Chrome


def _crowd_a_slide(folder: Path) -> None:
    """Give the first theme's slide far too many words: text-fit and words-per-slide warnings."""
    theme = folder / "themes" / "01-informal-mentoring.md"
    long_point = "  - " + " ".join(["Advice and encouragement from people further along"] * 6)
    theme.write_text(theme.read_text().replace("points:\n", "points:\n" + long_point + "\n", 1))


def _warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": warning: " in line]


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_rebuild_repeats_the_warnings_and_strict_does_not_depend_on_out(
    example_copy: Path, tmp_path: Path
) -> None:
    # Finding 1: 18 warning lines on a build, 9 on a rebuild with nothing changed; then
    # `build --strict` passed after a plain build and failed into a fresh folder.
    _crowd_a_slide(example_copy)
    runner = CliRunner()
    out = tmp_path / "out"
    first = runner.invoke(cli, ["build", str(example_copy), "--out", str(out)])
    assert first.exit_code == 0, first.stderr
    warned = _warnings(first.stderr)
    assert any("does not fit its box" in w or "shows" in w for w in warned), warned
    second = runner.invoke(cli, ["build", str(example_copy), "--out", str(out)])
    assert second.exit_code == 0
    assert "deck: unchanged" in second.stderr
    assert _warnings(second.stderr) == warned
    assert f"{len(warned)} warning(s)" in second.output

    before = _snapshot(out)
    strict_again = runner.invoke(cli, ["build", str(example_copy), "--out", str(out), "--strict"])
    fresh = tmp_path / "fresh"
    strict_fresh = runner.invoke(cli, ["build", str(example_copy), "--out", str(fresh), "--strict"])
    assert strict_again.exit_code == strict_fresh.exit_code == 2
    assert strict_again.stderr.count("\n") >= len(warned)
    # A refused build names no file as written (an unchanged one may be named as kept), and
    # writes nothing.
    for refused in (strict_again, strict_fresh):
        written = re.findall(r"^\s+(?:deck|handout|timing): (?!unchanged)\S+", refused.stderr, re.M)
        assert written == [], refused.stderr
        assert "(written)" not in refused.stdout
    assert "twitter-mentoring.pptx" not in strict_fresh.output
    assert _snapshot(out) == before
    assert not list(fresh.glob("*.pptx"))

    # validate runs the same checks: the same warnings, and the same strict verdict.
    checked = runner.invoke(cli, ["validate", str(example_copy), "--out", str(out)])
    assert checked.exit_code == 0
    assert _warnings(checked.stderr) == warned
    strict_check = runner.invoke(cli, ["validate", str(example_copy), "--strict"])
    assert strict_check.exit_code == 2
    errors = [line.replace(": warning: ", ": ") for line in warned]
    assert strict_check.stderr.splitlines() == errors


def _warning_template(tmp_path: Path) -> Path:
    """talkgen's handout template with one line Typst warns about (an unknown font family)."""
    template = tmp_path / "warns.typ"
    from talkgen.handout import DEFAULT_TEMPLATE

    warns = '#text(font: "No Such Family Anywhere")[.]'
    template.write_text(f"{DEFAULT_TEMPLATE.read_text()}\n{warns}\n")
    return template


def test_validate_reports_the_handouts_typst_warnings_as_build_does(
    example_copy: Path, tmp_path: Path
) -> None:
    # validate typesets the handout (with blank stand-ins for the chart pictures), so a
    # template Typst warns about gives the same warning, and the same strict verdict.
    template = _warning_template(tmp_path)
    line = len(template.read_text().splitlines())
    runner = CliRunner()
    out = tmp_path / "out"
    args = [str(example_copy), "--handout-template", str(template)]
    checked = runner.invoke(cli, ["validate", *args, "--out", str(out)])
    assert checked.exit_code == 0, checked.stderr
    (warning,) = _warnings(checked.stderr)
    assert warning.startswith(f"{template}:{line}:")
    assert "unknown font family: no such family anywhere — " in warning
    built = runner.invoke(cli, ["build", *args, "--out", str(out), "--only", "handout"])
    assert built.exit_code == 0, built.stderr
    assert _warnings(built.stderr) == [warning]

    before = _snapshot(out)
    strict_build = runner.invoke(cli, ["build", *args, "--out", str(out), "--strict"])
    strict_check = runner.invoke(cli, ["validate", *args, "--out", str(out), "--strict"])
    assert strict_build.exit_code == strict_check.exit_code == 2
    error = warning.replace(": warning: ", ": ")
    assert strict_check.stderr.splitlines() == [error]
    assert error in strict_build.stderr.splitlines()
    assert _snapshot(out) == before
