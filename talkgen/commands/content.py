"""`talkgen init` and `talkgen validate`: start a content folder, and check one."""

from __future__ import annotations

from pathlib import Path

import click

from talkgen.build import check_talk
from talkgen.cli import content_argument
from talkgen.console import show_problems, stdout
from talkgen.content.model import format_duration
from talkgen.scaffold import scaffold


@click.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Create DIR with a small talk that validates: a talk file, three themes, participants
    and quotes, each commented so you can replace them with your own.

    \b
    Example:
      talkgen init my-talk && talkgen validate my-talk
    """
    written = scaffold(folder)
    click.echo(
        f"Created {folder}/ with {len(written)} files. Next: edit {folder}/talk.yaml, "
        f"then run `talkgen validate {folder}`."
    )


@click.command()
@content_argument
@click.option(
    "--strict", is_flag=True, help="Treat warnings (e.g. personal data in quotes) as errors."
)
def validate(folder: Path, strict: bool) -> None:
    """Check the content folder DIR (default `content/`) and summarise it.

    Every problem is listed as `file:line: what is wrong — how to fix it`; the exit status is 2
    when there is any.

    \b
    Example:
      talkgen validate content/
    """
    talk, plan, warnings = check_talk(folder, strict=strict)
    out = stdout()
    info = talk.info
    out.print(f"[bold]{info.title}[/] — {info.speaker}, {info.event}")
    out.print(f"  themes:          {len(talk.themes)}")
    out.print(f"  quotes:          {len(talk.quotes)} ({len(talk.featured_quotes)} featured)")
    out.print(f"  participants:    {len(talk.participants)}")
    out.print(f"  slides:          {len(plan.slides)} ({info.format})")
    out.print(
        f"  planned length:  {format_duration(plan.planned_total)} of "
        f"{format_duration(plan.duration_seconds)}"
    )
    show_problems(warnings)
    out.print("OK" if not warnings else f"OK with {len(warnings)} warning(s)")


COMMANDS = [init, validate]
