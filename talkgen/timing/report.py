"""The timing report: the plan, the estimate from the notes and the rehearsals, side by side,
with plain advice. `build_report` is pure: the writers and the terminal table only show it."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

from talkgen.content.model import format_duration
from talkgen.errors import Problem
from talkgen.plan import Checkpoint, Plan, checkpoints
from talkgen.timing.estimate import estimate_slide_seconds, spoken_words
from talkgen.timing.rehearsal import Rehearsal, RehearsedSlide

# How far an estimate or a rehearsed time may stray from the plan before the report says so.
TOLERANCE = 0.20
# Rehearsed seconds below this are a skipped slide, too short to measure a pace from.
MIN_MEASURED_SECONDS = 3.0


@dataclass(frozen=True)
class SlideTiming:
    """One slide's times: planned, estimated from its notes, and as rehearsed (one entry per
    rehearsal, oldest first: None when the rehearsal did not reach the slide). `partial` says,
    per rehearsal, whether it stopped on this slide: such a time is shown but not measured."""

    number: int
    key: str
    kind: str
    title: str
    start_seconds: int
    planned_seconds: int
    words: int
    estimated_seconds: float
    rehearsed: tuple[float | None, ...]
    partial: tuple[bool, ...] = ()
    advice: str | None = None

    @property
    def rehearsed_partial(self) -> tuple[bool, ...]:
        """For each rehearsal, whether it stopped on this slide (one flag per `rehearsed`)."""
        return tuple(i < len(self.partial) and self.partial[i] for i in range(len(self.rehearsed)))

    @property
    def rehearsed_times(self) -> list[float]:
        """The full rehearsed times for this slide, oldest first: rehearsals that did not reach
        it, or stopped on it, are left out."""
        return [
            t
            for t, partial in zip(self.rehearsed, self.rehearsed_partial, strict=True)
            if t is not None and not partial
        ]

    def _latest(self) -> tuple[float | None, bool]:
        pairs = zip(self.rehearsed, self.rehearsed_partial, strict=True)
        return next(((t, p) for t, p in reversed(list(pairs)) if t is not None), (None, False))

    @property
    def latest(self) -> float | None:
        """The time in the most recent rehearsal that had this slide (maybe partial)."""
        return self._latest()[0]

    @property
    def latest_partial(self) -> bool:
        """Whether `latest` is from a rehearsal that stopped on this slide."""
        return self._latest()[1]

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
        """How far the estimate is from the plan, as a fraction of the plan (+ is long); a slide
        planned at 0 s is infinitely long when it has anything to say."""
        off = self.estimated_seconds - self.planned_seconds
        if not self.planned_seconds:
            return math.copysign(math.inf, off) if off else 0.0
        return off / self.planned_seconds


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
    """Everything the timing report says about a talk. `problems` are warnings about the
    input (e.g. a deck that does not match the plan) for the command to print."""

    title: str
    language: str
    duration_seconds: int
    pace: float
    pace_source: str
    slides: tuple[SlideTiming, ...]
    rehearsals: tuple[RehearsalSummary, ...]
    checkpoints: tuple[Checkpoint, ...]
    warnings: tuple[str, ...]
    measured_pace: float | None
    problems: tuple[Problem, ...] = ()

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
        for slide, rehearsed in zip(plan.slides, _matched(plan, rehearsal), strict=True):
            if (
                rehearsed is not None
                and not rehearsed.partial
                and rehearsed.seconds is not None
                and rehearsed.seconds >= MIN_MEASURED_SECONDS
                and words[slide.key]
            ):
                total_words += words[slide.key]
                total_seconds += rehearsed.seconds
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
    per_rehearsal = [_matched(plan, r) for r in rehearsals]
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
            rehearsed=tuple(m[i].seconds if m[i] else None for m in per_rehearsal),
            partial=tuple(bool(m[i] and m[i].partial) for m in per_rehearsal),
        )
        slides.append(_with_advice(timing, use_pace))
    warnings = [s.advice for s in slides if s.advice]
    report = TimingReport(
        title=plan.talk.info.title,
        language=plan.talk.info.language,
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
        problems=tuple(_position_mismatches(plan, rehearsals)),
    )
    warnings += report.overruns
    for r in rehearsals:
        if r.complete or r.source != "rehearsal":
            continue
        stop = r.stopped_on
        warnings.append(
            f"rehearsal {r.name} stopped before the end, on slide {stop.number} ({stop.title}): "
            "its time there is partial and left out of the advice; later slides are not counted"
            if stop is not None
            else f"rehearsal {r.name} stopped before the end (counted as far as it went)"
        )
    return replace(report, warnings=tuple(warnings))


def _matched(plan: Plan, rehearsal: Rehearsal) -> list[RehearsedSlide | None]:
    """The rehearsal's slide for each planned slide: matched by key when the rehearsal knows
    keys (a log), by position when it does not (a deck's timings). None: not in the rehearsal."""
    if _by_position(rehearsal):
        by_number = {s.number: s for s in rehearsal.slides}
        return [by_number.get(slide.number) for slide in plan.slides]
    by_key = {s.key: s for s in rehearsal.slides}
    return [by_key.get(slide.key) for slide in plan.slides]


def _by_position(rehearsal: Rehearsal) -> bool:
    return not any(s.key for s in rehearsal.slides)


def _position_mismatches(plan: Plan, rehearsals: Sequence[Rehearsal]) -> list[Problem]:
    """A warning for each rehearsal matched by position (a deck) that has more slides than the
    plan: it was built from other content, so some times land on the wrong slides."""
    return [
        Problem(
            r.path,
            None,
            f"the {'deck' if r.source == 'pptx' else 'rehearsal'} has more slides than the "
            f"plan's {len(plan.slides)}; times are matched by position",
            "rebuild the deck from this content",
            severity="warning",
        )
        for r in rehearsals
        if r.slides and _by_position(r) and max(s.number for s in r.slides) > len(plan.slides)
    ]


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
        # A slide planned at 0 s (the planner should refuse one) has no percentage to give.
        share = f" ({off / planned:+.0%})" if planned else ""
        said = (
            f"{where}: its notes take about {format_duration(seconds)} to say, planned "
            f"{format_duration(planned)}{share}"
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
