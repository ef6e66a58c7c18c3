"""The rehearsal screen: a full-screen terminal view over `RehearsalEngine`.

This is the thin shell: it reads keys, asks the clock, writes each event to the log as it
happens and draws the engine's `Progress`. Everything it decides is in `key_actions` and
`rehearsal_view`, both pure, so the tests check them without a terminal.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import termios
import time
import tty
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.text import Text

from talkgen.console import stdout
from talkgen.content.model import format_duration
from talkgen.errors import Problem, TalkgenError
from talkgen.plan import Plan
from talkgen.timing.rehearsal import (
    Progress,
    RehearsalEngine,
    RehearsalLog,
    new_log_path,
    start_record,
)

# Byte sequences a terminal sends for each key we use (arrows in both ANSI and "application
# cursor" modes), longest first so an arrow is not read as a lone escape.
KEYS: dict[bytes, str] = {
    b"\x1b[C": "next",
    b"\x1bOC": "next",
    b"\x1b[D": "back",
    b"\x1bOD": "back",
    b" ": "next",
    b"\r": "next",
    b"\n": "next",
    b"b": "back",
    b"B": "back",
    b"p": "pause",
    b"P": "pause",
    b"q": "finish",
    b"Q": "finish",
}
HELP = "space, enter, → next · ←, b back · p pause · q finish"
# When the time on a slide passes this share of its plan, the clock turns amber; past 100 %, red.
NEARING = 0.8


def key_actions(data: bytes) -> list[str]:
    """The actions (`next`, `back`, `pause`, `finish`) in bytes read from the terminal; other
    keys and escape sequences are ignored."""
    actions, i = [], 0
    while i < len(data):
        for sequence in sorted(KEYS, key=len, reverse=True):
            if data.startswith(sequence, i):
                actions.append(KEYS[sequence])
                i += len(sequence)
                break
        else:
            # An unknown escape sequence (another arrow, a function key) is skipped whole.
            if data[i : i + 2] in (b"\x1b[", b"\x1bO"):
                i += 2
                while i < len(data) and not 0x40 <= data[i] <= 0x7E:
                    i += 1
            i += 1
    return actions


def clock_style(seconds: float, planned: float) -> str:
    """The colour of a clock against its plan: green, amber when near, red when past it."""
    if seconds > planned:
        return "bold red"
    return "bold yellow" if seconds >= NEARING * planned else "bold green"


def rehearsal_view(plan: Plan, progress: Progress, log_path: Path | None = None) -> Group:
    """What the screen shows at one moment."""
    slide = plan.slides[progress.current - 1]
    following = plan.slides[progress.current] if progress.current < len(plan.slides) else None
    expected = slide.start_seconds + min(progress.on_slide, slide.planned_seconds)
    drift = progress.elapsed - expected
    drift_text = (
        "on plan"
        if abs(drift) < 1
        else f"{abs(drift):.0f} s {'behind' if drift > 0 else 'ahead of'} plan"
    )
    header = Text(f"Slide {slide.number} of {len(plan.slides)}: {slide.title}", style="bold")
    if progress.paused:
        header.append("   PAUSED (p to resume)", style="bold reverse yellow")
    on_slide = Text("This slide  ")
    on_slide.append(
        f"{format_duration(progress.on_slide)} / {format_duration(slide.planned_seconds)}",
        style=clock_style(progress.on_slide, slide.planned_seconds),
    )
    total = Text("Talk        ")
    total.append(
        f"{format_duration(progress.elapsed)} / {format_duration(plan.duration_seconds)}",
        style=clock_style(progress.elapsed, plan.duration_seconds),
    )
    total.append(f"   plan: {format_duration(expected)} · {drift_text}")
    upcoming = Text(
        "Next        " + (following.title if following else "(the end: q finishes)"), style="dim"
    )
    notes = Panel(
        Text(_reflow(slide.notes) or "(no notes for this slide)"), title="Notes", title_align="left"
    )
    footer = Text(HELP + (f"\nlogging to {log_path}" if log_path else ""), style="dim")
    return Group(header, Text(""), on_slide, total, upcoming, Text(""), notes, footer)


def _reflow(notes: str) -> str:
    """Notes as paragraphs the screen can wrap to its width: the line breaks of the content
    file are not the speaker's, blank lines (even with spaces on them) are."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", notes or "")]
    return "\n\n".join(p for p in paragraphs if p)


class _Hangup(Exception):
    """The terminal went away (SIGHUP) or we were asked to stop (SIGTERM)."""


def run_rehearsal(
    plan: Plan,
    rehearsals_dir: Path,
    console: Console | None = None,
    clock: Callable[[], float] = time.monotonic,
    fd: int = 0,
) -> Path:
    """Run a rehearsal on the terminal at `fd` until `q`, the last slide's next, Ctrl-C or a
    hang-up; every event is appended to a new log in `rehearsals_dir`. Returns the log path."""
    if not os.isatty(fd):
        raise TalkgenError(
            Problem(
                None,
                None,
                "rehearse needs a terminal to read keys from",
                "run `talkgen rehearse` in a terminal window, not a pipe",
            )
        )
    console = console or stdout()
    started = datetime.now(UTC)
    log = RehearsalLog(new_log_path(rehearsals_dir, started))
    log.write(start_record(plan, started))
    engine = RehearsalEngine(len(plan.slides), clock())
    log.write_events(engine.events)

    def hang_up(signum: int, frame: object) -> None:
        raise _Hangup(signum)

    saved_terminal = termios.tcgetattr(fd)
    saved_handlers = {s: signal.signal(s, hang_up) for s in (signal.SIGHUP, signal.SIGTERM)}
    try:
        # cbreak, not raw: keys arrive one by one unechoed, and Ctrl-C still interrupts.
        tty.setcbreak(fd)
        with Live(console=console, screen=True, auto_refresh=False) as live:
            while not engine.finished:
                live.update(rehearsal_view(plan, engine.progress(clock()), log.path), refresh=True)
                ready, _, _ = select.select([fd], [], [], 0.2)
                if not ready:
                    continue
                data = os.read(fd, 64)
                if not data:  # end of input: the terminal is gone
                    break
                for action in key_actions(data):
                    method = {
                        "next": engine.next,
                        "back": engine.back,
                        "pause": engine.toggle_pause,
                        "finish": engine.finish,
                    }[action]
                    log.write_events(method(clock()))
    except (KeyboardInterrupt, _Hangup):
        pass
    finally:
        log.write_events(engine.finish(clock()))
        log.close()
        with contextlib.suppress(termios.error):  # the terminal may already be gone
            termios.tcsetattr(fd, termios.TCSADRAIN, saved_terminal)
        for number, handler in saved_handlers.items():
            signal.signal(number, handler)
    return log.path
