"""`load_talk`: a content folder in, a checked `Talk` out, or every problem found at once.

Reading goes file by file; each file's problems are collected rather than raised at the first, so
the speaker fixes everything in one pass. Cross-checks (ids that must exist, duplicates, personal
data in quotes) run once every file has been read.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from talkgen.content.chart_data import resolve_chart_data
from talkgen.content.checks import (
    check_attribution,
    check_duration,
    check_outline,
    check_references,
    privacy_warnings,
)
from talkgen.content.collect import (
    CHARTS_FILE,
    CODING_FILE,
    DENY_LIST_FILE,
    PARTICIPANTS_FILE,
    QUOTES_FILES,
    THEMES_DIR,
    Collector,
    guard,
    theme_files,
)
from talkgen.content.model import (
    ChartSpec,
    Coding,
    Participant,
    Quote,
    Talk,
    TalkInfo,
    Theme,
)
from talkgen.content.reader import (
    CsvRow,
    LineList,
    Lines,
    confined_to,
    read_csv,
    read_front_matter,
    read_text,
    read_yaml,
)
from talkgen.content.study import one_talk, talk_path
from talkgen.errors import ContentError, Problem, TalkgenError


def load_talk(folder: Path | str, strict: bool = False, talk: str | None = None) -> Talk:
    """Read and check a content folder. Raises `ContentError` listing every problem found.

    `folder` holds a single talk (`talk.yaml`) or a study (`talks/NAME.yaml`, see
    `talkgen.content.study`); `talk` names the study's talk to load, and may be left out when the
    study has only one. A talk that chooses its themes (`themes:` in its talk file) gets only
    those themes, the quotes and codings that belong to them, and `study_theme_count`.

    Warnings (personal data in quotes, themes nobody raised) are kept on `Talk.warnings`; with
    `strict` they are errors. Only files inside the folder are read (see `confined_to`).
    """
    # The import's private mapping lives beside the folder, where talkgen itself puts it (never a
    # path the content names): read before the confinement, for the personal-data check only.
    mapping_warnings: list[Problem] = []
    private_names = _read_private_names(Path(folder), mapping_warnings)
    with confined_to(Path(folder)):
        return _load_talk(Path(folder), strict, talk, private_names, mapping_warnings)


def _load_talk(
    root: Path,
    strict: bool,
    talk: str | None,
    private_names: dict[str, str],
    mapping_warnings: list[Problem],
) -> Talk:
    found = Collector()
    if not root.is_dir():
        hint = "run `talkgen init DIR` to make one" if not root.exists() else "give a folder"
        raise ContentError(Problem(root, None, "no content folder here", hint))
    # The named talk, checked; or the only one; a study of several asks for --talk.
    talk = one_talk(root, talk, "validate")
    talk_file = talk_path(root, talk)

    info = _read_talk_file(talk_file, found)
    themes = _read_themes(root, found)
    participants = _read_participants(root, found)
    quotes = _read_quotes(root, found)
    codings = _read_codings(root, found)
    charts = _read_charts(root, found)
    deny_names = _read_deny_list(root, found)

    warnings: list[Problem] = list(mapping_warnings)
    check_references(root, themes, participants, quotes, codings, charts, found)
    study_theme_count = len(themes)
    left_out: set[str] = set()
    if info is not None and info.themes is not None and THEMES_DIR not in found.unreadable:
        themes, quotes, codings, left_out = _chosen_themes(
            talk_file, info, themes, quotes, codings, found
        )
    if info is not None and THEMES_DIR not in found.unreadable:
        check_outline(root, talk_file, info, themes, quotes, charts, found, left_out)
    if info is not None:
        check_duration(talk_file, info, found)
        check_attribution(talk_file, info, participants, found)
    warnings += found.warnings
    warnings += privacy_warnings(quotes, deny_names, private_names)
    if strict:
        found.problems += [w.as_error() for w in warnings]
        warnings = []
    if found.problems or info is None:
        raise ContentError(found.problems)
    return Talk(
        root=root,
        info=info,
        name=talk,
        talk_path=talk_file if talk is not None else None,
        study_theme_count=study_theme_count if info.themes is not None else None,
        themes=themes,
        participants=participants,
        quotes=quotes,
        codings=codings,
        charts=charts,
        deny_names=deny_names,
        warnings=warnings,
        source_files=_source_files(root, talk_file, info, charts),
    )


def _source_files(
    root: Path, talk_file: Path, info: TalkInfo, charts: list[ChartSpec]
) -> list[Path]:
    """The files this talk was read from, each once: the talk file, the theme files, the research
    files present, the charts' CSV files and the outline's images. Other files in the folder
    (a recording, a spreadsheet) are no part of the talk."""
    named = [
        talk_file,
        *theme_files(root),
        *(root / name for name in (PARTICIPANTS_FILE, *QUOTES_FILES, CODING_FILE)),
        *(root / name for name in (CHARTS_FILE, DENY_LIST_FILE)),
        *(root / chart.csv for chart in charts if chart.csv),
        *(root / entry.image for entry in info.outline or [] if entry.image),
    ]
    return [path for path in dict.fromkeys(named) if path.is_file()]


def _chosen_themes(
    talk_file: Path,
    info: TalkInfo,
    themes: list[Theme],
    quotes: list[Quote],
    codings: list[Coding],
    found: Collector,
) -> tuple[list[Theme], list[Quote], list[Coding], set[str]]:
    """The talk's own part of the research: the themes its `themes:` list names (in that
    order), the quotes linked to at least one of them (linked to those only), and their codings;
    and the ids of the study's themes it leaves out."""
    by_id = {t.id: t for t in themes}
    chosen: list[str] = []
    for number, theme_id in enumerate(info.themes or [], start=1):
        line = info.line_of("themes", str(number - 1)) or info.line_of("themes")
        if theme_id in chosen:
            found.add(talk_file, line, f"themes: '{theme_id}' is listed twice", "list it once")
        elif theme_id not in by_id:
            close = difflib.get_close_matches(theme_id, list(by_id), n=1)
            found.add(
                talk_file,
                line,
                f"themes: unknown theme '{theme_id}'",
                (f"did you mean '{close[0]}'? " if close else "")
                + f"the study's themes are: {', '.join(by_id) or 'none yet'}",
            )
        else:
            chosen.append(theme_id)
    if not info.themes:
        found.add(
            talk_file,
            info.line_of("themes"),
            "themes: the list is empty, so the talk would show no theme",
            "name the themes this talk shows, or remove `themes:` to show them all",
        )
    keep = set(chosen)
    kept_quotes = [
        q.model_copy(update={"themes": [t for t in q.themes if t in keep]})
        for q in quotes
        if keep.intersection(q.themes)
    ]
    return (
        [by_id[t] for t in chosen],
        kept_quotes,
        [c for c in codings if c.theme in keep],
        set(by_id) - keep,
    )


