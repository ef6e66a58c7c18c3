"""The timing report: the plan, the estimate from the notes and the rehearsals, side by side,
with plain advice. `build_report` is pure: the writers and the terminal table only show it."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

from talkgen.content.model import format_duration
from talkgen.plan import Checkpoint, Plan, checkpoints
from talkgen.timing.estimate import estimate_slide_seconds, spoken_words
from talkgen.timing.rehearsal import Rehearsal

# How far an estimate or a rehearsed time may stray from the plan before the report says so.
TOLERANCE = 0.20
# Rehearsed seconds below this are a skipped slide, too short to measure a pace from.
MIN_MEASURED_SECONDS = 3.0


@dataclass(frozen=True)
class SlideTiming:
    """One slide's times: planned, estimated from its notes, and as rehearsed."""

    number: int
    key: str
    kind: str
    title: str
    start_seconds: int
    planned_seconds: int
    words: int
    estimated_seconds: float
    rehearsed: tuple[float | None, ...]
    advice: str | None = None

    @property
    def rehearsed_times(self) -> list[float]:
        """The rehearsals' times for this slide, oldest first, leaving out rehearsals without it."""
        return [t for t in self.rehearsed if t is not None]

    @property
    def latest(self) -> float | None:
        """The time in the most recent rehearsal that had this slide."""
        times = self.rehearsed_times
        return times[-1] if times else None

    @property
    def mean(self) -> float | None:
        """The mean rehearsed time."""
        times = self.rehearsed_times
        return statistics.fmean(times) if times else None

    @property
    def spread(self) -> float | None:
        """The standard deviation of the rehearsed times (needs two rehearsals)."""
        times = self.rehearsed_times
        return statistics.stdev(times) if len(times) >= 2 else None

    @property
    def trend(self) -> float | None:
        """Seconds gained (+) or lost (−) per rehearsal: the least-squares slope (needs two)."""
        times = self.rehearsed_times
        if len(times) < 2:
            return None
        return statistics.linear_regression(range(len(times)), times).slope

    @property
    def measured_pace(self) -> float | None:
        """The speaker's words per minute on this slide, from the mean rehearsed time."""
        mean = self.mean
        if not self.words or mean is None or mean < MIN_MEASURED_SECONDS:
            return None
        return self.words * 60.0 / mean

    @property
    def estimate_off(self) -> float:
        """How far the estimate is from the plan, as a fraction of the plan (+ is long)."""
        return (self.estimated_seconds - self.planned_seconds) / self.planned_seconds


@dataclass(frozen=True)
class RehearsalSummary:
    """A rehearsal as the report lists it."""

    name: str
    started: str
    total_seconds: float
    complete: bool
    source: str


@dataclass(frozen=True)
class TimingReport:
    """Everything the timing report says about a talk."""

    title: str
    duration_seconds: int
    pace: float
    pace_source: str
    slides: tuple[SlideTiming, ...]
    rehearsals: tuple[RehearsalSummary, ...]
    checkpoints: tuple[Checkpoint, ...]
    warnings: tuple[str, ...]
    measured_pace: float | None

    @property
    def planned_total(self) -> int:
        """The planned seconds of all slides (the duration)."""
        return sum(s.planned_seconds for s in self.slides)

    @property
    def estimated_total(self) -> float:
        """Seconds the notes take to say at the report's pace."""
        return sum(s.estimated_seconds for s in self.slides)

    @property
    def latest_total(self) -> float | None:
        """The total of the most recent rehearsal, if any."""
        return self.rehearsals[-1].total_seconds if self.rehearsals else None

    @property
    def overruns(self) -> list[str]:
        """Why `talkgen timing --check` fails: the estimate or the latest rehearsal is too long."""
        found = []
        slot = format_duration(self.duration_seconds)
        if round(self.estimated_total) > self.duration_seconds:
            found.append(
                f"the notes take {format_duration(self.estimated_total)} to say at "
                f"{self.pace:.0f} words per minute, over the {slot} slot"
            )
        latest = self.latest_total
        if latest is not None and round(latest) > self.duration_seconds:
            found.append(
                f"the latest rehearsal ({self.rehearsals[-1].name}) took "
                f"{format_duration(latest)}, over the {slot} slot"
            )
        return found


