"""The rehearsal screen: a full-screen terminal view over `RehearsalEngine`.

This is the thin shell: it reads keys, asks the clock, writes each event to the log as it
happens and draws the engine's `Progress`. Everything it decides is in `key_actions` and
`rehearsal_view`, both pure, so the tests check them without a terminal.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import termios
import time
import tty
from collections.abc import Callable
from pathlib import Path

from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.text import Text

from talkgen.console import stdout
from talkgen.content.model import format_duration
from talkgen.errors import Problem, TalkgenError
from talkgen.plan import Plan, SlidePlan
from talkgen.timing.rehearsal import Progress, RehearsalSession
from talkgen.timing.views import (
    checkpoint_text,
    clock_level,
    next_checkpoint,
    notes_paragraphs,
    quote_lines,
    standing,
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
    # Home and End, as xterm, VT220 and rxvt send them.
    **dict.fromkeys((b"\x1b[H", b"\x1bOH", b"\x1b[1~", b"\x1b[7~"), "first"),
    **dict.fromkeys((b"\x1b[F", b"\x1bOF", b"\x1b[4~", b"\x1b[8~"), "last"),
    **{str(d).encode(): str(d) for d in range(10)},
}
HELP = "space, enter, → next · ←, b back · p pause · q finish · 7 enter: slide 7 · Home/End"
# The most digits a slide number being typed keeps.
MAX_TYPED = 3


def key_actions(data: bytes) -> list[str]:
    """The keys in bytes read from the terminal: actions (`next`, `back`, `pause`, `finish`,
    `first`, `last`), digits ("0"-"9") and `escape`; other keys and escape sequences are
    ignored."""
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
            elif data[i] == 0x1B:  # Esc alone: forget a slide number being typed
                actions.append("escape")
            i += 1
    return actions


def typed_actions(keys: list[str], typed: str) -> tuple[list[tuple[str, int | None]], str]:
    """Keys (from `key_actions`) and the slide number typed so far -> the session's actions
    (each with the slide for `go`) and the number still being typed. Digits make a number; a
    key that moves on (enter, space, →) then goes to that slide; escape forgets it, and any
    other key forgets it and does what it does."""
    actions: list[tuple[str, int | None]] = []
    for key in keys:
        if key.isdigit():
            typed = (typed + key).lstrip("0")[-MAX_TYPED:]
        elif key == "next" and typed:
            actions.append(("go", int(typed)))
            typed = ""
        else:
            typed = ""
            if key != "escape":
                actions.append((key, None))
    return actions, typed


def clock_style(seconds: float, planned: float) -> str:
    """The colour of a clock against its plan: green, amber when near, red when past it."""
    return {"ok": "bold green", "near": "bold yellow", "over": "bold red"}[
        clock_level(seconds, planned)
    ]


def slide_text(plan: Plan, slide: SlidePlan) -> Text:
    """What the audience sees on a slide, as text: a quote slide's quote with its attribution,
    and the slide's points (the title is in the header)."""
    text = Text()
    quote = quote_lines(plan, slide)
    if quote is not None:
        text.append(quote[0], style="italic")
        text.append(f"\n— {quote[1]}", style="dim")
    for point in slide.points:
        if text:
            text.append("\n")
        text.append(f"• {point}")
    return text


def waiting_view(plan: Plan, auto_advance: bool) -> Group:
    """The screen before the rehearsal begins: the first slide, and which key starts the clock."""
    first = plan.slides[0]
    header = Text(f"Ready: slide 1 of {len(plan.slides)}: {first.title}", style="bold")
    start = Text(
        "Press any key to begin: the clock starts then (q or Ctrl-C leaves without a rehearsal)",
        style="bold green",
    )
    parts = [header, Text(""), start]
    if auto_advance:
        parts.append(Text("Slides move on by themselves at their planned times.", style="dim"))
    parts += [Text(""), Text(f"Talk        {format_duration(plan.duration_seconds)} planned")]
    return Group(*parts)


