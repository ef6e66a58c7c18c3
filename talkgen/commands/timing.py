"""`talkgen timing`, `talkgen rehearse` and `talkgen rehearsals`: the timing report, a live
rehearsal (in the terminal or the browser), and the history of rehearsals."""

from __future__ import annotations

import contextlib
import shlex
from pathlib import Path

import click
from rich import box
from rich.table import Table

from talkgen.atomic import check_output_folder
from talkgen.cli import content_argument, out_option, talk_option
from talkgen.console import emphasis, say, show, show_problems
from talkgen.content import load_talk
from talkgen.content.model import PACE_MAX, PACE_MIN, format_duration
from talkgen.content.study import one_talk, output_folder
from talkgen.errors import Problem, TalkgenError
from talkgen.plan import Plan, plan_talk
from talkgen.timing.pptx_times import check_deck, read_pptx_times
from talkgen.timing.rehearsal import (
    EXCLUDED_SUFFIX,
    LOG_SUFFIX,
    Rehearsal,
    load_rehearsals,
    read_rehearsal,
)
from talkgen.timing.report import build_report, implausible, measured_pace
from talkgen.timing.writers import sentence, table_rows, write_timing_files

REHEARSALS_DIR = "rehearsals"
DEFAULT_OUT = Path("out")
# After the browser rehearsal ends, the server answers this long so the page shows the summary.
LINGER_SECONDS = 1.5


def again(command: str, folder: Path, out_dir: Path, talk: str | None, *more: str) -> str:
    """The command line to run next, repeating the options that matter (`--talk` for a talk
    of a study, `--out` when it is not the default), quoted for a shell: e.g.
    `talkgen timing nightshift --out out15`."""
    words = ["talkgen", command, str(folder)]
    if talk is not None:
        words += ["--talk", talk]
    if Path(out_dir) != DEFAULT_OUT:
        words += ["--out", str(out_dir)]
    return shlex.join([*words, *more])


report_out = out_option(
    "Folder for the report files; rehearsal logs live in its rehearsals/ folder."
)


def _pace(
    value: str | None, plan: Plan, rehearsals: list[Rehearsal], rehearse_hint: str
) -> float | None:
    """The pace the estimate should use: None (the talk's), a number, or the one measured in
    the plausible rehearsals."""
    if value is None:
        return None
    if value.strip().lower() == "measured":
        measured = measured_pace(plan, [r for r in rehearsals if implausible(plan, r) is None])
        if measured is None:
            raise TalkgenError(
                Problem(
                    None,
                    None,
                    "--pace measured: no plausible rehearsal to measure your pace from",
                    f"run `{rehearse_hint}` first",
                )
            )
        return measured
    try:
        pace = float(value)
    except ValueError:
        pace = float("nan")
    if not PACE_MIN <= pace <= PACE_MAX:
        raise TalkgenError(
            Problem(
                None,
                None,
                f"--pace {value}: not a speaking pace",
                f"give words per minute from {PACE_MIN} to {PACE_MAX} (e.g. 130), or `measured`",
            )
        )
    return pace


