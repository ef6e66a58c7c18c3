"""The limits on what talkgen reads, in one place: each has a name, a value and a reason.

talkgen reads files made elsewhere (a colleague's template, a QDA export, a spreadsheet, a deck
back from PowerPoint). Each limit below is far above what a real talk needs and far below what
would exhaust the memory (talkgen stays under 500 MB) or the patience of a speaker. Going past
one is a located error, exit status 2, whose message names the limit and its value.
docs/limits.md lists them all; a test checks that page against this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from talkgen.errors import Problem

MB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    """One limit: its name as the messages and docs say it, its value, and the value's unit."""

    name: str
    value: int | float
    unit: str

    def __str__(self) -> str:
        value = self.value
        if self.unit == "bytes" and value >= MB:
            return f"{self.name} ({value / MB:g} MB)"
        shown = f"{value:,}" if isinstance(value, int) else f"{value:g}"
        return f"{self.name} ({shown} {self.unit})".replace(" )", ")")

    def problem(self, path: Path | None, line: int | None, what: str, hint: str = "") -> Problem:
        """A problem saying `what` went past this limit, naming the limit and its value."""
        return Problem(
            path,
            line,
            f"{what}: over talkgen's limit, {self}",
            hint or "make it smaller or split it (see docs/limits.md)",
        )


# -- file sizes, by kind (the suffix of the file read) ------------------------------------------
FILE_SIZES: dict[str, Limit] = {
    ".yaml": Limit("YAML file size", 5 * MB, "bytes"),
    ".yml": Limit("YAML file size", 5 * MB, "bytes"),
    ".md": Limit("Markdown file size", 2 * MB, "bytes"),
    ".csv": Limit("CSV file size", 20 * MB, "bytes"),
    ".tsv": Limit("CSV file size", 20 * MB, "bytes"),
    ".txt": Limit("text file size", 2 * MB, "bytes"),
    ".jsonl": Limit("rehearsal log size", 16 * MB, "bytes"),
    ".typ": Limit("Typst template size", 2 * MB, "bytes"),
}
OTHER_FILE_SIZE = Limit("file size", 20 * MB, "bytes")
IMAGE_FILE_SIZE = Limit("image file size", 50 * MB, "bytes")


def file_size_limit(path: Path) -> Limit:
    """The size limit for a file of this kind (by its suffix)."""
    return FILE_SIZES.get(path.suffix.lower(), OTHER_FILE_SIZE)


# -- text ----------------------------------------------------------------------------------------
# A title or label fits on a line or two; a quote on a slide or a handout page; a summary or
# the notes of one slide in a page or two of text. The deck's text fitting and the handout's
# layout take time that grows with the text, so these bounds also keep every build quick.
SHORT_TEXT = Limit("length of a title, name or label", 500, "characters")
QUOTE_TEXT = Limit("length of a quote", 5_000, "characters")
LONG_TEXT = Limit("length of a summary, notes or text field", 20_000, "characters")
ADDRESS = Limit("length of a web address", 2_000, "characters")
CSV_CELL = Limit("length of a CSV cell", 10_000, "characters")

# -- structure -----------------------------------------------------------------------------------
NESTING = Limit("nesting depth", 40, "levels")
# YAML aliases (`*name`) may repeat an anchored value; each repeat counts in full, so a "billion
# laughs" file that expands to millions of values is refused before anything walks it.
YAML_VALUES = Limit("values in a YAML file with its aliases expanded", 200_000, "values")
SLIDES = Limit("slides in a talk", 300, "slides")

# -- numbers -------------------------------------------------------------------------------------
DURATION = Limit("talk duration", 8 * 3600, "seconds")
SLIDE_SECONDS = Limit("seconds on one slide", 3600, "seconds")
WEIGHT = Limit("slide weight", 1000, "")
CHART_VALUE = Limit("size of a chart value", 1e15, "")

# -- images --------------------------------------------------------------------------------------
IMAGE_PIXELS = Limit("image size", 40_000_000, "pixels")

# -- zip packages (.pptx templates and decks, .qdpx projects) -------------------------------------
# Nothing is extracted to disk; each part is checked against these before it is read, and the
# sizes the zip declares are checked again against what actually comes out.
ZIP_PART = Limit("size of one part of a zip package", 256 * MB, "bytes")
ZIP_TOTAL = Limit("total unpacked size of a zip package", 1024 * MB, "bytes")
# python-pptx holds every part of a deck in memory, and a template's parts are copied into the
# deck it makes: a smaller budget than a QDA project's, which is read part by part.
PPTX_FILE = Limit(".pptx file size", 100 * MB, "bytes")
PPTX_PART = Limit("size of one part of a .pptx", 100 * MB, "bytes")
PPTX_TOTAL = Limit("total unpacked size of a .pptx", 200 * MB, "bytes")
# Plain text and XML compress 3-10 times; a part that unpacks to more than this many times its
# packed size (checked from 1 MB up) is a zip bomb.
ZIP_RATIO = Limit("compression ratio of a zip part", 200, "to 1")
ZIP_RATIO_FROM = 1 * MB
ZIP_PARTS = Limit("parts in a zip package", 20_000, "parts")

# -- rehearsal logs -------------------------------------------------------------------------------
LOG_LINE = Limit("length of a rehearsal log line", 1 * MB, "bytes")

ALL: tuple[Limit, ...] = (
    *dict.fromkeys(FILE_SIZES.values()),
    OTHER_FILE_SIZE,
    IMAGE_FILE_SIZE,
    SHORT_TEXT,
    QUOTE_TEXT,
    LONG_TEXT,
    ADDRESS,
    CSV_CELL,
    NESTING,
    YAML_VALUES,
    SLIDES,
    DURATION,
    SLIDE_SECONDS,
    WEIGHT,
    CHART_VALUE,
    IMAGE_PIXELS,
    ZIP_PART,
    ZIP_TOTAL,
    PPTX_FILE,
    PPTX_PART,
    PPTX_TOTAL,
    ZIP_RATIO,
    ZIP_PARTS,
    LOG_LINE,
)
