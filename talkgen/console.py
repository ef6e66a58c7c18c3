"""What the command line shows: problems, warnings, summaries, and progress.

Progress and colour appear on a terminal only; in a pipe or under CI the output is plain lines.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from talkgen.errors import Problem


def stdout() -> Console:
    """A console on standard output (colour only on a terminal)."""
    return Console(file=sys.stdout, highlight=False, soft_wrap=True)


def stderr() -> Console:
    """A console on standard error (colour only on a terminal)."""
    return Console(file=sys.stderr, highlight=False, soft_wrap=True)


def show_problems(
    problems: list[Problem] | tuple[Problem, ...], relative_to: Path | None = None
) -> None:
    """Print each problem as one line on standard error."""
    err = sys.stderr
    for problem in problems:
        err.write(problem.format(relative_to or Path.cwd()) + "\n")
    err.flush()


@contextlib.contextmanager
def progress(description: str, total: int | None) -> Iterator[Callable[..., None]]:
    """A progress bar on a terminal, nothing in a pipe; yields `advance(n=1, label=None)`."""
    interactive = sys.stderr.isatty()
    if not interactive:
        yield lambda n=1, label=None: None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=stderr(),
        transient=True,
    )
    with bar:
        task = bar.add_task(description, total=total)

        def advance(n: int = 1, label: str | None = None) -> None:
            bar.update(task, advance=n, description=label or description)

        yield advance
