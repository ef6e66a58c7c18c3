"""Turning a `Study` into talkgen's own content files: themes/*.md, quotes.yaml,
participants.csv, coding.csv, talk.yaml, charts.yaml and the chart data under data/.

`imported_content` says what the export holds in talkgen's terms (keyed by the export's own
stable keys, before ids are settled); the `render_*` functions write the text of each file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from talkgen.charts.look import most_rows
from talkgen.qda.study import Study
from talkgen.spreadsheet import csv_text
from talkgen.style import load_style

THEME_FIELDS = ("id", "title", "short", "points", "notes", "color", "order")
QUOTE_FIELDS = ("id", "participant", "themes", "featured", "text", "notes")
COUNTS_FILE = "data/code-counts.csv"
PARTICIPANT_COUNTS_FILE = "data/participant-counts.csv"
_FOLDED_SHOWN = 8


@dataclass
class ImportedContent:
    """What an export says, in talkgen's terms, keyed by the export's stable keys."""

    themes: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> slug, title, ...
    quotes: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> participant, ...
    participants: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> attributes
    codings: set[tuple[str, str]] = field(default_factory=set)  # (participant id, theme key)
    segments_per_theme: dict[str, int] = field(default_factory=dict)
    participants_per_theme: dict[str, int] = field(default_factory=dict)
    segments_per_participant: dict[str, int] = field(default_factory=dict)


def slug(name: str) -> str:
    """An id made from a code's name: lower case, accents dropped, words joined by '-'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^0-9a-z]+", "-", plain.lower()).strip("-")
    return words[:60].rstrip("-") or "theme"


def imported_content(study: Study, pseudonyms: dict[str, str]) -> ImportedContent:
    """The export's themes, quotes, participants and codings, participants by pseudonym."""
    content = ImportedContent()
    for participant in study.participants:
        content.participants[pseudonyms[participant.name]] = dict(participant.attributes)
    raised: dict[str, set[str]] = {t.key: set() for t in study.themes}
    for theme in study.themes:
        content.segments_per_theme[theme.key] = 0
    for pid in content.participants:
        content.segments_per_participant[pid] = 0
    for segment in study.segments:
        pid = pseudonyms[segment.participant]
        content.quotes[segment.key] = {
            "participant": pid,
            "theme_keys": list(segment.themes),
            "text": segment.text,
        }
        content.segments_per_participant[pid] += 1
        for key in segment.themes:
            content.segments_per_theme[key] += 1
            raised[key].add(pid)
            content.codings.add((pid, key))
    content.participants_per_theme = {key: len(who) for key, who in raised.items()}
    for theme in study.themes:
        summary = theme.description or _summary(study, theme.key, theme.folded, content)
        content.themes[theme.key] = {
            "slug": slug(theme.name),
            "title": theme.name,
            "summary": summary,
            "color": theme.color,
        }
    return content


def _summary(study: Study, key: str, folded: tuple[str, ...], content: ImportedContent) -> str:
    segments, people = content.segments_per_theme[key], content.participants_per_theme[key]
    text = (
        f"{segments} coded segment{'s' * (segments != 1)} from {people} "
        f"participant{'s' * (people != 1)} in {study.name}."
    )
    if folded:
        unique = list(dict.fromkeys(folded))
        names = ", ".join(unique[:_FOLDED_SHOWN])
        more = f" and {len(unique) - _FOLDED_SHOWN} more" if len(unique) > _FOLDED_SHOWN else ""
        text += f" Codes counted with it: {names}{more}."
    return text + " (Written by talkgen import: replace it with your summary.)"


class _Dumper(yaml.SafeDumper):
    """YAML for people: block text for several lines, quotes wherever talkgen's reader (YAML
    1.2 numbers, dates kept as text) could read a value as something other than text."""

    def ignore_aliases(self, data: Any) -> bool:  # noqa: D102 - PyYAML's hook
        return True  # a speaker editing the file should never meet &id001 and *id001


_LOOKS_TYPED = re.compile(r"^[-+.0-9eE:_]+$|^(true|false|yes|no|on|off|null|y|n|~)$", re.I)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    if _LOOKS_TYPED.match(text):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


def _represent_list(dumper: yaml.SafeDumper, items: list) -> yaml.SequenceNode:
    # Lists of words (a quote's themes, a slide's points) read best on one line.
    inline = all(isinstance(i, str | int | float) for i in items) and len(str(items)) < 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=inline)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dump_yaml(value: Any) -> str:
    """`value` as YAML in talkgen's style (keys in the given order, lists of words inline)."""
    return yaml.dump(
        value,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=96,
        default_flow_style=False,
    )


def _ordered(record: dict[str, Any], first: tuple[str, ...]) -> dict[str, Any]:
    keys = [*[k for k in first if k in record], *[k for k in record if k not in first]]
    return {k: record[k] for k in keys if not k.startswith("_") and _present(record[k])}


def _present(value: Any) -> bool:
    return value not in (None, "", [], {}, False)


def render_theme(theme: dict[str, Any]) -> str:
    """A theme's Markdown file: front matter (id, title, ...) and the summary as the body."""
    meta = _ordered({k: v for k, v in theme.items() if k != "summary"}, THEME_FIELDS)
    return f"---\n{dump_yaml(meta)}---\n{(theme.get('summary') or '').strip()}\n"


