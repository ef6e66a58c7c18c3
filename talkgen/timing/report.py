"""The timing report: the plan, the estimate from the notes and the rehearsals, side by side,
with plain advice. `build_report` is pure: the writers and the terminal table only show it."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

from talkgen.content.model import format_duration
from talkgen.errors import Problem
from talkgen.plan import DEFAULT_WEIGHTS, FIXED_FORMATS, Checkpoint, Plan, SlidePlan, checkpoints
from talkgen.scripts import isolate
from talkgen.timing.estimate import estimate_slide_seconds, spoken_words
from talkgen.timing.rehearsal import Rehearsal, RehearsedSlide

# How far an estimate or a rehearsed time may stray from the plan before the report says so.
TOLERANCE = 0.20
# Rehearsed seconds below this are a skipped slide, too short to measure a pace from.
MIN_MEASURED_SECONDS = 3.0
# A rehearsal is not plausible when most of its timed slides took less than this share of their
# plan (a click-through), or when its pace is outside these words per minute. Conversational
# English runs at about 120-160 wpm, fast presenters about 180-200; below 60 the clock ran while
# nobody spoke, above 250 nobody can follow (Tauroza & Allison 1990, "Speech rates in British
# English", Applied Linguistics 11(1): 90-105).
CLICK_THROUGH_SHARE = 0.2
PLAUSIBLE_PACE = (60.0, 250.0)
# A pace measured over less speech than this says little (one slide left early by a key).
MIN_PACE_SECONDS = 30.0
# Fewer words than this are not worth suggesting.
MIN_SUGGESTED_WORDS = 5
# Slides a talk cannot do without: never advised to drop, never skipped by the rescue line
# (which skips the lightest kinds first, by their default weight).
_NEVER_SKIP = frozenset({"title", "conclusion", "contact"})
# The "how to fix" of a rehearsal that stopped before the last slide.
WHOLE_TALK = "rehearse the whole talk to time every slide"


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
    auto: tuple[bool, ...] = ()

    @property
    def rehearsed_partial(self) -> tuple[bool, ...]:
        """For each rehearsal, whether it stopped on this slide (one flag per `rehearsed`)."""
        return tuple(i < len(self.partial) and self.partial[i] for i in range(len(self.rehearsed)))

    @property
    def rehearsed_times(self) -> list[float]:
        """The full rehearsed times for this slide, oldest first: rehearsals that did not reach
        it, stopped on it, or moved on from it by the clock (auto-advance) are left out."""
        auto = [i < len(self.auto) and self.auto[i] for i in range(len(self.rehearsed))]
        return [
            t
            for t, partial, by_clock in zip(
                self.rehearsed, self.rehearsed_partial, auto, strict=True
            )
            if t is not None and not partial and not by_clock
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
    """A rehearsal as the report lists it. `implausible` says why it cannot be a real run
    (None when it can); `counted` whether the advice and the measured pace use it."""

    name: str
    started: str
    total_seconds: float
    complete: bool
    source: str
    pace: float | None = None
    implausible: str | None = None
    counted: bool = True


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
    fixed_time: bool = False
    headline: str = ""
    rescue: str | None = None

    @property
    def planned_total(self) -> int:
        """The planned seconds of all slides (the duration)."""
        return sum(s.planned_seconds for s in self.slides)

    @property
    def estimated_total(self) -> float:
        """Seconds the notes take to say at the report's pace."""
        return sum(s.estimated_seconds for s in self.slides)

    @property
    def counted(self) -> tuple[RehearsalSummary, ...]:
        """The rehearsals the advice and the measured pace use, oldest first."""
        return tuple(r for r in self.rehearsals if r.counted)

    @property
    def latest_total(self) -> float | None:
        """The total of the most recent counted rehearsal, if any."""
        counted = self.counted
        return counted[-1].total_seconds if counted else None

    @property
    def overruns(self) -> list[str]:
        """Why `talkgen timing --check` fails: the estimate or the latest rehearsal is too long."""
        found = []
        slot = format_duration(self.duration_seconds)
        if round(self.estimated_total) > self.duration_seconds:
            words = math.ceil((self.estimated_total - self.duration_seconds) * self.pace / 60)
            found.append(
                f"the notes take {format_duration(self.estimated_total)} to say at "
                f"{self.pace:.0f} words per minute, over the {slot} slot — cut about {words} "
                "words from the notes, first on the slides over their planned time"
            )
        latest = self.latest_total
        if latest is not None and round(latest) > self.duration_seconds:
            found.append(
                f"the latest rehearsal ({self.counted[-1].name}) took "
                f"{format_duration(latest)}, over the {slot} slot — shorten the slides that ran "
                "over their planned time (the table shows which) and rehearse again"
            )
        return found


