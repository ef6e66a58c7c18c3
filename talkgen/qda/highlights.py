"""`read_highlights`: a spreadsheet of highlights (one row per highlighted passage and tag, as
Taguette exports it with columns `id, document, tag, content`) read into a `Study`.

Tags become themes, documents become participants (their names stay private), and each
highlight becomes a segment linked to every tag it carries.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

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


def plain_text(cell: str) -> str:
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
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise TalkgenError(Problem(path, None, "no such file", "check the path")) from exc
    except OSError as exc:
        raise TalkgenError(Problem(path, None, f"cannot read: {exc.strerror}")) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TalkgenError(
            Problem(
                path,
                raw[: exc.start].count(b"\n") + 1,
                f"not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                "save the spreadsheet as CSV UTF-8",
            )
        ) from exc
    if not text.strip():
        raise TalkgenError(
            Problem(path, 1, "the file is empty", "export the highlights again as CSV")
        )
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        index = _columns(path, header, columns)
        rows = []
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            if any(cell.strip() for cell in cells):
                rows.append((line, cells))
    except csv.Error as exc:
        raise TalkgenError(
            Problem(
                path,
                reader.line_num or 1,
                f"malformed CSV: {exc}",
                "close the quoted field or remove the stray quote",
            )
        ) from exc
    return _study(path, rows, index, header)


def _columns(path: Path, header: list[str], columns: HighlightColumns) -> dict[str, int | None]:
    lowered = {name.lower(): i for i, name in enumerate(header)}
    index: dict[str, int | None] = {}
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
        index[role] = lowered[name.lower()]
    if columns.id is None:
        index["id"] = lowered.get("id")
    return index


def _study(
    path: Path, rows: list[tuple[int, list[str]]], index: dict[str, int | None], header: list[str]
) -> Study:
    themes: dict[str, StudyTheme] = {}
    people: dict[str, StudyParticipant] = {}
    segments: dict[str, dict] = {}
    untagged = empty = 0
    problems: list[Problem] = []
    for line, cells in rows:
        if len(cells) != len(header):
            problems.append(
                Problem(
                    path,
                    line,
                    f"{len(cells)} fields where the header has {len(header)}",
                    "put commas inside text in double quotes",
                )
            )
            continue
        document = cells[index["document"]].strip()
        tag = cells[index["tag"]].strip()
        text = plain_text(cells[index["text"]])
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
        ident = cells[index["id"]].strip() if index["id"] is not None else ""
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
