"""Slicing coded segments out of a source's text by character offsets, and checking the slices.

REFI-QDA gives `startPosition`/`endPosition` as character offsets into the plain text. Tools
disagree on what a character is: some count UTF-16 code units (so an emoji counts twice), some
count a Windows line ending as one character, some count the byte-order mark. When a selection's
`name` holds the selected text we can tell which counting the exporter used, and say when none
fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

BOM = "\ufeff"


@dataclass(frozen=True)
class SourceText:
    """A source's text as decoded, and whether its file began with a byte-order mark."""

    text: str
    had_bom: bool = False

    @cached_property
    def squeezed(self) -> str:
        """The text with runs of white space made one space (computed once per source)."""
        return squeeze(self.text)


@dataclass(frozen=True)
class Counting:
    """One way an exporter may have counted characters."""

    utf16: bool = False  # UTF-16 code units: characters outside the BMP count twice
    crlf_as_one: bool = False  # "\r\n" counted as one character
    bom_counted: bool = False  # the byte-order mark counted as the first character

    def describe(self) -> str:
        """The counting in words, for the import summary."""
        parts = [
            text
            for flag, text in (
                (self.utf16, "UTF-16 code units"),
                (self.crlf_as_one, "CRLF as one character"),
                (self.bom_counted, "the byte-order mark as a character"),
            )
            if flag
        ]
        return ", ".join(parts) or "Unicode characters"


CODE_POINTS = Counting()
COUNTINGS = tuple(
    Counting(u, c, b) for b in (False, True) for c in (False, True) for u in (False, True)
)


class OffsetError(ValueError):
    """The offsets do not fit the text."""


def decode_source(raw: bytes) -> SourceText:
    """A source file's text: UTF-8 (or UTF-16 with its mark); line endings kept as they are."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return SourceText(raw.decode("utf-16"), had_bom=True)
    had_bom = raw.startswith(b"\xef\xbb\xbf")
    return SourceText(raw.decode("utf-8-sig"), had_bom=had_bom)


def slice_text(source: SourceText, start: int, end: int, counting: Counting = CODE_POINTS) -> str:
    """The text between two offsets counted the given way; OffsetError when they do not fit."""
    text = source.text
    if counting.crlf_as_one:
        text = text.replace("\r\n", "\n")
    if counting.bom_counted:
        if not source.had_bom:
            raise OffsetError("no byte-order mark to count")
        text = BOM + text
    if counting.utf16:
        units = text.encode("utf-16-le")
        if not 0 <= start <= end <= len(units) // 2:
            raise OffsetError(f"outside the text ({len(units) // 2} UTF-16 units)")
        try:
            return units[2 * start : 2 * end].decode("utf-16-le")
        except UnicodeDecodeError as exc:
            raise OffsetError("splits a character outside the BMP in two") from exc
    if not 0 <= start <= end <= len(text):
        raise OffsetError(f"outside the text ({len(text)} characters)")
    return text[start:end]


def squeeze(text: str) -> str:
    """Text with runs of white space made one space, for comparing a slice with a name."""
    return " ".join(text.replace(BOM, "").split())


def name_holds_text(name: str, source: SourceText) -> bool:
    """Whether a selection's `name` looks like the selected text rather than a label: several
    words that occur in the source (a label such as `line:6` or `Selection 3` does not)."""
    words = squeeze(name).rstrip("…").removesuffix("...").strip()
    return len(words.split()) >= 3 and words in source.squeezed


def matches_name(selected: str, name: str) -> bool:
    """Whether a slice agrees with the selection's name (which tools may cut short with …)."""
    wanted, got = squeeze(name), squeeze(selected)
    if wanted == got:
        return True
    for ellipsis in ("…", "..."):
        if wanted.endswith(ellipsis):
            return got.startswith(wanted.removesuffix(ellipsis).rstrip())
    return False


def find_counting(source: SourceText, checks: list[tuple[int, int, str]]) -> Counting | None:
    """The counting under which every (start, end, name) check matches, code points first;
    None when none does."""
    if not checks:
        return CODE_POINTS
    for counting in COUNTINGS:
        try:
            if all(matches_name(slice_text(source, s, e, counting), n) for s, e, n in checks):
                return counting
        except OffsetError:
            continue
    return None