def _spoken_times(
    plan: Plan, rehearsal: Rehearsal, shortest: float = 0.0
) -> list[tuple[SlidePlan, float]]:
    """The plan's slides the speaker timed in this rehearsal, with their seconds: not reached,
    stopped on (partial) or moved on from by the clock (auto-advance) are left out, and so are
    times under `shortest` seconds."""
    return [
        (slide, rehearsed.seconds)
        for slide, rehearsed in zip(plan.slides, match_slides(plan, rehearsal), strict=True)
        if rehearsed is not None
        and not rehearsed.partial
        and not rehearsed.auto
        and rehearsed.seconds is not None
        and rehearsed.seconds >= shortest
    ]


def _pace_of(timed: Sequence[tuple[SlidePlan, float]]) -> float | None:
    """Words per minute over timed slides that have words to say (None without any)."""
    spoken = [(spoken_words(slide), seconds) for slide, seconds in timed]
    words = sum(w for w, _ in spoken if w)
    seconds = sum(t for w, t in spoken if w)
    return words * 60.0 / seconds if seconds > 0 else None


def rehearsal_pace(plan: Plan, rehearsal: Rehearsal) -> float | None:
    """The words per minute of one rehearsal: all words of the slides the speaker timed, over
    the seconds spent on them (None with less than `MIN_PACE_SECONDS` of them: a slide left
    early by a key, or a run the clock moved on, says nothing about a pace)."""
    timed = _spoken_times(plan, rehearsal)
    if sum(seconds for _, seconds in timed) < MIN_PACE_SECONDS:
        return None
    return _pace_of(timed)


def implausible(plan: Plan, rehearsal: Rehearsal) -> str | None:
    """Why a rehearsal cannot be a real run of this talk, or None when it can be: most of the
    slides the speaker timed took under a fifth of their plan (a click-through), or its pace
    over at least `MIN_PACE_SECONDS` of timed slides is outside 60-250 words per minute
    (`PLAUSIBLE_PACE`)."""
    timed = _spoken_times(plan, rehearsal)
    if not timed:
        return None
    rushed = sum(1 for slide, t in timed if t < CLICK_THROUGH_SHARE * slide.planned_seconds)
    if rushed * 2 > len(timed):
        return (
            f"{rushed} of its {len(timed)} timed slides took under a fifth of their plan "
            "(a click-through?)"
        )
    pace = _pace_of(timed)
    low, high = PLAUSIBLE_PACE
    spoken = sum(t for _, t in timed)
    if pace is not None and spoken >= MIN_PACE_SECONDS and not low <= pace <= high:
        return f"a pace of {pace:.0f} words per minute, outside {low:.0f}-{high:.0f}"
    return None


def of_another_talk(plan: Plan, rehearsal: Rehearsal) -> str | None:
    """Why a rehearsal log is not of this talk, or None when it is: its start record names
    another talk of the study (`talk_name`), or a slot of another length (a ten-minute talk's
    rehearsal says nothing about its five-minute Ignite, even with the same title), or fewer
    than half of its slides are in this talk's outline by key or title."""
    if rehearsal.talk_named and rehearsal.talk_name != plan.talk.name:
        theirs = f"talk '{rehearsal.talk_name}'" if rehearsal.talk_name else "a single talk"
        ours = f"talk '{plan.talk.name}'" if plan.talk.name else "this talk"
        return f"it is a rehearsal of {theirs}, not of {ours}"
    if rehearsal.duration is not None and rehearsal.duration != plan.duration_seconds:
        return (
            f"it was rehearsed for a {format_duration(rehearsal.duration)} slot, and this talk "
            f"has {format_duration(plan.duration_seconds)}"
        )
    matched = sum(1 for m in match_slides(plan, rehearsal) if m is not None)
    if matched * 2 < len(rehearsal.slides):
        what = f" ({rehearsal.talk})" if rehearsal.talk else ""
        return (
            f"only {matched} of its {len(rehearsal.slides)} slides are in this talk's outline: "
            f"a rehearsal of another talk{what}?"
        )
    return None