@click.command()
@content_argument
@report_out
@click.option(
    "--check",
    is_flag=True,
    help="Exit with status 1 when the notes' estimate or the latest rehearsal runs "
    "over the slot (for CI).",
)
@click.option(
    "--from-pptx",
    "deck",
    type=click.Path(path_type=Path),
    metavar="DECK.pptx",
    help="Also report the per-slide times PowerPoint saved in DECK.pptx after its "
    "Rehearse Timings.",
)
@click.option(
    "--pace",
    metavar="WPM|measured",
    help="Estimate at this many words per minute, or at your pace measured in "
    "rehearsals (default: the pace in talk.yaml).",
)
@click.option(
    "--all-rehearsals",
    is_flag=True,
    help="Count implausible rehearsals (click-throughs, impossible paces) too.",
)
@talk_option
@click.pass_context
def timing(
    ctx: click.Context,
    folder: Path,
    out_dir: Path,
    check: bool,
    deck: Path | None,
    pace: str | None,
    all_rehearsals: bool,
    talk_name: str | None,
) -> None:
    """Compare the plan for the talk in DIR (default `content/`) with the time its notes take
    to say and with your rehearsals; write OUT/timing.{md,csv,json,html}.

    Rehearsals are read from OUT/rehearsals/ (see `talkgen rehearse`; `talkgen rehearsals`
    lists them). A rehearsal that cannot be real (most slides under a fifth of their plan, or a
    pace outside 60-250 words per minute) is listed but left out of the advice. A damaged log
    line is reported and skipped, and the exit status is then 2.

    \b
    Examples:
      talkgen timing content/
      talkgen timing content/ --check                 # in CI: exit 1 on an overrun
      talkgen timing content/ --from-pptx talk.pptx   # PowerPoint's rehearsed timings
      talkgen timing content/ --pace measured
    """
    name = one_talk(folder, talk_name, "timing")
    check_output_folder(folder, out_dir)
    talk_out = output_folder(out_dir, name)
    plan = plan_talk(load_talk(folder, talk=name))
    rehearsals, problems = load_rehearsals(talk_out / REHEARSALS_DIR)
    if deck is not None:
        from_deck = read_pptx_times(deck)
        check_deck(plan, from_deck)
        rehearsals.append(from_deck)
    chosen_pace = _pace(pace, plan, rehearsals, again("rehearse", folder, out_dir, name))
    report = build_report(plan, rehearsals, chosen_pace, include_implausible=all_rehearsals)
    problems += report.problems
    written = write_timing_files(report, talk_out)

    say(emphasis(sentence(report.headline)))
    header, rows = table_rows(report)
    table = Table(title=f"Timing: {report.title}", show_lines=False)
    for name in header:
        # Times never wrap; the title takes what width is left, folding onto more lines.
        if name == "Slide":
            table.add_column(name, min_width=18, ratio=1)
        else:
            table.add_column(name, no_wrap=True, justify="right")
    for row in rows:
        table.add_row(*row, style="bold" if row[1] == "Total" and not row[0] else None)
    show(table)
    for warning in report.warnings:
        say(f"! {warning}")
    if report.rescue:
        say(report.rescue)
    say(f"Wrote {', '.join(str(p) for p in written)}")
    errors = [p for p in problems if p.severity == "error"]
    show_problems(problems)
    if errors:
        ctx.exit(2)
    if check and report.overruns:
        ctx.exit(1)


