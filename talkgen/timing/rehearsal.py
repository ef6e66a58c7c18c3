"""A rehearsal: the pure engine that turns key presses at given times into per-slide seconds,
and the append-only JSONL log that records each event the moment it happens.

The engine never reads a clock: every method takes `now` (seconds from any monotonic clock), so
tests drive it with a fake clock and the screen drives it with `time.monotonic`. A log is one JSON
object per line: a `start` record describing the talk (its title, slug and format) and its slides
(number, key, title, planned seconds), then `show`, `pause`, `resume` and `finish` events with
`t`, the seconds since the start; a `show` or `finish` the clock made by itself (auto-advance)
carries `"auto": true`. A rehearsal that stops before the end
of the last slide (a log without `finish` after a crash, or `q`, Ctrl-C or a closed terminal on
an earlier slide) is a partial rehearsal: it still counts as far as it went, the slides it never
reached have no time, and the slide it stopped on is marked partial (it was only half timed).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from talkgen import limits
from talkgen.errors import Problem
from talkgen.inputs import InputError, read_bytes
from talkgen.plan import Plan

EventKind = Literal["show", "pause", "resume", "finish"]
EVENT_KINDS: tuple[str, ...] = ("show", "pause", "resume", "finish")
LOG_SUFFIX = ".jsonl"
# `talkgen rehearsals --exclude` renames a log to `<name>.jsonl.excluded`: kept, but not read.
EXCLUDED_SUFFIX = ".excluded"


@dataclass(frozen=True)
class RehearsalEvent:
    """One thing that happened in a rehearsal, `t` seconds after it started."""

    kind: EventKind
    t: float
    slide: int | None = None
    auto: bool = False

    def record(self) -> dict[str, Any]:
        """The event as the JSON object written to the log."""
        record: dict[str, Any] = {"event": self.kind, "t": round(self.t, 3)}
        if self.slide is not None:
            record["slide"] = self.slide
        if self.auto:
            record["auto"] = True
        return record


@dataclass(frozen=True)
class RehearsedSlide:
    """A slide as the rehearsal knew it, and the seconds spent on it: None when the rehearsal
    never showed it; `partial` when the rehearsal stopped on it, so its time is only a part;
    `auto` when the clock moved on from it (auto-advance), so its time is the plan's, not the
    speaker's."""

    number: int
    key: str | None
    title: str
    seconds: float | None
    partial: bool = False
    auto: bool = False


@dataclass(frozen=True)
class Progress:
    """Where a rehearsal stands at a moment: what the screen shows."""

    current: int
    on_slide: float
    elapsed: float
    paused: bool
    finished: bool
    seconds: dict[int, float] = field(default_factory=dict)
    auto: frozenset[int] = frozenset()


def replay(events: Iterable[RehearsalEvent], now: float | None = None) -> Progress:
    """Per-slide seconds from a rehearsal's events; an unfinished rehearsal is counted up to
    `now` (or up to its last event when `now` is None). Paused time counts for no slide. Every
    slide shown has an entry in `seconds` (0.0 when shown only while paused); others have none.
    `auto` holds the slides the clock last moved on from by itself (their time is the plan's)."""
    seconds: dict[int, float] = {}
    auto: set[int] = set()
    current, since, paused, finished, last = 1, None, False, False, 0.0

    def close(t: float) -> None:
        if since is not None:
            seconds[current] = seconds.get(current, 0.0) + max(0.0, t - since)

    for event in events:
        if finished:
            break
        last = event.t
        close(event.t)
        since = None
        if event.kind in ("show", "finish") and event.slide != current:
            (auto.add if event.auto else auto.discard)(current)
        if event.kind == "show" and event.slide is not None:
            current = event.slide
            seconds.setdefault(current, 0.0)
            since = None if paused else event.t
        elif event.kind == "pause":
            paused = True
        elif event.kind == "resume":
            paused, since = False, event.t
        elif event.kind == "finish":
            finished = True
    if not finished and now is not None:
        close(now)
    elif not finished:
        close(last)
    return Progress(
        current=current,
        on_slide=seconds.get(current, 0.0),
        elapsed=sum(seconds.values()),
        paused=paused,
        finished=finished,
        seconds=seconds,
        auto=frozenset(auto),
    )


