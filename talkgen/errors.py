"""Problems found in a user's input, and the errors that carry them to the command line.

Every problem names the file and line it is about and says how to fix it, so the CLI can print
`file:line[:col]: what is wrong — how to fix it` and exit with status 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is, what it is, and what to do about it."""

    path: Path | None
    line: int | None
    message: str
    hint: str = ""
    col: int | None = None
    severity: Severity = "error"

    def location(self, relative_to: Path | None = None) -> str:
        """`file:line:col` as far as it is known."""
        if self.path is None:
            return "talkgen"
        path = self.path
        if relative_to is not None:
            try:
                path = path.resolve().relative_to(relative_to.resolve())
            except ValueError:
                pass
        where = str(path)
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return where

    def format(self, relative_to: Path | None = None) -> str:
        """The one-line form shown to the user."""
        text = f"{self.location(relative_to)}: "
        if self.severity == "warning":
            text += "warning: "
        text += self.message
        if self.hint:
            text += f" — {self.hint}"
        return text

    def as_record(self) -> dict:
        """The problem as JSON-ready values (kept with a build's outputs)."""
        return {
            "path": None if self.path is None else str(self.path),
            "line": self.line,
            "message": self.message,
            "hint": self.hint,
            "col": self.col,
            "severity": self.severity,
        }

    @classmethod
    def from_record(cls, record: dict) -> Problem:
        """The problem `as_record` gave (KeyError or TypeError for anything else)."""
        path = record["path"]
        return cls(
            None if path is None else Path(path),
            record["line"],
            record["message"],
            record["hint"],
            record["col"],
            record["severity"],
        )

    def as_warning(self) -> Problem:
        """The same problem, reported as a warning."""
        return Problem(self.path, self.line, self.message, self.hint, self.col, "warning")

    def as_error(self) -> Problem:
        """The same problem, reported as an error."""
        return Problem(self.path, self.line, self.message, self.hint, self.col, "error")


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to a misspelt `word` (`pase` -> `pace`), compared in any case; None
    when no choice is close enough (difflib's ratio of at least 0.6)."""
    options = {str(choice).casefold(): str(choice) for choice in choices}
    match = difflib.get_close_matches(str(word).casefold(), list(options), n=1, cutoff=0.6)
    return options[match[0]] if match else None


def choose_from(word: str, choices: Iterable[str], limit: int = 12) -> str:
    """The "how to fix" for an unknown name: `did you mean 'pace'?`, else the names allowed
    (the first `limit` of them, sorted), else a word that there are none yet."""
    options = sorted({str(choice) for choice in choices})
    close = did_you_mean(word, options)
    if close is not None:
        return f"did you mean '{close}'?"
    if not options:
        return "there are none yet"
    shown = ", ".join(options[:limit]) + (
        f" … ({len(options)} in all)" if len(options) > limit else ""
    )
    return f"use one of: {shown}"


class TalkgenError(Exception):
    """A failure caused by the user's input or environment (exit status 2), not by a bug."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(None, None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


class ContentError(TalkgenError):
    """The content folder has one or more errors."""


class EnvironmentProblem(TalkgenError):
    """Something the machine lacks (Chrome, LibreOffice) or a tool that failed."""