@click.command()
@content_argument
@report_out
@click.option(
    "--browser",
    is_flag=True,
    help="Rehearse in the browser: the slides as the audience sees them, notes in large "
    "type, clocks (a page on 127.0.0.1 only you can open).",
)
@click.option(
    "--no-open",
    is_flag=True,
    help="With --browser: print the page's address instead of opening the browser.",
)
@click.option(
    "--auto-advance",
    is_flag=True,
    help="Move on to the next slide by itself at each slide's planned time (Ignite and "
    "PechaKucha talks always do).",
)
@talk_option
def rehearse(
    folder: Path,
    out_dir: Path,
    browser: bool,
    no_open: bool,
    auto_advance: bool,
    talk_name: str | None,
) -> None:
    """Rehearse the talk in DIR: the slide, its notes, its clock against the plan, the talk's
    clock against where the plan says you should be, the next checkpoint and the next slide.

    \b
    The clock starts with the first key press (or click). Keys: space, enter, → (or
    PageDown, a clicker's next) next · ←, b (PageUp) back · p pause/resume · q finish.
    Every event is saved at once to OUT/rehearsals/<start time>.jsonl, so Ctrl-C, a closed
    terminal or tab, or a crash loses nothing. Then run `talkgen timing` for the report.

    \b
    Examples:
      talkgen rehearse content/                       # full-screen in the terminal
      talkgen rehearse content/ --browser             # the slides, in your browser
      talkgen rehearse content/ --browser --no-open   # print the page's address instead
      talkgen rehearse content/ --auto-advance        # slides move on at their planned times
    """
    if no_open and not browser:
        raise TalkgenError(
            Problem(None, None, "--no-open goes with --browser", "add --browser, or drop --no-open")
        )
    name = one_talk(folder, talk_name, "rehearse")
    check_output_folder(folder, out_dir)
    plan = plan_talk(load_talk(folder, talk=name))
    talk_out = output_folder(out_dir, name)
    report_hint = again("timing", folder, out_dir, name)
    if browser:
        stale = _stale_deck_warning(plan, folder, out_dir, talk_out, name)
        if stale is not None:
            show_problems([stale])
        path = _rehearse_in_browser(
            plan,
            folder,
            talk_out,
            name,
            no_open,
            auto_advance,
            report_hint,
            stale.format(Path.cwd()) if stale else "",
            _rebuild_command(folder, out_dir, talk_out, name),
        )
    else:
        from talkgen.timing.screen import run_rehearsal

        path = run_rehearsal(plan, talk_out / REHEARSALS_DIR, auto_advance=auto_advance)
    if path is None:
        say("No rehearsal: it ended before the first key.")
        return
    rehearsal, problems = read_rehearsal(path)
    show_problems(problems)
    if rehearsal is not None:
        for slide, planned in zip(rehearsal.slides, plan.slides, strict=True):
            seconds = "—" if slide.seconds is None else format_duration(slide.seconds)
            say(
                f"{slide.number:>3}  {seconds:>6} of "
                f"{format_duration(planned.planned_seconds):>5}  {slide.title}"
                f"{' (partial)' if slide.partial else ''}"
            )
        if rehearsal.complete:
            ending = ""
        else:
            ending = " (skipped slides)" if rehearsal.skipped else " (stopped early)"
        say(
            f"Total {format_duration(rehearsal.total)} of "
            f"{format_duration(plan.duration_seconds)}{ending}"
        )
        why = implausible(plan, rehearsal)
        if why:
            drop = again("rehearsals", folder, out_dir, name, "--drop", "last")
            say(
                f"! Not a plausible run ({why}): the report leaves it out of the advice; "
                f"`{drop}` deletes it."
            )
    say(f"Saved {path}; run `{report_hint}` for the report.")


def _rehearse_in_browser(
    plan: Plan,
    folder: Path,
    talk_out: Path,
    name: str | None,
    no_open: bool,
    auto_advance: bool,
    report_hint: str,
    warning: str,
    rebuild: str,
) -> Path | None:
    """Serve the browser view until the rehearsal ends or Ctrl-C; the log's path, if begun.
    `warning` is shown at the top of the page (a deck older than the content); `rebuild` is
    the command that rebuilds the deck."""
    import time
    import webbrowser

    from talkgen.timing.browser import RehearsalServer

    pictures, note = _pictures_source(plan, folder, talk_out, name)
    if note:
        say(f"note: {note}", err=True)
    server = RehearsalServer(
        plan,
        talk_out / REHEARSALS_DIR,
        pictures=pictures,
        note=note,
        auto_advance=auto_advance,
        after=f"run `{report_hint}` for the report.",
        warning=warning,
        rebuild=rebuild,
    )
    with server:
        # The address on a line of its own, so it can be copied or read by a script.
        say(server.url)
        say(f"Projector window (only the slide): {server.projector_url}", err=True)
        say(
            "The clock starts with your first key press or click on the page; "
            "Ctrl-C here ends the rehearsal.",
            err=True,
        )
        if not no_open and not webbrowser.open(server.url):
            say("Could not open a browser: open the address above.", err=True)
        try:
            server.wait()
            time.sleep(LINGER_SECONDS)  # let the page show the summary before the server stops
        except KeyboardInterrupt:
            pass
    return server.log_path


def _rebuild_command(folder: Path, out_dir: Path, talk_out: Path, name: str | None) -> str:
    """The command that rebuilds the deck in OUT as it was last built: `--talk`, `--out`, and
    the `--template` and `--auto-advance` its build record names."""
    from talkgen.build import deck_record

    built = deck_record(talk_out)
    options: list[str] = []
    if built is not None and built.template:
        template = Path(built.template)
        with contextlib.suppress(ValueError):
            template = template.relative_to(Path.cwd())
        options += ["--template", str(template)]
    if built is not None and built.auto_advance:
        options.append("--auto-advance")
    return again("build", folder, out_dir, name, *options)


