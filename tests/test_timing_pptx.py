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
from talkgen.content import load_talk
from talkgen.plan import plan_talk
from talkgen.timing.pptx_times import DeckError, read_pptx_times

EXAMPLE = Path(__file__).resolve().parents[1] / "content"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"


def _deck(
    path: Path,
    times_ms: list[int | None],
    wrapped: bool = False,
    titles: list[str] | None = None,
    names: list[str] | None = None,
) -> Path:
    """A deck with one titled slide per time (titles "Slide title N" unless given; slide names,
    where talkgen keeps a slide's key, when given), each with PowerPoint's transition markup."""
    deck = Presentation()
    for number, ms in enumerate(times_ms, start=1):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = titles[number - 1] if titles else f"Slide title {number}"
        if names:
            slide._element.cSld.set("name", names[number - 1])
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


@pytest.fixture(scope="module")
def plan():
    return plan_talk(load_talk(EXAMPLE))


def test_timing_from_pptx_reports_the_deck_as_a_rehearsal(tmp_path: Path, plan) -> None:
    titles = [s.title for s in plan.slides]
    times = [1000 * s.planned_seconds + 1000 * (i % 3 - 1) for i, s in enumerate(plan.slides)]
    deck = _deck(tmp_path / "rehearsed.pptx", times, True, titles)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["timing", str(EXAMPLE), "--out", str(out), "--from-pptx", str(deck)]
    )
    assert result.exit_code == 0, result.stderr
    assert "Rehearsed" in result.stdout
    record = json.loads((out / "timing.json").read_text(encoding="utf-8"))
    assert record["rehearsals"][-1]["name"] == "rehearsed.pptx"
    assert [s["latest_seconds"] for s in record["slides"]] == [t / 1000 for t in times]


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
        # Issue 12, finding 7: a negative advTm was reported as -0:05 per slide.
        (
            lambda d: _deck(d / "negative.pptx", [25_000, -5_000]),
            "slide 2: advTm '-5000' is not a number of milliseconds",
        ),
    ],
    ids=["missing", "not-a-zip", "foreign-zip", "no-timings", "negative"],
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


def _timing_json(tmp_path: Path, deck: Path) -> tuple[int, str, dict | None]:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["timing", str(EXAMPLE), "--out", str(out), "--from-pptx", str(deck)]
    )
    report = out / "timing.json"
    record = json.loads(report.read_text(encoding="utf-8")) if report.exists() else None
    return result.exit_code, result.stderr, record


def test_times_follow_the_slide_key_when_the_outline_is_reordered(tmp_path: Path, plan) -> None:
    """The deck was saved with the slides in another order (reversed): each time still lands on
    its own slide, found by the slide's name (talkgen's key), whatever the titles say."""
    slides = list(reversed(plan.slides))
    times = [1000 * (30 + s.number) for s in slides]
    deck = _deck(
        tmp_path / "reordered.pptx",
        times,
        titles=[f"Renamed {s.number}" for s in slides],
        names=[s.key for s in slides],
    )
    code, _, record = _timing_json(tmp_path, deck)
    assert code == 0
    assert [s["latest_seconds"] for s in record["slides"]] == [30.0 + s.number for s in plan.slides]


def test_a_deck_saved_without_keys_is_matched_by_title(tmp_path: Path, plan) -> None:
    slides = [plan.slides[i] for i in (2, 0, 1, *range(3, len(plan.slides)))]
    deck = _deck(
        tmp_path / "t.pptx",
        [1000 * (40 + s.number) for s in slides],
        titles=[s.title.upper() for s in slides],
    )
    code, _, record = _timing_json(tmp_path, deck)
    assert code == 0
    assert [s["latest_seconds"] for s in record["slides"]] == [40.0 + s.number for s in plan.slides]


def test_a_deck_of_another_talk_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    CliRunner().invoke(cli, ["timing", str(EXAMPLE), "--out", str(out)])
    before = (out / "timing.json").read_bytes()
    deck = _deck(tmp_path / "other.pptx", [15_000] * 20)
    code, stderr, record = _timing_json(tmp_path, deck)
    assert code == 2
    assert stderr.startswith(
        f"{deck}: this deck is not of the talk 'Mentoring on Twitter': only 0 of its 20 timed "
        "slides match the plan's slides by key or title — give the deck built from this content"
    ), stderr
    assert (out / "timing.json").read_bytes() == before


def test_a_deck_timed_exactly_as_planned_is_not_a_rehearsal(tmp_path: Path, plan) -> None:
    deck = _deck(
        tmp_path / "auto.pptx",
        [1000 * s.planned_seconds for s in plan.slides],
        titles=[s.title for s in plan.slides],
        names=[s.key for s in plan.slides],
    )
    code, stderr, _ = _timing_json(tmp_path, deck)
    assert code == 2
    assert "the deck's slide times are the plan's own auto-advance times, not a rehearsal" in stderr


@pytest.mark.slow
def test_talkgens_own_auto_advance_deck_is_not_a_rehearsal(
    tmp_path: Path, plan, example_charts
) -> None:
    """The real thing: a deck built with --auto-advance and never rehearsed."""
    from talkgen.deck import build_deck

    deck = build_deck(plan, example_charts, tmp_path / "built.pptx", auto_advance=True).path
    code, stderr, _ = _timing_json(tmp_path, deck)
    assert code == 2
    assert "not a rehearsal" in stderr
