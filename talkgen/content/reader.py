"""Reading the user's plain files (YAML, CSV, Markdown with front matter) and keeping line numbers.

Every value read from YAML remembers the line it came from, so a problem found later (by pydantic
or by a cross-check) can point at `quotes.yaml:42` rather than at "somewhere in quotes.yaml".
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from talkgen import limits
from talkgen.errors import Problem
from talkgen.inputs import InputError, is_within, read_bytes
from talkgen.spreadsheet import read_cell


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
    """SafeLoader with line numbers, YAML 1.2 numbers (so `10:00` stays a string), and the
    document's shape checked before any value is made (see `_check_shape`)."""

    def get_single_data(self):  # noqa: D102 - PyYAML's own method
        node = self.get_single_node()
        if node is None:
            return None
        _check_shape(node)
        return self.construct_document(node)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_shape(root: yaml.Node) -> None:
    """Refuse a document nested deeper than `limits.NESTING`, holding more values than
    `limits.YAML_VALUES` once its aliases are expanded (a "billion laughs" file is a few lines
    of aliases of aliases), or an alias inside its own anchor. Walks each node once, without
    recursion, so it takes time in proportion to the text."""
    expanded: dict[int, tuple[int, int]] = {}  # id(node) -> (values when expanded, depth)
    on_path = {id(root)}
    stack = [(root, iter(_children(root)))]
    while stack:
        node, pending = stack[-1]
        child = next(pending, None)
        if child is None:
            stack.pop()
            on_path.discard(id(node))
            kids = [expanded[id(c)] for c in _children(node)]
            values = 1 + sum(v for v, _ in kids)
            depth = 1 + max((d for _, d in kids), default=0)
            expanded[id(node)] = (values, depth)
            if depth > limits.NESTING.value:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"nested too deep, over talkgen's limit, {limits.NESTING}",
                    node.start_mark,
                )
            if values > limits.YAML_VALUES.value:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"aliases expand to too many values, over talkgen's limit, "
                    f"{limits.YAML_VALUES}",
                    node.start_mark,
                )
            continue
        if id(child) in expanded:
            continue
        if id(child) in on_path:
            raise yaml.constructor.ConstructorError(
                None, None, "an alias refers to the value it is part of", child.start_mark
            )
        on_path.add(id(child))
        stack.append((child, iter(_children(child))))


