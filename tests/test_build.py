"""`talkgen build`: the example end to end, incremental rebuilds, failures that keep old files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from talkgen.build import BuildOptions, build_talk
from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.errors import ContentError
from talkgen.plan import plan_talk

pytestmark = pytest.mark.slow  # whole builds: Chrome for the charts, Typst for the handout

REPO = Path(__file__).resolve().parents[1]
SLUG = "twitter-mentoring"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example copied and built once (as a subprocess, as a user would): (content, out)."""
    root = tmp_path_factory.mktemp("build")
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    out = root / "out"
    done = subprocess.run(
        [sys.executable, "-m", "talkgen", "build", str(content), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return content, out


def _copy_build(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    content, out = tmp_path / "content", tmp_path / "out"
    shutil.copytree(built[0], content)
    shutil.copytree(built[1], out)
    return content, out


def _snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(out)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_every_output_exists_and_reads_back(built: tuple[Path, Path]) -> None:
    content, out = built
    plan = plan_talk(load_talk(content))

    deck = Presentation(str(out / f"{SLUG}.pptx"))
    assert len(deck.slides) == len(plan.slides)
    assert all(
        slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
        for slide in deck.slides
    )

    handout = PdfReader(str(out / f"{SLUG}-handout.pdf"))
    text = "".join(page.extract_text() for page in handout.pages)
    assert handout.metadata.title == "Mentoring on Twitter"
    assert "Informal mentoring happens on Twitter" in text
    assert 2 <= len(handout.pages) <= 4

    for chart in ("prevalence", "participants", "matrix", "cooccurrence"):
        for suffix in ("png", "svg", "html"):
            assert (out / "charts" / f"{chart}.{suffix}").stat().st_size > 1000

    timing = json.loads((out / "timing.json").read_text())
    assert sum(s["planned_seconds"] for s in timing["slides"]) == 600
    for suffix in ("md", "csv", "html"):
        assert (out / f"timing.{suffix}").stat().st_size > 100
    assert not list(out.glob(".staging-*"))


def test_every_chart_in_the_built_deck_shows_its_text_at_18_pt(built) -> None:
    """Each chart picture is shown at its PNG's size / 2 at 96 px per inch, so the chart's 24 px
    text is 18 pt on the slide, and it is the PNG from out/charts made for that box."""
    _, out = built
    deck = Presentation(str(out / f"{SLUG}.pptx"))
    pngs = {p.read_bytes(): p.name for p in (out / "charts").glob("*.png")}
    shown = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.shape_type != MSO_SHAPE_TYPE.PICTURE or not shape.name.startswith("Chart:"):
                continue
            width_px, height_px = shape.image.size
            assert abs(shape.width / 9525 / (width_px / 2) - 1) < 0.02, shape.name
            assert abs(shape.height / 9525 / (height_px / 2) - 1) < 0.02, shape.name
            shown.append(pngs[shape.image.blob])
    assert shown == ["participants.png", "prevalence.png"]


def test_talkgen_charts_makes_the_same_files_as_a_build(built, tmp_path: Path) -> None:
    content, out = _copy_build(built, tmp_path)
    before = _snapshot(out / "charts")
    done = subprocess.run(
        [sys.executable, "-m", "talkgen", "charts", str(content), "--out", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "BROWSER_PATH": str(tmp_path / "no-such-browser")},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Chrome not started" in done.stdout
    assert _snapshot(out / "charts") == before


def test_no_change_rebuild_starts_no_browser_and_rewrites_nothing(built, tmp_path: Path) -> None:
    content, out = _copy_build(built, tmp_path)
    before = _snapshot(out)
    env = {**os.environ, "BROWSER_PATH": str(tmp_path / "no-such-browser")}
    done = subprocess.run(
        [sys.executable, "-m", "talkgen", "build", str(content), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "no browser started" in done.stderr
    after = _snapshot(out)
    for name in (f"{SLUG}.pptx", f"{SLUG}-handout.pdf", "charts/prevalence.png"):
        assert after[name] == before[name], name
    assert "(unchanged)" in done.stdout


def test_editing_one_quote_rebuilds_deck_and_handout_but_no_chart(built, tmp_path: Path) -> None:
    content, out = _copy_build(built, tmp_path)
    before = _snapshot(out)
    quotes = content / "quotes.yaml"
    quotes.write_text(
        quotes.read_text().replace(
            "Nobody ever called it mentoring", "Nobody ever once called it mentoring"
        )
    )
    result = build_talk(content, BuildOptions(out_dir=out))
    assert result.charts_rendered == 0 and not result.browser_started
    after = _snapshot(out)
    assert after["charts/prevalence.svg"] == before["charts/prevalence.svg"]
    assert after[f"{SLUG}.pptx"][0] != before[f"{SLUG}.pptx"][0]
    deck_text = " ".join(
        shape.text_frame.text
        for slide in Presentation(str(out / f"{SLUG}.pptx")).slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert "Nobody ever once called it mentoring" in deck_text
    handout = "".join(p.extract_text() for p in PdfReader(str(out / f"{SLUG}-handout.pdf")).pages)
    assert "Nobody ever once called it mentoring" in " ".join(handout.split())


def test_broken_content_after_a_good_build_keeps_every_old_file(built, tmp_path: Path) -> None:
    content, out = _copy_build(built, tmp_path)
    before = _snapshot(out)
    quotes = content / "quotes.yaml"
    quotes.write_text(quotes.read_text().replace("participant: P07", "participant: P70"))
    result = CliRunner().invoke(cli, ["build", str(content), "--out", str(out)])
    assert result.exit_code == 2
    assert "quotes.yaml:" in result.stderr and "P70" in result.stderr
    assert _snapshot(out) == before


def test_a_stage_failing_late_keeps_every_old_file(built, tmp_path: Path) -> None:
    content, out = _copy_build(built, tmp_path)
    before = _snapshot(out)
    bad = tmp_path / "broken.typ"
    bad.write_text("#let x = (\n")
    quotes = content / "quotes.yaml"
    quotes.write_text(quotes.read_text().replace("Nobody ever", "No one ever"))
    # One participant fewer raised a theme: the prevalence chart must be drawn again.
    coding = content / "coding.csv"
    coding.write_text(coding.read_text().replace("P14,personal-learning-network\n", ""))
    result = CliRunner().invoke(
        cli, ["build", str(content), "--out", str(out), "--handout-template", str(bad)]
    )
    assert result.exit_code == 2
    assert "broken.typ" in result.stderr
    # Every file, charts and the build's own records included, is as the last good build left it.
    assert _snapshot(out) == before
    assert not list(out.glob(".staging-*"))


def test_only_and_strict(example_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build_talk(example_copy, BuildOptions(out_dir=out, only=frozenset({"timing"})))
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "timing.csv",
        "timing.html",
        "timing.json",
        "timing.md",
    ]
    assert result.estimated_seconds and result.estimated_seconds > 0

    quotes = example_copy / "quotes.yaml"
    quotes.write_text(quotes.read_text().replace("small wins", "small wins, mail me@example.org"))
    with pytest.raises(ContentError, match="personal data"):
        build_talk(
            example_copy,
            BuildOptions(out_dir=tmp_path / "strict", strict=True, only=frozenset({"timing"})),
        )
    assert not (tmp_path / "strict" / "timing.json").exists()


def test_only_rejects_an_unknown_stage(example_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", str(example_dir), "--out", str(tmp_path), "--only", "deck,slides"]
    )
    assert result.exit_code == 2
    assert "slides" in result.output + result.stderr


def test_missing_template_is_a_clear_error(example_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(example_dir),
            "--out",
            str(tmp_path),
            "--template",
            str(tmp_path / "corporate.pptx"),
        ],
    )
    assert result.exit_code == 2
    assert "corporate.pptx" in result.stderr + result.output


def test_a_deleted_chart_file_is_made_again(built, tmp_path: Path) -> None:
    content, out = _copy_build(built, tmp_path)
    (out / "charts" / "prevalence.svg").unlink()
    result = build_talk(content, BuildOptions(out_dir=out))
    assert (out / "charts" / "prevalence.svg").stat().st_size > 1000
    assert result.charts_rendered >= 1


def test_a_change_to_who_raised_what_redraws_the_charts(built, tmp_path: Path) -> None:
    content, out = _copy_build(built, tmp_path)
    before = _snapshot(out)
    coding = content / "coding.csv"
    coding.write_text(coding.read_text().replace("P14,personal-learning-network\n", ""))
    result = build_talk(content, BuildOptions(out_dir=out))
    assert result.charts_rendered >= 1 and result.browser_started
    assert _snapshot(out)["charts/prevalence.svg"][0] != before["charts/prevalence.svg"][0]
    assert "10 of 14" in (out / "charts" / "prevalence.svg").read_text()


def test_a_deck_rebuilt_without_redrawing_charts_still_shows_them(built, tmp_path) -> None:
    content, out = _copy_build(built, tmp_path)
    notes = content / "themes" / "04-peer-mentoring.md"
    notes.write_text(notes.read_text().replace("The fourth theme", "My fourth theme"))
    result = build_talk(content, BuildOptions(out_dir=out))
    assert result.charts_rendered == 0
    pictures = [
        shape
        for slide in Presentation(str(out / f"{SLUG}.pptx")).slides
        for shape in slide.shapes
        if shape.shape_type == 13
    ]
    alts = [p._element.nvPicPr.cNvPr.get("descr") for p in pictures]
    assert any(alt and alt.startswith("Bar chart") for alt in alts), alts
