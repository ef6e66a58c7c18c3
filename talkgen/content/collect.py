"""Collecting problems while reading a content folder, so every one is reported in one run."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from talkgen import limits
from talkgen.content.characters import check_characters
from talkgen.content.messages import explain
from talkgen.content.reader import ReadError, line_of
from talkgen.errors import Problem
from talkgen.limits import Limit

# Where each part of a content folder lives.
TALK_FILE = "talk.yaml"
THEMES_DIR = "themes"
PARTICIPANTS_FILE = "participants.csv"
QUOTES_FILES = ("quotes.yaml", "quotes.csv")
CODING_FILE = "coding.csv"
CHARTS_FILE = "charts.yaml"
DENY_LIST_FILE = "deny-list.txt"

Model = TypeVar("Model", bound=BaseModel)

# Files editors and tools leave beside the ones being edited: Emacs locks (`.#x.md`) and
# autosaves (`#x.md#`), backups (`x.md~`), Vim swap files (`.x.md.swp`) and its write test
# (`4913`), sed -i's temporary (`sedQniQIy`), LibreOffice and Office locks (`.~lock.x#`,
# `~$x.docx`), GNOME's `.goutputstream-*`; and any hidden file.
_SCRATCH = re.compile(
    r"^(?:\..*|#.*#|.*~|.*\.(?:swp|swx|swo|tmp|bak|part|crdownload)|4913|sed[A-Za-z0-9]{6}|~\$.*)$"
)


def is_scratch_file(name: str) -> bool:
    """Whether a file name is an editor's or tool's temporary, lock or backup file, never
    content: themes/ skips them and watch mode does not rebuild for them."""
    return bool(_SCRATCH.match(name))


def theme_files(root: Path) -> list[Path]:
    """The theme files of a content folder, in reading order: `themes/*.md`, by name, without
    editors' scratch files."""
    return sorted(p for p in (root / THEMES_DIR).glob("*.md") if not is_scratch_file(p.name))


class Collector:
    """Problems found so far, and a helper to validate raw values into models."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        # Files that could not be read at all: ids they would have defined are unknown, so
        # cross-checks against them are skipped rather than reported once per reference.
        self.unreadable: set[str] = set()

    def add(self, path: Path | None, line: int | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(path, line, message, hint))

    def model(
        self, cls: type[Model], raw: Any, path: Path, prefix: tuple = (), extra: dict | None = None
    ) -> Model | None:
        if not isinstance(raw, dict):
            self.add(
                path,
                getattr(raw, "line", None) or 1,
                f"expected a mapping of keys to values, found {_kind(raw)}",
                "write `key: value` lines",
            )
            return None
        extra = dict(extra or {})
        errors, warnings = check_characters(raw, path, _owner(cls, raw), extra)
        self.problems += errors
        self.warnings += warnings
        try:
            return cls.model_validate({**raw, **extra})
        except ValidationError as exc:
            for error in exc.errors():
                field, message, hint = explain(error, cls, prefix)
                limit = _limit_of(error)
                if limit is not None:
                    message = f"{message}, over talkgen's limit, {limit}"
                    if error["type"] == "string_too_long":
                        hint = "shorten it (see docs/limits.md)"
                    elif error["type"] != "too_long":
                        hint = "give a smaller number (see docs/limits.md)"
                self.add(path, line_of(raw, tuple(error["loc"])), f"{field}: {message}", hint)
            return None


def _owner(cls: type[BaseModel], raw: dict) -> str:
    """How a message names the thing being read: `quote 'q01'`, `theme 'trust'`."""
    what = {"Quote": "quote", "Theme": "theme", "Participant": "participant", "ChartSpec": "chart"}
    ident = raw.get("id")
    return f"{what[cls.__name__]} '{ident}'" if cls.__name__ in what and ident else ""


# The limits that the content models check by number (see talkgen/content/model.py), by the
# field they are on; text lengths are found by their value.
_FIELD_LIMITS = {
    "seconds": limits.SLIDE_SECONDS,
    "weight": limits.WEIGHT,
    "values": limits.CHART_VALUE,
    "outline": limits.SLIDES,
}


def _limit_of(error: Any) -> Limit | None:
    """The limit a pydantic "too long" or "too large" error is about, if it is one of ours."""
    if error["type"] == "string_too_long":
        bound = (error.get("ctx") or {}).get("max_length")
        return next((x for x in limits.ALL if x.unit == "characters" and x.value == bound), None)
    # Only an upper bound is one of talkgen's limits: `seconds: 0.2` is under the minimum a
    # slide needs, which the message's own hint explains.
    if error["type"] in ("too_long", "less_than_equal") or (
        error["type"] == "greater_than_equal" and str(error.get("input", "")).startswith("-")
    ):
        names = [part for part in error["loc"] if isinstance(part, str)]
        return _FIELD_LIMITS.get(names[-1]) if names else None
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def guard(found: Collector, read: Callable[[], Any]) -> Any:
    """What `read()` returns, or None with its `ReadError` noted; a CSV table's warnings (an
    ambiguous separator) are noted too."""
    try:
        value = read()
    except ReadError as exc:
        found.problems.append(exc.problem)
        return None
    found.warnings += getattr(value, "warnings", None) or []
    return value
