"""The files a talk is read from (`Talk.source_files`): what a build's fingerprint digests and
the deck's "modified" date comes from — the talk's own files, never others in the folder."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from talkgen.content import load_talk


def test_the_example_is_read_from_its_talk_and_research_files(example_copy: Path) -> None:
    (example_copy / "themes" / ".#01-informal-mentoring.md").write_text("lock")
    (example_copy / "recording.txt").write_text("a transcript the talk does not use")
    names = [str(p.relative_to(example_copy)) for p in load_talk(example_copy).source_files]
    assert names == [
        "talk.yaml",
        "themes/01-informal-mentoring.md",
        "themes/02-personal-learning-network.md",
        "themes/03-supportive-relationships.md",
        "themes/04-peer-mentoring.md",
        "themes/05-understandings.md",
        "participants.csv",
        "quotes.yaml",
        "coding.csv",
        "deny-list.txt",
    ]


def test_a_charts_csv_and_an_outline_image_are_source_files(example_copy: Path) -> None:
    (example_copy / "data").mkdir()
    (example_copy / "data" / "answers.csv").write_text("label,value\nYes,3\nNo,2\n")
    (example_copy / "charts.yaml").write_text(
        "charts:\n  - id: answers\n    type: bar\n    title: Answers\n    csv: data/answers.csv\n"
    )
    talk = load_talk(example_copy)
    assert example_copy / "charts.yaml" in talk.source_files
    assert example_copy / "data" / "answers.csv" in talk.source_files


def test_the_deck_is_dated_by_its_source_files_not_other_files(example_copy: Path) -> None:
    from talkgen.deck.properties import _content_modified

    talk = load_talk(example_copy)
    for path in talk.source_files:
        os.utime(path, (1_700_000_000, 1_700_000_000))
    os.utime(example_copy / "README.md", (1_800_000_000, 1_800_000_000))
    # 1,700,000,000 s after the epoch, in UTC as docProps/core.xml keeps it.
    assert _content_modified(talk.source_files) == dt.datetime(2023, 11, 14, 22, 13, 20)
