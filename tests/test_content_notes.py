"""Notes and every multi-line text follow Markdown paragraphs wherever they are shown or counted:
a single line break is a space, a blank line a new paragraph, a list item a paragraph of its own."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.content.markdown import plain_paragraphs
from talkgen.plan import plan_talk
from talkgen.timing.estimate import spoken_words
from talkgen.timing.views import notes_paragraphs


def test_plain_paragraphs_follow_markdown() -> None:
    text = (
        "I will explain how you analysed what\nthey said.\n\n"
        "Three steps:\n- read **everything**\n- code it\n  twice\n3. write [it up](https://x.org/a)\n"
    )
    assert plain_paragraphs(text) == [
        "I will explain how you analysed what they said.",
        "Three steps:",
        "- read everything",
        "- code it twice",
        "3. write it up",
    ]
    assert plain_paragraphs("") == [] and plain_paragraphs(None) == []


def test_the_views_and_the_word_counts_read_notes_the_same_way(example_dir: Path) -> None:
    plan = plan_talk(load_talk(example_dir))
    for slide in plan.slides:
        assert notes_paragraphs(slide.notes) == plain_paragraphs(slide.notes)
    slide = plan.slides[0]
    linked = replace(slide, notes="See [our blog](https://example.org/a-b/c-d).")
    assert spoken_words(linked) == 3  # "See our blog", not the address


@pytest.mark.slow  # builds a deck: charts in a real Chrome
def test_no_notes_paragraph_ends_mid_sentence_in_a_new_talk(tmp_path: Path) -> None:
    # Finding 3: every hard-wrapped line of a `notes: |` block became its own paragraph in
    # PowerPoint's notes pane ("…how you analysed what" / "they said.").
    runner = CliRunner()
    folder = tmp_path / "my-talk"
    assert runner.invoke(cli, ["init", str(folder)]).exit_code == 0
    built = runner.invoke(
        cli, ["build", str(folder), "--out", str(tmp_path / "out"), "--only", "deck"]
    )
    assert built.exit_code == 0, built.stderr
    (deck,) = (tmp_path / "out").glob("*.pptx")
    paragraphs = [
        p.text
        for slide in Presentation(str(deck)).slides
        for p in slide.notes_slide.notes_text_frame.paragraphs
        if p.text.strip()
    ]
    assert paragraphs
    for text in paragraphs:
        assert text.rstrip()[-1] in '.?!:…”")', text