class RehearsalEngine:
    """A rehearsal in progress over `slide_count` slides, started at clock time `started`.

    Each action returns the events it produced, for the caller to append to the log. With
    `advance_after` (seconds per slide, in order), `tick(now)` moves on by itself when a slide's
    time is up: fixed-time formats (Ignite, PechaKucha) and `--auto-advance`.
    """

    def __init__(
        self,
        slide_count: int,
        started: float,
        advance_after: Sequence[float] | None = None,
    ) -> None:
        if slide_count < 1:
            raise ValueError("a rehearsal needs at least one slide")
        if advance_after is not None and len(advance_after) != slide_count:
            raise ValueError("advance_after needs one time per slide")
        self.slide_count = slide_count
        self.started = started
        self.advance_after = tuple(advance_after) if advance_after is not None else None
        self.events: list[RehearsalEvent] = [RehearsalEvent("show", 0.0, 1)]

    def _t(self, now: float) -> float:
        # A clock that steps backwards (it should not) must not make time run backwards.
        return max(now - self.started, self.events[-1].t)

    def progress(self, now: float) -> Progress:
        """Where the rehearsal stands at clock time `now`."""
        return replay(self.events, self._t(now))

    @property
    def finished(self) -> bool:
        """Whether `finish` has been called (or `next` pressed on the last slide)."""
        return self.events[-1].kind == "finish"

    def _add(self, *events: RehearsalEvent) -> list[RehearsalEvent]:
        self.events.extend(events)
        return list(events)

    def _show(self, now: float, slide: int) -> list[RehearsalEvent]:
        state = self.progress(now)
        if self.finished or slide == state.current:
            return []
        t = self._t(now)
        resume = [RehearsalEvent("resume", t)] if state.paused else []
        return self._add(*resume, RehearsalEvent("show", t, slide))

    def next(self, now: float) -> list[RehearsalEvent]:
        """Go to the next slide; on the last slide, finish."""
        current = self.progress(now).current
        if current >= self.slide_count:
            return self.finish(now)
        return self._show(now, current + 1)

    def back(self, now: float) -> list[RehearsalEvent]:
        """Go back a slide (nothing on the first)."""
        return self._show(now, max(1, self.progress(now).current - 1))

    def go(self, now: float, slide: int) -> list[RehearsalEvent]:
        """Go to slide `slide` (1-based; a number past either end goes to that end)."""
        return self._show(now, min(max(1, slide), self.slide_count))

    def toggle_pause(self, now: float) -> list[RehearsalEvent]:
        """Pause the clock, or resume it."""
        if self.finished:
            return []
        kind = "resume" if self.progress(now).paused else "pause"
        return self._add(RehearsalEvent(kind, self._t(now)))

    def finish(self, now: float) -> list[RehearsalEvent]:
        """End the rehearsal (nothing when already ended)."""
        if self.finished:
            return []
        return self._add(RehearsalEvent("finish", self._t(now)))

    def tick(self, now: float) -> list[RehearsalEvent]:
        """Auto-advance: move on from each slide whose time is up by `now` (several when the
        caller was late), each event timed when the slide's time ran out, not when it was
        noticed; on the last slide, finish. Nothing without `advance_after` or while paused."""
        if self.advance_after is None:
            return []
        produced: list[RehearsalEvent] = []
        while not self.finished:
            state = self.progress(now)
            over = state.on_slide - self.advance_after[state.current - 1]
            if state.paused or over < 0:
                break
            at = max(self._t(now) - over, self.events[-1].t)
            if state.current >= self.slide_count:
                event = RehearsalEvent("finish", at, auto=True)
            else:
                event = RehearsalEvent("show", at, state.current + 1, auto=True)
            produced += self._add(event)
        return produced