def measured_pace(plan: Plan, rehearsals: Sequence[Rehearsal]) -> float | None:
    """The speaker's pace over the rehearsals given: words spoken on the slides the speaker
    timed, per minute spent on them (None with less than `MIN_PACE_SECONDS` of such slides to
    measure). Callers pass only plausible rehearsals (`build_report` does)."""
    timed = [t for r in rehearsals for t in _spoken_times(plan, r, MIN_MEASURED_SECONDS)]
    if sum(seconds for _, seconds in timed) < MIN_PACE_SECONDS:
        return None
    return _pace_of(timed)


def build_report(
    plan: Plan,
    rehearsals: Sequence[Rehearsal] = (),
    pace: float | None = None,
    include_implausible: bool = False,
) -> TimingReport:
    """Compare the plan with the notes' estimate (at `pace`, default the talk's) and with the
    rehearsals (oldest first), and say what to change.

    Rehearsals that are not plausible (`implausible`) are listed but left out of the times,
    the advice and the measured pace, unless `include_implausible`. Rehearsals of another talk
    (`of_another_talk`) are never counted, and a warning says so."""
    talk_pace = plan.talk.info.pace
    use_pace = pace if pace is not None else talk_pace
    if use_pace <= 0:
        raise ValueError(f"a pace of {use_pace} words per minute never finishes")
    foreign = [(r, of_another_talk(plan, r)) for r in rehearsals]
    rehearsals = [r for r, why in foreign if why is None]
    judged = [(r, implausible(plan, r)) for r in rehearsals]
    counted = [r for r, why in judged if why is None or include_implausible]
    speaker_pace = measured_pace(plan, counted)
    advice_pace = speaker_pace if speaker_pace is not None else use_pace
    fixed = plan.talk.info.format in FIXED_FORMATS
    per_rehearsal = [match_slides(plan, r) for r in counted]
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
            auto=tuple(bool(m[i] and m[i].auto) for m in per_rehearsal),
        )
        slides.append(_with_advice(timing, use_pace, advice_pace, fixed))
    warnings = [s.advice for s in slides if s.advice]
    report = TimingReport(
        title=plan.talk.info.title,
        language=plan.talk.info.language,
        duration_seconds=plan.duration_seconds,
        pace=use_pace,
        pace_source="talk" if pace is None else "given",
        slides=tuple(slides),
        rehearsals=tuple(
            RehearsalSummary(
                r.name,
                r.started,
                r.total,
                r.complete,
                r.source,
                pace=rehearsal_pace(plan, r),
                implausible=why,
                counted=why is None or include_implausible,
            )
            for r, why in judged
        ),
        checkpoints=tuple(checkpoints(plan)),
        warnings=(),
        measured_pace=speaker_pace,
        fixed_time=fixed,
    )
    warnings += report.overruns
    for r, why in foreign:
        if why is not None:
            warnings.append(
                f"rehearsal {r.name} is left out: {why} — keep each talk's rehearsals in its "
                "own out folder (`--talk NAME` does)"
            )
    for r, matched in zip(counted, per_rehearsal, strict=True):
        # A rehearsal of an older outline: the slides it has no slide for (by key or title).
        missing = [s for s, m in zip(plan.slides, matched, strict=True) if m is None]
        if missing and r.source == "rehearsal":
            listed = ", ".join(f"{s.number} ({isolate(s.title)})" for s in missing[:6])
            more = f" and {len(missing) - 6} more" if len(missing) > 6 else ""
            warnings.append(
                f"rehearsal {r.name} is of an older outline: it has no time for slide(s) "
                f"{listed}{more} — rehearse again to time them (`talkgen rehearse`)"
            )
    for r in counted:
        if r.complete or r.source != "rehearsal":
            continue
        stop = r.stopped_on
        if stop is not None:
            warnings.append(
                f"rehearsal {r.name} stopped before the end, on slide {stop.number} "
                f"({isolate(stop.title)}): its time there is partial and left out of the "
                f"advice; later slides are not counted — {WHOLE_TALK}"
            )
        elif r.skipped:
            listed = ", ".join(str(s.number) for s in r.skipped)
            warnings.append(
                f"rehearsal {r.name} jumped past slide(s) {listed}: the slides it showed count, "
                f"but it is not a full run — {WHOLE_TALK}"
            )
        else:
            warnings.append(
                f"rehearsal {r.name} stopped before the end (counted as far as it went) "
                f"— {WHOLE_TALK}"
            )
    for summary in report.rehearsals:
        if summary.implausible and not summary.counted:
            warnings.append(
                f"rehearsal {summary.name} is left out: {summary.implausible} "
                "— `--all-rehearsals` counts it anyway"
            )
    return replace(
        report,
        warnings=tuple(warnings),
        headline=_headline(report),
        rescue=rescue_line(plan, report),
    )


