"""The rehearsal screen: its key map and view, and the real screen driven in a pseudo-terminal."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from rich.console import Console

from talkgen.content import load_talk
from talkgen.plan import plan_talk
from talkgen.timing import load_rehearsals
from talkgen.timing.rehearsal import Progress
from talkgen.timing.screen import clock_style, key_actions, rehearsal_view

EXAMPLE = Path(__file__).resolve().parents[1] / "content"


def test_keys_map_to_actions() -> None:
    assert key_actions(b" \r\n\x1b[C\x1bOC") == ["next"] * 5
    assert key_actions(b"\x1b[Db\x1bOD") == ["back"] * 3
    assert key_actions(b"pq") == ["pause", "finish"]
    # Other keys and escape sequences (up arrow, F5) are ignored whole.
    assert key_actions(b"x\x1b[A\x1b[15~z") == []
    assert key_actions(b"\x1b[A ") == ["next"]


def test_a_typed_slide_number_then_enter_jumps_there() -> None:
    from talkgen.timing.screen import typed_actions

    # Home and End as xterm, VT220 and rxvt send them; Esc alone; digits.
    assert key_actions(b"\x1b[H\x1bOH\x1b[1~\x1b[7~") == ["first"] * 4
    assert key_actions(b"\x1b[F\x1bOF\x1b[4~\x1b[8~") == ["last"] * 4
    assert key_actions(b"12\x1b") == ["1", "2", "escape"]
    assert typed_actions(key_actions(b"12\r"), "") == ([("go", 12)], "")
    # Typed in several reads: the number waits for its enter (space or → too).
    assert typed_actions(key_actions(b"1"), "") == ([], "1")
    assert typed_actions(key_actions(b"0 "), "1") == ([("go", 10)], "")
    assert typed_actions(key_actions(b"7\x1b[C"), "") == ([("go", 7)], "")
    # Esc forgets it; any other key forgets it and does what it does; no number, no jump.
    assert typed_actions(key_actions(b"5\x1b\r"), "") == ([("next", None)], "")
    assert typed_actions(key_actions(b"5p\r"), "") == ([("pause", None), ("next", None)], "")
    assert typed_actions(key_actions(b"00\r"), "") == ([("next", None)], "")
    assert typed_actions(key_actions(b"12345\r"), "") == ([("go", 345)], "")
    assert typed_actions(["first", "last"], "3") == ([("first", None), ("last", None)], "")


def test_the_view_shows_the_slide_number_being_typed(plan) -> None:
    state = Progress(current=2, on_slide=1.0, elapsed=30.0, paused=False, finished=False)
    shown = _render(rehearsal_view(plan, state, typed="9"))
    assert "go to slide 9: enter (esc: never mind)" in shown
    assert "7 enter: slide 7 · Home/End" in shown  # the keys are in the help line
    assert "go to slide" not in _render(rehearsal_view(plan, state))


def test_clock_turns_as_it_nears_and_passes_the_plan() -> None:
    assert clock_style(10, 60) == "bold green"
    assert clock_style(50, 60) == "bold yellow"
    assert clock_style(61, 60) == "bold red"


def _render(renderable) -> str:
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def test_view_shows_slide_notes_clocks_and_next_title() -> None:
    plan = plan_talk(load_talk(EXAMPLE))
    four, five = plan.slides[3], plan.slides[4]
    # 20 s into slide 4, having reached it 12 s late.
    progress = Progress(
        current=4, on_slide=20, elapsed=four.start_seconds + 32, paused=True, finished=False
    )
    text = _render(rehearsal_view(plan, progress))
    assert f"Slide 4 of {len(plan.slides)}: {four.title}" in text
    assert "PAUSED" in text
    assert f"0:20 / 0:{four.planned_seconds:02d}" in text
    assert "12 s behind plan" in text
    assert f"Next        {five.title}" in text
    assert four.notes.split()[0] in text and "space, enter" in text


def test_notes_are_reflowed_to_the_panel_width() -> None:
    plan = plan_talk(load_talk(EXAMPLE))
    notes = (
        "First we asked who\nmentors whom on\nTwitter.\n  \nThen we listened   to\n the answers."
    )
    slides = (replace(plan.slides[0], notes=notes, points=()), *plan.slides[1:])
    progress = Progress(current=1, on_slide=0, elapsed=0, paused=False, finished=False)
    text = _render(rehearsal_view(replace(plan, slides=slides), progress))
    panel = [line.strip("│ ") for line in text.splitlines() if line.startswith("│")]
    # The content file's line breaks go; the blank line stays as a paragraph break.
    assert panel == [
        "First we asked who mentors whom on Twitter.",
        "",
        "Then we listened to the answers.",
    ]


def _set_size(fd: int, rows: int, cols: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class Terminal:
    """`talkgen rehearse` running in a pseudo-terminal, with its screen output collected."""

    def __init__(self, args: list[str]) -> None:
        self.master, slave = pty.openpty()
        _set_size(slave, 40, 120)

        def controlling_terminal() -> None:
            # Make the pty the child's controlling terminal, so Ctrl-C is a real SIGINT.
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "talkgen", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            preexec_fn=controlling_terminal,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.output = b""
        self.lock = threading.Lock()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self.lock:
                self.output += chunk

    def wait_for(self, text: str, since: int, limit: float = 30.0) -> int:
        """Wait until `text` appears after byte `since`; return where the output ends now."""
        deadline = time.monotonic() + limit
        needle = text.encode()
        while time.monotonic() < deadline:
            with self.lock:
                if needle in self.output[since:]:
                    return len(self.output)
            if self.process.poll() is not None and needle not in self.output[since:]:
                break
            time.sleep(0.05)
        raise AssertionError(
            f"{text!r} never appeared; screen said:\n"
            f"{self.output[since:][-3000:].decode(errors='replace')}"
        )

    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self) -> int:
        try:
            return self.process.wait(timeout=30)
        finally:
            os.close(self.master)


@pytest.fixture
def plan():
    return plan_talk(load_talk(EXAMPLE))


@pytest.mark.slow
def test_scripted_rehearsal_in_a_real_terminal_is_logged_and_reported(plan, tmp_path: Path):
    out = tmp_path / "out"
    term = Terminal(["rehearse", str(EXAMPLE), "--out", str(out)])
    total = len(plan.slides)
    at = term.wait_for("Press any key to begin", 0)
    time.sleep(0.3)
    assert not (out / "rehearsals").exists(), "nothing is logged before the first key"
    term.press(b"x")  # any key begins, and does nothing else
    at = term.wait_for(f"Slide 1 of {total}", at)
    script = [
        (b" ", 2),
        (b"\x1b[C", 3),
        (b"\r", 4),
        (b"\x1b[D", 3),
        (b"b", 2),
        (b"n", None),
        (b"\n", 3),
    ]
    for keys, expect in script:
        term.press(keys)
        if expect is not None:
            at = term.wait_for(f"Slide {expect} of {total}", at)
    term.press(b"p")
    at = term.wait_for("PAUSED", at)
    term.press(b"p")
    term.press(b"q")
    term.wait_for("Saved", at)
    assert term.close() == 0

    logs = list((out / "rehearsals").glob("*.jsonl"))
    assert len(logs) == 1
    records = [json.loads(line) for line in logs[0].read_text(encoding="utf-8").splitlines()]
    assert records[0]["event"] == "start" and len(records[0]["slides"]) == total
    assert [(r["event"], r.get("slide")) for r in records[1:]] == [
        ("show", 1),
        ("show", 2),
        ("show", 3),
        ("show", 4),
        ("show", 3),
        ("show", 2),
        ("show", 3),
        ("pause", None),
        ("resume", None),
        ("finish", None),
    ]
    times = [r["t"] for r in records[1:]]
    assert times == sorted(times)

    rehearsals, problems = load_rehearsals(out / "rehearsals")
    # q on slide 3: a partial rehearsal that reached slide 4 and stopped on slide 3.
    assert problems == [] and len(rehearsals) == 1 and not rehearsals[0].complete
    assert rehearsals[0].stopped_on.number == 3
    from click.testing import CliRunner

    from talkgen.cli import cli

    # Keys pressed in a blink: a click-through, listed but left out unless asked for.
    result = CliRunner().invoke(cli, ["timing", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 0 and f"rehearsal {logs[0].stem} is left out" in result.stdout
    result = CliRunner().invoke(
        cli, ["timing", str(EXAMPLE), "--out", str(out), "--all-rehearsals"]
    )
    assert result.exit_code == 0 and "Rehearsed" in result.stdout
    report = json.loads((out / "timing.json").read_text(encoding="utf-8"))
    assert report["rehearsals"][0]["name"] == logs[0].stem
    assert all(s["rehearsed_seconds"][0] is not None for s in report["slides"][:4])
    assert all(s["rehearsed_seconds"][0] is None for s in report["slides"][4:])
    assert [s["latest_partial"] for s in report["slides"][:4]] == [False, False, True, False]


@pytest.mark.slow
def test_ctrl_c_keeps_what_was_rehearsed(plan, tmp_path: Path) -> None:
    out = tmp_path / "out"
    term = Terminal(["rehearse", str(EXAMPLE), "--out", str(out)])
    at = term.wait_for("Press any key to begin", 0)
    term.press(b" ")
    at = term.wait_for(f"Slide 1 of {len(plan.slides)}", at)
    term.press(b" ")
    at = term.wait_for(f"Slide 2 of {len(plan.slides)}", at)
    term.press(b"\x03")  # Ctrl-C: the terminal sends SIGINT
    term.wait_for("Saved", at)
    assert term.close() == 0
    (log,) = (out / "rehearsals").glob("*.jsonl")
    events = [json.loads(line)["event"] for line in log.read_text().splitlines()]
    assert events == ["start", "show", "show", "finish"]


@pytest.mark.slow
def test_a_closed_terminal_keeps_what_was_rehearsed(plan, tmp_path: Path) -> None:
    out = tmp_path / "out"
    term = Terminal(["rehearse", str(EXAMPLE), "--out", str(out)])
    at = term.wait_for("Press any key to begin", 0)
    term.press(b" ")
    at = term.wait_for(f"Slide 1 of {len(plan.slides)}", at)
    term.press(b" ")
    term.wait_for(f"Slide 2 of {len(plan.slides)}", at)
    term.process.send_signal(signal.SIGHUP)
    term.close()
    (log,) = (out / "rehearsals").glob("*.jsonl")
    events = [json.loads(line)["event"] for line in log.read_text().splitlines()]
    assert events == ["start", "show", "show", "finish"]


@pytest.mark.slow
def test_rehearse_in_a_pipe_says_it_needs_a_terminal(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "talkgen", "rehearse", str(EXAMPLE), "--out", str(tmp_path)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "rehearse needs a terminal" in result.stderr
    assert not (tmp_path / "rehearsals").exists()


def test_the_view_shows_what_the_audience_sees_points_and_a_quote(plan) -> None:
    method = next(s for s in plan.slides if s.kind == "method")
    progress = Progress(current=method.number, on_slide=3, elapsed=70, paused=False, finished=False)
    text = _render(rehearsal_view(plan, progress))
    assert "On the slide" in text and f"• {method.points[0]}" in text
    quote_slide = next(s for s in plan.slides if s.kind == "quote")
    progress = replace(progress, current=quote_slide.number)
    text = " ".join(_render(rehearsal_view(plan, progress)).split())
    # The quote is read aloud (it counts as spoken), so the speaker sees it, with its attribution.
    assert " ".join(quote_slide.quote.text.split()[:6]) in text
    assert "— Participant" in text
    assert "Checkpoint at 1:00" in text or "Checkpoint at 2:00" in text


def test_the_view_before_the_first_key_says_how_to_begin(plan) -> None:
    from talkgen.timing.screen import waiting_view

    text = _render(waiting_view(plan, auto_advance=True))
    assert f"Ready: slide 1 of {len(plan.slides)}: {plan.slides[0].title}" in text
    assert "Press any key to begin: the clock starts then" in text
    assert "Slides move on by themselves" in text


def test_an_ignite_talk_moves_on_by_itself_in_the_terminal(tmp_path: Path) -> None:
    """The real screen loop on a pseudo-terminal, with a clock running 60 times fast: one key
    to begin, then the slides move on at 15 s each and the rehearsal finishes by itself."""
    import shutil

    from talk_variants import make_ignite

    from talkgen.timing.screen import run_rehearsal

    ignite = plan_talk(load_talk(make_ignite(shutil.copytree(EXAMPLE, tmp_path / "c"))))
    master, slave = pty.openpty()
    origin = time.monotonic()
    # The key that begins, once the screen has put the terminal in cbreak mode (a key typed
    # before that would wait in the line buffer for an enter).
    threading.Timer(0.5, os.write, (master, b" ")).start()
    screen = io.StringIO()
    try:
        path = run_rehearsal(
            ignite,
            tmp_path / "rehearsals",
            console=Console(file=screen, width=100, color_system=None, force_terminal=True),
            clock=lambda: origin + (time.monotonic() - origin) * 60,
            fd=slave,
        )
    finally:
        os.close(master)
        os.close(slave)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert records[0]["auto_advance"] is True and records[0]["view"] == "terminal"
    shows = [r for r in records if r["event"] == "show"]
    assert [r["slide"] for r in shows] == list(range(1, 21))
    assert [r["t"] for r in shows[1:]] == pytest.approx([15.0 * n for n in range(1, 20)])
    assert records[-1] == {"event": "finish", "t": 300.0, "auto": True}
    assert "(moves on by itself)" in screen.getvalue()


@pytest.mark.slow
def test_rehearse_auto_advance_in_the_terminal_runs_a_lightning_talk_by_itself(
    tmp_path: Path,
) -> None:
    """`talkgen rehearse --auto-advance` on a pseudo-terminal, on a lightning talk (not a
    fixed-time format) of three slides planned 5 s, 10 s and 9 s: one key to begin, then each
    slide moves on at its planned time and the last one's time up ends the rehearsal; the
    report reads the log."""
    import shutil

    from click.testing import CliRunner
    from talk_variants import make_short

    from talkgen.cli import cli

    folder = make_short(shutil.copytree(EXAMPLE, tmp_path / "content"))
    short = plan_talk(load_talk(folder))
    assert short.talk.info.format == "lightning"
    planned = [s.planned_seconds for s in short.slides]
    out = tmp_path / "out"
    term = Terminal(["rehearse", str(folder), "--auto-advance", "--out", str(out)])
    at = term.wait_for("Press any key to begin", 0)
    term.press(b" ")
    at = term.wait_for("Slide 1 of 3", at)
    at = term.wait_for("(moves on by itself)", 0)
    at = term.wait_for("Slide 2 of 3", at, limit=planned[0] + 30)
    at = term.wait_for("Slide 3 of 3", at, limit=planned[1] + 30)
    term.wait_for("Saved", at, limit=planned[2] + 30)
    assert term.close() == 0

    (log,) = (out / "rehearsals").glob("*.jsonl")
    start, *events = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert start["auto_advance"] is True and start["view"] == "terminal"
    ends = [sum(planned[:n]) for n in range(4)]
    assert events == [
        {"event": "show", "t": 0.0, "slide": 1},
        {"event": "show", "t": ends[1], "slide": 2, "auto": True},
        {"event": "show", "t": ends[2], "slide": 3, "auto": True},
        {"event": "finish", "t": ends[3], "auto": True},
    ]
    result = CliRunner().invoke(cli, ["timing", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "timing.json").read_text(encoding="utf-8"))
    (run,) = report["rehearsals"]
    assert run["name"] == log.stem and run["counted"] and run["complete"]
    assert [s["rehearsed_seconds"] for s in report["slides"]] == [[p] for p in planned]
    # A run the clock moved on measures no pace and asks for no change of words.
    assert run["pace_wpm"] is None and report["measured_pace_wpm"] is None
