"""`load_talk`: a content folder in, a checked `Talk` out, or every problem found at once.

Reading goes file by file; each file's problems are collected rather than raised at the first, so
the speaker fixes everything in one pass. Cross-checks (ids that must exist, duplicates, personal
data in quotes) run once every file has been read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from talkgen.content.model import (
    BUILTIN_CHARTS,
    ChartSeries,
    ChartSpec,
    Coding,
    Participant,
    Quote,
    Talk,
    TalkInfo,
    Theme,
)
from talkgen.content.privacy import personal_data
from talkgen.content.reader import (
    CsvRow,
    LineList,
    Lines,
    ReadError,
    line_of,
    read_csv,
    read_front_matter,
    read_text,
    read_yaml,
)
from talkgen.errors import ContentError, Problem

TALK_FILE = "talk.yaml"
THEMES_DIR = "themes"
PARTICIPANTS_FILE = "participants.csv"
QUOTES_FILES = ("quotes.yaml", "quotes.csv")
CODING_FILE = "coding.csv"
CHARTS_FILE = "charts.yaml"
DENY_LIST_FILE = "deny-list.txt"

Model = TypeVar("Model", bound=BaseModel)

# What to say for the pydantic error types a speaker meets most.
_HINTS = {
    "extra_forbidden": "remove it or check its spelling (see docs/content-format.md)",
    "missing": "add it",
    "literal_error": "use one of the values listed",
    "string_pattern_mismatch": "use letters, digits, '-', '_' or '.' and no spaces",
    "too_short": "give at least one",
}


class _Collector:
    """Problems found so far, and a helper to validate raw values into models."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
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
        try:
            return cls.model_validate({**raw, **(extra or {})})
        except ValidationError as exc:
            for error in exc.errors():
                loc = tuple(error["loc"])
                line = line_of(raw, loc)
                field = ".".join(str(p) for p in prefix + loc) or cls.__name__
                message, hint = error["msg"], _HINTS.get(error["type"], "")
                if error["type"] == "value_error":
                    # Our validators write "what is wrong; how to fix it".
                    message, _, hint = message.removeprefix("Value error, ").partition("; ")
                self.add(path, line, f"{field}: {message}", hint)
            return None


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def load_talk(folder: Path | str, strict: bool = False) -> Talk:
    """Read and check a content folder. Raises `ContentError` listing every problem found.

    Warnings (personal data in quotes, themes nobody raised) are kept on `Talk.warnings`; with
    `strict` they are errors.
    """
    root = Path(folder)
    found = _Collector()
    if not root.is_dir():
        hint = "run `talkgen init DIR` to make one" if not root.exists() else "give a folder"
        raise ContentError(Problem(root, None, "no content folder here", hint))

    info = _read_talk_file(root, found)
    themes = _read_themes(root, found)
    participants = _read_participants(root, found)
    quotes = _read_quotes(root, found)
    codings = _read_codings(root, found)
    charts = _read_charts(root, found)
    deny_names = _read_deny_list(root, found)

    warnings: list[Problem] = []
    _check_ids(root, themes, participants, quotes, codings, charts, found)
    if info is not None and THEMES_DIR not in found.unreadable:
        _check_outline(root, info, themes, quotes, charts, found)
    warnings += _check_privacy(quotes, deny_names)
    if strict:
        found.problems += [w.as_error() for w in warnings]
        warnings = []
    if found.problems or info is None:
        raise ContentError(found.problems)
    return Talk(
        root=root,
        info=info,
        themes=themes,
        participants=participants,
        quotes=quotes,
        codings=codings,
        charts=charts,
        deny_names=deny_names,
        warnings=warnings,
    )


def _guard(found: _Collector, read: Callable[[], Any]) -> Any:
    try:
        return read()
    except ReadError as exc:
        found.problems.append(exc.problem)
        return None


def _read_talk_file(root: Path, found: _Collector) -> TalkInfo | None:
    path = root / TALK_FILE
    if not path.exists():
        found.add(path, None, "no talk file", f"create {TALK_FILE} (see `talkgen init`)")
        return None
    before = len(found.problems)
    raw = _guard(found, lambda: read_yaml(path))
    if len(found.problems) > before:
        return None
    info = found.model(TalkInfo, raw, path)
    if info is not None and info.outline is not None:
        # Give every outline entry the line it was written on, for later messages.
        outline = raw["outline"]
        entries = [
            e.model_copy(
                update={
                    "line": outline.item_lines[i],
                    "key_lines": dict(getattr(outline[i], "key_lines", {})),
                }
            )
            for i, e in enumerate(info.outline)
        ]
        info = info.model_copy(update={"outline": entries})
    return info


