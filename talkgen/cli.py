"""The `talkgen` command line: a thin shell over the library's stage functions.

Each command parses its options, calls one library function and reports. Problems with the input
arrive as `TalkgenError` and are printed one per line with exit status 2; any other exception is
a bug, shown as one line (with the traceback under `--debug`).
"""

from __future__ import annotations

import math
import signal
import sys
import traceback
from pathlib import Path

import click

from talkgen import __version__
from talkgen.console import show_problems
from talkgen.errors import Problem, TalkgenError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class TalkgenGroup(click.Group):
    """A click group that turns talkgen's errors into one-line messages and exit status 2.

    Commands are imported when first used (see `talkgen.commands.COMMAND_MODULES`), so the
    `talkgen.commands.*` modules can import this one and a command pays only for its own."""

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: D102
        from talkgen.commands import COMMAND_MODULES

        return list(COMMAND_MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:  # noqa: D102
        from talkgen.commands import load_command

        return load_command(cmd_name)

    def invoke(self, ctx: click.Context):  # noqa: D102 - click's own method
        try:
            return super().invoke(ctx)
        except TalkgenError as exc:
            show_problems(exc.problems)
            ctx.exit(exc.exit_code)
        except click.UsageError as exc:
            # A command's options or arguments (`--theme-level 0`): one line, with the fix.
            show_problems([usage_problem(exc)])
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("talkgen: interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
            if ctx.meta.get("talkgen.debug"):
                raise
            click.echo(
                f"talkgen: internal error: {type(exc).__name__}: {exc} "
                "(run with --debug for the traceback, and please report it)",
                err=True,
            )
            ctx.exit(1)


@click.group(cls=TalkgenGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", "-V", prog_name="talkgen")
@click.option("--debug", is_flag=True, help="Show a traceback when something goes wrong.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Turn research themes and quotes into a timed lightning talk: a .pptx deck, a PDF
    handout and a timing report to rehearse against.

    \b
    Start here:
      talkgen init my-talk        make a small talk to edit
      talkgen validate my-talk    check it
      talkgen build my-talk       deck, handout, charts and timing report in out/
    """
    ctx.meta["talkgen.debug"] = debug


class FiniteFloatRange(click.FloatRange):
    """A number option in a range, refusing `nan` and infinities (which `FloatRange` lets
    through: nan compares false with every bound)."""

    def convert(self, value, param, ctx):  # noqa: D102 - click's own method
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number of seconds; give e.g. 60", param, ctx)
        return number


def content_argument(function):
    """The `[DIR]` argument every content command takes (default `content/`)."""
    return click.argument(
        "folder", metavar="[DIR]", default="content", type=click.Path(path_type=Path)
    )(function)


def usage_problem(error: click.UsageError) -> Problem:
    """click's complaint about a command's options or arguments as talkgen's one line:
    `talkgen: import qdpx: Invalid value for '--theme-level': 0 is not in the range x>=1 —
    run `talkgen import qdpx --help` for what it takes`."""
    where = error.ctx.command_path.partition(" ")[2] if error.ctx is not None else ""
    command = f"talkgen {where}".strip()
    message = error.format_message().rstrip(".")
    return Problem(
        None,
        None,
        f"{where}: {message}" if where else message,
        f"run `{command} --help` for what it takes",
    )


def talk_option(function):
    """The `--talk NAME` option: which talk of a study folder (`talks/NAME.yaml`)."""
    return click.option(
        "--talk",
        "talk_name",
        metavar="NAME",
        default=None,
        help="Which talk of a study (talks/NAME.yaml); without it, every talk.",
    )(function)


def out_option(help: str):
    """The `--out OUT` option every command that writes files takes (default `out/`)."""
    return click.option(
        "--out",
        "out_dir",
        default="out",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help=help,
    )


def template_option(help: str):
    """The `--template FILE` option of the commands that lay out slides: a .pptx, .potx or .pptm
    whose layouts are chosen by structure (or named in talk.yaml's `layouts:`)."""
    return click.option(
        "--template",
        metavar="FILE.pptx",
        type=click.Path(dir_okay=False, path_type=Path),
        help=help,
    )


def _stop_on_signals() -> None:
    """`kill` (SIGTERM) and a closed terminal (SIGHUP) stop talkgen as Ctrl-C does, so what a
    stopped command was doing is undone: a build removes its staging folder under out/."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, stop)


def main() -> None:
    """Entry point of the `talkgen` console script."""
    _stop_on_signals()
    try:
        cli(prog_name="talkgen")
    except TalkgenError as exc:  # raised outside a command, e.g. while parsing
        show_problems(exc.problems)
        sys.exit(exc.exit_code)
    except Exception:  # pragma: no cover - click handles everything inside commands
        traceback.print_exc()
        sys.exit(1)
