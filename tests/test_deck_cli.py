"""`talkgen deck`: through click's runner and as a real process; errors exit 2 and leave the last
good deck in place."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from deck_reading import NS, open_deck, slide_xml

from talkgen.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "content"
REPO = EXAMPLE.parent

pytestmark = pytest.mark.slow  # builds the deck, with its charts, in a real Chrome


@pytest.fixture(scope="session")
def deck_out(tmp_path_factory) -> Path:
    """An out/ folder holding a good example deck (and its charts, so later runs reuse them)."""
    out = tmp_path_factory.mktemp("cli-out")
    result = CliRunner().invoke(cli, ["deck", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_deck_writes_out_slug_pptx(deck_out) -> None:
    deck = deck_out / "twitter-mentoring.pptx"
    assert len(open_deck(deck).slides) == 12
    assert (deck_out / "charts" / "prevalence.png").is_file()
    assert slide_xml(deck, 1).find("p:transition", NS) is None


def test_deck_runs_as_a_process_with_auto_advance(deck_out, tmp_path) -> None:
    out = tmp_path / "out"
    (out / "charts").mkdir(parents=True)
    for chart in (deck_out / "charts").iterdir():  # reuse the rendered charts (and their cache)
        (out / "charts" / chart.name).write_bytes(chart.read_bytes())
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "talkgen",
            "deck",
            str(EXAMPLE),
            "--out",
            str(out),
            "--auto-advance",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "twitter-mentoring.pptx (12 slides, advancing by itself" in done.stdout
    transition = slide_xml(out / "twitter-mentoring.pptx", 1).find("p:transition", NS)
    assert transition.get("advTm") == "25000"  # the title slide's 25 s in talk.yaml


def test_help_shows_an_example() -> None:
    result = CliRunner().invoke(cli, ["deck", "--help"])
    assert result.exit_code == 0
    assert "talkgen deck content/ --template corporate.pptx" in result.output
    assert "--auto-advance" in result.output


def _run_failing(args: list[str], deck_out: Path) -> str:
    deck = deck_out / "twitter-mentoring.pptx"
    before = deck.read_bytes()
    result = CliRunner().invoke(cli, ["deck", *args, "--out", str(deck_out)])
    assert result.exit_code == 2, result.output
    assert deck.read_bytes() == before, "a failed build must leave the last good deck in place"
    assert "Traceback" not in result.output
    assert not [p for p in deck_out.iterdir() if p.name.endswith(".tmp")]
    return result.output


def test_a_missing_template_exits_2(deck_out, tmp_path) -> None:
    missing = tmp_path / "nowhere.pptx"
    output = _run_failing([str(EXAMPLE), "--template", str(missing)], deck_out)
    assert f"{missing}: no such template file" in output


def test_a_template_that_is_not_a_pptx_exits_2(deck_out, tmp_path) -> None:
    broken = tmp_path / "broken.pptx"
    broken.write_text("this is not a presentation")
    output = _run_failing([str(EXAMPLE), "--template", str(broken)], deck_out)
    assert "not a PowerPoint presentation or template" in output


def test_a_layout_missing_from_the_template_exits_2_with_the_list(deck_out, example_copy) -> None:
    with (example_copy / "talk.yaml").open("a", encoding="utf-8") as talk_file:
        talk_file.write('\nlayouts:\n  quote: "Big Quote"\n')
    output = _run_failing([str(example_copy)], deck_out)
    line = len((example_copy / "talk.yaml").read_text(encoding="utf-8").splitlines())
    assert f'talk.yaml:{line}: the template default.pptx has no layout named "Big Quote"' in output
    assert '"Title", "Agenda", "Text", "Method", "Themes overview", "Theme", "Quote"' in output


def test_broken_content_exits_2_with_file_and_line(deck_out, example_copy) -> None:
    talk_file = example_copy / "talk.yaml"
    talk_file.write_text(
        talk_file.read_text(encoding="utf-8").replace(
            'duration: "10:00"', 'duration: "ten minutes"'
        ),
        encoding="utf-8",
    )
    output = _run_failing([str(example_copy)], deck_out)
    assert "talk.yaml:" in output and "ten minutes" in output