def _read_talk_file(path: Path, found: Collector) -> TalkInfo | None:
    if not path.exists():
        found.add(path, None, "no talk file", f"create {path.name} (see `talkgen init`)")
        return None
    before = len(found.problems)
    raw = guard(found, lambda: read_yaml(path))
    if len(found.problems) > before:
        return None
    info = found.model(TalkInfo, raw, path)
    if info is not None:
        info = info.model_copy(update={"key_lines": _dotted_key_lines(raw)})
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


def _dotted_key_lines(value: Any, prefix: str = "") -> dict[str, int]:
    """Every mapping key's and list item's line, by dotted path (`layouts.quote`,
    `themes.0`), for later messages."""
    lines: dict[str, int] = {}
    if isinstance(value, Lines):
        for key, line in value.key_lines.items():
            lines[prefix + key] = line
            lines.update(_dotted_key_lines(value[key], f"{prefix}{key}."))
    elif isinstance(value, LineList) and prefix:
        # List items by position from 0 (`themes.0`), as pydantic's locations count them.
        for index, line in enumerate(value.item_lines):
            lines[f"{prefix}{index}"] = line
            lines.update(_dotted_key_lines(value[index], f"{prefix}{index}."))
    return lines


def _read_themes(root: Path, found: Collector) -> list[Theme]:
    folder = root / THEMES_DIR
    if not folder.is_dir():
        found.add(folder, None, "no themes folder", "create themes/ with one .md file per theme")
        return []
    themes: list[Theme] = []
    for path in theme_files(root):
        document = guard(found, lambda p=path: read_front_matter(p))
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
            extra={
                "summary": document.body,
                "path": path,
                "line": document.meta.line,
                "label_line": document.meta.key_lines.get(
                    "short" if document.meta.get("short") else "title"
                ),
            },
        )
        if theme is None:
            found.unreadable.add(THEMES_DIR)
        else:
            themes.append(theme)
    if not themes and not found.problems:
        found.add(folder, None, "no themes", "add a .md file per theme with id and title")
    return sorted(themes, key=lambda t: (t.order is None, t.order or 0, t.path.name))