# YAML 1.1 reads `10:00` as the sexagesimal number 600 (a speaker means ten minutes), `yes`,
# `no`, `on` and `off` as true/false (`title: yes`), and `007` as 7. Keep YAML 1.2's plain
# integers, floats and booleans only, and leave a number written with a leading zero as text:
# it is an id (`id: 007`), never a count.
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag
        not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(\.[0-9]+|(?:0|[1-9][0-9]*)(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"),
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


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    # YAML 1.2 reads `08` and `007` as decimal; PyYAML's 1.1 constructor takes a leading 0 for
    # octal and fails on 8 and 9.
    return int(loader.construct_scalar(node), 10)


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
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


_CONTENT_ROOT: ContextVar[Path | None] = ContextVar("talkgen_content_root", default=None)


@contextlib.contextmanager
def confined_to(root: Path) -> Iterator[None]:
    """While inside, `read_text` reads only files inside the content folder `root` (a symbolic
    link is followed only when it points inside the folder)."""
    token = _CONTENT_ROOT.set(Path(root))
    try:
        yield
    finally:
        _CONTENT_ROOT.reset(token)


class ReadError(Exception):
    """A file could not be read or parsed; carries the problem to report."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.format())


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8 (a byte-order mark is dropped). Only a regular file
    within its kind's size limit is read, and while a content folder is being loaded
    (`confined_to`) only one inside that folder."""
    root = _CONTENT_ROOT.get()
    if root is not None and not is_within(path, root):
        raise ReadError(
            Problem(
                path,
                None,
                "is a link to a file outside the content folder",
                "copy the file into the content folder instead of linking to it",
            )
        )
    try:
        raw = read_bytes(path)
    except InputError as exc:
        raise ReadError(exc.problems[0]) from None
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
        over_limit = "talkgen's limit" in what or "alias" in what
        message, hint = f"malformed YAML: {what}", "check the indentation and quoting on this line"
        if over_limit:
            message = what
            hint = "write the values out without aliases, less deeply nested (see docs/limits.md)"
        elif "'\\t'" in what or "tab character" in what or _char_at(text, mark) == "\t":
            message = "a tab character where YAML needs spaces"
            hint = "indent with spaces, not tabs (most editors can convert them)"
        raise ReadError(Problem(path, line, message, hint, col)) from exc
    except yaml.reader.ReaderError as exc:
        # YAML refuses control characters outright; say where, as the other readers do.
        before = text[: exc.position]
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        raise ReadError(
            Problem(
                path,
                before.count("\n") + first_line,
                f"control character U+{ord(char):04X} in the text",
                "delete it: it is invisible and usually comes from copying out of a PDF or a "
                "spreadsheet",
                len(before) - before.rfind("\n"),
            )
        ) from exc
    except RecursionError:
        raise ReadError(
            limits.NESTING.problem(path, first_line, "the YAML is nested too deep")
        ) from None
    except yaml.YAMLError as exc:
        raise ReadError(
            Problem(
                path,
                None,
                f"malformed YAML: {exc}",
                "check the indentation and that each `key:` has a value (docs/content-format.md)",
            )
        ) from exc
    if first_line != 1:
        _shift_lines(value, first_line - 1)
    return value


def _char_at(text: str, mark: Any) -> str:
    """The character a YAML error mark points at ('' when there is none)."""
    if mark is None:
        return ""
    lines = text.splitlines()
    if mark.line >= len(lines):
        return ""
    return lines[mark.line][mark.column : mark.column + 1]


def _shift_lines(value: Any, offset: int, seen: set[int] | None = None) -> None:
    # An alias makes one value appear in several places: shift each value once.
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Lines):
        value.line += offset
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
        for item in value.values():
            _shift_lines(item, offset, seen)
    elif isinstance(value, LineList):
        value.line += offset
        value.item_lines = [v + offset for v in value.item_lines]
        for item in value:
            _shift_lines(item, offset, seen)


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


@dataclass
class CsvTable:
    """A CSV file as read: its header (as written, except the named columns, which take the
    spelling the caller asked for), its rows, the field separator used, and, when another
    separator would have split the file as evenly, a warning saying which one was chosen."""

    header: list[str]
    rows: list[CsvRow]
    delimiter: str
    warnings: list[Problem]

    def column(self, name: str) -> str | None:
        """The header's own spelling of column `name`, matched in any case; None if absent."""
        wanted = name.strip().casefold()
        return next((h for h in self.header if h.casefold() == wanted), None)


DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_SEP_LINE = re.compile(r"\Asep=(.)\r?\n")
_SAMPLE_CHARS = 64 * 1024


def sniff_delimiter(text: str) -> tuple[str, list[str]]:
    """The field separator of CSV `text` (comma, semicolon or tab) and the other separators that
    would have split every row into the same number of fields as well (when the choice was
    ambiguous). `csv.Sniffer` proposes; a separator is only taken when it splits the sampled
    rows evenly into more than one field, since the Sniffer alone is easily misled by a
    separator that appears inside quoted text."""
    sample = text[:_SAMPLE_CHARS]
    if len(text) > _SAMPLE_CHARS:
        sample = sample[: sample.rfind("\n") + 1] or sample
    even: dict[str, int] = {}
    for delimiter in DELIMITERS:
        try:
            counts = [
                len(row)
                for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
                if any(cell.strip() for cell in row)
            ]
        except csv.Error:
            continue
        if len(text) > _SAMPLE_CHARS:
            counts = counts[:-1]
        if counts and counts[0] > 1 and all(count == counts[0] for count in counts):
            even[delimiter] = counts[0]
    try:
        proposed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        proposed = None
    if proposed in even:
        chosen = proposed
    elif even:
        chosen = max(even, key=lambda d: even[d])
    else:
        # Nothing splits the rows evenly: one column, or a broken row that the reader reports.
        header = sample.split("\n", 1)[0]
        chosen = max(DELIMITERS, key=lambda d: (header.count(d), d == ","))
    return chosen, [d for d in even if d != chosen]


def read_csv(
    path: Path,
    required: tuple[str, ...] = (),
    optional: tuple[str, ...] = (),
    delimiter: str | None = None,
) -> CsvTable:
    """Read a CSV file with a header row, as any spreadsheet saves it: fields separated by
    commas, semicolons (Excel in many European locales) or tabs, found by sniffing unless
    `delimiter` is given, or named by an Excel `sep=;` first line; a byte-order mark; CRLF or LF
    line ends; header names in any case and with spaces around them.

    The `required` and `optional` columns are matched in any case and renamed to the spelling
    given here, so `ID` serves for `id`. Raises `ReadError` (file, line, how to fix) for an empty
    file, a missing required column, an empty or repeated column name, a row with the wrong
    number of fields, or a quote left open."""
    text = read_text(path)
    if not text.strip():
        raise ReadError(Problem(path, 1, "the file is empty", "add a header row and data"))
    skipped = 0
    sep_line = _SEP_LINE.match(text)
    if sep_line and delimiter is None:
        delimiter, text, skipped = sep_line.group(1), text[sep_line.end() :], 1
    warnings: list[Problem] = []
    if delimiter is None:
        delimiter, also = sniff_delimiter(text)
        if also:
            others = " or ".join(DELIMITERS.get(d, repr(d)) for d in also)
            warnings.append(
                Problem(
                    path,
                    1,
                    f"read as {DELIMITERS[delimiter]}-separated, though {others} would also "
                    "split every row evenly",
                    "if the columns look wrong, save the file with one kind of separator",
                    severity="warning",
                )
            )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    name = DELIMITERS.get(delimiter, repr(delimiter))
    try:
        header = [cell.strip() for cell in next(reader)]
    except csv.Error as exc:
        raise ReadError(
            Problem(path, 1 + skipped, f"malformed CSV: {exc}", "check the quotes")
        ) from exc
    canonical = {n.casefold(): n for n in (*required, *optional)}
    header = [canonical.get(cell.casefold(), cell) for cell in header]
    missing = [column for column in required if column not in header]
    if missing:
        raise ReadError(
            Problem(
                path,
                1 + skipped,
                f"missing column(s): {', '.join(missing)} (the header row, read as "
                f"{name}-separated, has: {', '.join(header)})",
                f"the header row needs {', '.join(required)}",
            )
        )
    folded = [cell.casefold() for cell in header]
    if len(set(folded)) != len(folded) or "" in header:
        raise ReadError(
            Problem(
                path,
                1 + skipped,
                "the header row has empty or repeated column names",
                "give every column a unique name",
            )
        )
    rows: list[CsvRow] = []
    while True:
        line = reader.line_num + 1 + skipped
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
        if any(len(cell) > limits.CSV_CELL.value for cell in cells):
            raise ReadError(limits.CSV_CELL.problem(path, line, "a cell is too long"))
        if len(cells) != len(header):
            raise ReadError(
                Problem(
                    path,
                    line,
                    f"{len(cells)} fields where the header has {len(header)} ({name}-separated)",
                    f"put text holding a {name} in double quotes",
                )
            )
        rows.append(
            CsvRow(dict(zip(header, (read_cell(c.strip()) for c in cells), strict=True)), line)
        )
    return CsvTable(header, rows, delimiter, warnings)
