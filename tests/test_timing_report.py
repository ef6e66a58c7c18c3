"""Estimates from notes, the timing report, its four files, and `talkgen timing` itself."""

from __future__ import annotations

import csv
import json
import math
import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.content.model import format_duration
from talkgen.plan import plan_talk
from talkgen.style import load_style
from talkgen.timing import build_report, count_words, estimate_slide_seconds, spoken_words
from talkgen.timing.rehearsal import (
    Rehearsal,
    RehearsalEngine,
    RehearsalLog,
    RehearsedSlide,
    read_rehearsal,
    start_record,
)
from talkgen.timing.writers import REPORT_NAMES, table_rows, write_timing_files

EXAMPLE = Path(__file__).resolve().parents[1] / "content"


@pytest.fixture(scope="module")
def plan():
    return plan_talk(load_talk(EXAMPLE))


def _rehearsal(plan, name: str, seconds: dict[int, float], complete: bool = True) -> Rehearsal:
    slides = tuple(
        RehearsedSlide(s.number, s.key, s.title, seconds.get(s.number, 0.0)) for s in plan.slides
    )
    return Rehearsal(
        name=name, started=f"2026-11-2{name[-1]}T10:00:00+00:00", slides=slides, complete=complete
    )


def _on_plan(plan, **changes: float) -> dict[int, float]:
    times = {s.number: float(s.planned_seconds) for s in plan.slides}
    times.update({int(k[1:]): v for k, v in changes.items()})
    return times


# Counted by hand: Don't · stop · peer-mentoring · works · 3.5 · times · 1,300 · words.
EIGHT_WORDS = "Don't stop: peer-mentoring works 3.5 times, 1,300 words."


def test_count_words_counts_spoken_words() -> None:
    assert count_words(EIGHT_WORDS) == 8
    assert count_words("Kia ora koutou, and thank you!") == 6
    assert count_words("I don't think peer-mentoring is 3.5 times — or 1,300 — harder.") == 10
    assert count_words("  \n ... — ") == 0


def test_notes_are_spoken_and_the_visible_text_is_not(plan) -> None:
    theme = replace(next(s for s in plan.slides if s.kind == "theme"), notes=EIGHT_WORDS)
    assert theme.points and theme.quote is not None
    # A theme slide's words are its notes alone: not its title, bullets or the quote on it.
    assert spoken_words(theme) == 8
    assert estimate_slide_seconds(theme, 120) == pytest.approx(4.0)


def test_a_quote_slide_counts_reading_the_quote_aloud(plan) -> None:
    slide = next(s for s in plan.slides if s.kind == "quote")
    quote = slide.quote.model_copy(update={"text": "We learned from each other, every week."})
    slide = replace(slide, notes=EIGHT_WORDS, quote=quote)
    assert spoken_words(slide) == 8 + 7


def test_example_notes_fit_each_slide_within_twenty_percent(plan) -> None:
    for slide in plan.slides:
        words = count_words(slide.notes) + (
            count_words(slide.quote.text) if slide.kind == "quote" else 0
        )
        estimate = words * 60 / 130
        assert abs(estimate - slide.planned_seconds) <= 0.2 * slide.planned_seconds, slide.title
    report = build_report(plan)
    assert report.pace == 130 and report.estimated_total <= 600
    assert report.warnings == () and report.overruns == []


def test_estimates_that_stray_are_flagged_with_words_to_change(plan) -> None:
    report = build_report(plan, pace=200)  # a fast speaker: every theme slide runs short
    theme = next(s for s in report.slides if s.kind == "theme")
    assert theme.advice is not None and "add up to about" in theme.advice
    slow = build_report(plan, pace=90)
    assert slow.overruns and "over the 10:00 slot" in slow.overruns[0]
    assert any("cut about" in w for w in slow.warnings)


def test_rehearsals_give_mean_spread_trend_pace_and_advice(plan) -> None:
    six = plan.slides[5]
    runs = [
        _rehearsal(plan, "r1", _on_plan(plan, s6=six.planned_seconds + 30)),
        _rehearsal(plan, "r2", _on_plan(plan, s6=six.planned_seconds + 40)),
        _rehearsal(plan, "r3", _on_plan(plan, s6=six.planned_seconds + 50)),
    ]
    report = build_report(plan, runs)
    slide = report.slides[5]
    assert slide.rehearsed == (
        six.planned_seconds + 30,
        six.planned_seconds + 40,
        six.planned_seconds + 50,
    )
    assert slide.mean == pytest.approx(six.planned_seconds + 40)
    assert slide.spread == pytest.approx(10.0)
    assert slide.trend == pytest.approx(10.0)
    words = spoken_words(six)
    pace = words * 60 / (six.planned_seconds + 40)
    assert slide.measured_pace == pytest.approx(pace)
    # The share of its words that the 40 s over are, rounded up to 5 (never more than it has).
    cut = min(words, math.ceil(words * 40 / (six.planned_seconds + 40) / 5) * 5)
    assert slide.advice == (
        f"slide 6 ({six.title}) runs on average 40 s long: cut about {cut} "
        "words from its notes, or drop it"
    )
    assert report.latest_total == pytest.approx(650)
    assert (
        "the latest rehearsal (r3) took 10:50, over the 10:00 slot — shorten the slides that ran "
        "over their planned time (the table shows which) and rehearse again"
    ) in report.warnings


