"""The one place talkgen prints to the terminal: problems, warnings, summaries, and progress.

Everything the user wrote (titles, ids, notes, file names) is data here, never console markup:
every console this module makes has markup, emoji codes and highlighting switched off, so
`[draft] Results` prints as written and `Results [/b] so far` cannot break a command. Styling,
where wanted, is given as a `rich.text.Text` with a style, never by pasting text into markup.
Progress and colour appear on a terminal only; in a pipe or under CI the output is plain lines.
"""

from __future__ import annotations

import contextlib
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from rich.console import Console, RenderableType
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from talkgen.errors import Problem


def _console(file) -> Console:
    return Console(file=file, highlight=False, soft_wrap=True, markup=False, emoji=False)


def stdout() -> Console:
    """A console on standard output (colour only on a terminal; text is never markup)."""
    return _console(sys.stdout)


def stderr() -> Console:
    """A console on standard error (colour only on a terminal; text is never markup)."""
    return _console(sys.stderr)


def say(line: str | Text, err: bool = False) -> None:
    """Print one line as written (standard error with `err`), whatever brackets it holds."""
    stream = sys.stderr if err else sys.stdout
    if isinstance(line, Text):
        _console(stream).print(line)
        return
    stream.write(line + "\n")
    stream.flush()


def show(renderable: RenderableType, err: bool = False) -> None:
    """Print a table or other rich renderable; its plain-string cells are not markup either."""
    (stderr() if err else stdout()).print(renderable)


def emphasis(text: str) -> Text:
    """`text` in bold on a terminal, as written everywhere (never parsed as markup)."""
    return Text(text, style="bold")


def show_problems(
    problems: list[Problem] | tuple[Problem, ...], relative_to: Path | None = None
) -> None:
    """Print each problem as one line on standard error: a control character or line break
    from the user's text (an id holding U+001E) is shown as its escape (`\\u001e`), so the
    line stays one line and the character can be seen."""
    err = sys.stderr
    for problem in problems:
        err.write(one_line(problem.format(relative_to or Path.cwd())) + "\n")
    err.flush()


def one_line(text: str) -> str:
    """`text` with each control character (but tab), line and paragraph separator written as
    its `\\uXXXX` escape."""
    return "".join(
        f"\\u{ord(ch):04x}" if ch != "\t" and unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch
        for ch in text
    )


@contextlib.contextmanager
def progress(description: str, total: int | None) -> Iterator[Callable[..., None]]:
    """A progress bar on a terminal, nothing in a pipe; yields `advance(n=1, label=None)`."""
    interactive = sys.stderr.isatty()
    if not interactive:
        yield lambda n=1, label=None: None
        return
    bar = Progress(
        TextColumn("{task.description}", markup=False),
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