def _normal(title: str) -> str:
    return " ".join(title.casefold().split())


def match_slides(plan: Plan, rehearsal: Rehearsal) -> list[RehearsedSlide | None]:
    """The rehearsal's slide for each planned slide, matched by the slide's key, or by its
    title when the key is unknown (a deck saved by another program, a renamed outline id).
    Never by position: a reordered outline keeps each time with its slide. None: not in it."""
    keys = {s.key for s in plan.slides}
    by_key = {s.key: s for s in rehearsal.slides if s.key}
    by_title: dict[str, RehearsedSlide] = {}
    for s in rehearsal.slides:
        by_title.setdefault(_normal(s.title), s)
    used: set[int] = set()
    matched: list[RehearsedSlide | None] = []
    for slide in plan.slides:
        found = by_key.get(slide.key)
        if found is None:
            candidate = by_title.get(_normal(slide.title))
            if candidate is not None and (not candidate.key or candidate.key not in keys):
                found = candidate
        if found is not None and id(found) in used:
            found = None
        if found is not None:
            used.add(id(found))
        matched.append(found)
    return matched


def _with_advice(
    timing: SlideTiming, estimate_pace: float, speaker_pace: float, fixed: bool
) -> SlideTiming:
    """The slide with one line of advice when its rehearsed time (or, before any rehearsal, its
    estimate at `estimate_pace`) is off the plan by more than the tolerance.

    Suggestions stay within what is possible: never more words to cut than the slide has (the
    share of its words the time over is, at the pace it was spoken), never more to add than its
    time holds at `speaker_pace` (the speaker's measured pace, else the talk's); for fixed-time
    formats (Ignite, PechaKucha) only words, never moving time between slides."""
    planned = timing.planned_seconds
    rehearsed = timing.mean
    seconds = rehearsed if rehearsed is not None else timing.words * 60.0 / estimate_pace
    off = seconds - planned
    if abs(off) <= TOLERANCE * planned:
        return timing
    where = f"slide {timing.number} ({isolate(timing.title)})"
    if rehearsed is not None:
        how = "runs" if len(timing.rehearsed_times) == 1 else "runs on average"
        said = f"{where} {how} {abs(off):.0f} s {'long' if off > 0 else 'short'}"
        # The pace this slide was spoken at: its words over its mean time.
        spoken_pace = timing.words * 60.0 / rehearsed if rehearsed > 0 else speaker_pace
    else:
        # A slide planned at 0 s (the planner should refuse one) has no percentage to give.
        share = f" ({off / planned:+.0%})" if planned else ""
        said = (
            f"{where}: its notes take about {format_duration(seconds)} to say at "
            f"{estimate_pace:.0f} words per minute, planned {format_duration(planned)}{share}"
        )
        spoken_pace = speaker_pace = estimate_pace
    # Never "drop it" for a fixed-time format (its slides are counted) or a slide the talk
    # cannot do without (title, conclusion, contact).
    droppable = not fixed and timing.kind not in _NEVER_SKIP
    if off > 0:
        advice = _cut_advice(said, timing.words, off * spoken_pace / 60.0, droppable)
    else:
        holds = planned * speaker_pace / 60.0
        advice = _add_advice(said, timing.words, holds, -off * spoken_pace / 60.0, fixed)
    return replace(timing, advice=advice)


def _cut_advice(said: str, words: int, over_words: float, droppable: bool) -> str:
    drop = ", or drop it" if droppable else ""
    if words < MIN_SUGGESTED_WORDS:
        # Nothing to cut: the time goes to something other than the notes.
        return f"{said}, with only {words} words in its notes: say them and move on{drop}"
    cut = min(_round_words(over_words, up=True), words)
    return f"{said}: cut about {cut} words from its notes{drop}"


def _add_advice(said: str, words: int, holds: float, short_words: float, fixed: bool) -> str:
    room = holds - words
    if room < MIN_SUGGESTED_WORDS or words >= (1 - TOLERANCE) * holds:
        # The notes already fill the slide's time: more words would make it long.
        return (
            f"{said}, though its {words} words already fill its time at your pace: "
            "slow down and let it land; add nothing"
        )
    add = max(MIN_SUGGESTED_WORDS, _round_words(min(room, short_words), up=False))
    if fixed:
        return f"{said}: its time holds about {add} more words, or a pause"
    return f"{said}: add up to about {add} words to its notes, or give its time to another slide"