def _stale_deck_warning(
    plan: Plan, folder: Path, out_dir: Path, talk_out: Path, name: str | None
) -> Problem | None:
    """A warning when the deck in OUT, whose slides the browser view pictures, was built
    before the content last changed, with the command that rebuilds it as it was built."""
    from talkgen.build import stale_deck

    if stale_deck(plan.talk, talk_out) is None:
        return None
    return Problem(
        talk_out / f"{plan.talk.info.file_slug}.pptx",
        None,
        "the deck was built before the content last changed, so the rehearsal page shows its "
        "old slides (the notes, clocks and plan are the new ones)",
        f"rebuild it: `{_rebuild_command(folder, out_dir, talk_out, name)}`, and rehearse again",
        severity="warning",
    )


def _pictures_source(plan: Plan, folder: Path, talk_out: Path, name: str | None):
    """How the browser view gets the slides' pictures (a function run in the background), and
    a note for the speaker when it cannot (no LibreOffice)."""
    from talkgen.processes import find_libreoffice

    if find_libreoffice() is None:
        return None, (
            "LibreOffice is not installed, so the page shows each slide's text instead of its "
            "picture: install it (Debian/Ubuntu: sudo apt-get install libreoffice-impress; "
            "macOS: brew install --cask libreoffice; Windows: https://www.libreoffice.org) "
            "and rehearse again"
        )
    deck = talk_out / f"{plan.talk.info.file_slug}.pptx"

    def draw():
        from talkgen.charts.browser_cache import cache_root
        from talkgen.timing.pictures import slide_pictures

        if not deck.is_file():
            from talkgen.build import BuildOptions, build_talk

            # No deck yet: build it as `talkgen deck` would (a deck already there, perhaps on
            # the speaker's own template, is used as it is).
            out_dir = talk_out.parent if name else talk_out
            options = BuildOptions(out_dir=out_dir, only=frozenset({"charts", "deck"}))
            build_talk(folder, options, talk_name=name)
        return slide_pictures(deck, cache_root())

    return draw, ""