def _read_themes(root: Path, found: _Collector) -> list[Theme]:
    folder = root / THEMES_DIR
    if not folder.is_dir():
        found.add(folder, None, "no themes folder", "create themes/ with one .md file per theme")
        return []
    themes: list[Theme] = []
    for path in sorted(folder.glob("*.md")):
        document = _guard(found, lambda p=path: read_front_matter(p))
        if document is None:
            found.unreadable.add(THEMES_DIR)
            continue
        if not isinstance(document.meta, Lines):
            found.add(
                path, 2, "front matter must be `key: value` lines", "give at least id and title"
            )
            found.unreadable.add(THEMES_DIR)
            continue
        theme = found.model(
            Theme,
            document.meta,
            path,
            extra={"summary": document.body, "path": path, "line": document.meta.line},
        )
        if theme is None:
            found.unreadable.add(THEMES_DIR)
        else:
            themes.append(theme)
    if not themes and not found.problems:
        found.add(folder, None, "no themes", "add a .md file per theme with id and title")
    return sorted(themes, key=lambda t: (t.order is None, t.order or 0, t.path.name))


def _read_participants(root: Path, found: _Collector) -> list[Participant]:
    path = root / PARTICIPANTS_FILE
    if not path.exists():
        return []
    table = _guard(found, lambda: read_csv(path, required=("id",)))
    if table is None:
        found.unreadable.add(PARTICIPANTS_FILE)
        return []
    _, rows = table
    participants = []
    for row in rows:
        attributes = {k: v for k, v in row.values.items() if k != "id" and v}
        raw = _row_lines({"id": row.values["id"], "attributes": attributes}, row)
        participant = found.model(Participant, raw, path, extra={"line": row.line})
        if participant is None:
            found.unreadable.add(PARTICIPANTS_FILE)
        else:
            participants.append(participant)
    return participants


def _row_lines(values: dict, row: CsvRow) -> Lines:
    raw = Lines(values)
    raw.line = row.line
    raw.key_lines = {k: row.line for k in values}
    return raw


def _read_quotes(root: Path, found: _Collector) -> list[Quote]:
    present = [root / name for name in QUOTES_FILES if (root / name).exists()]
    if len(present) > 1:
        found.add(
            present[1],
            None,
            "quotes are in two files",
            "keep either quotes.yaml or quotes.csv, not both",
        )
        found.unreadable.add("quotes")
        return []
    if not present:
        return []
    path = present[0]
    if path.suffix == ".csv":
        table = _guard(
            found, lambda: read_csv(path, required=("id", "participant", "themes", "text"))
        )
        if table is None:
            found.unreadable.add("quotes")
            return []
        raws = []
        for row in table[1]:
            values: dict[str, Any] = dict(row.values)
            values["themes"] = [
                t.strip() for t in values["themes"].replace(",", ";").split(";") if t.strip()
            ]
            if "featured" in values:
                values["featured"] = values["featured"].lower() in ("yes", "true", "1", "x", "y")
            raws.append(_row_lines({k: v for k, v in values.items() if v != ""}, row))
    else:
        before = len(found.problems)
        raws = _guard(found, lambda: read_yaml(path))
        if len(found.problems) > before:
            found.unreadable.add("quotes")
            return []
        if isinstance(raws, Lines) and "quotes" in raws:
            raws = raws["quotes"]
        if not isinstance(raws, LineList):
            found.add(
                path,
                getattr(raws, "line", 1),
                "expected a list of quotes",
                "start each quote with `- id: ...`",
            )
            found.unreadable.add("quotes")
            return []
    quotes = []
    for i, raw in enumerate(raws):
        if isinstance(raw, dict) and isinstance(raw.get("themes"), str):
            raw["themes"] = [t.strip() for t in raw["themes"].split(",")]
        line = (
            raw.line if isinstance(raw, Lines) else getattr(raws, "item_lines", [None] * (i + 1))[i]
        )
        quote = found.model(
            Quote,
            raw,
            path,
            prefix=(f"quote {i + 1}",),
            extra={"path": path, "line": line, "key_lines": dict(getattr(raw, "key_lines", {}))},
        )
        if quote is None:
            found.unreadable.add("quotes")
        else:
            quotes.append(quote)
    return quotes


def _read_codings(root: Path, found: _Collector) -> list[Coding]:
    path = root / CODING_FILE
    if not path.exists():
        return []
    table = _guard(found, lambda: read_csv(path, required=("participant", "theme")))
    if table is None:
        return []
    codings = []
    for row in table[1]:
        raw = _row_lines(
            {"participant": row.values["participant"], "theme": row.values["theme"]}, row
        )
        coding = found.model(Coding, raw, path, extra={"line": row.line})
        if coding is not None:
            codings.append(coding)
    return codings


