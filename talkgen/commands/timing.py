"""`talkgen timing` and `talkgen rehearse`: the timing report, and a live rehearsal."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from talkgen.cli import content_argument, out_option, talk_option
from talkgen.console import show_problems, stdout
from talkgen.content import load_talk
from talkgen.content.model import TalkInfo, format_duration
from talkgen.content.study import one_talk, output_folder
from talkgen.errors import Problem, TalkgenError
from talkgen.plan import plan_talk
from talkgen.timing.pptx_times import read_pptx_times
from talkgen.timing.rehearsal import load_rehearsals, read_rehearsal
from talkgen.timing.report import build_report, measured_pace
from talkgen.timing.writers import table_rows, write_timing_files

REHEARSALS_DIR = "rehearsals"

report_out = out_option(
    "Folder for the report files; rehearsal logs live in its rehearsals/ folder."
)


def _pace_bounds() -> tuple[float, float]:
    """The bounds of `pace` in talk.yaml (above the first, at most the second), read from the
    model so that the option and the file cannot disagree."""
    metadata = TalkInfo.model_fields["pace"].metadata
    above = next(m.gt for m in metadata if getattr(m, "gt", None) is not None)
    at_most = next(m.le for m in metadata if getattr(m, "le", None) is not None)
    return above, at_most


def _pace(value: str | None, plan, rehearsals) -> float | None:
    """The pace the estimate should use: None (the talk's), a number, or the measured one."""
    if value is None:
        return None
    if value.strip().lower() == "measured":
        measured = measured_pace(plan, rehearsals)
        if measured is None:
            raise TalkgenError(
                Problem(
                    None,
                    None,
                    "--pace measured: no rehearsal to measure your pace from",
                    "run `talkgen rehearse` first",
                )
            )
        return measured
    try:
        pace = float(value)
    except ValueError:
        pace = float("nan")
    above, at_most = _pace_bounds()
    if not above < pace <= at_most:
        raise TalkgenError(
            Problem(
                None,
                None,
                f"--pace {value}: not a speaking pace",
                f"give words per minute over {above:g} and at most {at_most:g} (e.g. 130), "
                "or `measured`",
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
@talk_option
@click.pass_context
def timing(
    ctx: click.Context,
    folder: Path,
    out_dir: Path,
    check: bool,
    deck: Path | None,
    pace: str | None,
    talk_name: str | None,
) -> None:
    """Compare the plan for the talk in DIR (default `content/`) with the time its notes take
    to say and with your rehearsals; write OUT/timing.{md,csv,json,html}.

    Rehearsals are read from OUT/rehearsals/ (see `talkgen rehearse`). A damaged log line is
    reported and skipped, and the exit status is then 2.

    \b
    Examples:
      talkgen timing content/
      talkgen timing content/ --check                 # in CI: exit 1 on an overrun
      talkgen timing content/ --from-pptx talk.pptx   # PowerPoint's rehearsed timings
      talkgen timing content/ --pace measured
    """
    name = one_talk(folder, talk_name, "timing")
    out_dir = output_folder(out_dir, name)
    plan = plan_talk(load_talk(folder, talk=name))
    rehearsals, problems = load_rehearsals(out_dir / REHEARSALS_DIR)
    if deck is not None:
        rehearsals.append(read_pptx_times(deck))
    report = build_report(plan, rehearsals, _pace(pace, plan, rehearsals))
    problems += report.problems
    written = write_timing_files(report, out_dir)

    out = stdout()
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
    out.print(table)
    for warning in report.warnings:
        out.print(f"! {warning}")
    out.print(f"Wrote {', '.join(str(p) for p in written)}")
    errors = [p for p in problems if p.severity == "error"]
    show_problems(problems)
    if errors:
        ctx.exit(2)
    if check and report.overruns:
        ctx.exit(1)


@click.command()
@content_argument
@report_out
@talk_option
def rehearse(folder: Path, out_dir: Path, talk_name: str | None) -> None:
    """Rehearse the talk in DIR full-screen: the slide's notes, its clock against the plan,
    the talk's clock against where the plan says you should be, and the next slide.

    \b
    Keys: space, enter or → next · ← or b back · p pause/resume · q finish.
    Every key press is saved at once to OUT/rehearsals/<start time>.jsonl, so Ctrl-C or a
    closed terminal loses nothing. Then run `talkgen timing` to compare rehearsals.

    \b
    Example:
      talkgen rehearse content/
    """
    from talkgen.timing.screen import run_rehearsal

    name = one_talk(folder, talk_name, "rehearse")
    plan = plan_talk(load_talk(folder, talk=name))
    path = run_rehearsal(plan, output_folder(out_dir, name) / REHEARSALS_DIR)
    rehearsal, problems = read_rehearsal(path)
    show_problems(problems)
    out = stdout()
    if rehearsal is not None:
        for slide, planned in zip(rehearsal.slides, plan.slides, strict=True):
            seconds = "—" if slide.seconds is None else format_duration(slide.seconds)
            out.print(
                f"{slide.number:>3}  {seconds:>6} of "
                f"{format_duration(planned.planned_seconds):>5}  {slide.title}"
                f"{' (partial)' if slide.partial else ''}"
            )
        out.print(
            f"Total {format_duration(rehearsal.total)} of "
            f"{format_duration(plan.duration_seconds)}"
            f"{'' if rehearsal.complete else ' (stopped early)'}"
        )
    again = f"talkgen timing {folder}"
    if name is not None:
        again += f" --talk {name}"
    if out_dir != Path("out"):
        again += f" --out {out_dir}"
    out.print(f"Saved {path}; run `{again}` for the report.", markup=False)


COMMANDS = [timing, rehearse]
