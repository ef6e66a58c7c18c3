"""The four charts every talk gets, computed from the content: prevalence, who took part, the
theme-by-participant matrix and theme co-occurrence.

Counts come from `Talk.raised_by()` (coding.csv plus the themes each quote is linked to), so the
charts agree with the deck's theme slides and the handout.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from itertools import combinations

from talkgen.charts import alt_text
from talkgen.charts.look import Look, plotly_text, wrap_label
from talkgen.charts.model import ChartFigure
from talkgen.content.attribution import participant_label, participant_number
from talkgen.content.model import Talk

# The participant attributes the "who took part" chart groups and splits by, when present.
GROUP_BY = ("country", "channel")


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


def prevalence(talk: Talk, look: Look) -> ChartFigure:
    """Horizontal bars: how many of the N participants raised each theme, most first."""
    raised = talk.raised_by()
    total = len(_everyone(talk))
    # Stable sort: ties keep the themes' own order.
    themes = sorted(talk.themes, key=lambda t: -len(raised[t.id]))
    counts = [len(raised[t.id]) for t in themes]
    colors = [t.color or look.color(0) for t in themes]
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": [plotly_text(t.label) for t in themes],
        "x": counts,
        "marker": {"color": colors},
        "text": [f"{n} of {total}" for n in counts],
        "textposition": "outside",
        "cliponaxis": False,
        "textfont": {"size": look.text_px, "color": look.style.colors.text},
        "hovertemplate": "%{y}: %{x} of " + str(total) + "<extra></extra>",
    }
    layout = look.layout(x_title=f"Participants who raised it (of {total})")
    layout["yaxis"] |= {"autorange": "reversed", "ticks": "", "showline": False}
    layout["xaxis"] |= {
        "range": [0, max(total, 1) * 1.18],
        "showline": False,
        "showticklabels": False,
        "ticks": "",
    }
    layout["bargap"] = 0.3
    if themes and counts[0]:
        title = f"{themes[0].label} came up most: {counts[0]} of {_people(total)}"
    else:
        title = "No theme has been raised yet"
    return ChartFigure(
        id="prevalence",
        title=title,
        alt=alt_text.prevalence(
            [(t.label, n) for t, n in zip(themes, counts, strict=True)],
            total,
            talk.themes_in_study,
        ),
        caption=f"How many of the {total} participants raised each theme"
        + _of_the_study(talk)
        + ".",
        figure={"data": [trace], "layout": layout},
    )


def participant_grouping(talk: Talk) -> tuple[str | None, str | None]:
    """The attribute the who-took-part chart groups participants by and the one it splits each
    group by (None where the participants have too few attributes)."""
    present: list[str] = []
    for participant in talk.participants:
        present += [k for k in participant.attributes if k not in present]
    preferred = [a for a in GROUP_BY if a in present]
    others = [a for a in present if a not in preferred]
    chosen = (preferred + others + [None, None])[:2]
    return chosen[0], chosen[1]


def participants(talk: Talk, look: Look) -> ChartFigure:
    """Stacked bars: participants by country (or their first attribute), split by channel."""
    group_by, split_by = participant_grouping(talk)
    people = talk.participants
    total = len(people)

    def value(p, attribute):
        return p.attributes.get(attribute, "not given") if attribute else "All participants"

    group_sizes = Counter(value(p, group_by) for p in people)
    groups = sorted(group_sizes, key=lambda g: (-group_sizes[g], g))
    split_sizes = Counter(value(p, split_by) for p in people) if split_by else Counter()
    parts = sorted(split_sizes, key=lambda s: (-split_sizes[s], s)) if split_by else [None]
    table = Counter((value(p, group_by), value(p, split_by) if split_by else None) for p in people)
    data = []
    for i, part in enumerate(parts):
        counts = [table[(g, part)] for g in groups]
        data.append(
            {
                "type": "bar",
                "name": plotly_text(part or "Participants"),
                "x": [plotly_text(g) for g in groups],
                "y": counts,
                "marker": {"color": look.color(i)},
                "text": [str(n) if n else "" for n in counts],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "textfont": {"size": look.text_px, "color": look.text_on(look.color(i))},
                # The series' name by reference: user text in a template would be read as one.
                "hovertemplate": ("%{x}, %{fullData.name}" if part else "%{x}")
                + ": %{y}<extra></extra>",
            }
        )
    layout = look.layout(
        y_title="Participants", legend=bool(split_by), barmode="stack", bargap=0.35
    )
    layout["xaxis"] |= {"ticks": ""}
    layout["yaxis"] |= {"dtick": _tick_step(max(group_sizes.values(), default=1))}
    label = (group_by or "group").replace("_", " ")
    names = " and ".join(groups) if len(groups) <= 3 else f"{len(groups)} {label} groups"
    title = f"{_people(total)} from {names}" if total else "No participants listed yet"
    if split_by:
        title += f", by {split_by.replace('_', ' ')}"
    alt = alt_text.participants(
        [(g, [(part or "", table[(g, part)]) for part in parts]) for g in groups],
        total,
        label,
        split_by.replace("_", " ") if split_by else None,
    )
    return ChartFigure(
        id="participants",
        title=title,
        alt=alt,
        caption=f"The {total} participants by {label}"
        + (f" and {split_by.replace('_', ' ')}." if split_by else "."),
        figure={"data": data, "layout": layout},
    )


def _people(count: int) -> str:
    return f"{count} participant" if count == 1 else f"{count} participants"


def _tick_step(largest: int) -> int:
    return max(1, round(largest / 4))


def matrix(talk: Talk, look: Look) -> ChartFigure:
    """A dot grid, as a framework matrix: one row per theme, a dot where a participant raised it."""
    raised = talk.raised_by()
    everyone = _everyone(talk)
    xs, ys = [], []
    for theme in talk.themes:
        for pid in everyone:
            if pid in raised[theme.id]:
                xs.append(participant_number(pid))
                ys.append(plotly_text(theme.label))
    dot = min(look.text_px * 1.1, 0.6 * look.width_px / max(len(everyone) + 8, 1))
    trace = {
        "type": "scatter",
        "mode": "markers",
        "x": xs,
        "y": ys,
        "marker": {"size": dot, "color": look.color(0), "symbol": "circle"},
        "hovertemplate": "Participant %{x} raised %{y}<extra></extra>",
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
        "categoryarray": [plotly_text(t.label) for t in reversed(talk.themes)],
        "range": [-0.6, len(talk.themes) - 0.4],
        "showline": False,
        "ticks": "",
    }
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
        alt=alt_text.matrix(
            [(t.label, [participant_label(p) for p in raised[t.id]]) for t in talk.themes],
            [participant_label(p) for p in everyone],
        ),
        caption="Which participant raised which theme (a dot means they did).",
        figure={"data": [trace], "layout": layout},
    )


def cooccurrence(talk: Talk, look: Look) -> ChartFigure:
    """A heatmap of how many participants raised both of two themes (lower triangle only)."""
    raised = talk.raised_by()
    themes = talk.themes
    labels = [t.label for t in themes]
    z: list[list[int | None]] = []
    pairs = []
    for i, a in enumerate(themes):
        row: list[int | None] = []
        for j, b in enumerate(themes):
            row.append(len(raised[a.id] & raised[b.id]) if j < i else None)
        z.append(row)
    for a, b in combinations(themes, 2):
        pairs.append((a.label, b.label, len(raised[a.id] & raised[b.id])))
    # The first theme's row and the last theme's column are empty in a lower triangle.
    rows, columns = labels[1:], labels[:-1]
    trace = {
        "type": "heatmap",
        "z": [r[:-1] for r in z[1:]],
        "x": [wrap_label(c) for c in columns],
        "y": [plotly_text(r) for r in rows],
        "colorscale": look.sequential_scale(),
        "zmin": 0,
        "showscale": False,
        "texttemplate": "%{z}",
        "textfont": {"size": look.text_px},
        "xgap": 4,
        "ygap": 4,
        "hoverongaps": False,
        "hovertemplate": "%{y} and %{x}: %{z}<extra></extra>",
    }
    layout = look.layout()
    layout["xaxis"] |= {"showline": False, "ticks": "", "tickangle": 0, "side": "bottom"}
    layout["yaxis"] |= {"autorange": "reversed", "showline": False, "ticks": ""}
    if pairs and max(p[2] for p in pairs):
        a, b, n = max(pairs, key=lambda p: p[2])
        title = f"{a} and {b} came up together most: {_people(n)}"
    else:
        title = "Themes raised together"
    return ChartFigure(
        id="cooccurrence",
        title=title,
        alt=alt_text.cooccurrence(pairs),
        caption="How many participants raised both of two themes.",
        figure={"data": [trace], "layout": layout},
    )


BUILDERS: dict[str, Callable[[Talk, Look], ChartFigure]] = {
    "prevalence": prevalence,
    "participants": participants,
    "matrix": matrix,
    "cooccurrence": cooccurrence,
}