def _read_charts(root: Path, found: _Collector) -> list[ChartSpec]:
    path = root / CHARTS_FILE
    if not path.exists():
        return []
    before = len(found.problems)
    raws = _guard(found, lambda: read_yaml(path))
    if len(found.problems) > before:
        found.unreadable.add(CHARTS_FILE)
        return []
    if isinstance(raws, Lines) and "charts" in raws:
        raws = raws["charts"]
    if not isinstance(raws, LineList):
        found.add(
            path,
            getattr(raws, "line", 1),
            "expected a list of charts",
            "start each chart with `- id: ...`",
        )
        return []
    charts = []
    for i, raw in enumerate(raws):
        spec = found.model(
            ChartSpec, raw, path, prefix=(f"chart {i + 1}",), extra={"line": raws.item_lines[i]}
        )
        if spec is None:
            found.unreadable.add(CHARTS_FILE)
            continue
        spec = _resolve_chart_data(root, path, spec, raw, found)
        if spec is not None:
            charts.append(spec)
    return charts


def _resolve_chart_data(
    root: Path, path: Path, spec: ChartSpec, raw: Lines, found: _Collector
) -> ChartSpec | None:
    """Check a declared chart and read its CSV data into `categories` and `series`."""
    line = spec.line
    if spec.is_builtin:
        data_keys = [k for k in ("type", "csv", "x", "y", "categories", "series") if k in raw]
        if data_keys:
            found.add(
                path,
                raw.key_lines[data_keys[0]],
                f"'{spec.id}' is a built-in chart; its data comes from the content",
                "keep only title, caption, alt, x_label, y_label, handout, or rename it",
            )
            return None
        return spec
    if spec.type is None:
        found.add(
            path,
            line,
            f"chart '{spec.id}' has no type",
            "add type: bar, stacked-bar, pie, donut, line or heatmap",
        )
        return None
    if spec.csv:
        csv_path = root / spec.csv
        table = _guard(found, lambda: read_csv(csv_path))
        if table is None:
            found.problems[-1] = Problem(
                path,
                raw.key_lines["csv"],
                f"chart '{spec.id}': cannot read {spec.csv}: {found.problems[-1].message}",
                "check the path, relative to the content folder",
            )
            return None
        header, rows = table
        x = spec.x or header[0]
        columns = spec.y or [name for name in header if name != x]
        for name in [x, *columns]:
            if name not in header:
                key = "x" if name == x else "y"
                found.add(
                    path,
                    raw.key_lines.get(key, line),
                    f"chart '{spec.id}': {spec.csv} has no column '{name}'",
                    f"use one of: {', '.join(header)}",
                )
                return None
        series = []
        for name in columns:
            values = []
            for row in rows:
                cell = row.values[name].replace(",", "")
                try:
                    values.append(float(cell) if cell else 0.0)
                except ValueError:
                    found.add(
                        csv_path,
                        row.line,
                        f"chart '{spec.id}': '{row.values[name]}' in column '{name}' "
                        "is not a number",
                        "write a plain number such as 12 or 3.5",
                    )
                    return None
            series.append(ChartSeries(name=name, values=values))
        return spec.model_copy(update={"categories": [r.values[x] for r in rows], "series": series})
    if not spec.series:
        found.add(
            path,
            line,
            f"chart '{spec.id}' has no data",
            "give csv: FILE (with x and y columns) or categories and series",
        )
        return None
    for s in spec.series:
        if len(s.values) != len(spec.categories):
            found.add(
                path,
                line,
                f"chart '{spec.id}': series '{s.name}' has {len(s.values)} "
                f"values for {len(spec.categories)} categories",
                "give one value per category",
            )
            return None
    return spec