def measured_pace(plan: Plan, rehearsals: Sequence[Rehearsal]) -> float | None:
    """The speaker's pace over all rehearsals: words spoken on rehearsed slides per minute
    spent on them (None without rehearsals long enough to measure)."""
    words = {s.key: spoken_words(s) for s in plan.slides}
    total_words, total_seconds = 0, 0.0
    for rehearsal in rehearsals:
        for slide, seconds in zip(plan.slides, _times(plan, rehearsal), strict=True):
            if seconds is not None and seconds >= MIN_MEASURED_SECONDS and words[slide.key]:
                total_words += words[slide.key]
                total_seconds += seconds
    return total_words * 60.0 / total_seconds if total_seconds else None


def build_report(
    plan: Plan, rehearsals: Sequence[Rehearsal] = (), pace: float | None = None
) -> TimingReport:
    """Compare the plan with the notes' estimate (at `pace`, default the talk's) and with the
    rehearsals (oldest first), and say what to change."""
    talk_pace = plan.talk.info.pace
    use_pace = pace if pace is not None else talk_pace
    if use_pace <= 0:
        raise ValueError(f"a pace of {use_pace} words per minute never finishes")
    per_rehearsal = [_times(plan, r) for r in rehearsals]
    slides = []
    for i, slide in enumerate(plan.slides):
        timing = SlideTiming(
            number=slide.number,
            key=slide.key,
            kind=slide.kind,
            title=slide.title,
            start_seconds=slide.start_seconds,
            planned_seconds=slide.planned_seconds,
            words=spoken_words(slide),
            estimated_seconds=estimate_slide_seconds(slide, use_pace),
            rehearsed=tuple(times[i] for times in per_rehearsal),
        )
        slides.append(_with_advice(timing, use_pace))
    warnings = [s.advice for s in slides if s.advice]
    report = TimingReport(
        title=plan.talk.info.title,
        duration_seconds=plan.duration_seconds,
        pace=use_pace,
        pace_source="talk" if pace is None else "given",
        slides=tuple(slides),
        rehearsals=tuple(
            RehearsalSummary(r.name, r.started, r.total, r.complete, r.source) for r in rehearsals
        ),
        checkpoints=tuple(checkpoints(plan)),
        warnings=(),
        measured_pace=measured_pace(plan, rehearsals),
    )
    warnings += report.overruns
    warnings += [
        f"rehearsal {r.name} stopped before the end (counted as far as it went)"
        for r in rehearsals
        if not r.complete and r.source == "rehearsal"
    ]
    return replace(report, warnings=tuple(warnings))


def _times(plan: Plan, rehearsal: Rehearsal) -> list[float | None]:
    """The rehearsal's seconds for each planned slide: matched by key when the rehearsal knows
    keys (a log), by position when it does not (a deck's timings). None: not in the rehearsal."""
    if any(s.key for s in rehearsal.slides):
        by_key = {s.key: s.seconds for s in rehearsal.slides}
        return [by_key.get(slide.key) for slide in plan.slides]
    by_number = {s.number: s.seconds for s in rehearsal.slides}
    return [by_number.get(slide.number) for slide in plan.slides]


def _with_advice(timing: SlideTiming, pace: float) -> SlideTiming:
    """The slide with one line of advice when its rehearsed time (or, before any rehearsal, its
    estimate) is off the plan by more than the tolerance."""
    planned = timing.planned_seconds
    rehearsed = timing.mean
    seconds = rehearsed if rehearsed is not None else timing.estimated_seconds
    off = seconds - planned
    if abs(off) <= TOLERANCE * planned:
        return timing
    slide_pace = timing.measured_pace or pace
    words = _round_words(abs(off) * slide_pace / 60.0)
    where = f"slide {timing.number} ({timing.title})"
    if rehearsed is not None:
        how = "runs" if len(timing.rehearsed_times) == 1 else "runs on average"
        said = f"{where} {how} {abs(off):.0f} s {'long' if off > 0 else 'short'}"
    else:
        said = (
            f"{where}: its notes take about {format_duration(seconds)} to say, planned "
            f"{format_duration(planned)} ({off / planned:+.0%})"
        )
    if off > 0:
        advice = f"{said}: cut about {words} words from its notes, or drop it"
    else:
        advice = f"{said}: add about {words} words to its notes, or give its time to another slide"
    return replace(timing, advice=advice)


def _round_words(words: float) -> int:
    """Words rounded as a speaker would say them: to the nearest 5 under 50, else nearest 10."""
    step = 5 if words < 50 else 10
    return max(step, int(round(words / step)) * step)
