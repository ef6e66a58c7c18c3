"""Cross-checks once every file is read: ids that must exist, duplicates, personal data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from talkgen.content.attribution import attribute_columns
from talkgen.content.collect import (
    CHARTS_FILE,
    CODING_FILE,
    PARTICIPANTS_FILE,
    THEMES_DIR,
    Collector,
)
from talkgen.content.images import check_image
from talkgen.content.model import (
    BUILTIN_CHARTS,
    ChartSpec,
    Coding,
    Participant,
    Quote,
    TalkInfo,
    Theme,
)
from talkgen.content.privacy import personal_data, private_names_in
from talkgen.errors import Problem, choose_from, did_you_mean
from talkgen.inputs import InputError, inside


def check_references(
    root: Path,
    themes: list[Theme],
    participants: list[Participant],
    quotes: list[Quote],
    codings: list[Coding],
    charts: list[ChartSpec],
    found: Collector,
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
                _participant_hint(quote.participant, participant_ids),
            )
        for theme_id in quote.themes:
            if check_themes and theme_id not in theme_ids:
                found.add(
                    quote.path,
                    quote.line_of("themes"),
                    f"quote '{quote.id}': unknown theme '{theme_id}'",
                    choose_from(theme_id, theme_ids),
                )
    if check_participants:
        _check_participant_columns(root, participants, charts, found)
    for coding in codings:
        if check_participants and coding.participant not in participant_ids:
            found.add(
                coding_file,
                coding.line,
                f"unknown participant '{coding.participant}'",
                _participant_hint(coding.participant, participant_ids),
            )
        if check_themes and coding.theme not in theme_ids:
            found.add(
                coding_file,
                coding.line,
                f"unknown theme '{coding.theme}'",
                choose_from(coding.theme, theme_ids),
            )


def _participant_hint(participant_id: str, known: set[str]) -> str:
    close = did_you_mean(participant_id, known)
    if close is not None:
        return f"did you mean '{close}'?"
    return f"add {participant_id} to {PARTICIPANTS_FILE} or fix the id"


def check_outline(
    root: Path,
    path: Path,
    info: TalkInfo,
    themes: list[Theme],
    quotes: list[Quote],
    charts: list[ChartSpec],
    found: Collector,
    left_out: set[str] = frozenset(),
) -> None:
    """Check the outline of the talk file at `path` against the talk's themes, quotes and
    charts; `left_out` are the study's themes this talk does not show (`themes:`)."""
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
            elif entry.theme in left_out:
                found.add(
                    path,
                    entry.line_of("theme"),
                    f"{where}: theme '{entry.theme}' is left out of this talk by `themes:`",
                    "add it to themes:, or remove this slide",
                )
            elif entry.theme not in theme_ids:
                found.add(
                    path,
                    entry.line_of("theme"),
                    f"{where}: unknown theme '{entry.theme}'",
                    choose_from(entry.theme, theme_ids),
                )
        if entry.quote and check_quotes and left_out and entry.quote not in quote_ids:
            found.add(
                path,
                entry.line_of("quote"),
                f"{where}: quote '{entry.quote}' is not linked to any theme this talk shows",
                "choose a quote of one of the talk's themes, or add its theme to themes:",
            )
        elif entry.quote and check_quotes and entry.quote not in quote_ids:
            found.add(
                path,
                entry.line_of("quote"),
                f"{where}: unknown quote '{entry.quote}'",
                choose_from(entry.quote, quote_ids),
            )
        if entry.kind == "quote" and not entry.quote:
            found.add(path, entry.line, f"{where}: no quote named", "add quote: QUOTE-ID")
        if entry.chart and CHARTS_FILE not in found.unreadable and entry.chart not in chart_ids:
            found.add(
                path,
                entry.line_of("chart"),
                f"{where}: unknown chart '{entry.chart}'",
                choose_from(entry.chart, chart_ids),
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
            else:
                _check_image(root, entry.image, path, entry.line_of("image"), where, found)
            if not entry.alt:
                found.add(
                    path,
                    entry.line,
                    f"{where}: an image needs alt text",
                    "add alt: a sentence saying what the picture shows",
                )


# The longest slot each format plausibly has: a lightning talk is 5-10 minutes (20 at the very
# most); any talk over three hours is a typo (`15:00:00` for `15:00`).
LONGEST: dict[str, int] = {"lightning": 20 * 60}
LONGEST_ANY = 3 * 3600


def check_duration(talk_file: Path, info: TalkInfo, found: Collector) -> None:
    """A duration the talk's format makes implausible is an error at the `duration:` line."""
    seconds = info.duration_seconds
    longest = LONGEST.get(info.format, LONGEST_ANY)
    if seconds <= longest:
        return
    hours = seconds / 3600
    length = f"{hours:g} hours" if seconds >= 3600 else f"{seconds // 60} minutes"
    found.add(
        talk_file,
        info.line_of("duration") or 1,
        f'duration: "{info.duration}" is {length}, too long for a {info.format} talk',
        'write minutes:seconds, e.g. "15:00" for fifteen minutes'
        + ("; for a longer talk set format: custom" if info.format == "lightning" else ""),
    )


def check_attribution(
    talk_file: Path, info: TalkInfo, participants: list[Participant], found: Collector
) -> None:
    """Every column `attribution:` names must be a column of participants.csv (in any case)."""
    if info.attribution is None or PARTICIPANTS_FILE in found.unreadable:
        return
    columns = attribute_columns(participants)
    known = {c.casefold() for c in columns}
    for name in info.attribution:
        if name.casefold() not in known:
            found.add(
                talk_file,
                info.line_of("attribution"),
                f"attribution: {PARTICIPANTS_FILE} has no column '{name}'",
                choose_from(name, columns)
                if columns
                else f"add the column to {PARTICIPANTS_FILE}, or remove it here",
            )


def _check_image(
    root: Path, written: str, path: Path, line: int | None, where: str, found: Collector
) -> None:
    try:
        image = inside(root, written, path, line, f"{where}: image '{written}'")
        if not image.exists():
            found.add(
                path,
                line,
                f"{where}: image '{written}' not found",
                "check the path, relative to the content folder",
            )
            return
        check_image(image, path, line)
    except InputError as error:
        problem = error.problems[0]
        if not problem.message.startswith(where):
            problem = Problem(
                problem.path, problem.line, f"{where}: {problem.message}", problem.hint
            )
        found.problems.append(problem)


def privacy_warnings(
    quotes: list[Quote], deny_names: list[str], private_names: dict[str, str] | None = None
) -> list[Problem]:
    """Quotes that may carry personal data: patterns, deny-list names, and the real names in an
    import's private mapping (`{name: participant id}`; reported by id, never by name)."""
    warnings = []
    for quote in quotes:
        found = personal_data(quote.text, deny_names)
        found += [
            f"the real name of participant {participant} (from the import's private mapping)"
            for participant in private_names_in(quote.text, private_names or {})
        ]
        for what in found:
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


def _check_participant_columns(
    root: Path, participants: list[Participant], charts: list[ChartSpec], found: Collector
) -> None:
    """The participants chart's `axis` and `stack` in charts.yaml name participants.csv columns."""
    columns = list(dict.fromkeys(k for p in participants for k in p.attributes))
    for spec in charts:
        if spec.id != "participants":
            continue
        if spec.stack and not spec.axis:
            found.add(
                root / CHARTS_FILE,
                spec.line,
                "chart 'participants': stack is set without axis",
                "name the axis column too, e.g. axis: country",
            )
        for key, column in (("axis", spec.axis), ("stack", spec.stack)):
            if column and column not in columns:
                found.add(
                    root / CHARTS_FILE,
                    spec.line,
                    f"chart 'participants': {key} '{column}' is not a column of "
                    f"{PARTICIPANTS_FILE}",
                    f"use one of: {', '.join(columns) or 'no columns besides the id yet'}",
                )
        if spec.axis and spec.axis == spec.stack:
            found.add(
                root / CHARTS_FILE,
                spec.line,
                "chart 'participants': axis and stack name the same column",
                "stack by another column, or leave stack out",
            )
