"""`talkgen build`: validate, plan, charts, deck, handout and timing report in one command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from talkgen.build import STAGES, BuildOptions, BuildResult, build_talk
from talkgen.cli import content_argument, out_option, talk_option, template_option
from talkgen.console import progress, show_problems, stdout
from talkgen.content.model import format_duration
from talkgen.content.study import choose_talks
from talkgen.errors import TalkgenError


def _stages(ctx: click.Context, param: click.Parameter, value: str | None) -> frozenset[str]:
    if not value:
        return frozenset(STAGES)
    chosen = {part.strip() for part in value.split(",") if part.strip()}
    unknown = chosen - set(STAGES)
    if unknown:
        raise click.BadParameter(
            f"unknown {', '.join(sorted(unknown))}; use some of {', '.join(STAGES)}"
        )
    return frozenset(chosen)


@click.command()
@content_argument
@out_option("Folder for the outputs.")
@template_option(
    "Your own template (.pptx, .potx or .pptm); each kind of slide gets the layout that fits it "
    "(name layouts with `layouts:` in talk.yaml)."
)
@click.option(
    "--handout-template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your own Typst template for the handout.",
)
@click.option(
    "--auto-advance",
    is_flag=True,
    help="Write each slide's planned time into the deck as its auto-advance time.",
)
@click.option(
    "--only",
    callback=_stages,
    metavar="STAGES",
    help=f"Build only these, comma-separated: {','.join(STAGES)}.",
)
@click.option("--strict", is_flag=True, help="Fail (exit 2) on any warning.")
@click.option("--watch", is_flag=True, help="Rebuild whenever a content or template file changes.")
@talk_option
def build(
    folder: Path,
    talk_name: str | None,
    out_dir: Path,
    template: Path | None,
    handout_template: Path | None,
    auto_advance: bool,
    only: frozenset[str],
    strict: bool,
    watch: bool,
) -> None:
    """Build the talk in DIR (default `content/`): charts, deck, handout and timing report
    in OUT (default `out/`).

    Nothing that did not change is made again, and a failed build leaves the previous good
    files in place. A study folder (talks/*.yaml) builds every talk, each into OUT/<talk>/,
    or the one named with --talk.

    \b
    Examples:
      talkgen build                       the example talk into out/
      talkgen build my-talk --out build   another talk, another folder
      talkgen build --only deck --auto-advance
      talkgen build --watch               rebuild on every save (Ctrl-C to stop)
      talkgen build my-study --talk ignite    one talk of a study, into out/ignite/
    """
    options = BuildOptions(
        out_dir=out_dir,
        template=template,
        handout_template=handout_template,
        auto_advance=auto_advance,
        only=only,
        strict=strict,
    )
    err = sys.stderr

    def stage_line(line: str) -> None:
        err.write(f"  {line}\n")
        err.flush()

    names = choose_talks(folder, talk_name)
    if not watch:
        for name in names:
            if name is not None:
                err.write(f"talk {name}:\n")
            _summary(
                build_talk(folder, options, report=stage_line, progress=progress, talk_name=name)
            )
        return

    from talkgen.watch import watch_and_build

    def on_error(error: TalkgenError) -> None:
        show_problems(error.problems)
        err.write("build failed; the previous outputs are unchanged. Watching for changes…\n")
        err.flush()

    def on_change(paths: list[Path]) -> None:
        names = ", ".join(p.name for p in paths[:3]) + (" …" if len(paths) > 3 else "")
        err.write(f"changed: {names}; rebuilding\n")
        err.flush()

    def on_build(result: BuildResult) -> None:
        _summary(result)
        err.write("Watching for changes (Ctrl-C to stop)…\n")
        err.flush()

    watch_and_build(
        folder,
        options,
        on_build=on_build,
        on_error=on_error,
        on_change=on_change,
        talk_names=names,
    )
    err.write("stopped watching\n")


def _summary(result: BuildResult) -> None:
    out = stdout()
    main_files = [f for f in result.files if f.kind != "chart"]
    chart_files = [f for f in result.files if f.kind == "chart"]
    for built in main_files:
        state = "written" if built.rebuilt else "unchanged"
        out.print(f"{built.path}  {_size(built.size)}  ({state})")
    if chart_files:
        total = sum(f.size for f in chart_files)
        out.print(
            f"{chart_files[0].path.parent}/  {len(chart_files)} files, {_size(total)}  "
            f"({result.charts_rendered} chart(s) rendered)"
        )
    planned = format_duration(result.plan.planned_total)
    line = f"talk: {len(result.plan.slides)} slides, planned {planned}"
    if result.estimated_seconds is not None:
        line += f", estimated from notes {format_duration(result.estimated_seconds)}"
    out.print(line + f" (slot {format_duration(result.plan.duration_seconds)})")
    show_problems(result.warnings)
    if result.warnings:
        out.print(f"{len(result.warnings)} warning(s)")


def _size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


COMMANDS = [build]