def _read_participants(root: Path, found: Collector) -> list[Participant]:
    path = root / PARTICIPANTS_FILE
    if not path.exists():
        return []
    table = guard(found, lambda: read_csv(path, required=("id",)))
    if table is None:
        found.unreadable.add(PARTICIPANTS_FILE)
        return []
    participants = []
    for row in table.rows:
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


def _read_quotes(root: Path, found: Collector) -> list[Quote]:
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
        table = guard(
            found,
            lambda: read_csv(
                path,
                required=("id", "participant", "themes", "text"),
                optional=("featured", "notes"),
            ),
        )
        if table is None:
            found.unreadable.add("quotes")
            return []
        raws = []
        for row in table.rows:
            values: dict[str, Any] = dict(row.values)
            values["themes"] = [
                t.strip() for t in values["themes"].replace(",", ";").split(";") if t.strip()
            ]
            if "featured" in values:
                values["featured"] = values["featured"].lower() in ("yes", "true", "1", "x", "y")
            raws.append(_row_lines({k: v for k, v in values.items() if v != ""}, row))
    else:
        raws = _read_yaml_list(path, "quotes", "quote", found)
        if raws is None:
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


def _read_yaml_list(path: Path, key: str, what: str, found: Collector) -> LineList | None:
    """A YAML file holding a list (bare, or under `key:`); None, with the problem noted, if not."""
    before = len(found.problems)
    raws = guard(found, lambda: read_yaml(path))
    if len(found.problems) > before:
        return None
    if isinstance(raws, Lines) and key in raws:
        raws = raws[key]
    if not isinstance(raws, LineList):
        found.add(
            path,
            getattr(raws, "line", 1),
            f"expected a list of {key}",
            f"start each {what} with `- id: ...`",
        )
        return None
    return raws


def _read_codings(root: Path, found: Collector) -> list[Coding]:
    path = root / CODING_FILE
    if not path.exists():
        return []
    table = guard(found, lambda: read_csv(path, required=("participant", "theme")))
    if table is None:
        return []
    codings = []
    for row in table.rows:
        raw = _row_lines(
            {"participant": row.values["participant"], "theme": row.values["theme"]}, row
        )
        coding = found.model(Coding, raw, path, extra={"line": row.line})
        if coding is not None:
            codings.append(coding)
    return codings


def _read_charts(root: Path, found: Collector) -> list[ChartSpec]:
    path = root / CHARTS_FILE
    if not path.exists():
        return []
    raws = _read_yaml_list(path, "charts", "chart", found)
    if raws is None:
        found.unreadable.add(CHARTS_FILE)
        return []
    charts = []
    for i, raw in enumerate(raws):
        spec = found.model(
            ChartSpec, raw, path, prefix=(f"chart {i + 1}",), extra={"line": raws.item_lines[i]}
        )
        if spec is None:
            found.unreadable.add(CHARTS_FILE)
            continue
        spec = resolve_chart_data(root, path, spec, raw, found)
        if spec is not None:
            charts.append(spec)
    return charts


def _read_deny_list(root: Path, found: Collector) -> list[str]:
    path = root / DENY_LIST_FILE
    if not path.exists():
        return []
    text = guard(found, lambda: read_text(path)) or ""
    return [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def _read_private_names(root: Path, warnings: list[Problem]) -> dict[str, str]:
    """The real names in the private mapping an import keeps beside the folder (`DIR.private/`),
    as `{name: participant id}`, so that quotes can be checked for them. Never stored on the
    `Talk`, never printed."""
    from talkgen.qda.mapping import default_mapping_path, read_mapping

    path = default_mapping_path(root)
    try:
        return read_mapping(path) if path.is_file() else {}
    except TalkgenError as error:
        warnings += [p.as_warning() for p in error.problems]
        return {}