@dataclass(frozen=True)
class Rehearsal:
    """A rehearsal read back from its log (or from a deck's rehearsed timings)."""

    name: str
    started: str
    slides: tuple[RehearsedSlide, ...]
    complete: bool
    path: Path | None = None
    source: Literal["rehearsal", "pptx"] = "rehearsal"
    talk: str | None = None
    # The study's name for the talk rehearsed (`talks/NAME.yaml`), None for a single talk.yaml;
    # `talk_named` is False for logs written before logs said which (they name no talk).
    talk_name: str | None = None
    talk_named: bool = False
    # The slot the talk had when it was rehearsed (s), when the log says.
    duration: int | None = None

    @property
    def total(self) -> float:
        """Seconds spent on all slides together, a partial slide included (pauses excluded)."""
        return sum(s.seconds for s in self.slides if s.seconds is not None)

    @property
    def stopped_on(self) -> RehearsedSlide | None:
        """The slide the rehearsal stopped on before the end, if it did."""
        return next((s for s in self.slides if s.partial), None)

    @property
    def skipped(self) -> tuple[RehearsedSlide, ...]:
        """The slides it never showed before the furthest one it showed (it jumped past them:
        a typed slide number, End)."""
        shown = [s.number for s in self.slides if s.seconds is not None]
        return tuple(
            s for s in self.slides if s.seconds is None and shown and s.number < max(shown)
        )


def start_record(
    plan: Plan, started: datetime, *, view: str = "terminal", auto_advance: bool = False
) -> dict[str, Any]:
    """The first line of a rehearsal log: when, which talk (title, the study's name for it or
    null for a single talk, slug, format), how it was rehearsed (`view`, whether slides advanced
    by themselves), and its slides as planned (each with its key, so times follow the slide)."""
    info = plan.talk.info
    return {
        "event": "start",
        "started": started.astimezone(UTC).isoformat(timespec="seconds"),
        "talk": info.title,
        "talk_name": plan.talk.name,
        "slug": info.file_slug,
        "format": info.format,
        "view": view,
        "auto_advance": auto_advance,
        "duration": plan.duration_seconds,
        "slides": [
            {"number": s.number, "key": s.key, "title": s.title, "planned": s.planned_seconds}
            for s in plan.slides
        ],
    }


def new_log_path(folder: Path, started: datetime) -> Path:
    """A fresh log file named after the start time, e.g. `2026-11-25T18-30-05Z.jsonl`."""
    stem = started.astimezone(UTC).strftime("%Y-%m-%dT%H-%M-%SZ")
    path = folder / f"{stem}{LOG_SUFFIX}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{LOG_SUFFIX}"
        n += 1
    return path


class RehearsalLog:
    """An append-only log file: each record is written, flushed and synced at once, so an
    interrupted rehearsal loses nothing already recorded."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # Append mode and one write per line: a crash can at worst leave the last line half
        # written, which the reader reports and skips.
        self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def write(self, record: dict[str, Any]) -> None:
        """Append one record as a line of JSON."""
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def write_events(self, events: Sequence[RehearsalEvent]) -> None:
        """Append each event."""
        for event in events:
            self.write(event.record())

    def close(self) -> None:
        """Close the file."""
        self._file.close()


# The "how to fix" of a damaged line of a rehearsal log: it is left out of the times.
SKIPPED = "the line is skipped: delete it, or rehearse again if that slide's time matters"


def read_rehearsal(path: Path) -> tuple[Rehearsal | None, list[Problem]]:
    """A rehearsal from its log. Bad lines are reported and skipped; a log with no readable
    `start` record cannot be matched to slides and gives no rehearsal."""
    problems: list[Problem] = []

    def bad(line: int | None, message: str, hint: str = SKIPPED) -> None:
        problems.append(Problem(path, line, message, hint))

    try:
        lines = read_bytes(path).decode("utf-8").splitlines()
    except InputError as exc:
        return None, [*problems, *exc.problems]
    except UnicodeDecodeError as exc:
        bad(None, f"cannot read this rehearsal log: {exc}", "delete it or restore it")
        return None, problems
    header: dict[str, Any] | None = None
    events: list[RehearsalEvent] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        if len(text) > limits.LOG_LINE.value:
            problems.append(
                limits.LOG_LINE.problem(path, number, "the line is too long", "the line is skipped")
            )
            continue
        try:
            record = _json_record(text)
        except RecursionError:
            problems.append(
                limits.NESTING.problem(path, number, "the record is nested too deep", SKIPPED)
            )
            continue
        except ValueError:  # not JSON, Infinity or NaN, or a number of thousands of digits
            last = number == len(lines)
            bad(
                number,
                "half-written line (the rehearsal stopped while writing it)"
                if last
                else "not a JSON record",
            )
            continue
        kind = record.get("event") if isinstance(record, dict) else None
        if kind == "start":
            if header is not None:
                bad(number, "a second start record")
                continue
            header = _header(record, path, number, problems)
            if header is None:
                return None, problems
            continue
        event = _event(record, kind, len(header["slides"]) if header else None)
        if isinstance(event, str):
            bad(number, event)
        elif header is None:
            bad(number, "event before the start record")
        elif events and event.t < events[-1].t:
            bad(number, f"time goes backwards ({event.t} s after {events[-1].t} s)")
        else:
            events.append(event)
    if header is None:
        bad(
            None,
            "no start record: this is not a talkgen rehearsal log (or its first line is damaged)",
            "delete it, or move it out of the rehearsals folder",
        )
        return None, problems
    state = replay([RehearsalEvent("show", 0.0, 1), *events])
    # Finished on the last slide: every slide shown was timed to its end. Otherwise (no
    # `finish`, or `q`/Ctrl-C on an earlier slide) the slide it stopped on was cut short.
    # Complete (a full run) only when it also showed every slide: not when it jumped past some.
    ended = state.finished and state.current == len(header["slides"])
    complete = ended and len(state.seconds) == len(header["slides"])
    slides = tuple(
        RehearsedSlide(
            s["number"],
            s["key"],
            s["title"],
            round(state.seconds[s["number"]], 3) if s["number"] in state.seconds else None,
            partial=not ended and s["number"] == state.current,
            auto=s["number"] in state.auto,
        )
        for s in header["slides"]
    )
    return Rehearsal(
        name=path.stem,
        started=header["started"],
        slides=slides,
        complete=complete,
        path=path,
        talk=header["talk"],
        talk_name=header["talk_name"],
        talk_named=header["talk_named"],
        duration=header["duration"],
    ), problems


def _json_record(text: str) -> Any:
    """One line of a log as JSON; ValueError for anything but strict JSON (no NaN/Infinity)."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not a number a log holds")

    return json.loads(text, parse_constant=refuse)


