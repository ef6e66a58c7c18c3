"""`--from-pptx`: PowerPoint's rehearsed timings (`advTm`) read back as a rehearsal."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from pptx import Presentation

from talkgen.cli import cli
from talkgen.timing.pptx_times import DeckError, read_pptx_times

EXAMPLE = Path(__file__).resolve().parents[1] / "content"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"


def _deck(path: Path, times_ms: list[int | None], wrapped: bool = False) -> Path:
    """A deck with one titled slide per time, each carrying PowerPoint's transition markup."""
    deck = Presentation()
    for number, ms in enumerate(times_ms, start=1):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = f"Slide title {number}"
        if ms is None:
            continue
        sld = slide._element
        if wrapped:  # how PowerPoint 2010+ saves it: a p14 choice and a plain fallback
            xml = (
                f'<mc:AlternateContent xmlns:mc="{MC}" xmlns:p="{P}"><mc:Choice '
                f'xmlns:p14="{P14}" Requires="p14"><p:transition spd="slow" p14:dur="2000" '
                f'advClick="0" advTm="{ms}"/></mc:Choice><mc:Fallback><p:transition '
                f'spd="slow" advClick="0" advTm="{ms}"/></mc:Fallback></mc:AlternateContent>'
            )
        else:
            xml = f'<p:transition xmlns:p="{P}" advTm="{ms}"/>'
        clr = sld.find(f"{{{P}}}clrMapOvr")
        clr.addnext(etree.fromstring(xml))
    deck.save(str(path))
    return path


@pytest.mark.parametrize("wrapped", [False, True])
def test_reads_each_slides_rehearsed_time(tmp_path: Path, wrapped: bool) -> None:
    path = _deck(tmp_path / "deck.pptx", [25_000, 61_500, None, 42_250], wrapped)
    rehearsal = read_pptx_times(path)
    assert rehearsal.source == "pptx" and rehearsal.complete
    assert [(s.number, s.title, s.seconds) for s in rehearsal.slides] == [
        (1, "Slide title 1", 25.0),
        (2, "Slide title 2", 61.5),
        (4, "Slide title 4", 42.25),
    ]


def test_timing_from_pptx_reports_the_deck_as_a_rehearsal(tmp_path: Path) -> None:
    deck = _deck(tmp_path / "rehearsed.pptx", [20_000 + 1000 * i for i in range(12)], True)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["timing", str(EXAMPLE), "--out", str(out), "--from-pptx", str(deck)]
    )
    assert result.exit_code == 0, result.stderr
    assert "Rehearsed" in result.stdout
    record = json.loads((out / "timing.json").read_text(encoding="utf-8"))
    assert record["rehearsals"][-1]["name"] == "rehearsed.pptx"
    assert [s["latest_seconds"] for s in record["slides"]] == [20.0 + i for i in range(12)]


def _foreign_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://'
            'schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.pptx", "no such file"),
        (
            lambda d: (d / "notes.pptx").write_text("just text") and d / "notes.pptx",
            "not a PowerPoint file (a .pptx is a zip package; this is not one)",
        ),
        (lambda d: _foreign_zip(d / "report.docx"), "not a PowerPoint presentation"),
        (
            lambda d: _deck(d / "plain.pptx", [None, None]),
            "none of its 2 slides has a rehearsed time",
        ),
    ],
    ids=["missing", "not-a-zip", "foreign-zip", "no-timings"],
)
def test_bad_decks_stop_with_exit_2_and_leave_the_last_report(
    tmp_path: Path, make, message: str
) -> None:
    out = tmp_path / "out"
    first = CliRunner().invoke(cli, ["timing", str(EXAMPLE), "--out", str(out)])
    assert first.exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    deck = make(tmp_path)
    with pytest.raises(DeckError):
        read_pptx_times(deck)
    result = CliRunner().invoke(
        cli, ["timing", str(EXAMPLE), "--out", str(out), "--from-pptx", str(deck)]
    )
    assert result.exit_code == 2
    assert (
        result.stderr.startswith(f"{deck}: {message}") or f"{deck.name}: {message}" in result.stderr
    ), result.stderr
    assert " — " in result.stderr  # every message says what to do
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_deck_with_more_slides_than_the_plan_is_a_warning(tmp_path: Path) -> None:
    deck = _deck(tmp_path / "old.pptx", [15_000] * 14)
    result = CliRunner().invoke(
        cli, ["timing", str(EXAMPLE), "--out", str(tmp_path / "out"), "--from-pptx", str(deck)]
    )
    assert result.exit_code == 0
    assert "warning: the deck has more slides than the plan's 12" in result.stderr
