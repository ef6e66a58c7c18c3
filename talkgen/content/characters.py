"""Characters in the content that cannot be shown, and invisible ones that make no sense there.

Every text value read from the content folder passes through `check_characters` before it
becomes part of the model, so `validate` and `build` find these before anything is written:

- a character that no shipped or installed font can draw (a private-use character, an emoji
  newer than the installed emoji font, a script with no font installed) is an **error** at its
  file and line: it would print as a box in the deck and stop the handout;
- a control character other than tab and newline (U+0000-U+001F, U+007F-U+009F) or a
  noncharacter is an **error**: it is invisible, usually comes from copying out of a PDF or a
  spreadsheet, and only the speaker can tell what was meant;
- an invisible character where it can do nothing is **removed with a warning**: U+FEFF (a
  byte-order mark inside the text), a joiner (U+200C/U+200D) or variation selector next to a space
  or at an end, a tag character outside a flag sequence, the interlinear-annotation and
  object-replacement characters. Removing them changes nothing a reader sees, so the build goes on.

Joiners inside words (Indic scripts, Persian, emoji sequences), variation selectors after a
character, bidi marks and soft hyphens are text and are kept.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from talkgen.content.reader import LineList, Lines
from talkgen.errors import Problem
from talkgen.fonts import missing_characters

_JOINERS = {"\u200c", "\u200d"}
_TAG_BLACK_FLAG = "\U0001f3f4"
_ALWAYS_REMOVED = {
    "\ufeff": "a byte-order mark inside the text",
    "\ufff9": "an interlinear-annotation mark",
    "\ufffa": "an interlinear-annotation mark",
    "\ufffb": "an interlinear-annotation mark",
    "\ufffc": "an object-replacement mark",
    "\U000e0001": "a deprecated language tag",
}


@dataclass(frozen=True)
class Finding:
    """One character to report in a text: its index, the character, and whether it is removed."""

    index: int
    char: str
    what: str
    hint: str
    removed: bool


def describe(char: str) -> str:
    """`U+1F64C (PERSON RAISING BOTH HANDS IN CELEBRATION)`, or the code point and its kind."""
    point = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if not name and unicodedata.category(char) == "Co":
        return f"{point} (a private-use character)"
    if not name and unicodedata.category(char) == "Cc":
        return f"{point} (a control character)"
    return f"{point} ({name})" if name else point


def find_characters(text: str) -> list[Finding]:
    """The characters of `text` to report: errors (no font can draw it; a control character or
    noncharacter) and invisible characters to remove. Tab, newline and carriage return are fine."""
    findings: list[Finding] = []
    missing = set(missing_characters(text))
    for index, char in enumerate(text):
        point = ord(char)
        if char in "\t\n\r":
            continue
        if point < 0x20 or 0x7F <= point <= 0x9F:
            findings.append(
                Finding(
                    index,
                    char,
                    f"control character {describe(char)}",
                    "delete it: it is invisible and usually comes from copying out of a PDF or "
                    "a spreadsheet",
                    removed=False,
                )
            )
        elif _is_noncharacter(point) or 0xD800 <= point <= 0xDFFF:
            findings.append(
                Finding(
                    index,
                    char,
                    f"{describe(char)} is not a character",
                    "delete it; the text was probably damaged in a conversion",
                    removed=False,
                )
            )
        elif reason := _misplaced(text, index):
            findings.append(
                Finding(
                    index,
                    char,
                    f"removed {describe(char)}: {reason}",
                    "nothing to do; delete it from the file to silence this warning",
                    removed=True,
                )
            )
        elif char in missing:
            findings.append(
                Finding(
                    index,
                    char,
                    f"no installed font can show {describe(char)}",
                    _font_hint(char),
                    removed=False,
                )
            )
            missing.discard(char)  # one report per character and text
    return findings


def check_characters(
    raw: Any, path: Path, owner: str, extra: dict | None = None
) -> tuple[list[Problem], list[Problem]]:
    """Check every text in `raw` (values read from `path`, with their lines) and in `extra`
    (texts read from the same file without lines of their own, e.g. a theme's Markdown body).
    Removes misplaced invisible characters in place. Returns (errors, warnings) as located
    problems, each message starting with `owner` (e.g. "quote 'q01'") when it is given."""
    errors: list[Problem] = []
    warnings: list[Problem] = []

    def visit(value: Any, line: int | None) -> Any:
        if isinstance(value, str):
            return _check_text(value, path, line, owner, errors, warnings)
        if isinstance(value, Lines | dict):
            for key in list(value):
                key_line = getattr(value, "key_lines", {}).get(key, line)
                value[key] = visit(value[key], key_line)
        elif isinstance(value, LineList | list):
            lines = getattr(value, "item_lines", [line] * len(value))
            for i, item in enumerate(value):
                value[i] = visit(item, lines[i])
        return value

    visit(raw, getattr(raw, "line", None))
    if extra:
        for key, value in extra.items():
            extra[key] = visit(value, getattr(raw, "line", None))
    return errors, warnings


def _check_text(
    text: str,
    path: Path,
    line: int | None,
    owner: str,
    errors: list[Problem],
    warnings: list[Problem],
) -> str:
    if text.isascii() and text.isprintable():
        return text
    findings = find_characters(text)
    prefix = f"{owner}: " if owner else ""
    for finding in findings:
        where = _line_of_char(path, line, finding.char)
        problem = Problem(path, where, prefix + finding.what, finding.hint)
        (warnings if finding.removed else errors).append(
            problem.as_warning() if finding.removed else problem
        )
    removed = {f.index for f in findings if f.removed}
    return "".join(c for i, c in enumerate(text) if i not in removed) if removed else text


def _misplaced(text: str, index: int) -> str | None:
    """Why the invisible character at `index` does nothing there, or None when it belongs."""
    char = text[index]
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if char in _ALWAYS_REMOVED:
        return _ALWAYS_REMOVED[char]
    if char in _JOINERS and (not before.strip() or not after.strip()):
        return "a joiner with nothing to join"
    if 0xFE00 <= ord(char) <= 0xFE0F and (not before.strip() or 0xFE00 <= ord(before) <= 0xFE0F):
        return "a variation selector with no character before it"
    if 0xE0020 <= ord(char) <= 0xE007F and before != _TAG_BLACK_FLAG and not _is_tag(before):
        return "a tag character outside a flag"
    return None


def _is_tag(char: str) -> bool:
    return bool(char) and 0xE0020 <= ord(char) <= 0xE007F


def _is_noncharacter(point: int) -> bool:
    return 0xFDD0 <= point <= 0xFDEF or (point & 0xFFFE) == 0xFFFE


def _font_hint(char: str) -> str:
    point = ord(char)
    category = unicodedata.category(char)
    if category == "Co":
        return (
            "a private-use character shows only in the font it was made for: replace it with a "
            "standard character"
        )
    if category == "Cn":
        return (
            "it is not in this Python's Unicode data (a newer emoji?): replace it, or install a "
            "newer font that has it (docs/fonts.md)"
        )
    if point >= 0x1F000 or category == "So":
        return "install fonts-noto-color-emoji (scripts/install does)"
    if 0x2E80 <= point <= 0x9FFF or 0xAC00 <= point <= 0xD7AF or 0x20000 <= point <= 0x3FFFF:
        return "install fonts-noto-cjk (scripts/install does)"
    return (
        "install fonts-noto-core (scripts/install does) or another font that has it (docs/fonts.md)"
    )


def _line_of_char(path: Path, line: int | None, char: str) -> int | None:
    """The first line from `line` on where `char` is written in the file (a multi-line text
    starts on its key's line); `line` itself when it is written as an escape."""
    try:
        lines = _file_lines(path, path.stat().st_mtime_ns)
    except OSError:
        return line
    start = (line or 1) - 1
    for number in range(start, len(lines)):
        if char in lines[number]:
            return number + 1
    return line


@lru_cache(maxsize=64)
def _file_lines(path: Path, modified: int) -> tuple[str, ...]:
    # `modified` (the file's mtime) is part of the key so that a file edited under `watch`
    # is read again.
    return tuple(path.read_text(encoding="utf-8-sig", errors="replace").split("\n"))