def _header(record: dict, path: Path, line: int, problems: list[Problem]) -> dict | None:
    slides = record.get("slides")
    ok = (
        isinstance(slides, list)
        and 0 < len(slides) <= limits.SLIDES.value
        and all(
            isinstance(s, dict)
            and isinstance(s.get("number"), int)
            and not isinstance(s.get("number"), bool)
            and 1 <= s["number"] <= limits.SLIDES.value
            and isinstance(s.get("title"), str)
            and isinstance(s.get("key"), str | None)
            for s in slides
        )
    )
    if not ok or not isinstance(record.get("started"), str):
        problems.append(
            Problem(
                path,
                line,
                "the start record has no list of slides",
                "this log cannot be read; delete it",
            )
        )
        return None
    talk = record.get("talk")
    talk_name = record.get("talk_name")
    duration = record.get("duration")
    return {
        "started": record["started"],
        "talk": talk if isinstance(talk, str) else None,
        "talk_name": talk_name if isinstance(talk_name, str) else None,
        "talk_named": "talk_name" in record and (talk_name is None or isinstance(talk_name, str)),
        "duration": duration if type(duration) is int and duration > 0 else None,
        "slides": [
            {"number": s["number"], "key": s.get("key"), "title": s["title"]} for s in slides
        ],
    }


def _event(record: Any, kind: Any, slide_count: int | None) -> RehearsalEvent | str:
    """The event in a log record, or what is wrong with it."""
    if kind not in EVENT_KINDS:
        return f"unknown event {kind!r}" if kind is not None else "not a rehearsal event"
    t = record.get("t")
    if (
        isinstance(t, bool)
        or not isinstance(t, int | float)
        or not 0 <= t <= limits.DURATION.value  # also refuses NaN
    ):
        return f"{kind} event without a time in seconds"
    slide = record.get("slide")
    if kind == "show":
        if (
            isinstance(slide, bool)
            or not isinstance(slide, int)
            or slide < 1
            or (slide_count is not None and slide > slide_count)
        ):
            return f"show event with no valid slide number ({slide!r})"
    return RehearsalEvent(
        kind, float(t), slide if kind == "show" else None, auto=record.get("auto") is True
    )


def load_rehearsals(folder: Path) -> tuple[list[Rehearsal], list[Problem]]:
    """Every rehearsal logged in `folder` (oldest first), and the problems met reading them.
    A missing folder means no rehearsals yet."""
    if not folder.is_dir():
        return [], []
    rehearsals, problems = [], []
    for path in sorted(folder.glob(f"*{LOG_SUFFIX}")):
        rehearsal, found = read_rehearsal(path)
        problems += found
        if rehearsal is not None:
            rehearsals.append(rehearsal)
    rehearsals.sort(key=lambda r: (r.started, r.name))
    return rehearsals, problems