def test_a_rehearsal_missing_a_slide_leaves_it_out_of_the_mean(plan) -> None:
    partial = Rehearsal(
        name="r1",
        started="2026-11-21T10:00:00+00:00",
        complete=False,
        slides=(RehearsedSlide(1, plan.slides[0].key, "t", 20.0),),
    )
    full = _rehearsal(plan, "r2", _on_plan(plan, s1=30.0))
    report = build_report(plan, [partial, full])
    assert report.slides[0].rehearsed == (20.0, 30.0)
    assert report.slides[1].rehearsed == (None, plan.slides[1].planned_seconds)
    assert report.slides[1].mean == plan.slides[1].planned_seconds
    assert any("r1 stopped before the end" in w for w in report.warnings)


def test_the_four_files_agree(plan, tmp_path: Path) -> None:
    runs = [
        _rehearsal(plan, "r1", _on_plan(plan, s3=70.0)),
        _rehearsal(plan, "r2", _on_plan(plan, s3=64.0)),
    ]
    paths = write_timing_files(build_report(plan, runs), tmp_path)
    assert sorted(p.name for p in paths) == [
        "timing.csv",
        "timing.html",
        "timing.json",
        "timing.md",
    ]
    record = json.loads((tmp_path / "timing.json").read_text(encoding="utf-8"))
    with (tmp_path / "timing.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    markdown = (tmp_path / "timing.md").read_text(encoding="utf-8")
    html = (tmp_path / "timing.html").read_text(encoding="utf-8")

    assert record["duration_seconds"] == 600 and record["planned_seconds"] == 600
    assert [s["planned_seconds"] for s in record["slides"]] == [
        s.planned_seconds for s in plan.slides
    ]
    assert len(rows) == len(record["slides"]) == len(plan.slides)
    for row, slide in zip(rows, record["slides"], strict=True):
        assert row["title"] == slide["title"]
        assert int(row["planned_seconds"]) == slide["planned_seconds"]
        assert float(row["estimated_seconds"]) == slide["estimated_seconds"]
        assert [float(row["rehearsal r1"]), float(row["rehearsal r2"])] == slide[
            "rehearsed_seconds"
        ]
        minutes = f"{slide['planned_seconds'] // 60}:{slide['planned_seconds'] % 60:02d}"
        md_row = next(
            line for line in markdown.splitlines() if line.startswith(f"| {slide['number']} | ")
        )
        assert f"| {minutes} |" in md_row and slide["title"] in md_row
        assert slide["title"].replace("?", "") in html.replace("?", "")
    assert record["slides"][2]["mean_seconds"] == 67.0
    assert "| 1:07 ± 4 s | -6 s/run |" in markdown
    third = next(line for line in markdown.splitlines() if line.startswith("| 3 | "))
    assert f"| 1:04 | {round(record['slides'][2]['words'] * 60 / 67)} | 1:07 ± 4 s |" in third
    # The chart works offline: plotly.js is inline and nothing is loaded from elsewhere.
    assert "Plotly.newPlot" in html and re.search(r"<script[^>]+src=\"https?:", html) is None
    assert len(html) > 1_000_000
    assert record["checkpoints"][4]["text"].startswith("at 5:00 you should be on slide 7")


def test_timing_command_writes_the_report_and_check_passes(
    example_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["timing", str(example_dir), "--out", str(out), "--check"])
    assert result.exit_code == 0, result.output + result.stderr
    assert "Mentoring on Twitter" in result.stdout and "Total" in result.stdout
    assert json.loads((out / "timing.json").read_text())["estimated_seconds"] <= 600


def test_check_fails_on_an_estimate_over_the_slot(example_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["timing", str(example_dir), "--out", str(tmp_path), "--check", "--pace", "100"]
    )
    assert result.exit_code == 1
    # 100 words a minute: every word over 10:00 is 0.6 s; the test recounts the notes' words.
    words = sum(spoken_words(s) for s in plan_talk(load_talk(example_dir)).slides)
    estimate = format_duration(words * 0.6)
    (cut,) = re.findall(
        f"the notes take {estimate} to say at 100 words per minute, over the 10:00 slot — cut "
        r"about (\d+) words from the notes, first on the slides over their planned time",
        " ".join(result.stdout.split()),
    )
    assert abs(int(cut) - (words - 1000)) <= 1  # the estimate is rounded to the second


def test_check_fails_when_the_latest_rehearsal_overruns(example_dir: Path, tmp_path: Path) -> None:
    logs = tmp_path / "rehearsals"
    logs.mkdir()
    plan = plan_talk(load_talk(example_dir))
    header = {
        "event": "start",
        "started": "2026-11-25T09:00:00+00:00",
        "talk": "x",
        "slides": [{"number": s.number, "key": s.key, "title": s.title} for s in plan.slides],
    }
    # Every slide 8 % over its plan: 10:48 in all, a plausible run that overruns.
    starts = [s.start_seconds * 1.08 for s in plan.slides]
    events = [{"event": "show", "t": t, "slide": n} for n, t in enumerate(starts, start=1)]
    events.append({"event": "finish", "t": 600 * 1.08})
    (logs / "long.jsonl").write_text("\n".join(json.dumps(r) for r in [header, *events]) + "\n")
    result = CliRunner().invoke(
        cli, ["timing", str(example_dir), "--out", str(tmp_path), "--check"]
    )
    assert result.exit_code == 1
    assert "the latest rehearsal (long) took 10:48, over the 10:00 slot" in result.stdout
    record = json.loads((tmp_path / "timing.json").read_text())
    assert record["slides"][0]["latest_seconds"] == pytest.approx(
        plan.slides[0].planned_seconds * 1.08, abs=0.05
    )
    # Measured pace replaces the talk's in later estimates: every word over every second.
    words = sum(spoken_words(s) for s in plan.slides)
    measured = CliRunner().invoke(
        cli, ["timing", str(example_dir), "--out", str(tmp_path), "--pace", "measured"]
    )
    assert json.loads((tmp_path / "timing.json").read_text())["pace_wpm"] == pytest.approx(
        words * 60 / 648, abs=0.1
    ), measured.output


@pytest.mark.parametrize("pace", ["0", "fast", "-3", "59.5", "300.5", "nan", "inf"])
def test_a_bad_pace_option_is_refused(example_dir: Path, tmp_path: Path, pace: str) -> None:
    result = CliRunner().invoke(
        cli, ["timing", str(example_dir), "--out", str(tmp_path), f"--pace={pace}"]
    )
    assert result.exit_code == 2
    assert f"--pace {pace}: not a speaking pace" in result.stderr
    # The same bounds as `pace` in talk.yaml: 60 to 300 words per minute.
    assert "from 60 to 300" in result.stderr
    assert not (tmp_path / "timing.json").exists()


@pytest.mark.parametrize("pace", ["60", "300"])
def test_a_pace_at_the_bounds_is_taken(example_dir: Path, tmp_path: Path, pace: str) -> None:
    result = CliRunner().invoke(
        cli, ["timing", str(example_dir), "--out", str(tmp_path), f"--pace={pace}"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads((tmp_path / "timing.json").read_text())["pace_wpm"] == float(pace)


def test_out_naming_a_file_is_refused(example_dir: Path, tmp_path: Path) -> None:
    taken = tmp_path / "some-file"
    taken.write_text("not a folder\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["timing", str(example_dir), "--out", str(taken)])
    assert result.exit_code == 2
    assert "--out" in result.stderr and "is a file" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert "internal error" not in (result.output + result.stderr).lower()
    assert taken.read_text(encoding="utf-8") == "not a folder\n"


def test_measured_pace_without_rehearsals_is_refused(example_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["timing", str(example_dir), "--out", str(tmp_path), "--pace", "measured"]
    )
    assert result.exit_code == 2
    assert "--pace measured: no plausible rehearsal to measure your pace from" in result.stderr
    # The hint repeats the --out that matters.
    assert f"run `talkgen rehearse {example_dir} --out {tmp_path}` first" in result.stderr


@pytest.mark.slow
def test_timing_runs_as_a_program(example_dir: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "talkgen",
            "timing",
            str(example_dir),
            "--out",
            str(tmp_path),
            "--check",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Wrote" in result.stdout
    assert (tmp_path / "timing.html").stat().st_size > 1_000_000


def _logged_rehearsal(plan, folder: Path, seconds: list[float], finish: bool) -> Path:
    """A log written as `talkgen rehearse` writes it: `seconds[i]` on slide i+1, the last of
    them cut short by `finish` (q or Ctrl-C) or by a pause and nothing after (a crash)."""
    clock = iter(range(10**6))  # any monotonic reading; only differences matter
    start = float(next(clock))
    log = RehearsalLog(folder / "2026-11-25T09-00-00Z.jsonl")
    log.write(start_record(plan, datetime(2026, 11, 25, 9, 0, tzinfo=UTC)))
    engine = RehearsalEngine(len(plan.slides), start)
    log.write_events(engine.events)
    now = start
    for spent in seconds[:-1]:
        now += spent
        log.write_events(engine.next(now))
    now += seconds[-1]
    log.write_events(engine.finish(now) if finish else engine.toggle_pause(now))
    log.close()
    return log.path


@pytest.mark.parametrize("finish", [True, False], ids=["q-on-slide-3", "crash-on-slide-3"])
def test_a_rehearsal_stopped_on_slide_3_gives_no_advice_past_it(
    plan, tmp_path: Path, finish: bool
) -> None:
    one, two = plan.slides[0].planned_seconds, plan.slides[1].planned_seconds
    # Slide 1 runs 30 s long, slide 2 on plan, and the rehearsal stops 5 s into slide 3.
    path = _logged_rehearsal(plan, tmp_path, [one + 30, two, 5], finish)
    rehearsal, problems = read_rehearsal(path)
    assert problems == [] and not rehearsal.complete

    report = build_report(plan, [rehearsal])
    first, third = report.slides[0], report.slides[2]
    assert first.advice is not None and "runs 30 s long: cut about" in first.advice
    assert report.slides[1].advice is None
    # Slide 3 was half timed: shown, marked partial, but neither measured nor advised on.
    assert third.rehearsed == (5.0,) and third.partial == (True,)
    assert third.latest == 5.0 and third.latest_partial
    assert third.mean is None and third.trend is None and third.measured_pace is None
    # Slides 4 to 12 were never shown: no time at all, not 0 s.
    assert all(s.rehearsed == (None,) for s in report.slides[3:])
    assert [s.advice for s in report.slides[2:]] == [None] * 10
    assert not any("short" in w or "add about" in w for w in report.warnings)
    three = plan.slides[2].title
    assert (
        f"rehearsal {rehearsal.name} stopped before the end, on slide 3 ({three}): its time there "
        "is partial and left out of the advice; later slides are not counted — rehearse the "
        "whole talk to time every slide"
    ) in report.warnings
    words = spoken_words(plan.slides[0]) + spoken_words(plan.slides[1])
    assert report.measured_pace == pytest.approx(words * 60 / (one + 30 + two))

    header, rows = table_rows(report)
    rehearsed = header.index("Rehearsed")
    assert rows[2][rehearsed] == "0:05 (partial)"
    assert [row[rehearsed] for row in rows[3:-1]] == [""] * 9
    write_timing_files(report, tmp_path / "out")
    record = json.loads((tmp_path / "out" / "timing.json").read_text(encoding="utf-8"))
    assert record["slides"][2]["rehearsed_partial"] == [True]
    assert record["slides"][3]["rehearsed_seconds"] == [None]
    assert "| 0:05 (partial) |" in (tmp_path / "out" / "timing.md").read_text(encoding="utf-8")


def test_a_slide_planned_at_zero_seconds_does_not_crash_the_report(plan, tmp_path) -> None:
    # The planner should refuse such a slide; the report must still never divide by zero.
    zero = replace(plan.slides[1], planned_seconds=0)
    plan0 = replace(plan, slides=(plan.slides[0], zero, *plan.slides[2:]))
    report = build_report(plan0)
    advice = report.slides[1].advice
    assert advice is not None and "planned 0:00: cut about" in advice and "%" not in advice
    assert report.slides[1].estimate_off == float("inf")
    rehearsed = build_report(plan0, [_rehearsal(plan0, "r1", _on_plan(plan0, s2=20.0))])
    assert "runs 20 s long" in rehearsed.slides[1].advice
    write_timing_files(rehearsed, tmp_path)
    assert json.loads((tmp_path / "timing.json").read_text())["slides"][1]["planned_seconds"] == 0


def test_the_same_report_gives_the_same_bytes(plan, tmp_path: Path) -> None:
    report = build_report(plan, [_rehearsal(plan, "r1", _on_plan(plan, s3=70.0))])
    write_timing_files(report, tmp_path / "a")
    write_timing_files(report, tmp_path / "b")
    for name in REPORT_NAMES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_the_html_takes_its_language_and_look_from_the_talk_and_style(plan, tmp_path) -> None:
    info = plan.talk.info.model_copy(update={"language": "mi"})
    maori = replace(plan, talk=plan.talk.model_copy(update={"info": info}))
    report = build_report(maori)
    assert report.language == "mi"
    write_timing_files(report, tmp_path)
    page = (tmp_path / "timing.html").read_text(encoding="utf-8")
    assert '<html lang="mi">' in page
    style = load_style()
    body = re.search(r"<style>body\{([^}]*)\}", page).group(1)
    assert f"color:{style.colors.text}" in body
    assert "font-family:Calibri,Carlito,Arial,'Liberation Sans','Noto Sans'," in body
    assert "'Noto Color Emoji',sans-serif" in body  # the fallback chain: any script, emoji
    assert 'id="timing-chart"' in page
