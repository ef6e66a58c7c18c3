"""`read_highlights`: a spreadsheet of highlights (one row per highlighted passage and tag, as
Taguette exports it with columns `id, document, tag, content`) read into a `Study`.

Tags become themes, documents become participants (their names stay private), and each
highlight becomes a segment linked to every tag it carries.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from talkgen.content.reader import CsvRow, ReadError, read_csv, read_text
from talkgen.errors import Problem, TalkgenError
from talkgen.qda.study import Study, StudyParticipant, StudySegment, StudyTheme


@dataclass(frozen=True)
class HighlightColumns:
    """Which column holds what; `id` None means the `id` column when there is one."""

    document: str = "document"
    tag: str = "tag"
    text: str = "content"
    id: str | None = None


class _PlainText(HTMLParser):
    """Text of an HTML snippet (older Taguette versions export highlights as HTML)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("br", "p", "div", "li"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_cell_text(cell: str) -> str:
    """A cell's text, with HTML tags removed when it is an HTML snippet."""
    if not re.search(r"<(p|br|span|div|b|i|em|strong|li)\b[^>]*>", cell, re.I):
        return cell.strip()
    parser = _PlainText()
    parser.feed(cell)
    parser.close()
    lines = [" ".join(line.split()) for line in html.unescape("".join(parser.parts)).split("\n")]
    return "\n".join(line for line in lines if line)


def read_highlights(path: Path | str, columns: HighlightColumns = HighlightColumns()) -> Study:
    """Read a highlights CSV into a `Study`; TalkgenError (file, line, what to do) when it cannot
    be read or lacks a column."""
    path = Path(path)
    try:
        text = read_text(path)
        if not text.strip():
            raise TalkgenError(
                Problem(path, 1, "the file is empty", "export the highlights again as CSV")
            )
        table = read_csv(path)
        header, rows = table.header, table.rows
    except ReadError as exc:
        raise TalkgenError(exc.problem) from exc
    return _study(path, rows, _columns(path, header, columns))


def _columns(path: Path, header: list[str], columns: HighlightColumns) -> dict[str, str | None]:
    """The header's own name of the column for each role (names match in any case)."""
    lowered = {name.lower(): name for name in header}
    found: dict[str, str | None] = {}
    wanted = {"document": columns.document, "tag": columns.tag, "text": columns.text}
    if columns.id is not None:
        wanted["id"] = columns.id
    for role, name in wanted.items():
        if name.lower() not in lowered:
            raise TalkgenError(
                Problem(
                    path,
                    1,
                    f"no column '{name}' for the {role} (columns: {', '.join(header)})",
                    f"name the right one with --{role}-column",
                )
            )
        found[role] = lowered[name.lower()]
    if columns.id is None:
        found["id"] = lowered.get("id")
    return found


def _study(path: Path, rows: list[CsvRow], column: dict[str, str | None]) -> Study:
    themes: dict[str, StudyTheme] = {}
    people: dict[str, StudyParticipant] = {}
    segments: dict[str, dict] = {}
    untagged = empty = 0
    problems: list[Problem] = []
    for row in rows:
        line, cells = row.line, row.values
        document = cells[column["document"]]
        tag = cells[column["tag"]]
        text = html_cell_text(cells[column["text"]])
        if not text:
            empty += 1
            continue
        if not document:
            problems.append(
                Problem(
                    path, line, "the highlight names no document", "fill in the document column"
                )
            )
            continue
        if not tag:
            untagged += 1
            continue
        themes.setdefault(tag, StudyTheme(tag, tag))
        people.setdefault(document, StudyParticipant(document))
        ident = cells[column["id"]] if column["id"] is not None else ""
        key = ident or hashlib.sha256(f"{document}\n{text}".encode()).hexdigest()[:16]
        segment = segments.setdefault(
            key, {"participant": document, "themes": [], "text": text, "line": line}
        )
        if segment["text"] != text or segment["participant"] != document:
            problems.append(
                Problem(
                    path,
                    line,
                    f"highlight {ident} appears with different "
                    f"text or document than on line {segment['line']}",
                    "give each highlight its own id",
                )
            )
        elif tag not in segment["themes"]:
            segment["themes"].append(tag)
    if problems:
        raise TalkgenError(problems[:10])
    if not themes:
        raise TalkgenError(
            Problem(
                path,
                None,
                "no tagged highlights in the file",
                "export the highlights with their tags",
            )
        )
    notes = []
    if untagged:
        notes.append(f"{untagged} highlight row(s) without a tag were skipped")
    if empty:
        notes.append(f"{empty} row(s) without text were skipped")
    return Study(
        kind="highlights",
        name=path.stem,
        origin="",
        source_file=path,
        themes=tuple(themes.values()),
        participants=tuple(people.values()),
        segments=tuple(
            StudySegment(
                key, s["participant"], tuple(s["themes"]), s["text"], f"{path.name}:{s['line']}"
            )
            for key, s in segments.items()
        ),
        participants_from="documents",
        notes=tuple(notes),
    )