def auto_advance_times(plan: Plan, asked: bool = False) -> tuple[float, ...] | None:
    """Seconds after which each slide moves on by itself, or None when the speaker moves on:
    fixed-time formats (Ignite, PechaKucha) always advance at their planned times; any other
    talk only when `asked` (`--auto-advance`)."""
    from talkgen.plan import FIXED_FORMATS

    if asked or plan.talk.info.format in FIXED_FORMATS:
        return tuple(float(s.planned_seconds) for s in plan.slides)
    return None


ACTIONS: tuple[str, ...] = ("next", "back", "pause", "finish", "first", "last", "go")


class RehearsalSession:
    """One rehearsal from its first key to its end, as both views run it: the engine, the clock,
    and the log every event is appended to the moment it happens.

    Nothing is logged before `begin` (the first key press or click): a view opened and closed
    again leaves no rehearsal. `view` ("terminal", "browser") and `auto_advance` are recorded
    in the log's start record. Not thread-safe: the browser view holds a lock around it."""

    def __init__(
        self,
        plan: Plan,
        folder: Path,
        *,
        clock: Callable[[], float],
        view: str,
        auto_advance: bool = False,
    ) -> None:
        self.plan = plan
        self.folder = folder
        self.clock = clock
        self.view = view
        self.advance_after = auto_advance_times(plan, auto_advance)
        self.engine: RehearsalEngine | None = None
        self.log: RehearsalLog | None = None

    @property
    def started(self) -> bool:
        """Whether the rehearsal has begun (its log exists)."""
        return self.engine is not None

    @property
    def finished(self) -> bool:
        """Whether the rehearsal has ended."""
        return self.engine is not None and self.engine.finished

    @property
    def log_path(self) -> Path | None:
        """The log file, once the rehearsal has begun."""
        return self.log.path if self.log else None

    def begin(self) -> None:
        """Start the clock on slide 1 and open the log (nothing when already begun)."""
        if self.engine is not None:
            return
        started = datetime.now(UTC)
        self.log = RehearsalLog(new_log_path(self.folder, started))
        self.log.write(
            start_record(
                self.plan,
                started,
                view=self.view,
                auto_advance=self.advance_after is not None,
            )
        )
        self.engine = RehearsalEngine(len(self.plan.slides), self.clock(), self.advance_after)
        self.log.write_events(self.engine.events)

    def act(self, action: str, slide: int | None = None) -> None:
        """Do one of `ACTIONS` (`go` to `slide`, 1-based; `first`, `last`); before the
        rehearsal has begun, any action begins it (the key that starts the clock does not also
        move on). Raises `ValueError` for another action, or `go` without a slide."""
        if action not in ACTIONS:
            raise ValueError(f"unknown rehearsal action {action!r}")
        if action == "go" and slide is None:
            raise ValueError("the go action needs a slide number")
        if self.engine is None:
            if action != "finish":
                self.begin()
            return
        self.tick()
        engine = self.engine
        method = {
            "next": self.engine.next,
            "back": self.engine.back,
            "pause": self.engine.toggle_pause,
            "finish": self.engine.finish,
            "first": lambda now: engine.go(now, 1),
            "last": lambda now: engine.go(now, engine.slide_count),
            "go": lambda now: engine.go(now, slide or 1),
        }[action]
        self._write(method(self.clock()))

    def tick(self) -> None:
        """Let the clock move slides on (auto-advance); call it often."""
        if self.engine is not None:
            self._write(self.engine.tick(self.clock()))

    def progress(self) -> Progress | None:
        """Where the rehearsal stands now; None before it has begun."""
        return self.engine.progress(self.clock()) if self.engine else None

    def close(self) -> None:
        """End the rehearsal (a `finish` is logged if it had begun) and close its log."""
        if self.engine is not None:
            self.tick()
            self._write(self.engine.finish(self.clock()))
        if self.log is not None:
            self.log.close()

    def _write(self, events: Sequence[RehearsalEvent]) -> None:
        if self.log is not None and events:
            self.log.write_events(events)
