"""CSV files talkgen writes, made safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return
before one; or their full-width forms `＝＋－＠`, which spreadsheets set up for East Asian input
take as the same) as a formula, so a participant's name or a code written as `=HYPERLINK(...)` in a
QDA export would run when the researcher opens `participants.csv`. Following OWASP's
CSV-injection guidance (https://owasp.org/www-community/attacks/CSV_Injection), such a cell is
written with a leading `'`, which spreadsheets take as "this is text" and do not show; the CSV
writer quotes any cell holding a comma or a double quote. Plain numbers (`-3.5`) are not
formulas and are left alone. `read_cell` undoes it when talkgen reads its own files back.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should get it: text that a spreadsheet would evaluate gets a
    leading `'`; numbers and other text are unchanged."""
    if not isinstance(value, str) or not value.startswith(_TRIGGERS):
        return value
    if _NUMBER.match(value):
        return value
    return "'" + value


def read_cell(text: str) -> str:
    """A cell of a CSV file talkgen wrote, as it was before `safe_cell`."""
    if text.startswith("'") and text[1:].startswith(_TRIGGERS):
        return text[1:]
    return text


def csv_text(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> str:
    """A CSV file (header row, then rows; `\\n` line ends) with every cell made safe. Line
    breaks inside a cell are written as `\\n` (the writer quotes those, not a lone `\\r`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_cell(c) for c in header])
    writer.writerows([_cell(c) for c in row] for row in rows)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return safe_cell(value)
