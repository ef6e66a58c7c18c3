"""`talkgen rehearsals`: the history of runs, and dropping or excluding one."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.content.model import format_duration
from talkgen.plan import plan_talk
from talkgen.timing.rehearsal import RehearsalEngine, RehearsalLog, start_record

EXAMPLE = Path(__file__).resolve().parents[1] / "content"


@pytest.fixture(scope="module")
def plan():
    return plan_talk(load_talk(EXAMPLE))


def _log(plan, folder: Path, name: str, share: float, slides: int | None = None) -> Path:
    """A log of `slides` slides (all: finished on the last) each at `share` of its plan."""
    folder.mkdir(parents=True, exist_ok=True)
    log = RehearsalLog(folder / f"{name}.jsonl")
    log.write(start_record(plan, datetime.fromisoformat(f"{name[:10]}T09:00:00+00:00")))
    engine = RehearsalEngine(len(plan.slides), 0.0)
    log.write_events(engine.events)
    now = 0.0
    shown = plan.slides[: slides or len(plan.slides)]
    for number, slide in enumerate(shown, start=1):
        now += slide.planned_seconds * share
        # The last slide shown: next (the end) for a full run, q for a stopped one.
        log.write_events(engine.finish(now) if number == slides else engine.next(now))
    log.close()
    return log.path


@pytest.fixture
def history(plan, tmp_path: Path) -> Path:
    logs = tmp_path / "out" / "rehearsals"
    _log(plan, logs, "2026-11-20T09-00-00Z", 1.0)  # a real run, on plan
    _log(plan, logs, "2026-11-21T09-00-00Z", 0.02)  # a click-through
    _log(plan, logs, "2026-11-22T09-00-00Z", 1.05, slides=3)  # a false start
    return tmp_path / "out"


def _run(out: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["rehearsals", str(EXAMPLE), "--out", str(out), *args], input)


def test_the_list_says_when_how_long_complete_and_plausible(plan, history: Path) -> None:
    result = _run(history)
    assert result.exit_code == 0, result.output
    rows = {
        line.split()[0]: line.split()[3:]
        for line in result.stdout.splitlines()
        if line.split() and line.split()[0].isdigit()
    }
    false_start = format_duration(sum(s.planned_seconds for s in plan.slides[:3]) * 1.05)
    assert rows == {
        "1": ["10:00", "complete", "yes", "yes"],
        "2": ["0:12", "complete", "no", "no:", "implausible"],
        "3": [false_start, "partial,", "to", "3", "yes", "yes"],
    }, result.stdout
    text = result.stdout
    assert "2: not plausible: 12 of its 12 timed slides took under a fifth" in text
    assert f"Report: `talkgen timing {EXAMPLE} --out {history}`" in text


def test_a_run_that_jumped_past_slides_is_listed_as_partial(plan, tmp_path: Path) -> None:
    """A run that jumped from slide 2 to the last (a typed number, End) and finished there."""
    logs = tmp_path / "out" / "rehearsals"
    logs.mkdir(parents=True)
    log = RehearsalLog(logs / "2026-11-23T09-00-00Z.jsonl")
    log.write(start_record(plan, datetime.fromisoformat("2026-11-23T09:00:00+00:00")))
    engine = RehearsalEngine(len(plan.slides), 0.0)
    log.write_events(engine.events)
    log.write_events(engine.next(25.0))
    log.write_events(engine.go(85.0, len(plan.slides)))
    log.write_events(engine.next(115.0))  # next on the last slide: the end
    log.close()
    result = _run(tmp_path / "out")
    assert result.exit_code == 0, result.output
    (row,) = [line.split() for line in result.stdout.splitlines() if line.split()[:1] == ["1"]]
    assert row[3:7] == ["1:55", "partial,", "skipped", str(len(plan.slides) - 3)], row


def test_drop_deletes_a_false_start_and_the_report_forgets_it(history: Path) -> None:
    last = history / "rehearsals" / "2026-11-22T09-00-00Z.jsonl"
    refused = _run(history, "--drop", "last", input="n\n")
    assert refused.exit_code == 1 and last.exists(), "answering no keeps it"
    result = _run(history, "--drop", "last", "--yes")
    assert result.exit_code == 0 and not last.exists()
    assert f"Deleted {last}" in result.stdout
    CliRunner().invoke(cli, ["timing", str(EXAMPLE), "--out", str(history)])
    record = json.loads((history / "timing.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in record["rehearsals"]] == [
        "2026-11-20T09-00-00Z",
        "2026-11-21T09-00-00Z",
    ]


def test_exclude_keeps_the_log_but_not_in_the_report_and_include_undoes_it(
    history: Path,
) -> None:
    result = _run(history, "--exclude", "1")
    assert result.exit_code == 0, result.output
    kept = history / "rehearsals" / "2026-11-20T09-00-00Z.jsonl.excluded"
    assert kept.exists() and "no: excluded" in result.stdout
    CliRunner().invoke(cli, ["timing", str(EXAMPLE), "--out", str(history)])
    record = json.loads((history / "timing.json").read_text(encoding="utf-8"))
    assert "2026-11-20T09-00-00Z" not in [r["name"] for r in record["rehearsals"]]
    again = _run(history, "--include", "2026-11-20T09-00-00Z")
    assert again.exit_code == 0 and not kept.exists()
    assert (history / "rehearsals" / "2026-11-20T09-00-00Z.jsonl").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--drop", "9"], "no rehearsal '9' (there are 3) — give a number from `talkgen "),
        (["--exclude", "nope"], "no rehearsal 'nope' (there are 3)"),
        (["--drop", "1", "--exclude", "2"], "give one of --drop, --exclude, --include at a time"),
    ],
)
def test_a_bad_choice_is_refused_and_changes_nothing(
    history: Path, args: list[str], message: str
) -> None:
    before = sorted(p.name for p in (history / "rehearsals").iterdir())
    result = _run(history, *args)
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert sorted(p.name for p in (history / "rehearsals").iterdir()) == before


def test_no_rehearsals_yet_says_how_to_make_one(tmp_path: Path) -> None:
    result = _run(tmp_path / "out15")
    assert result.exit_code == 0
    assert f"run `talkgen rehearse {EXAMPLE} --out {tmp_path / 'out15'}`" in result.stdout
