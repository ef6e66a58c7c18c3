"""What a planned talk shows about its participants: could anyone be recognised, is every voice
heard, and are shares written as counts?

**Re-identification.** In a small study an attribution line can name a person to everyone who
knows the field: if one librarian answered from Samoa, "Participant 7 · Samoa · blog comment" is
her. Qualitative researchers call this deductive disclosure (Kaiser 2009, "Protecting respondent
confidentiality in qualitative research", Qualitative Health Research 19(11):1632-1641). The
remedy is k-anonymity (Sweeney 2002, "k-anonymity: a model for protecting privacy", International
Journal of Uncertainty, Fuzziness and Knowledge-Based Systems 10(5):557-570): every combination of
attributes shown must be shared by at least k participants (`privacy.min_group` in talk.yaml).
The combinations talkgen shows are each quoted participant's attribution line (deck and
handout; the columns `attribution:` in talk.yaml names, or its default) and the bars and bar
segments of the who-took-part chart (deck, handout, alt text, HTML). The matrix and the
prevalence and co-occurrence charts show participant labels and counts per theme, no attributes.

**Voice balance.** A theme whose shown quotes all come from one participant is shown as one
person's view; a participant quoted more than `privacy.max_quotes` times dominates the talk (and
pools details that identify them).

Each finding is a warning `Problem` at the line to change; `--strict` makes them errors.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations

from talkgen.charts.builtin import columns
from talkgen.content.attribution import shown_columns
from talkgen.content.collect import PARTICIPANTS_FILE
from talkgen.content.model import Participant, Quote, Talk
from talkgen.errors import Problem
from talkgen.plan import Plan

PARTICIPANTS_CHART = "participants"
# "43%", "12.5 %", "7 per cent": a share written as a percentage.
PERCENTAGE = re.compile(r"\d(?:[\d.,]*\d)?\s?(?:%|per ?cent\b)", re.I)


def shown_attributes(participant: Participant, columns: Sequence[str]) -> dict[str, str]:
    """The attributes an attribution line showing `columns` (`shown_columns(talk)`: the
    `attribution:` of talk.yaml, or its default) shows for `participant`, as column -> value in
    the line's order, columns named as in participants.csv; empty values are not shown."""
    by_name = {name.casefold(): name for name in participant.attributes}
    shown = {}
    for column in columns:
        name = by_name.get(column.casefold())
        if name and participant.attributes[name]:
            shown[name] = participant.attributes[name]
    return shown


def shown_quotes(plan: Plan) -> dict[str, tuple[Quote, set[str]]]:
    """Every quote the talk shows (on a slide, or featured in the handout), by id in the quotes
    file's order, with the ids of the themes it is shown under."""
    talk = plan.talk
    under: dict[str, set[str]] = defaultdict(set)
    for slide in plan.slides:
        if slide.quote is not None:
            under[slide.quote.id].add(slide.theme.id if slide.theme else slide.quote.themes[0])
    for quote in talk.featured_quotes:  # the handout prints each under its first theme
        under[quote.id].add(quote.themes[0])
    return {q.id: (q, under[q.id]) for q in talk.quotes if q.id in under}


def protection_warnings(plan: Plan) -> list[Problem]:
    """Everything the planned talk shows that may identify a participant or misrepresent their
    voices, as located warnings (see the module's docstring)."""
    talk = plan.talk
    shown = shown_quotes(plan)
    return [
        *_identifying_quotes(talk, [quote for quote, _ in shown.values()]),
        *_small_chart_cells(plan),
        *_one_voice_themes(talk, shown),
        *_often_quoted(talk, [quote for quote, _ in shown.values()]),
        *_percentages(plan),
    ]


def _sharing(talk: Talk, values: dict[str, str]) -> list[Participant]:
    """The participants who have all of these attribute values."""
    return [
        p for p in talk.participants if all(p.attributes.get(k) == v for k, v in values.items())
    ]


class _GroupSizes:
    """How many participants share given attribute values, counted once per set of columns (a
    study of thousands with hundreds of featured quotes stays a few passes over the table)."""

    def __init__(self, participants: list[Participant]) -> None:
        self._participants = participants
        self._counts: dict[tuple[str, ...], Counter[tuple[str | None, ...]]] = {}

    def __call__(self, values: dict[str, str]) -> int:
        columns = tuple(values)
        if columns not in self._counts:
            self._counts[columns] = Counter(
                tuple(p.attributes.get(c) for c in columns) for p in self._participants
            )
        return self._counts[columns][tuple(values.values())]


def _identifying_quotes(talk: Talk, quotes: list[Quote]) -> list[Problem]:
    k = talk.info.privacy.min_group
    known = {p.id: p for p in talk.participants}
    size = _GroupSizes(talk.participants)
    columns = shown_columns(talk)  # once: the default looks at every participant
    warnings = []
    for quote in quotes:
        participant = known.get(quote.participant)
        if participant is None:
            continue
        values = shown_attributes(participant, columns)
        sharing = size(values)
        if not values or sharing >= k:
            continue
        warnings.append(
            Problem(
                quote.path,
                quote.line,
                f"quote '{quote.id}' may identify its participant: "
                + _only(sharing, len(talk.participants), values),
                _advice(size, values, k),
                severity="warning",
            )
        )
    return warnings


def _only(sharing: int, total: int, values: dict[str, str]) -> str:
    verb = "is" if sharing == 1 else "are"
    return f'only {sharing} of {total} participants {verb} "{" · ".join(values.values())}"'


