"""What both rehearsal views (the terminal screen and the browser page) show, decided once.

Pure functions over the plan and a `Progress`: where the plan says the speaker should be, how
the clocks are coloured, the next cue-card checkpoint, a quote slide's quote and the notes as
paragraphs. Neither view decides any of this itself, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from talkgen.content.attribution import attribution_line, quoted
from talkgen.content.markdown import plain_paragraphs
from talkgen.content.model import format_duration
from talkgen.plan import Checkpoint, Plan, SlidePlan, checkpoints
from talkgen.scripts import isolate
from talkgen.timing.rehearsal import Progress

# When the time on a slide passes this share of its plan, the clock turns amber; past 100 %, red.
NEARING = 0.8


def clock_level(seconds: float, planned: float) -> str:
    """`ok`, `near` (past `NEARING` of the plan) or `over` (past the plan)."""
    if seconds > planned:
        return "over"
    return "near" if seconds >= NEARING * planned else "ok"


@dataclass(frozen=True)
class Standing:
    """Where the rehearsal stands against the plan: the talk time the plan expects given the
    slide shown and the time on it (s), and how far the speaker is behind it (+) or ahead (−)."""

    expected: float
    drift: float

    @property
    def text(self) -> str:
        """`on plan`, `12 s behind plan` or `5 s ahead of plan`."""
        if abs(self.drift) < 1:
            return "on plan"
        return f"{abs(self.drift):.0f} s {'behind' if self.drift > 0 else 'ahead of'} plan"


def standing(plan: Plan, progress: Progress) -> Standing:
    """Where the plan says the speaker should be, given the slide and the time on it."""
    slide = plan.slides[progress.current - 1]
    expected = slide.start_seconds + min(progress.on_slide, slide.planned_seconds)
    return Standing(expected, progress.elapsed - expected)


def next_checkpoint(plan: Plan, elapsed: float) -> Checkpoint | None:
    """The first cue-card checkpoint still ahead at `elapsed` seconds, if any."""
    return next((c for c in checkpoints(plan) if c.at_seconds > elapsed), None)


def checkpoint_text(checkpoint: Checkpoint | None) -> str:
    """A checkpoint as the views show it, e.g. `at 6:00 be on slide 8 (…)`."""
    if checkpoint is None:
        return "no checkpoint left: finish"
    verb = "be starting" if checkpoint.starting else "be on"
    return (
        f"at {format_duration(checkpoint.at_seconds)} {verb} slide {checkpoint.number} "
        f"({isolate(checkpoint.title)})"
    )


def quote_lines(plan: Plan, slide: SlidePlan) -> tuple[str, str] | None:
    """A quote slide's quote (in quotation marks, on one line) and its attribution line, as the
    deck shows them; None on other slides."""
    if slide.kind != "quote" or slide.quote is None:
        return None
    text = quoted(" ".join(slide.quote.text.split()))
    return text, attribution_line(plan.talk, slide.quote.participant)


def notes_paragraphs(notes: str | None) -> list[str]:
    """Notes as paragraphs a view can wrap to its width: the line breaks of the content file are
    not the speaker's, blank lines (even with spaces on them) are."""
    return plain_paragraphs(notes)
