"""`talkgen handout`: run through click and as a real process; every error path exits 2 and
leaves the last good handout alone."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.plan import plan_talk

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "content"
HANDOUT = "twitter-mentoring-handout.pdf"


def text_of(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)


def figure_alts(pdf: Path) -> list[str]:
    """The /Alt of every /Figure in the structure tree, in reading order."""
    alts: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if not hasattr(node, "keys"):
            return
        if node.get("/S") == "/Figure":
            alts.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            walk(kid)

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return alts


@pytest.fixture
def out_dir(tmp_path, example_charts) -> Path:
    """An `out/` folder holding the example's charts already rendered (copied with their times,
    so the chart cache is used and no browser starts)."""
    out = tmp_path / "out"
    shutil.copytree(example_charts.folder, out / "charts")
    return out


@pytest.fixture
def good_handout(out_dir) -> Path:
    result = CliRunner().invoke(cli, ["handout", str(EXAMPLE), "--out", str(out_dir)])
    assert result.exit_code == 0, result.output
    path = out_dir / HANDOUT
    assert path.is_file()
    return path


def test_handout_runs_as_a_process_and_writes_letter_paper(out_dir):
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "talkgen",
            "handout",
            str(EXAMPLE),
            "--out",
            str(out_dir),
            "--paper",
            "letter",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert f"Wrote {out_dir / HANDOUT}" in " ".join(run.stdout.split())
    reader = PdfReader(out_dir / HANDOUT)
    assert {
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages
    } == {(612, 792)}
    assert "Mentoring on Twitter" in text_of(out_dir / HANDOUT)
    assert not list(out_dir.glob(".*.tmp"))  # the atomic write left no temp file behind


def test_a_template_with_a_syntax_error_names_its_line_and_keeps_the_last_handout(
    good_handout, out_dir, tmp_path
):
    before = good_handout.read_bytes()
    bad = tmp_path / "broken.typ"
    bad.write_text(
        '#let doc = json(bytes(sys.inputs.at("handout")))\n= Handout\n'
        "#let x = (\nSome text #foo(\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["handout", str(EXAMPLE), "--out", str(out_dir), "--handout-template", str(bad)]
    )
    assert result.exit_code == 2
    first = result.output.strip().splitlines()[0]
    assert f"{bad}:3:" in first or "broken.typ:3:" in first
    assert "unclosed delimiter" in first
    assert "Traceback" not in result.output
    assert good_handout.read_bytes() == before


def test_a_template_that_fails_while_running_names_its_line(good_handout, out_dir, tmp_path):
    before = good_handout.read_bytes()
    bad = tmp_path / "wrong-key.typ"
    bad.write_text(
        '#set document(title: "x")\n#let doc = json(bytes(sys.inputs.at("handout")))'
        "\n\n#doc.no_such_field\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["handout", str(EXAMPLE), "--out", str(out_dir), "--handout-template", str(bad)]
    )
    assert result.exit_code == 2
    assert "wrong-key.typ:4:" in result.output
    assert "no_such_field" in result.output
    assert good_handout.read_bytes() == before


def test_a_missing_template_is_reported(good_handout, out_dir, tmp_path):
    before = good_handout.read_bytes()
    result = CliRunner().invoke(
        cli,
        [
            "handout",
            str(EXAMPLE),
            "--out",
            str(out_dir),
            "--handout-template",
            str(tmp_path / "nope.typ"),
        ],
    )
    assert result.exit_code == 2
    assert "nope.typ: handout template not found" in result.output
    assert good_handout.read_bytes() == before


def test_a_users_own_template_is_used(out_dir, tmp_path):
    mine = tmp_path / "mine.typ"
    mine.write_text(
        '#let doc = json(bytes(sys.inputs.at("handout")))\n'
        "#set document(title: doc.title)\n#set text(lang: doc.language)\n"
        "#title()\nMy own layout for #text(doc.speaker) with "
        "#doc.themes.len() themes.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["handout", str(EXAMPLE), "--out", str(out_dir), "--handout-template", str(mine)]
    )
    assert result.exit_code == 0, result.output
    assert "My own layout for Abigail Willemse with 5 themes." in text_of(out_dir / HANDOUT)


def test_bad_content_exits_2_and_keeps_the_last_handout(good_handout, out_dir, tmp_path):
    before = good_handout.read_bytes()
    broken = tmp_path / "content"
    shutil.copytree(EXAMPLE, broken)
    talk_file = broken / "talk.yaml"
    talk_file.write_text(
        talk_file.read_text(encoding="utf-8").replace(
            'duration: "10:00"', 'duration: "ten minutes"'
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["handout", str(broken), "--out", str(out_dir)])
    assert result.exit_code == 2
    assert "talk.yaml:" in result.output
    assert good_handout.read_bytes() == before


def test_with_slides_without_libreoffice_says_what_to_install(good_handout, out_dir, monkeypatch):
    import talkgen.handout.slides as slides

    monkeypatch.setattr(slides, "find_libreoffice", lambda: None)
    before = good_handout.read_bytes()
    result = CliRunner().invoke(
        cli, ["handout", str(EXAMPLE), "--out", str(out_dir), "--with-slides"]
    )
    assert result.exit_code == 2
    assert "needs LibreOffice" in result.output
    assert "apt-get install libreoffice-impress" in result.output
    assert good_handout.read_bytes() == before


def test_with_slides_adds_pages_of_three_slides_with_alt_text(good_handout, out_dir):
    plain_pages = len(PdfReader(good_handout).pages)
    result = CliRunner().invoke(
        cli, ["handout", str(EXAMPLE), "--out", str(out_dir), "--with-slides"]
    )
    assert result.exit_code == 0, result.output
    handout = out_dir / HANDOUT
    plan = plan_talk(load_talk(EXAMPLE))
    slide_count = len(plan.slides)
    assert len(PdfReader(handout).pages) == plain_pages + math.ceil(slide_count / 3)
    alts = [a for a in figure_alts(handout) if a.startswith("Slide ")]
    assert len(alts) == slide_count
    for slide, alt in zip(plan.slides, alts, strict=True):
        assert alt.startswith(f"Slide {slide.number}: {slide.title}")
    text = text_of(handout)
    assert "Slides, with room for notes" in text
    assert f"Slide {slide_count}: {plan.slides[-1].title}" in text
    # the deck is built on the side: the handout command does not write one into out/
    assert not list(out_dir.glob("*.pptx"))


def test_a_template_that_is_not_accessible_is_refused_with_the_fix(out_dir, tmp_path):
    untitled = tmp_path / "untitled.typ"
    untitled.write_text(
        '#let doc = json(bytes(sys.inputs.at("handout")))\n= Handout\n', encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli, ["handout", str(EXAMPLE), "--out", str(out_dir), "--handout-template", str(untitled)]
    )
    assert result.exit_code == 2
    assert "PDF/UA-1" in result.output and "missing document title" in result.output
    assert "#set document(title: doc.title)" in result.output
    assert not (out_dir / HANDOUT).exists()


def test_the_smallest_template_in_the_docs_works(out_dir, tmp_path):
    docs = (REPO / "docs" / "handout.md").read_text(encoding="utf-8")
    source = docs.split("```typst\n", 1)[1].split("```", 1)[0]
    template = tmp_path / "smallest.typ"
    template.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["handout", str(EXAMPLE), "--out", str(out_dir), "--handout-template", str(template)]
    )
    assert result.exit_code == 0, result.output
    text = text_of(out_dir / HANDOUT)
    talk = load_talk(EXAMPLE)
    for quote in talk.featured_quotes:
        assert " ".join(quote.text.split()) in text


def test_without_pdftoppm_the_slide_pages_say_what_to_install(tmp_path, monkeypatch):
    import talkgen.handout.slides as slides
    from talkgen.errors import EnvironmentProblem

    monkeypatch.setattr(slides.shutil, "which", lambda name: None)
    with pytest.raises(EnvironmentProblem) as caught:
        slides.slide_images(tmp_path / "deck.pdf", tmp_path / "pictures")
    assert "needs pdftoppm" in str(caught.value)
    assert "apt-get install poppler-utils" in str(caught.value)
    assert caught.value.exit_code == 2