def _advice(size: _GroupSizes, values: dict[str, str], k: int) -> str:
    """Which attributes to keep (the most that leave k or more sharing them) and which to
    coarsen (those with a value fewer than k participants have)."""
    fields = tuple(values)
    keep: tuple[str, ...] | None = None
    for count in range(len(fields) - 1, -1, -1):
        safe = [
            subset
            for subset in combinations(fields, count)
            if size({f: values[f] for f in subset}) >= k
        ]
        if safe:
            keep = max(safe, key=lambda subset: size({f: values[f] for f in subset}))
            break
    rare = [f for f in fields if size({f: values[f]}) < k]
    advice = []
    if keep:
        advice.append(f"show fewer attributes (attribution: [{', '.join(keep)}])")
    else:
        advice.append("show no attributes under the quote (attribution: [])")
    if rare:
        advice.append(f"group {_values_of(rare)} into fewer, larger groups")
    return " or ".join(advice)


def _values_of(columns: list[str]) -> str:
    """`the values of 'country'`, `the values of 'years in libraries' and 'channel'`: columns
    named as written, whatever their names (no guessed plurals)."""
    return "the values of " + " and ".join(f"'{column}'" for column in columns)


def _small_chart_cells(plan: Plan) -> list[Problem]:
    """Bars and bar segments of the who-took-part chart that fewer than k participants make up."""
    talk = plan.talk
    spec = talk.chart(PARTICIPANTS_CHART)
    on_slide = any(slide.chart == PARTICIPANTS_CHART for slide in plan.slides)
    if not on_slide and spec is not None and not spec.handout:
        return []
    k = talk.info.privacy.min_group
    group_by, split_by = columns(talk)
    if group_by is None:
        return []
    warnings = []
    path = talk.root / PARTICIPANTS_FILE
    groups = Counter(p.attributes[group_by] for p in talk.participants if group_by in p.attributes)
    cells = Counter(
        (p.attributes[group_by], p.attributes[split_by])
        for p in talk.participants
        if group_by in p.attributes and split_by and split_by in p.attributes
    )
    small: list[tuple[dict[str, str], str, str]] = [
        ({group_by: g}, "a bar", f"group {_values_of([group_by])}")
        for g, n in groups.items()
        if n < k
    ]
    small += [
        (
            {group_by: g, split_by: s},
            "a bar segment",
            f"group {_values_of([group_by])} or of '{split_by}'",
        )
        for (g, s), n in cells.items()
        if n < k and groups[g] >= k and split_by
    ]
    for values, what, fix in small:
        sharing = _sharing(talk, values)
        warnings.append(
            Problem(
                path,
                sharing[0].line,
                "the who-took-part chart may identify a participant: "
                + _only(len(sharing), len(talk.participants), values)
                + f" ({what}, also in its alt text)",
                f"{fix} in {PARTICIPANTS_FILE} into fewer, larger groups",
                severity="warning",
            )
        )
    return warnings


def _one_voice_themes(talk: Talk, shown: dict[str, tuple[Quote, set[str]]]) -> list[Problem]:
    warnings = []
    for theme in talk.themes:
        quotes = [quote for quote, themes in shown.values() if theme.id in themes]
        voices = {q.participant for q in quotes}
        if len(quotes) < 2 or len(voices) > 1:
            continue
        warnings.append(
            Problem(
                theme.path,
                theme.line,
                f"theme '{theme.id}' is shown as one participant's view: its {len(quotes)} shown "
                f"quotes ({', '.join(q.id for q in quotes)}) are all {quotes[0].participant}'s",
                "feature a quote from another participant who raised it, or show fewer",
                severity="warning",
            )
        )
    return warnings


def _often_quoted(talk: Talk, quotes: list[Quote]) -> list[Problem]:
    limit = talk.info.privacy.max_quotes
    by_participant: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        by_participant[quote.participant].append(quote)
    warnings = []
    for participant, theirs in by_participant.items():
        if len(theirs) <= limit:
            continue
        first_over = theirs[limit]
        warnings.append(
            Problem(
                first_over.path,
                first_over.line,
                f"participant {participant} is quoted {len(theirs)} times in the talk "
                f"({', '.join(q.id for q in theirs)}), more than privacy.max_quotes ({limit})",
                "show another participant's words instead, or raise privacy.max_quotes in "
                "talk.yaml",
                severity="warning",
            )
        )
    return warnings


def _percentages(plan: Plan) -> list[Problem]:
    """Shares the speaker wrote as percentages where talkgen writes counts (a small study)."""
    talk = plan.talk
    if not talk.counts_only:
        return []
    total = len(talk.participants)
    written: list[tuple[object, int | None, str]] = []
    for theme in talk.themes:
        written += [(theme.path, theme.line, text) for text in (theme.summary, *theme.points)]
    talk_file = talk.talk_file
    info = talk.info
    for key, section in (("method", info.method), ("conclusion", info.conclusion)):
        for text in (section.text or "", *section.points):
            written.append((talk_file, info.line_of(key), text))
    for key in ("summary", "future"):
        written.append((talk_file, info.line_of(key), getattr(info, key) or ""))
    for spec in talk.charts:
        for text in (spec.title, spec.caption, spec.alt):
            written.append((talk.root / "charts.yaml", spec.line, text or ""))
    warnings = []
    for path, line, text in written:
        if match := PERCENTAGE.search(text):
            warnings.append(
                Problem(
                    path,  # type: ignore[arg-type]
                    line,
                    f"'{match.group(0)}' is a percentage of a study of {total} participants",
                    f"write the count instead (e.g. '6 of {total}'): below 20 participants one "
                    "person is several per cent",
                    severity="warning",
                )
            )
    return warnings