def _round_words(words: float, up: bool) -> int:
    """Words rounded as a speaker would say them, to 5 under 50, else to 10: `up` (at least one
    step) for words to cut, down for words to add (so a bound is never passed)."""
    step = 5 if words < 50 else 10
    if up:
        return max(step, math.ceil(words / step) * step)
    return max(0, math.floor(words / step) * step)


def _headline(report: TimingReport) -> str:
    """One sentence first: how full the notes are, the last full rehearsal against the slot,
    and the slowest slides against plan (e.g. "notes fill 9:49 of 10:00; last full rehearsal
    10:32, 32 s over; slowest against plan: slides 6 and 9")."""
    slot = report.duration_seconds
    parts = [
        f"notes fill {format_duration(report.estimated_total)} of {format_duration(slot)} "
        f"at {report.pace:.0f} words per minute"
    ]
    full = [r for r in report.counted if r.complete]
    if full:
        last = full[-1]
        off = round(last.total_seconds) - slot
        verdict = "on time" if off == 0 else f"{abs(off)} s {'over' if off > 0 else 'under'}"
        parts.append(f"last full rehearsal {format_duration(last.total_seconds)}, {verdict}")
    elif report.counted:
        parts.append("no full rehearsal yet")
    else:
        parts.append("no rehearsal yet" if not report.rehearsals else "no plausible rehearsal")
    slow = sorted(
        (s for s in report.slides if s.mean is not None and s.mean > s.planned_seconds * 1.1),
        key=lambda s: s.planned_seconds - s.mean,
    )[:2]
    if slow:
        numbers = [str(s.number) for s in sorted(slow, key=lambda s: s.number)]
        parts.append(
            f"slowest against plan: slide{'s' if len(numbers) > 1 else ''} " + " and ".join(numbers)
        )
    left_out = [r for r in report.rehearsals if not r.counted]
    if left_out:
        parts.append(f"{len(left_out)} implausible rehearsal(s) left out")
    return "; ".join(parts)


def rescue_line(plan: Plan, report: TimingReport) -> str | None:
    """The cue card's rescue line: if you are more than N s behind at slide k (about halfway),
    which later slides to skip or shorten, chosen by their weight (lightest first) and, among
    equals, by how much they ran over in rehearsals; None when nothing can be skipped.

    Fixed-time formats cannot fall behind the clock (slides move on by themselves), so their
    line says what to do when a slide's words run out of time instead."""
    if len(plan.slides) < 3:
        return None
    if report.fixed_time:
        worst = max(report.slides, key=lambda s: s.estimated_seconds - s.planned_seconds)
        return (
            "Rescue: the slides move on by themselves; when one moves on before you finish, "
            "drop the rest of its sentence and start the next slide's first line"
            + (
                f" (most at risk: slide {worst.number}, {isolate(worst.title)})"
                if worst.estimated_seconds > worst.planned_seconds
                else ""
            )
        )
    slot = plan.duration_seconds
    behind = max(15, int(round(0.05 * slot / 5.0)) * 5)
    halfway = plan.slide_at(slot / 2)
    timings = {s.number: s for s in report.slides}
    later = [
        s
        for s in plan.slides
        if s.number > halfway.number and s.kind not in _NEVER_SKIP and s.number < len(plan.slides)
    ]
    if not later:
        return None

    def over(slide: SlidePlan) -> float:
        mean = timings[slide.number].mean
        return (mean - slide.planned_seconds) if mean is not None else 0.0

    later.sort(key=lambda s: (DEFAULT_WEIGHTS.get(s.kind, 1.0), -over(s), -s.planned_seconds))
    chosen, saved = [], 0
    for slide in later:
        # Skipping a slide still costs a few seconds to show it and say so.
        chosen.append(slide)
        saved += max(0, slide.planned_seconds - 5)
        if saved >= behind:
            break
    names = " and ".join(f"slide {s.number} ({isolate(s.title)})" for s in chosen)
    return (
        f"Rescue: more than {behind} s behind at slide {halfway.number} "
        f"(planned to start at {format_duration(halfway.start_seconds)})? Skip {names}: show "
        f"{'them' if len(chosen) > 1 else 'it'}, say one sentence, move on (saves about "
        f"{saved} s)."
    )
