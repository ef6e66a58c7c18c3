"""The deck in out/ older than the content it would picture (`stale_deck`): what the build
records about the deck it wrote, and when the rehearsal warns. The real build, rehearsal and
page are in tests/test_timing_browser.py; here the record is written as the build writes it."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from talkgen.build import DECK_RECORD, STATE_FILE, shown_fingerprint, stale_deck
from talkgen.commands.timing import _stale_deck_warning
from talkgen.content import load_talk
from talkgen.plan import plan_talk
from talkgen.style import TEMPLATES

EXAMPLE = Path(__file__).resolve().parents[1] / "content"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def built(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A copy of the example and an out/ holding "its deck" and the record a build of it with
    `--auto-advance` on a template of the speaker's (`mine.pptx`) leaves."""
    monkeypatch.chdir(tmp_path)
    folder = shutil.copytree(EXAMPLE, tmp_path / "content")
    template = tmp_path / "mine.pptx"
    shutil.copyfile(TEMPLATES / "default.pptx", template)
    out = tmp_path / "out"
    out.mkdir()
    (out / "twitter-mentoring.pptx").write_bytes(b"the deck as built")
    record = {
        "shown": shown_fingerprint(load_talk(folder)),
        "deck_sha256": _sha(out / "twitter-mentoring.pptx"),
        "template": str(template),
        "template_sha256": _sha(template),
        "auto_advance": True,
    }
    (out / STATE_FILE).write_text(json.dumps({DECK_RECORD: record}), encoding="utf-8")
    return folder, out


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_deck_built_from_the_content_as_it_is_is_current(built) -> None:
    folder, out = built
    assert stale_deck(load_talk(folder), out) is None
    # Speaker notes are not on the slides (the view shows the current notes itself).
    _edit(folder / "talk.yaml", "I used several qualitative methods", "I used several methods")
    _edit(
        folder / "quotes.yaml",
        "themes: [informal-mentoring]\n  featured",
        "themes: [informal-mentoring]\n  notes: pause here\n  featured",
    )
    assert stale_deck(load_talk(folder), out) is None


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("quotes.yaml", "exactly what it was.", "exactly what it was!"),  # a featured quote
        ("themes/04-peer-mentoring.md", "- It goes both ways", "- Both ways"),  # points
        ("talk.yaml", "title: Mentoring on Twitter", "title: Mentoring, on Twitter"),
        ("talk.yaml", "- 14 librarians in", "- Fourteen librarians in"),  # method points
    ],
)
def test_any_change_the_slides_show_makes_it_stale_and_says_how_to_rebuild(
    built, file: str, old: str, new: str
) -> None:
    folder, out = built
    _edit(folder / file, old, new)
    assert stale_deck(load_talk(folder), out) is not None
    plan = plan_talk(load_talk(folder))
    warning = _stale_deck_warning(plan, Path("content"), Path("out"), out, None)
    assert warning is not None and warning.severity == "warning"
    assert warning.format(Path.cwd()).startswith(
        "out/twitter-mentoring.pptx: warning: the deck was built before the content last changed"
    )
    # The options that shaped the deck, repeated: the template (as the speaker would type it
    # here) and --auto-advance; --out only when not the default.
    assert warning.hint == (
        "rebuild it: `talkgen build content --template mine.pptx --auto-advance`, "
        "and rehearse again"
    )


def test_a_changed_template_makes_it_stale(built) -> None:
    folder, out = built
    with (Path("mine.pptx")).open("ab") as stream:
        stream.write(b"\0")
    assert stale_deck(load_talk(folder), out) is not None


def test_when_it_cannot_tell_it_says_nothing(built) -> None:
    folder, out = built
    _edit(folder / "quotes.yaml", "exactly what it was.", "exactly what it was!")
    talk = load_talk(folder)
    assert stale_deck(talk, out) is not None
    # A deck saved over by hand is not the one the record describes.
    deck = out / "twitter-mentoring.pptx"
    deck.write_bytes(b"edited in PowerPoint")
    assert stale_deck(talk, out) is None
    deck.unlink()
    assert stale_deck(talk, out) is None
    # No record (a deck from before talkgen kept one), or a damaged one.
    deck.write_bytes(b"the deck as built")
    for state in ("", "[]", json.dumps({DECK_RECORD: {"shown": "x"}}), "{"):
        (out / STATE_FILE).write_text(state, encoding="utf-8")
        assert stale_deck(talk, out) is None, state


def test_a_deck_without_some_slides_names_them_and_the_command(tmp_path: Path) -> None:
    import time

    from talkgen.timing.browser import RehearsalServer
    from talkgen.timing.pictures import SlidePictures

    plan = plan_talk(load_talk(EXAMPLE))
    first = SlidePictures("0" * 64, {plan.slides[0].key: tmp_path / "slide-01.png"})
    rebuild = "talkgen build content --out out15"
    with RehearsalServer(
        plan, tmp_path / "rehearsals", pictures=lambda: first, rebuild=rebuild
    ) as server:
        deadline = time.monotonic() + 10
        while server.state()["pictures"] != "ready" and time.monotonic() < deadline:
            time.sleep(0.02)
        state = server.state()
    assert state["pictured"] == [1]
    others = ", ".join(str(n) for n in range(2, len(plan.slides) + 1))
    assert state["pictures_note"] == (
        f"the deck has no picture of slide(s) {others} (it is older than the outline): "
        f"rebuild it (`{rebuild}`) to see them"
    )
