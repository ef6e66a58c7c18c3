"""Per-slide times from a deck: what PowerPoint stores after "Rehearse Timings".

PowerPoint records each slide's rehearsed time as `advTm` (milliseconds) on the slide's
`<p:transition>`; `talkgen.deck.xml.auto_advance_text` reads it (the deck's XML edits live
there, this module only interprets them). talkgen names each slide it builds after the slide's
key, so the times are matched to the plan by key (or by title for a deck saved elsewhere), not
by position; `check_deck` refuses a deck of another talk and one whose times are talkgen's own
planned auto-advance times rather than a rehearsal.
"""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

from pptx import Presentation

from talkgen.deck.xml import auto_advance_text
from talkgen.errors import Problem, TalkgenError
from talkgen.plan import Plan
from talkgen.timing.rehearsal import Rehearsal, RehearsedSlide
from talkgen.timing.report import match_slides


class DeckError(TalkgenError):
    """A deck given for its timings that cannot be read or holds none."""


def read_pptx_times(path: Path) -> Rehearsal:
    """The deck's rehearsed timings as a rehearsal: each slide with its name (talkgen's slide
    key, or None) and title. Raises `DeckError` when the file is missing, not a PowerPoint
    deck, or has no timings."""
    path = Path(path)

    def fail(message: str, hint: str) -> DeckError:
        return DeckError(Problem(path, None, message, hint))

    if not path.is_file():
        raise fail(
            "no such file" if not path.exists() else "not a file",
            "give the path of a .pptx saved after PowerPoint's Rehearse Timings",
        )
    if not zipfile.is_zipfile(path):
        raise fail(
            "not a PowerPoint file (a .pptx is a zip package; this is not one)",
            "save the deck as .pptx (PowerPoint Presentation) and try again",
        )
    try:
        deck = Presentation(str(path))
        slides = list(deck.slides)
    except Exception as exc:  # noqa: BLE001 - python-pptx raises many types for foreign files
        raise fail(
            f"not a PowerPoint presentation ({type(exc).__name__}: {exc})",
            "give a .pptx deck, not another Office file",
        ) from None
    times: list[RehearsedSlide] = []
    for number, slide in enumerate(slides, start=1):
        written = auto_advance_text(slide)
        if written is None:
            continue
        try:
            milliseconds = int(written)
            if milliseconds < 0:
                raise ValueError(written)
        except ValueError:
            raise fail(
                f"slide {number}: advTm '{written}' is not a number of milliseconds",
                "rehearse the timings again in PowerPoint",
            ) from None
        times.append(
            RehearsedSlide(number, slide.name or None, _title(slide, number), milliseconds / 1000)
        )
    if not times:
        raise fail(
            f"none of its {len(slides)} slides has a rehearsed time",
            "in PowerPoint use Slide Show › Rehearse Timings and keep the timings, then save",
        )
    modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return Rehearsal(
        name=path.name,
        started=modified.isoformat(timespec="seconds"),
        slides=tuple(times),
        complete=True,
        path=path,
        source="pptx",
    )


def _title(slide, number: int) -> str:
    shape = slide.shapes.title
    text = shape.text_frame.text.strip() if shape is not None and shape.has_text_frame else ""
    return text or f"Slide {number}"


def check_deck(plan: Plan, rehearsal: Rehearsal) -> None:
    """Refuse a deck's timings that are not a rehearsal of this talk: fewer than half of its
    timed slides match the plan's slides by key or title (a deck of another talk), or every
    time equals the plan to the millisecond (talkgen's own `--auto-advance`, never rehearsed).
    Raises `DeckError`."""

    path = rehearsal.path
    pairs = zip(plan.slides, match_slides(plan, rehearsal), strict=True)
    found = [(slide, m) for slide, m in pairs if m is not None]
    if len(found) * 2 < len(rehearsal.slides):
        raise DeckError(
            Problem(
                path,
                None,
                f"this deck is not of the talk '{plan.talk.info.title}': only {len(found)} of "
                f"its {len(rehearsal.slides)} timed slides match the plan's slides by key or "
                "title",
                "give the deck built from this content (talkgen build), after rehearsing it",
            )
        )
    if all(
        m.seconds is not None and round(m.seconds * 1000) == s.planned_seconds * 1000
        for s, m in found
    ):
        raise DeckError(
            Problem(
                path,
                None,
                "the deck's slide times are the plan's own auto-advance times, not a rehearsal",
                "rehearse in PowerPoint (Slide Show › Rehearse Timings, keep the timings) and "
                "save, or use `talkgen rehearse`",
            )
        )