def rehearsal_view(
    plan: Plan,
    progress: Progress,
    log_path: Path | None = None,
    auto_advance: bool = False,
    typed: str = "",
) -> Group:
    """What the screen shows at one moment (`typed`: a slide number being typed)."""
    slide = plan.slides[progress.current - 1]
    following = plan.slides[progress.current] if progress.current < len(plan.slides) else None
    where = standing(plan, progress)
    header = Text(f"Slide {slide.number} of {len(plan.slides)}: {slide.title}", style="bold")
    if progress.paused:
        header.append("   PAUSED (p to resume)", style="bold reverse yellow")
    if typed:
        header.append(f"   go to slide {typed}: enter (esc: never mind)", style="bold cyan")
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
    total.append(f"   plan: {format_duration(where.expected)} · {where.text}")
    checkpoint = Text(
        "Checkpoint  " + checkpoint_text(next_checkpoint(plan, progress.elapsed)), style="dim"
    )
    upcoming = Text(
        "Next        " + (following.title if following else "(the end: q finishes)"), style="dim"
    )
    if auto_advance:
        upcoming.append("   (moves on by itself)")
    shown = slide_text(plan, slide)
    on_screen = [Panel(shown, title="On the slide", title_align="left")] if shown else []
    notes = Panel(
        Text("\n\n".join(notes_paragraphs(slide.notes)) or "(no notes for this slide)"),
        title="Notes",
        title_align="left",
    )
    footer = Text(HELP + (f"\nlogging to {log_path}" if log_path else ""), style="dim")
    return Group(
        header, Text(""), on_slide, total, checkpoint, upcoming, Text(""), *on_screen, notes, footer
    )


class _Hangup(Exception):
    """The terminal went away (SIGHUP) or we were asked to stop (SIGTERM)."""


def run_rehearsal(
    plan: Plan,
    rehearsals_dir: Path,
    console: Console | None = None,
    clock: Callable[[], float] = time.monotonic,
    fd: int = 0,
    auto_advance: bool = False,
) -> Path | None:
    """Run a rehearsal on the terminal at `fd`: it waits for a key, then runs until `q`, the
    last slide's next, Ctrl-C or a hang-up; every event is appended to a new log in
    `rehearsals_dir`. Fixed-time formats (and any talk with `auto_advance`) move on by
    themselves. Returns the log path, or None when it ended before the first key."""
    if not os.isatty(fd):
        raise TalkgenError(
            Problem(
                None,
                None,
                "rehearse needs a terminal to read keys from",
                "run `talkgen rehearse` in a terminal window, not a pipe, or use --browser",
            )
        )
    console = console or stdout()
    session = RehearsalSession(
        plan, rehearsals_dir, clock=clock, view="terminal", auto_advance=auto_advance
    )
    moving = session.advance_after is not None
    typed = ""  # a slide number being typed

    def hang_up(signum: int, frame: object) -> None:
        raise _Hangup(signum)

    saved_terminal = termios.tcgetattr(fd)
    saved_handlers = {s: signal.signal(s, hang_up) for s in (signal.SIGHUP, signal.SIGTERM)}
    try:
        # cbreak, not raw: keys arrive one by one unechoed, and Ctrl-C still interrupts.
        tty.setcbreak(fd)
        with Live(console=console, screen=True, auto_refresh=False) as live:
            while not session.finished:
                session.tick()
                state = session.progress()
                view = (
                    waiting_view(plan, moving)
                    if state is None
                    else rehearsal_view(plan, state, session.log_path, moving, typed)
                )
                live.update(view, refresh=True)
                ready, _, _ = select.select([fd], [], [], 0.2)
                if not ready:
                    continue
                data = os.read(fd, 64)
                if not data:  # end of input: the terminal is gone
                    break
                if not session.started:
                    if key_actions(data)[:1] == ["finish"]:
                        break
                    session.begin()  # any key begins, and does nothing else
                    continue
                actions, typed = typed_actions(key_actions(data), typed)
                for action, slide in actions:
                    session.act(action, slide)
    except (KeyboardInterrupt, _Hangup):
        pass
    finally:
        session.close()
        with contextlib.suppress(termios.error):  # the terminal may already be gone
            termios.tcsetattr(fd, termios.TCSADRAIN, saved_terminal)
        for number, handler in saved_handlers.items():
            signal.signal(number, handler)
    return session.log_path