def render_quotes(quotes: list[dict[str, Any]], origin: str) -> str:
    """quotes.yaml: a commented list of quotes."""
    header = (
        f"# Participants' words, imported from {origin} by `talkgen import`.\n"
        "# Edit freely: a re-import keeps your edits (see docs/import.md).\n"
        "# `featured: true` puts a quote on its theme's slide and in the handout.\n"
    )
    if not quotes:
        return header + "# The export held no coded text, so there are no quotes yet.\n[]\n"
    return header + dump_yaml([_ordered(q, QUOTE_FIELDS) for q in quotes])


def render_table(header: list[str], rows: list[list[Any]]) -> str:
    """A CSV file with a header row, safe to open in a spreadsheet (see talkgen/spreadsheet.py)."""
    return csv_text(header, rows)


def render_participants(participants: list[dict[str, str]]) -> str:
    """participants.csv: id and one column per attribute."""
    columns = list(dict.fromkeys(k for p in participants for k in p if k != "id"))
    return render_table(
        ["id", *columns], [[p["id"], *(p.get(c, "") for c in columns)] for p in participants]
    )


# A ten-minute lightning talk has room for about this many theme slides beside its title,
# method, overview, conclusion and contact slides: some 45 s each.
MAX_THEME_SLIDES = 8


def slide_themes(
    themes: list[dict[str, Any]], segments: dict[str, int], limit: int = MAX_THEME_SLIDES
) -> list[str]:
    """The ids of the themes the imported outline shows: all of them when they fit, else the
    `limit` with the most coded segments (ties in codebook order); in codebook order."""
    if len(themes) <= limit:
        return [t["id"] for t in themes]
    ranked = sorted(range(len(themes)), key=lambda i: (-segments.get(themes[i]["id"], 0), i))
    return [themes[i]["id"] for i in sorted(ranked[:limit])]


def render_talk(
    study: Study, themes: list[dict[str, Any]], counts: bool, on_slides: list[str] | None = None
) -> str:
    """talk.yaml for an imported study: placeholders to replace, the method in numbers, and an
    outline with a slide per theme in `on_slides` (all themes by default; see `slide_themes`),
    and the charts of code counts when anything was coded."""
    sources = len(study.participants)
    tool = f" in {study.origin}" if study.origin else ""
    coded = (
        f"{_count(len(study.segments), 'coded segment')} in {_count(len(themes), 'theme')}"
        if study.segments
        else f"A codebook of {_count(len(themes), 'theme')}, nothing coded yet"
    )
    who = study.participants_from.removesuffix("s")
    info: dict[str, Any] = {
        "title": study.name,
        "speaker": "Your Name",
        "event": "Your event",
        "duration": "10:00",
        "format": "lightning",
        "summary": f"Themes and quotes from the qualitative analysis project {study.name}.",
        "method": {
            "title": "How the material was coded",
            "points": [f"{_count(sources, who)} coded{tool}", coded] if sources else [coded],
        },
        "conclusion": {
            "title": "What it means",
            "points": ["The main finding in a few words", "What to do next"],
        },
    }
    method: dict[str, Any] = (
        {"kind": "method", "chart": "participant-counts"}
        if counts
        else {
            "kind": "text",
            "title": "How the material was coded",
            "points": info["method"]["points"],
        }
    )
    overview = (
        [{"kind": "overview", "title": "How often each theme was coded", "chart": "code-counts"}]
        if counts
        else []
    )
    info["outline"] = [
        {"kind": "title"},
        method,
        *overview,
        *(
            {"kind": "theme", "theme": t["id"]}
            for t in themes
            if on_slides is None or t["id"] in on_slides
        ),
        {"kind": "conclusion"},
        {"kind": "contact"},
    ]
    header = (
        f"# Imported from {study.source_file.name} by `talkgen import {study.kind}`.\n"
        "# Replace the placeholders (speaker, event, date, notes). A re-import replaces\n"
        "# this file only while you have not edited it.\n"
    )
    return header + dump_yaml(info)


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' * (n != 1)}"


def render_charts(
    study: Study, labels: list[str], segments: list[int], participants: list[tuple[str, int]]
) -> str:
    """charts.yaml declaring the two charts of real code counts. A chart of more bars than a chart
    shows (`most_rows`) gets no `alt:`: the one made from its numbers says which it shows."""
    pairs = "; ".join(f"{label} {n}" for label, n in zip(labels, segments, strict=True))
    by_person = "; ".join(f"{pid} {n}" for pid, n in participants)
    shown = most_rows(load_style())
    charts: list[dict[str, Any]] = [
        {
            "id": "code-counts",
            "type": "bar",
            "title": "Coded segments per theme",
            "csv": COUNTS_FILE,
            "x": "theme",
            "y": ["segments"],
            "x_label": "Theme",
            "y_label": "Coded segments",
            # Short enough for the slide's caption box; the counting rule is in docs/import.md.
            "caption": f"Coded segments per theme, from {study.source_file.name}.",
            "alt": f"Bar chart of coded segments per theme: {pairs}.",
        },
        {
            "id": "participant-counts",
            "type": "bar",
            "title": "Coded segments per participant",
            "csv": PARTICIPANT_COUNTS_FILE,
            "x": "participant",
            "y": ["segments"],
            "x_label": "Participant",
            "y_label": "Coded segments",
            "caption": f"Coded segments per participant in {study.name}.",
            "alt": f"Bar chart of coded segments per participant: {by_person}.",
        },
    ]
    if len(labels) > shown:
        del charts[0]["alt"]
    if len(participants) > shown:
        del charts[1]["alt"]
    return "# Charts of the export's real code counts, written by `talkgen import`.\n" + dump_yaml(
        charts
    )