@click.command()
@content_argument
@report_out
@click.option("--drop", metavar="NAME", help="Delete this rehearsal's log (asks first).")
@click.option(
    "--exclude", metavar="NAME", help="Leave this rehearsal out of the report (keeps its log)."
)
@click.option("--include", metavar="NAME", help="Count an excluded rehearsal again.")
@click.option("--yes", is_flag=True, help="With --drop: do not ask.")
@talk_option
def rehearsals(
    folder: Path,
    out_dir: Path,
    drop: str | None,
    exclude: str | None,
    include: str | None,
    yes: bool,
    talk_name: str | None,
) -> None:
    """List the rehearsals of the talk in DIR (in OUT/rehearsals/): when, how long, complete
    or partial, plausible or not, excluded or counted; drop or exclude one.

    NAME is a rehearsal's number in the list, its log's name, or `last`. A rehearsal that is
    not plausible (most slides under a fifth of their plan: a click-through; or a pace
    outside 60-250 words per minute) is left out of the report's advice and measured pace;
    an excluded one is left out of the report altogether (its log is renamed *.jsonl.excluded).

    \b
    Examples:
      talkgen rehearsals content/
      talkgen rehearsals content/ --drop last         # a false start
      talkgen rehearsals content/ --exclude 2         # keep it, but do not count it
      talkgen rehearsals content/ --include 2
    """
    name = one_talk(folder, talk_name, "rehearsals")
    plan = plan_talk(load_talk(folder, talk=name))
    folder_of_logs = output_folder(out_dir, name) / REHEARSALS_DIR
    chosen = [o for o in (drop, exclude, include) if o is not None]
    if len(chosen) > 1:
        raise TalkgenError(
            Problem(None, None, "give one of --drop, --exclude, --include at a time", "run again")
        )
    runs = _runs(folder_of_logs)
    if chosen:
        path = _pick(runs, chosen[0], again("rehearsals", folder, out_dir, name))
        excluded = path.name.endswith(EXCLUDED_SUFFIX)
        if drop is not None:
            if not yes:
                click.confirm(f"Delete the rehearsal {path.name}?", abort=True, err=True)
            path.unlink()
            say(f"Deleted {path}")
        elif exclude is not None:
            if excluded:
                say(f"{path.name} is already excluded")
            else:
                target = path.with_name(path.name + EXCLUDED_SUFFIX)
                path.rename(target)
                say(f"Excluded {path.name} (kept as {target})")
        elif not excluded:
            say(f"{path.name} is already counted")
        else:
            target = path.with_name(path.name.removesuffix(EXCLUDED_SUFFIX))
            path.rename(target)
            say(f"Counted {target.name} again")
        runs = _runs(folder_of_logs)
    if not runs:
        say(f"No rehearsals in {folder_of_logs}: run `{again('rehearse', folder, out_dir, name)}`.")
        return
    table = Table(title=f"Rehearsals: {plan.talk.info.title}", box=box.SIMPLE_HEAD)
    for column in ("#", "Started", "Length", "Run", "Plausible", "Counted"):
        table.add_column(column, no_wrap=True)
    notes: list[str] = []
    all_problems: list[Problem] = []
    for number, path in enumerate(runs, start=1):
        rehearsal, problems = read_rehearsal(path)
        all_problems += problems
        excluded = path.name.endswith(EXCLUDED_SUFFIX)
        if rehearsal is None:
            table.add_row(str(number), "?", "?", "unreadable", "", "no")
            continue
        stop = rehearsal.stopped_on
        run = (
            "complete"
            if rehearsal.complete
            else f"partial, to {stop.number}"
            if stop
            else f"partial, skipped {len(rehearsal.skipped)}"
            if rehearsal.skipped
            else "partial"
        )
        why = implausible(plan, rehearsal)
        if why:
            notes.append(f"{number}: not plausible: {why}")
        if rehearsal.talk is not None and rehearsal.talk != plan.talk.info.title:
            notes.append(f"{number}: a rehearsal of another talk ({rehearsal.talk})")
        table.add_row(
            str(number),
            _local(rehearsal.started),
            format_duration(rehearsal.total),
            run,
            "yes" if why is None else "no",
            "no: excluded" if excluded else "no: implausible" if why else "yes",
        )
    show(table)
    for note in notes:
        say(note)
    show_problems(all_problems)
    say(f"Logs in {folder_of_logs} (name one by its # with --drop, --exclude or --include).")
    say(f"Report: `{again('timing', folder, out_dir, name)}`")


def _runs(folder: Path) -> list[Path]:
    """The rehearsal logs in `folder`, counted and excluded, oldest first (by name: a log is
    named after its start time)."""
    if not folder.is_dir():
        return []
    logs = [*folder.glob(f"*{LOG_SUFFIX}"), *folder.glob(f"*{LOG_SUFFIX}{EXCLUDED_SUFFIX}")]
    return sorted(logs, key=lambda p: p.name)


def _pick(runs: list[Path], name: str, listing: str) -> Path:
    """The log a NAME means: a number in the list, `last`, or a log's name (with or without
    `.jsonl`). Raises `TalkgenError` naming the choices (`listing`: the command listing them)."""
    if runs and name.strip().lower() == "last":
        return runs[-1]
    if name.isdigit() and 1 <= int(name) <= len(runs):
        return runs[int(name) - 1]
    for path in runs:
        stem = path.name.removesuffix(EXCLUDED_SUFFIX).removesuffix(LOG_SUFFIX)
        if name in (path.name, stem, stem + LOG_SUFFIX):
            return path
    raise TalkgenError(
        Problem(
            None,
            None,
            f"no rehearsal '{name}'"
            + (f" (there are {len(runs)})" if runs else " (there are none yet)"),
            f"give a number from `{listing}`, a log's name, or last",
        )
    )


def _local(started: str) -> str:
    """An ISO start time as local date and time, e.g. `2026-11-25 18:30` (as given when odd)."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(started).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return started


COMMANDS = [timing, rehearse, rehearsals]
