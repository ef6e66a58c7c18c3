"""`talkgen init` and `talkgen validate`: start a content folder, and check one."""

from __future__ import annotations

from pathlib import Path

import click

from talkgen.build import BuildOptions, validate_talk
from talkgen.cli import content_argument, out_option, talk_option, template_option
from talkgen.console import emphasis, show_problems, stdout
from talkgen.content.model import format_duration
from talkgen.content.reporting import missing_items
from talkgen.content.study import choose_talks
from talkgen.scaffold import scaffold


@click.command()
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option(
    "--study",
    is_flag=True,
    help="Make a study with two talks (talks/lightning.yaml and talks/ignite.yaml) that share "
    "the research.",
)
def init(folder: Path, study: bool) -> None:
    """Create DIR with a small talk that validates: a talk file, three themes, participants
    and quotes, each commented so you can replace them with your own.

    \b
    Examples:
      talkgen init my-talk && talkgen validate my-talk
      talkgen init my-study --study && talkgen build my-study   # out/lightning, out/ignite
    """
    written = scaffold(folder, study=study)
    talk_file = f"{folder}/talks/lightning.yaml" if study else f"{folder}/talk.yaml"
    click.echo(
        f"Created {folder}/ with {len(written)} files. Next: edit {talk_file}, "
        f"then run `talkgen validate {folder}`."
    )


@click.command()
@content_argument
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings as errors (exit 2), exactly as `talkgen build --strict` does.",
)
@out_option("Where the outputs go; rehearsal logs are read from its rehearsals/ folder.")
@talk_option
@template_option(
    "Also check the talk against this template (.pptx, .potx or .pptm) and print which layout "
    "each kind of slide will use."
)
@click.option(
    "--handout-template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Check the handout with your own Typst template, as `talkgen build` would use it.",
)
def validate(
    folder: Path,
    strict: bool,
    template: Path | None,
    handout_template: Path | None,
    out_dir: Path,
    talk_name: str | None,
) -> None:
    """Check the content folder DIR (default `content/`) and summarise it, with every check
    `talkgen build` makes: the content, the plan, the charts' labels, the deck's text fit on the
    template, the handout's typesetting (Typst's warnings) and the rehearsal logs. Nothing is
    written, and Chrome is not needed.

    Every problem is listed as `file:line: what is wrong — how to fix it`; the exit status is 2
    when there is an error, or with --strict any warning. A study folder (talks/*.yaml) checks
    every talk, or the one named with --talk.

    \b
    Examples:
      talkgen validate content/
      talkgen validate content/ --strict --template corporate.pptx
      talkgen validate my-study --talk ignite
      talkgen validate content/ --template corporate.potx
      talkgen validate content/ --handout-template my-handout.typ
    """
    options = BuildOptions(
        out_dir=out_dir, template=template, handout_template=handout_template, strict=strict
    )
    for name in choose_talks(folder, talk_name):
        _validate_one(folder, options, name)


def _validate_one(folder: Path, options: BuildOptions, name: str | None) -> None:
    talk, plan, geometry, warnings = validate_talk(folder, options, talk_name=name)
    out = stdout()
    info = talk.info
    if name is not None:
        out.print(f"talk {name} ({talk.talk_file.relative_to(talk.root)})", markup=False)
    out.print(emphasis(f"{info.title} — {info.speaker}, {info.event}"))
    shown = len(talk.themes)
    if talk.themes_in_study != shown:
        out.print(f"  themes:          {shown} of the study's {talk.themes_in_study}")
    else:
        out.print(f"  themes:          {shown}")
    out.print(f"  quotes:          {len(talk.quotes)} ({len(talk.featured_quotes)} featured)")
    out.print(f"  participants:    {len(talk.participants)}")
    out.print(f"  slides:          {len(plan.slides)} ({info.format})")
    if plan.left_out:
        # The default outline drops what would be an empty slide; say so, so nothing vanishes.
        out.print(f"  left out:        {'; '.join(plan.left_out)}")
    out.print(
        f"  planned length:  {format_duration(plan.planned_total)} of "
        f"{format_duration(plan.duration_seconds)}"
    )
    out.print(f"  layouts ({geometry.template.path.name}):")
    for line in geometry.mapping():
        out.print(f"    {line}", markup=False)
    left_out = missing_items(info.method)
    if left_out:
        out.print(
            f"  reporting items left out (COREQ/SRQR; add under method: in {talk.talk_file.name}):",
            markup=False,
        )
        for item in left_out:
            out.print(f"    {item.heading.lower()} (method.{item.key})", markup=False)
    show_problems(warnings)
    out.print("OK" if not warnings else f"OK with {len(warnings)} warning(s)")


COMMANDS = [init, validate]
