"""The four charts every talk gets, computed from the content: prevalence, who took part, the
theme-by-participant matrix and theme co-occurrence.

Counts come from `Talk.raised_by()` (coding.csv plus the themes each quote is linked to), so the
charts agree with the deck's theme slides and the handout.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from itertools import combinations

from talkgen.charts import alt_text
from talkgen.charts.labels import Label, Shortened, distinct, lines_height, widest_word
from talkgen.charts.look import Look, inside_text, left_off_note
from talkgen.charts.model import ChartFigure, NativeChart
from talkgen.content.attribution import participant_label, participant_number
from talkgen.content.model import Talk, Theme
from talkgen.scripts import FSI, PDI, isolate

# The share of a chart's width that category labels beside the plot (theme titles) may take.
LABEL_SHARE = 0.38
# Room between a label and the plot, and between text and the image's edge, in px.
GAP_PX = 12
# Attributes named like these are places: "14 participants from Australia and New Zealand".
PLACES = ("country", "region", "state", "city", "location", "place")
# Attributes named like these say how a participant took part: the stack's colours.
WAYS = ("channel", "response channel", "mode", "medium", "method", "source", "format")
# The most groups a participants chart shows on its axis, and the most parts in a stack.
MAX_GROUPS = 8
MAX_PARTS = 6
# Which themes a chart of many shows (`left_off_note`'s `which`).
THEMES_SHOWN = "themes raised most"


def _everyone(talk: Talk) -> list[str]:
    """Participant ids in file order, plus any who only appear in codings or quotes."""
    ids = [p.id for p in talk.participants]
    known = set(ids)
    for raised in talk.raised_by().values():
        ids += sorted(raised - known)
        known |= raised
    return ids


def _of_the_study(talk: Talk) -> str:
    """` (4 of the study's 5 themes)` for a talk that shows only some themes, else nothing."""
    if talk.themes_in_study > len(talk.themes):
        return f" ({len(talk.themes)} of the study's {talk.themes_in_study} themes)"
    return ""


def _shown_themes(talk: Talk, look: Look, chart_id: str) -> tuple[list[Theme], str]:
    """The themes the chart `chart_id` shows, a row per theme, in the talk's order: all of them,
    or, when there are more than its rows (`Look.rows_for`), those raised by the most
    participants (ties in the talk's order); and the sentence its caption and alt text end with
    (empty when all are shown)."""
    themes = list(talk.themes)
    limit = look.rows_for(chart_id)
    if len(themes) <= limit:
        return themes, ""
    raised = talk.raised_by()
    ranked = sorted(range(len(themes)), key=lambda i: (-len(raised[themes[i].id]), i))
    note = left_off_note(limit, len(themes), THEMES_SHOWN)
    return [themes[i] for i in sorted(ranked[:limit])], note


def _with_note(text: str, note: str) -> str:
    return f"{text} {note}" if note else text


def prevalence(talk: Talk, look: Look) -> ChartFigure:
    """Horizontal bars: how many of the N participants raised each theme, most first; of many
    themes, the `most_rows` raised most (see `_shown_themes`).

    Theme labels are wrapped to at most `LABEL_SHARE` of the width; the left margin is the widest
    wrapped line, the right margin the widest count ("12 of 14"), so nothing reaches the edge."""
    raised = talk.raised_by()
    total = len(_everyone(talk))
    shown, note = _shown_themes(talk, look, "prevalence")
    # Stable sort: ties keep the themes' own order.
    themes = sorted(shown, key=lambda t: -len(raised[t.id]))
    counts = [len(raised[t.id]) for t in themes]
    colors = [t.color or look.color(0) for t in themes]
    lines = look.row_lines(len(themes))
    labels = [look.label(t.label, look.width_px * LABEL_SHARE, lines) for t in themes]
    texts = [f"{n} of {total}" for n in counts]
    left = max((label.width_px for label in labels), default=0) + GAP_PX
    right = max((look.width_of(t) for t in texts), default=0) + 2 * GAP_PX
    axis_title = look.label(
        f"Participants who raised it (of {total})", look.width_px - left - right, max_lines=2
    )
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": distinct([label.text for label in labels]),
        "x": counts,
        "marker": {"color": colors},
        "text": texts,
        "textposition": "outside",
        "constraintext": "none",
        "cliponaxis": False,
        "textfont": {"size": look.text_px, "color": look.text_on(look.style.colors.background)},
        "hovertemplate": f"{FSI}%{{y}}{PDI}: %{{x}} of {total}<extra></extra>",
    }
    layout = look.layout(x_title=axis_title.text)
    # dtick 1: every bar's label (plotly leaves out every other one when they look crowded).
    layout["yaxis"] |= {"autorange": "reversed", "ticks": "", "showline": False, "dtick": 1}
    layout["xaxis"] |= {
        "range": [0, max(total, 1)],
        "showline": False,
        "showticklabels": False,
        "ticks": "",
    }
    layout["margin"] |= {
        "l": round(left),
        "r": round(right),
        "b": round(lines_height(len(axis_title.lines), look.text_px) + GAP_PX),
    }
    layout["bargap"] = 0.3
    if themes and counts[0]:
        top = [t.label for t, n in zip(themes, counts, strict=True) if n == counts[0]]
        each = " each" if len(top) > 1 else ""
        if len(top) == len(themes) > 1:
            everyone = "Both" if len(top) == 2 else f"All {alt_text.count_word(len(top))}"
            subject = f"{everyone} themes came up equally"
        else:
            subject = f"{alt_text.tied_names(top, 'theme')} came up most"
        title = f"{subject}: {counts[0]} of {_people(total)}{each}"
    else:
        title = "No theme has been raised yet"
    return ChartFigure(
        id="prevalence",
        title=title,
        alt=_with_note(
            alt_text.prevalence(
                [(t.label, n) for t, n in zip(themes, counts, strict=True)],
                total,
                None if note else talk.themes_in_study,
            ),
            note,
        ),
        caption=_with_note(
            f"How many of the {total} participants raised each theme{_of_the_study(talk)}.", note
        ),
        figure={"data": [trace], "layout": layout},
        shortened=_shortened_themes(themes, labels),
        native=NativeChart(
            kind="bar",
            categories=tuple(t.label for t in themes),
            series=((f"Participants (of {total})", tuple(counts)),),
            colors=tuple(colors),
            colors_by_point=True,
            value_title=f"Participants who raised it (of {total})",
            label_format=f'0" of {total}"',
        ),
    )


def _shortened_themes(themes: list[Theme], labels: list[Label]) -> tuple[Shortened, ...]:
    """The themes whose label had to be shortened to fit a chart, at the theme's line."""
    hint = "give the theme a shorter `short:` title for charts"
    return tuple(
        record
        for theme, label in zip(themes, labels, strict=True)
        for record in label.note(theme.path, theme.label_line or theme.line, hint)
    )


def columns(talk: Talk) -> tuple[str | None, str | None]:
    """The participant attributes the participants chart puts on its axis and in its stack.

    Named in charts.yaml (`axis:`, `stack:` on the `participants` entry) they win. Otherwise they
    are chosen from the attributes present. An attribute that every participant has a different
    value of (a name, an id) or that all share says nothing and is skipped. The axis is where
    participants are (a column named like `PLACES`), else the attribute with the most values (up
    to `MAX_GROUPS`); the stack is how they took part (a column named like `WAYS`), else the
    attribute with the fewest values (up to `MAX_PARTS`). Ties go to the first in the file."""
    spec = talk.chart("participants")
    if spec is not None and spec.axis:
        return spec.axis, spec.stack
    people = talk.participants
    present: list[str] = []
    for participant in people:
        present += [k for k in participant.attributes if k not in present]
    values = {a: {p.attributes.get(a, "") for p in people} for a in present}
    useful = [a for a in present if 1 < len(values[a]) < max(len(people), 3)]
    axis_choices = [a for a in useful if len(values[a]) <= MAX_GROUPS]
    if not axis_choices:
        return None, None
    places = [a for a in axis_choices if _name(a).lower() in PLACES]
    axis = places[0] if places else max(axis_choices, key=lambda a: len(values[a]))
    stack_choices = [a for a in useful if a != axis and len(values[a]) <= MAX_PARTS]
    ways = [a for a in stack_choices if _name(a).lower() in WAYS]
    if ways:
        return axis, ways[0]
    stack = min(stack_choices, key=lambda a: len(values[a])) if stack_choices else None
    return axis, stack


def _name(attribute: str) -> str:
    return attribute.replace("_", " ").strip()


def participants(talk: Talk, look: Look) -> ChartFigure:
    """Stacked bars: participants by one attribute (on the axis), split by another (the stack's
    colours), chosen by `columns`."""
    group_by, split_by = columns(talk)
    people = talk.participants
    total = len(people)

    def value(p, attribute):
        return p.attributes.get(attribute, "not given") if attribute else "All participants"

    group_sizes = Counter(value(p, group_by) for p in people)
    groups = sorted(group_sizes, key=lambda g: (-group_sizes[g], g))
    split_sizes = Counter(value(p, split_by) for p in people) if split_by else Counter()
    parts = sorted(split_sizes, key=lambda s: (-split_sizes[s], s)) if split_by else [None]
    table = Counter((value(p, group_by), value(p, split_by) if split_by else None) for p in people)
    column_px = look.width_px * 0.85 / max(len(groups), 1)
    group_labels = [look.label(g, column_px, look.column_lines()) for g in groups]
    part_labels = {
        part: look.label(part, look.width_px * 0.45, max_lines=1) for part in parts if part
    }
    values = [[table[(g, part)] for g in groups] for part in parts]
    tallest = max((len(label.lines) for label in group_labels), default=1)
    plot_px = (
        look.width_px - look.width_of("00") - 3 * look.text_px,
        look.height_px - lines_height(tallest, look.text_px) - 3.4 * look.text_px,
    )
    texts = inside_text(
        look,
        [[str(n) if n else "" for n in counts] for counts in values],
        values,
        horizontal=False,
        plot_px=plot_px,
        bargap=0.35,
    )
    data = []
    for i, part in enumerate(parts):
        counts = values[i]
        data.append(
            {
                "type": "bar",
                "name": part_labels[part].text if part else "Participants",
                "x": distinct([label.text for label in group_labels]),
                "y": counts,
                "marker": {"color": look.color(i)},
                "text": texts[i],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "textangle": 0,
                "textfont": {"size": look.text_px, "color": look.text_on(look.color(i))},
                # The series' name by reference: user text in a template would be read as one.
                "hovertemplate": f"{FSI}%{{x}}{PDI}"
                + (f", {FSI}%{{fullData.name}}{PDI}" if part else "")
                + ": %{y}<extra></extra>",
            }
        )
    layout = look.layout(
        y_title="Participants", legend=bool(split_by), barmode="stack", bargap=0.35
    )
    layout["xaxis"] |= {"ticks": "", "dtick": 1}
    layout["yaxis"] |= {"dtick": _tick_step(max(group_sizes.values(), default=1))}
    label = _name(group_by or "group")
    if not total:
        title = "No participants listed yet"
    elif len(groups) <= 3 and label.lower() in PLACES:
        title = f"{_people(total)} from {alt_text.and_list(groups)}"
        title += f", by {isolate(_name(split_by))}" if split_by else ""
    else:
        title = f"{_people(total)} by {isolate(label)}"
        title += f" and {isolate(_name(split_by))}" if split_by else ""
    alt = alt_text.participants(
        [(g, [(part or "", table[(g, part)]) for part in parts]) for g in groups],
        total,
        label,
        _name(split_by) if split_by else None,
    )
    return ChartFigure(
        id="participants",
        title=title,
        alt=alt,
        caption=f"The {total} participants by {isolate(label)}"
        + (f" and {isolate(_name(split_by))}." if split_by else "."),
        figure={"data": data, "layout": layout},
        native=NativeChart(
            kind="stacked-column",
            categories=tuple(groups),
            series=tuple(
                (part or "Participants", tuple(table[(g, part)] for g in groups)) for part in parts
            ),
            colors=tuple(look.color(i) for i in range(len(parts))),
            value_title="Participants",
        ),
        shortened=_shortened_values(talk, group_by, group_labels)
        + _shortened_values(talk, split_by, list(part_labels.values())),
    )


def _shortened_values(
    talk: Talk, column: str | None, labels: list[Label]
) -> tuple[Shortened, ...]:
    """The values of a participants.csv column shortened in the participants chart, each at the
    row of the first participant with it."""
    hint = (
        f"use shorter values in the '{column}' column of participants.csv, or name other "
        "columns with axis:/stack: in charts.yaml"
    )
    path = talk.root / "participants.csv"
    rows = {}
    for participant in talk.participants:
        rows.setdefault(participant.attributes.get(column or "", ""), participant.line)
    return tuple(
        record for label in labels for record in label.note(path, rows.get(label.original), hint)
    )


def _people(count: int) -> str:
    return f"{count} participant" if count == 1 else f"{count} participants"


def _tick_step(largest: int) -> int:
    return max(1, round(largest / 4))


def matrix(talk: Talk, look: Look) -> ChartFigure:
    """A dot grid, as a framework matrix: one row per theme, a dot where a participant raised it;
    of many themes, the `most_rows` raised most (see `_shown_themes`)."""
    raised = talk.raised_by()
    everyone = _everyone(talk)
    themes, note = _shown_themes(talk, look, "matrix")
    lines = look.row_lines(len(themes))
    labels = [look.label(t.label, look.width_px * LABEL_SHARE, lines) for t in themes]
    texts = distinct([label.text for label in labels])
    shown = {t.id: text for t, text in zip(themes, texts, strict=True)}
    xs, ys = [], []
    for theme in themes:
        for pid in everyone:
            if pid in raised[theme.id]:
                xs.append(participant_number(pid))
                ys.append(shown[theme.id])
    left = max((label.width_px for label in labels), default=0) + GAP_PX
    dot = min(look.text_px * 1.1, 0.6 * (look.width_px - left) / max(len(everyone) + 2, 1))
    trace = {
        "type": "scatter",
        "mode": "markers",
        "x": xs,
        "y": ys,
        "marker": {"size": dot, "color": look.color(0), "symbol": "circle"},
        "hovertemplate": f"Participant {FSI}%{{x}}{PDI} raised {FSI}%{{y}}{PDI}<extra></extra>",
    }
    layout = look.layout(x_title="Participant")
    layout["xaxis"] |= {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": [participant_number(pid) for pid in everyone],
        "range": [-0.6, len(everyone) - 0.4],
        "showline": False,
        "ticks": "",
        "tickangle": 0 if len(everyone) <= 16 else -90,
    }
    layout["yaxis"] |= {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": [shown[t.id] for t in reversed(themes)],
        "range": [-0.6, len(themes) - 0.4],
        "showline": False,
        "ticks": "",
        "dtick": 1,
    }
    layout["margin"] |= {"l": round(left)}
    themes_each = [sum(pid in raised[t.id] for t in talk.themes) for pid in everyone]
    if themes_each:
        low, high = min(themes_each), max(themes_each)
        spread = f"{low}" if low == high else f"{low}–{high}"
        title = f"Who raised what: each participant raised {spread} of {len(talk.themes)} themes"
    else:
        title = "Who raised what"
    return ChartFigure(
        id="matrix",
        title=title,
        alt=_with_note(
            alt_text.matrix(
                [(t.label, [participant_label(p) for p in raised[t.id]]) for t in themes],
                [participant_label(p) for p in everyone],
            ),
            note,
        ),
        caption=_with_note("Which participant raised which theme (a dot means they did).", note),
        figure={"data": [trace], "layout": layout},
        shortened=_shortened_themes(themes, labels),
        native=NativeChart(
            kind="table",
            rows=(
                ("Theme", *(participant_number(pid) for pid in everyone)),
                *(
                    (t.label, *("●" if pid in raised[t.id] else "" for pid in everyone))
                    for t in themes
                ),
            ),
            colors=(look.color(0),),
            rows_of=len(talk.themes),
            rows_which=THEMES_SHOWN,
        ),
    )


def cooccurrence(talk: Talk, look: Look) -> ChartFigure:
    """A heatmap of how many participants raised both of two themes (lower triangle only); of
    many themes, the `most_rows` raised most (see `_shown_themes`). The title names the pair
    raised together most of all the talk's themes."""
    raised = talk.raised_by()
    themes, note = _shown_themes(talk, look, "cooccurrence")
    z: list[list[int | None]] = []
    for i, a in enumerate(themes):
        row: list[int | None] = []
        for j, b in enumerate(themes):
            row.append(len(raised[a.id] & raised[b.id]) if j < i else None)
        z.append(row)
    every_pair = [(a, b, len(raised[a.id] & raised[b.id])) for a, b in combinations(talk.themes, 2)]
    shown = {t.id for t in themes}
    pairs = [(a.label, b.label, n) for a, b, n in every_pair if {a.id, b.id} <= shown]
    # The first theme's row and the last theme's column are empty in a lower triangle.
    # Column labels first (they take height from the rows), with the row labels' share guessed.
    column_px = look.width_px * 0.7 / max(len(themes) - 1, 1) - GAP_PX
    column_labels = [look.label(t.label, column_px, look.column_lines()) for t in themes[:-1]]
    numbered = not all(
        widest_word(t.label, look.text_px, look.measure) <= column_px and not label.shortened
        for t, label in zip(themes, column_labels, strict=False)
    )
    if numbered:
        # Titles too long for the columns: the columns are numbered, and each row's label
        # starts with its theme's number (the first theme's row, empty, keeps its number).
        row_themes = themes
        column_labels = [look.label(str(k), column_px) for k in range(1, len(themes))]
        z_rows = [r[:-1] for r in z]
    else:
        row_themes = themes[1:]
        z_rows = [r[:-1] for r in z[1:]]
    below = lines_height(max((len(c.lines) for c in column_labels), default=1), look.text_px)
    lines = look.row_lines(len(row_themes), below)
    row_labels = [look.label(t.label, look.width_px * 0.3, lines) for t in row_themes]
    if numbered:
        row_labels = [
            replace(look.label(f"{k}. {t.label}", look.width_px * 0.3, lines), original=t.label)
            for k, t in enumerate(row_themes, start=1)
        ]
    left = max((label.width_px for label in row_labels), default=0) + GAP_PX
    rows = distinct([label.text for label in row_labels])
    columns = distinct([label.text for label in column_labels])
    trace = {
        "type": "heatmap",
        "z": z_rows,
        "x": columns,
        "y": rows,
        "colorscale": look.sequential_scale(),
        "zmin": 0,
        "showscale": False,
        "texttemplate": "%{z}",
        "textfont": {"size": look.text_px, "color": look.style.colors.text},
        "xgap": 4,
        "ygap": 4,
        "hoverongaps": False,
        "hovertemplate": f"{FSI}%{{y}}{PDI} and {FSI}%{{x}}{PDI}: %{{z}}<extra></extra>",
    }
    layout = look.layout()
    every = {"dtick": 1, "type": "category"}  # a label for every row and column
    layout["xaxis"] |= {"showline": False, "ticks": "", "tickangle": 0, "side": "bottom"} | every
    layout["yaxis"] |= {"autorange": "reversed", "showline": False, "ticks": ""} | every
    layout["margin"] |= {"l": round(left)}
    most = max((p[2] for p in every_pair), default=0)
    tied = [(a, b) for a, b, n in every_pair if n == most]
    if most and len(tied) == 1:
        title = f"{alt_text.and_list([tied[0][0].label, tied[0][1].label])} came up together"
        title += f" most: {_people(most)}"
    elif most:
        pairs_word = alt_text.count_word(len(tied)).capitalize()
        title = f"{pairs_word} pairs of themes came up together most: {_people(most)} each"
    else:
        title = "Themes raised together"
    return ChartFigure(
        id="cooccurrence",
        title=title,
        alt=_with_note(alt_text.cooccurrence(pairs), note),
        caption=_with_note(
            "How many participants raised both of two themes."
            + (" The columns are numbered as the rows are." if numbered else ""),
            note,
        ),
        figure={"data": [trace], "layout": layout},
        shortened=_shortened_themes(row_themes, row_labels)
        + (() if numbered else _shortened_themes(themes[:-1], column_labels)),
    )


BUILDERS: dict[str, Callable[[Talk, Look], ChartFigure]] = {
    "prevalence": prevalence,
    "participants": participants,
    "matrix": matrix,
    "cooccurrence": cooccurrence,
}