def _read_deny_list(root: Path, found: _Collector) -> list[str]:
    path = root / DENY_LIST_FILE
    if not path.exists():
        return []
    text = _guard(found, lambda: read_text(path)) or ""
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def _check_ids(
    root: Path,
    themes: list[Theme],
    participants: list[Participant],
    quotes: list[Quote],
    codings: list[Coding],
    charts: list[ChartSpec],
    found: _Collector,
) -> None:
    def unique(items: list, what: str, path_of: Callable[[Any], Path | None]) -> None:
        seen: dict[str, Any] = {}
        for item in items:
            if item.id in seen:
                first = seen[item.id]
                found.add(
                    path_of(item),
                    item.line,
                    f"duplicate {what} id '{item.id}' (first at "
                    f"{Problem(path_of(first), first.line, '').location()})",
                    "give each one its own id",
                )
            else:
                seen[item.id] = item

    unique(themes, "theme", lambda t: t.path)
    unique(participants, "participant", lambda p: root / PARTICIPANTS_FILE)
    unique(quotes, "quote", lambda q: q.path)
    unique(charts, "chart", lambda c: root / CHARTS_FILE)
    theme_ids = {t.id for t in themes}
    participant_ids = {p.id for p in participants}
    check_themes = THEMES_DIR not in found.unreadable
    check_participants = PARTICIPANTS_FILE not in found.unreadable
    coding_file = root / CODING_FILE
    for quote in quotes:
        if check_participants and quote.participant not in participant_ids:
            found.add(
                quote.path,
                quote.line_of("participant"),
                f"quote '{quote.id}': unknown participant '{quote.participant}'",
                f"add {quote.participant} to {PARTICIPANTS_FILE} or fix the id",
            )
        for theme_id in quote.themes:
            if check_themes and theme_id not in theme_ids:
                found.add(
                    quote.path,
                    quote.line_of("themes"),
                    f"quote '{quote.id}': unknown theme '{theme_id}'",
                    f"use one of: {', '.join(sorted(theme_ids)) or 'no themes yet'}",
                )
    for coding in codings:
        if check_participants and coding.participant not in participant_ids:
            found.add(
                coding_file,
                coding.line,
                f"unknown participant '{coding.participant}'",
                f"add it to {PARTICIPANTS_FILE} or fix the id",
            )
        if check_themes and coding.theme not in theme_ids:
            found.add(
                coding_file,
                coding.line,
                f"unknown theme '{coding.theme}'",
                f"use one of: {', '.join(sorted(theme_ids))}",
            )


def _check_outline(
    root: Path,
    info: TalkInfo,
    themes: list[Theme],
    quotes: list[Quote],
    charts: list[ChartSpec],
    found: _Collector,
) -> None:
    path = root / TALK_FILE
    theme_ids = {t.id for t in themes}
    quote_ids = {q.id for q in quotes}
    chart_ids = {c.id for c in charts} | set(BUILTIN_CHARTS)
    seen_ids: set[str] = set()
    check_quotes = "quotes" not in found.unreadable
    for number, entry in enumerate(info.outline or [], start=1):
        where = f"outline slide {number} ({entry.kind})"
        if entry.id:
            if entry.id in seen_ids:
                found.add(
                    path,
                    entry.line_of("id"),
                    f"{where}: duplicate id '{entry.id}'",
                    "give each slide its own id",
                )
            seen_ids.add(entry.id)
        if entry.kind == "theme":
            if not entry.theme:
                found.add(path, entry.line, f"{where}: no theme named", "add theme: THEME-ID")
            elif entry.theme not in theme_ids:
                found.add(
                    path,
                    entry.line_of("theme"),
                    f"{where}: unknown theme '{entry.theme}'",
                    f"use one of: {', '.join(sorted(theme_ids))}",
                )
        if entry.quote and check_quotes and entry.quote not in quote_ids:
            found.add(
                path,
                entry.line_of("quote"),
                f"{where}: unknown quote '{entry.quote}'",
                "use the id of a quote in the quotes file",
            )
        if entry.kind == "quote" and not entry.quote:
            found.add(path, entry.line, f"{where}: no quote named", "add quote: QUOTE-ID")
        if entry.chart and CHARTS_FILE not in found.unreadable and entry.chart not in chart_ids:
            found.add(
                path,
                entry.line_of("chart"),
                f"{where}: unknown chart '{entry.chart}'",
                f"use one of: {', '.join(sorted(chart_ids))}",
            )
        if entry.kind == "chart" and not entry.chart:
            found.add(path, entry.line, f"{where}: no chart named", "add chart: CHART-ID")
        if entry.kind == "text" and not entry.title:
            found.add(path, entry.line, f"{where}: a text slide needs a title", "add title: ...")
        if entry.kind == "image":
            if not entry.image:
                found.add(
                    path,
                    entry.line,
                    f"{where}: no image file named",
                    "add image: FILE (relative to the content folder)",
                )
            elif not (root / entry.image).is_file():
                found.add(
                    path,
                    entry.line_of("image"),
                    f"{where}: image '{entry.image}' not found",
                    "check the path, relative to the content folder",
                )
            if not entry.alt:
                found.add(
                    path,
                    entry.line,
                    f"{where}: an image needs alt text",
                    "add alt: a sentence saying what the picture shows",
                )


def _check_privacy(quotes: list[Quote], deny_names: list[str]) -> list[Problem]:
    warnings = []
    for quote in quotes:
        for what in personal_data(quote.text, deny_names):
            warnings.append(
                Problem(
                    quote.path,
                    quote.line,
                    f"quote '{quote.id}' may contain personal data: {what}",
                    "remove or anonymise it (e.g. [name], [email])",
                    severity="warning",
                )
            )
    return warnings
