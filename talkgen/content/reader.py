"""Reading the user's plain files (YAML, CSV, Markdown with front matter) and keeping line numbers.

Every value read from YAML remembers the line it came from, so a problem found later (by pydantic
or by a cross-check) can point at `quotes.yaml:42` rather than at "somewhere in quotes.yaml".
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from talkgen.errors import Problem


class Lines(dict):
    """A YAML mapping that remembers its own line and the line of each of its keys."""

    line: int = 1
    key_lines: dict[str, int]


class LineList(list):
    """A YAML sequence that remembers its own line and the line of each item."""

    line: int = 1
    item_lines: list[int]


# libyaml's parser when PyYAML has it (about 10x faster); constructors stay ours either way.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader with line numbers, YAML 1.2 numbers (so `10:00` stays a string)."""


# YAML 1.1 reads `10:00` as the sexagesimal number 600; a speaker means ten minutes. Keep
# YAML 1.2's plain integers and floats only.
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Lines:
    loader.flatten_mapping(node)
    mapping = Lines()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            )
        key = str(key)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key '{key}' appears twice", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Dates stay text: the speaker writes "2013-10-22" and means exactly that.
    return loader.construct_scalar(node)


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    text = loader.construct_scalar(node)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # "\ud83d\ude00" escapes arrive as two surrogates: join them, or refuse a lone one.
        try:
            text = text.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "an escape makes an invalid character (a lone surrogate)",
                node.start_mark,
            ) from None
    return text


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class ReadError(Exception):
    """A file could not be read or parsed; carries the problem to report."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (a byte-order mark is dropped)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ReadError(Problem(path, None, "file not found", "create it or fix the name")) from exc
    except IsADirectoryError as exc:
        raise ReadError(Problem(path, None, "is a folder, not a file", "give a file")) from exc
    except OSError as exc:
        raise ReadError(Problem(path, None, f"cannot read: {exc.strerror}")) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReadError(
            Problem(
                path,
                line,
                f"not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                "save the file as UTF-8 in your editor",
            )
        ) from exc
    if "\x00" in text:
        raise ReadError(
            Problem(
                path,
                text[: text.index("\x00")].count("\n") + 1,
                "contains a NUL byte, not text",
                "save it as plain UTF-8 text",
            )
        )
    return text


def parse_yaml(text: str, path: Path, first_line: int = 1) -> Any:
    """Parse YAML text; values are plain Python with `Lines`/`LineList` for containers."""
    try:
        value = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "flow" in (exc.context or ""):
            # An unclosed [ or { is noticed lines later; the bracket's own line is the one to fix.
            mark = exc.context_mark
        line = mark.line + first_line if mark else None
        col = mark.column + 1 if mark else None
        what = exc.problem or exc.context or "malformed YAML"
        raise ReadError(
            Problem(
                path,
                line,
                f"malformed YAML: {what}",
                "check the indentation and quoting on this line",
                col,
            )
        ) from exc
    except yaml.YAMLError as exc:
        raise ReadError(Problem(path, None, f"malformed YAML: {exc}")) from exc
    if first_line != 1:
        _shift_lines(value, first_line - 1)
    return value


def _shift_lines(value: Any, offset: int) -> None:
    if isinstance(value, Lines):
        value.line += offset
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
        for item in value.values():
            _shift_lines(item, offset)
    elif isinstance(value, LineList):
        value.line += offset
        value.item_lines = [v + offset for v in value.item_lines]
        for item in value:
            _shift_lines(item, offset)


def read_yaml(path: Path) -> Any:
    """Read a YAML file; an empty file is an error."""
    text = read_text(path)
    if not text.strip():
        raise ReadError(Problem(path, 1, "the file is empty", "fill it in or delete it"))
    return parse_yaml(text, path)


def line_of(value: Any, loc: tuple[str | int, ...]) -> int | None:
    """The line of the deepest part of `value` that `loc` (a pydantic error location) reaches."""
    line = getattr(value, "line", None)
    for part in loc:
        if isinstance(value, Lines) and str(part) in value:
            line = value.key_lines.get(str(part), line)
            value = value[str(part)]
        elif isinstance(value, LineList) and isinstance(part, int) and part < len(value):
            line = value.item_lines[part]
            value = value[part]
        else:
            break
        line = getattr(value, "line", line)
    return line


@dataclass
class FrontMatterDocument:
    """A Markdown file with YAML front matter between `---` lines."""

    meta: Any
    body: str
    body_line: int


_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?$\n?", re.S | re.M)


def read_front_matter(path: Path) -> FrontMatterDocument:
    """Split a Markdown file into its YAML front matter and its body."""
    text = read_text(path)
    if not text.strip():
        raise ReadError(Problem(path, 1, "the file is empty", "fill it in or delete it"))
    match = _FRONT.match(text)
    if not match:
        if text.startswith("---"):
            raise ReadError(
                Problem(
                    path, 1, "front matter is not closed", "end it with a line holding only ---"
                )
            )
        raise ReadError(
            Problem(
                path, 1, "no front matter", "start the file with ---, the id and title, then ---"
            )
        )
    meta = parse_yaml(match.group(1), path, first_line=2) if match.group(1).strip() else None
    body_line = text[: match.end()].count("\n") + 1
    return FrontMatterDocument(meta, text[match.end() :].strip(), body_line)


@dataclass
class CsvRow:
    """One row of a CSV file, by column name, with its line number."""

    values: dict[str, str]
    line: int


def read_csv(
    path: Path, required: tuple[str, ...] = (), delimiter: str = ","
) -> tuple[list[str], list[CsvRow]]:
    """Read a CSV file with a header row; returns the header and rows with line numbers.

    `delimiter` separates the fields (`;` or a tab in spreadsheets saved in some locales)."""
    text = read_text(path)
    if not text.strip():
        raise ReadError(Problem(path, 1, "the file is empty", "add a header row and data"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except csv.Error as exc:
        raise ReadError(Problem(path, 1, f"malformed CSV: {exc}", "check the quotes")) from exc
    missing = [name for name in required if name not in header]
    if missing:
        raise ReadError(
            Problem(
                path,
                1,
                f"missing column(s): {', '.join(missing)}",
                f"the header row needs {', '.join(required)}",
            )
        )
    if len(set(header)) != len(header) or "" in header:
        raise ReadError(
            Problem(
                path,
                1,
                "the header row has empty or repeated column names",
                "give every column a unique name",
            )
        )
    rows: list[CsvRow] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ReadError(
                Problem(
                    path,
                    line,
                    f"malformed CSV: {exc}",
                    "close the quoted field or remove the stray quote",
                )
            ) from exc
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise ReadError(
                Problem(
                    path,
                    line,
                    f"{len(cells)} fields where the header has {len(header)}",
                    "put commas inside quoted text in double quotes",
                )
            )
        rows.append(CsvRow(dict(zip(header, (c.strip() for c in cells), strict=True)), line))
    return header, rows
