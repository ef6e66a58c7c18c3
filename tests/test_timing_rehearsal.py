"""The rehearsal engine under a fake clock, and its append-only log read back."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.plan import plan_talk
from talkgen.timing import load_rehearsals
from talkgen.timing.rehearsal import (
    RehearsalEngine,
    RehearsalLog,
    new_log_path,
    read_rehearsal,
    replay,
    start_record,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "content"


class FakeClock:
    """A clock the test moves by hand (it starts at an arbitrary monotonic reading)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def wait(self, seconds: float) -> float:
        self.now += seconds
        return self.now


@pytest.fixture(scope="module")
def plan():
    return plan_talk(load_talk(EXAMPLE))


def test_engine_counts_each_slide_and_leaves_pauses_out() -> None:
    clock = FakeClock()
    engine = RehearsalEngine(3, clock())
    engine.next(clock.wait(20))  # slide 1: 20 s
    engine.toggle_pause(clock.wait(5))  # slide 2: 5 s, then a pause
    clock.wait(100)  # the pause counts for nobody
    engine.toggle_pause(clock())
    engine.back(clock.wait(7))  # slide 2: 7 s more, back to slide 1
    engine.next(clock.wait(3))  # slide 1: 3 s more
    progress = engine.progress(clock.wait(4))
    assert progress.current == 2 and progress.on_slide == pytest.approx(16)
    assert progress.elapsed == pytest.approx(39) and not progress.paused
    engine.next(clock())  # slide 3
    engine.next(clock.wait(30))  # next on the last slide finishes
    assert engine.finished
    assert engine.next(clock.wait(50)) == [] and engine.toggle_pause(clock()) == []
    final = replay(engine.events)
    assert final.seconds == pytest.approx({1: 23, 2: 16, 3: 30})
    assert [e.kind for e in engine.events] == [
        "show",
        "show",
        "pause",
        "resume",
        "show",
        "show",
        "show",
        "finish",
    ]


def test_next_while_paused_resumes() -> None:
    clock = FakeClock()
    engine = RehearsalEngine(2, clock())
    engine.toggle_pause(clock.wait(10))
    events = engine.next(clock.wait(60))
    assert [e.kind for e in events] == ["resume", "show"]
    engine.finish(clock.wait(5))
    assert replay(engine.events).seconds == pytest.approx({1: 10, 2: 5})


def test_back_on_the_first_slide_does_nothing() -> None:
    clock = FakeClock()
    engine = RehearsalEngine(2, clock())
    assert engine.back(clock.wait(3)) == []


def test_go_jumps_to_a_slide_and_each_slide_keeps_its_own_time(plan, tmp_path: Path) -> None:
    from talkgen.timing.rehearsal import RehearsalSession

    clock = FakeClock()
    session = RehearsalSession(plan, tmp_path / "logs", clock=clock, view="terminal")
    session.act("go", 7)  # before the start: begins on slide 1, goes nowhere
    assert session.progress().current == 1
    clock.wait(5)
    session.act("go", 7)
    clock.wait(20)
    session.act("last")
    clock.wait(3)
    session.act("first")
    clock.wait(2)
    session.act("go", 99)  # past the end: the last slide
    session.act("go", 12)  # the slide it is on: nothing
    with pytest.raises(ValueError, match="needs a slide number"):
        session.act("go")
    session.close()
    events = [json.loads(line) for line in session.log_path.read_text().splitlines()]
    count = len(plan.slides)
    assert [(e["event"], e.get("slide")) for e in events[1:]] == [
        ("show", 1),
        ("show", 7),
        ("show", count),
        ("show", 1),
        ("show", count),
        ("finish", None),
    ]
    assert [e["t"] for e in events[1:]] == [0.0, 5.0, 25.0, 28.0, 30.0, 30.0]
    (rehearsal,) = load_rehearsals(tmp_path / "logs")[0]
    assert {s.number: s.seconds for s in rehearsal.slides if s.seconds} == {
        1: 7.0,
        7: 20.0,
        count: 3.0,
    }
    # Finished on the last slide, but it jumped past slides: not a full run, nothing cut short.
    assert not rehearsal.complete and rehearsal.stopped_on is None
    assert [s.number for s in rehearsal.skipped] == [n for n in range(2, count) if n != 7]
    from talkgen.timing.report import build_report

    report = build_report(plan, [rehearsal], include_implausible=True)  # 20 s on slide 7
    assert (
        f"rehearsal {rehearsal.name} jumped past slide(s) 2, 3, 4, 5, 6, 8, 9, 10, 11: the "
        "slides it showed count, but it is not a full run — rehearse the whole talk to time "
        "every slide"
    ) in report.warnings
    assert "no full rehearsal yet" in report.headline


def test_a_clock_that_steps_backwards_does_not_count_negative_time() -> None:
    clock = FakeClock()
    engine = RehearsalEngine(2, clock())
    engine.next(clock.wait(10))
    engine.finish(clock.wait(-50))
    assert all(s >= 0 for s in replay(engine.events).seconds.values())


def _log(plan, folder: Path, lines: list[str], name: str = "r.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    head = json.dumps(start_record(plan, datetime(2026, 11, 25, 9, 0, tzinfo=UTC)))
    path.write_text("\n".join([head, *lines]) + "\n", encoding="utf-8")
    return path


def test_log_round_trip_matches_the_engine(plan, tmp_path: Path) -> None:
    clock = FakeClock()
    started = datetime(2026, 11, 25, 9, 30, 5, tzinfo=UTC)
    path = new_log_path(tmp_path, started)
    assert path.name == "2026-11-25T09-30-05Z.jsonl"
    log = RehearsalLog(path)
    log.write(start_record(plan, started))
    engine = RehearsalEngine(len(plan.slides), clock())
    log.write_events(engine.events)
    for seconds in (25, 61, 55):
        log.write_events(engine.next(clock.wait(seconds)))
    log.write_events(engine.finish(clock.wait(12.5)))
    log.close()
    assert new_log_path(tmp_path, started).name == "2026-11-25T09-30-05Z-2.jsonl"

    rehearsal, problems = read_rehearsal(path)
    assert problems == []
    assert rehearsal.started == "2026-11-25T09:30:05+00:00"
    # Finished on slide 4 of 12: slide 4 is partial and slides 5 to 12 were never shown.
    assert not rehearsal.complete
    assert [s.seconds for s in rehearsal.slides] == [25, 61, 55, 12.5] + [None] * 8
    assert [s.partial for s in rehearsal.slides] == [False] * 3 + [True] + [False] * 8
    assert rehearsal.stopped_on.number == 4
    assert [s.key for s in rehearsal.slides] == [s.key for s in plan.slides]
    assert rehearsal.total == pytest.approx(153.5)


def test_finishing_on_the_last_slide_is_a_complete_rehearsal(plan, tmp_path: Path) -> None:
    clock = FakeClock()
    path = tmp_path / "full.jsonl"
    log = RehearsalLog(path)
    log.write(start_record(plan, datetime(2026, 11, 25, 9, 0, tzinfo=UTC)))
    engine = RehearsalEngine(len(plan.slides), clock())
    log.write_events(engine.events)
    for _ in plan.slides:
        log.write_events(engine.next(clock.wait(10)))  # next on the last slide finishes
    log.close()
    rehearsal, problems = read_rehearsal(path)
    assert problems == [] and rehearsal.complete and rehearsal.stopped_on is None
    assert [s.seconds for s in rehearsal.slides] == [10.0] * len(plan.slides)


def test_a_log_without_finish_is_a_partial_rehearsal(plan, tmp_path: Path) -> None:
    path = _log(
        plan,
        tmp_path,
        [
            '{"event": "show", "t": 0, "slide": 1}',
            '{"event": "show", "t": 30, "slide": 2}',
            '{"event": "show", "t": 90, "slide": 3}',
        ],
    )
    rehearsal, problems = read_rehearsal(path)
    assert problems == [] and not rehearsal.complete
    assert [s.seconds for s in rehearsal.slides] == [30, 60, 0] + [None] * 9
    assert [s.partial for s in rehearsal.slides[:4]] == [False, False, True, False]


def test_a_half_written_last_line_is_reported_and_skipped(plan, tmp_path: Path) -> None:
    path = _log(
        plan,
        tmp_path,
        [
            '{"event": "show", "t": 0, "slide": 1}',
            '{"event": "show", "t": 40, "slide": 2}',
            '{"event": "show", "t": 9',
        ],
    )
    rehearsal, problems = read_rehearsal(path)
    assert [s.seconds for s in rehearsal.slides[:3]] == [40, 0, None]
    assert len(problems) == 1
    assert problems[0].line == 4 and "half-written line" in problems[0].message
    assert problems[0].format().startswith(f"{path}:4: half-written line")


def test_corrupt_lines_are_each_reported_and_the_rest_kept(plan, tmp_path: Path) -> None:
    path = _log(
        plan,
        tmp_path,
        [
            '{"event": "show", "t": 0, "slide": 1}',
            "garbage here",
            '{"event": "jump", "t": 5}',
            '{"event": "show", "t": 10, "slide": 99}',
            '{"event": "show", "slide": 2}',
            '{"event": "show", "t": 20, "slide": 2}',
            '{"event": "show", "t": 15, "slide": 3}',
            '{"event": "finish", "t": 50}',
        ],
    )
    rehearsal, problems = read_rehearsal(path)
    assert [(p.line, p.message) for p in problems] == [
        (3, "not a JSON record"),
        (4, "unknown event 'jump'"),
        (5, "show event with no valid slide number (99)"),
        (6, "show event without a time in seconds"),
        (8, "time goes backwards (15.0 s after 20.0 s)"),
    ]
    assert all(
        p.hint == "the line is skipped: delete it, or rehearse again if that slide's time matters"
        for p in problems
    )
    # `finish` on slide 2 of 12: stopped early, slide 2 partial, slide 3 never shown.
    assert not rehearsal.complete and rehearsal.stopped_on.number == 2
    assert [s.seconds for s in rehearsal.slides[:3]] == [20, 30, None]


def test_a_log_without_a_start_record_is_not_a_rehearsal(tmp_path: Path) -> None:
    path = tmp_path / "stray.jsonl"
    path.write_text('{"event": "show", "t": 0, "slide": 1}\n', encoding="utf-8")
    rehearsal, problems = read_rehearsal(path)
    assert rehearsal is None
    assert any("no start record" in p.message for p in problems)


def test_load_rehearsals_skips_only_what_is_broken(plan, tmp_path: Path) -> None:
    folder = tmp_path / "rehearsals"
    _log(plan, folder, ['{"event": "finish", "t": 30}'], name="2026-11-24T10-00-00Z.jsonl")
    (folder / "2026-11-25T10-00-00Z.jsonl").write_bytes(b"\xff\xfe not text")
    rehearsals, problems = load_rehearsals(folder)
    assert [r.name for r in rehearsals] == ["2026-11-24T10-00-00Z"]
    assert len(problems) == 1 and "cannot read this rehearsal log" in problems[0].message
    assert load_rehearsals(tmp_path / "missing") == ([], [])


def test_timing_reports_a_corrupt_log_keeps_the_rest_and_exits_2(plan, tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = _log(
        plan,
        out / "rehearsals",
        [
            '{"event": "show", "t": 0, "slide": 1}',
            '{"event": "show", "t": 33, "slide": 2}',
            '{"event": "finish", "t": 90}',
        ],
        name="2026-11-24T10-00-00Z.jsonl",
    )
    _log(
        plan,
        out / "rehearsals",
        ['{"event": "show", "t": 0, "slide": 1}', '{"event": "show", "t": 21, "slide": 2}', '{"ev'],
        name="2026-11-25T10-00-00Z.jsonl",
    )
    result = CliRunner().invoke(cli, ["timing", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 2
    assert "2026-11-25T10-00-00Z.jsonl:4: half-written line" in result.stderr
    record = json.loads((out / "timing.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in record["rehearsals"]] == [good.stem, "2026-11-25T10-00-00Z"]
    assert record["slides"][0]["rehearsed_seconds"] == [33.0, 21.0]
    assert any("stopped before the end" in w for w in record["warnings"])


@pytest.mark.slow
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["next", "back", "pause", "finish"]), st.floats(0, 120)),
        max_size=40,
    )
)
@settings(deadline=None, max_examples=60)
def test_any_rehearsal_accounts_for_every_unpaused_second(plan, steps) -> None:
    clock = FakeClock()
    engine = RehearsalEngine(len(plan.slides), clock())
    paused_time, paused = 0.0, False
    for action, wait in steps:
        clock.wait(wait)
        if paused and not engine.finished:
            paused_time += wait
        {
            "next": engine.next,
            "back": engine.back,
            "pause": engine.toggle_pause,
            "finish": engine.finish,
        }[action](clock())
        if not engine.finished:
            paused = engine.progress(clock()).paused
    engine.finish(clock())
    end = engine.events[-1].t
    final = replay(engine.events)
    seconds = final.seconds
    assert all(s >= 0 for s in seconds.values())
    assert sum(seconds.values()) == pytest.approx(end - paused_time, abs=1e-6)
    # What the log holds reads back to the same times.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.jsonl"
        log = RehearsalLog(path)
        log.write(start_record(plan, datetime(2026, 11, 25, tzinfo=UTC)))
        log.write_events(engine.events)
        log.close()
        rehearsal, problems = read_rehearsal(path)
    assert problems == []
    assert rehearsal.complete == (final.current == len(plan.slides))
    for slide in rehearsal.slides:
        if slide.number in seconds:
            assert slide.seconds == pytest.approx(seconds[slide.number], abs=0.01)
        else:
            assert slide.seconds is None
        assert slide.partial == (not rehearsal.complete and slide.number == final.current)


def test_tick_moves_on_at_each_slides_time_even_when_noticed_late() -> None:
    clock = FakeClock()
    engine = RehearsalEngine(3, clock(), advance_after=[15, 15, 15])
    assert engine.tick(clock.wait(14.9)) == []
    # Noticed 2.5 s late, and past two slides at once: each event is timed when its time ran out.
    events = engine.tick(clock.wait(17.6))
    assert [(e.kind, e.t, e.slide, e.auto) for e in events] == [
        ("show", 15.0, 2, True),
        ("show", 30.0, 3, True),
    ]
    engine.toggle_pause(clock.wait(1))  # paused on slide 3 at 33.5 s (3.5 s into it)
    assert engine.tick(clock.wait(60)) == []  # a paused clock moves nothing
    engine.toggle_pause(clock())
    (finish,) = engine.tick(clock.wait(20))
    assert (finish.kind, finish.auto) == ("finish", True)
    assert finish.t == pytest.approx(93.5 + 11.5)
    assert engine.finished and engine.tick(clock.wait(99)) == []
    assert finish.record() == {"event": "finish", "t": 105.0, "auto": True}


def test_a_key_before_the_time_is_up_moves_on_as_usual() -> None:
    clock = FakeClock()
    engine = RehearsalEngine(3, clock(), advance_after=[15, 15, 15])
    (show,) = engine.next(clock.wait(9))
    assert (show.slide, show.t, show.auto) == (2, 9.0, False)
    (auto,) = engine.tick(clock.wait(16))
    assert (auto.slide, auto.t) == (3, 24.0)
    state = replay(engine.events, 25.0)
    # Slide 1 was left by a key (its 9 s are the speaker's); slide 2 by the clock (the plan's).
    assert state.auto == frozenset({2})


def test_an_auto_advanced_slide_is_marked_in_the_log(plan, tmp_path: Path) -> None:
    clock = FakeClock()
    engine = RehearsalEngine(len(plan.slides), clock(), [s.planned_seconds for s in plan.slides])
    log = RehearsalLog(tmp_path / "r.jsonl")
    log.write(start_record(plan, datetime(2026, 11, 25, tzinfo=UTC), auto_advance=True))
    log.write_events(engine.events)
    log.write_events(engine.next(clock.wait(10)))
    log.write_events(engine.tick(clock.wait(plan.slides[1].planned_seconds)))
    log.write_events(engine.finish(clock.wait(1)))
    log.close()
    rehearsal, problems = read_rehearsal(tmp_path / "r.jsonl")
    assert problems == []
    assert [s.auto for s in rehearsal.slides[:3]] == [False, True, False]
    assert rehearsal.slides[2].partial and rehearsal.talk == plan.talk.info.title


def test_the_start_record_names_the_talk_and_how_it_was_rehearsed(plan) -> None:
    record = start_record(
        plan, datetime(2026, 11, 25, 18, tzinfo=UTC), view="browser", auto_advance=True
    )
    assert {k: record[k] for k in ("talk", "talk_name", "slug", "format", "view")} == {
        "talk": "Mentoring on Twitter",
        "talk_name": None,
        "slug": "twitter-mentoring",
        "format": "lightning",
        "view": "browser",
    }
    assert record["auto_advance"] is True
    assert [s["key"] for s in record["slides"]] == [s.key for s in plan.slides]


def test_a_session_logs_nothing_until_it_begins_and_finishes_when_closed(
    plan, tmp_path: Path
) -> None:
    from talkgen.timing.rehearsal import RehearsalSession

    clock = FakeClock()
    session = RehearsalSession(plan, tmp_path / "logs", clock=clock, view="terminal")
    assert session.advance_after is None and session.progress() is None
    session.act("finish")  # before the start: nothing happens, nothing is written
    assert not (tmp_path / "logs").exists() and not session.started
    session.act("pause")  # any other key begins, and does nothing else
    assert session.started and not session.progress().paused
    clock.wait(12)
    session.act("next")
    with pytest.raises(ValueError):
        session.act("jump")
    session.close()
    events = [json.loads(line) for line in session.log_path.read_text().splitlines()]
    assert [e["event"] for e in events] == ["start", "show", "show", "finish"]
    assert events[2]["t"] == 12.0


def test_fixed_time_formats_always_advance_and_others_when_asked(plan, tmp_path: Path) -> None:
    import shutil

    from talk_variants import make_ignite

    from talkgen.timing.rehearsal import auto_advance_times

    assert auto_advance_times(plan) is None
    assert auto_advance_times(plan, asked=True) == tuple(
        float(s.planned_seconds) for s in plan.slides
    )
    ignite = plan_talk(load_talk(make_ignite(shutil.copytree(EXAMPLE, tmp_path / "c"))))
    assert auto_advance_times(ignite) == (15.0,) * 20
