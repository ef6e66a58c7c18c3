"""Alt text for charts, written from the numbers the chart shows.

A screen-reader user should get what a sighted reader gets at a glance: what kind of chart it is
and the values, largest first. Pure functions over plain values, so the wording is easy to test.
Every label the user wrote (theme, category, series, column and participant names) is isolated
(`talkgen.scripts.isolate`), so a right-to-left label keeps the sentence's numbers in place.
"""

from __future__ import annotations

from collections.abc import Sequence

from talkgen.scripts import isolate

# Names joined in a title ("A, B and C came up most") while together they are this short
# (characters); more or longer are counted instead ("Three themes came up most").
NAMES_IN_TITLE = 60
_COUNT_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number(value: float) -> str:
    """A value as a person writes it: `11`, `3.5`, `1,200`."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def and_list(names: Sequence[str]) -> str:
    """`A`, `A and B`, `A, B and C`, each name isolated."""
    named = [isolate(name) for name in names]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def count_word(count: int) -> str:
    """`one` ... `ten`, then digits: how a sentence counts a few things."""
    return _COUNT_WORDS[count] if 0 <= count < len(_COUNT_WORDS) else f"{count:,}"


def tied_names(names: Sequence[str], noun: str) -> str:
    """The subject of a sentence about the names tied for first: `A` for one; `A and B` or
    `A, B and C` while they are short together (NAMES_IN_TITLE characters); else
    `Three <noun>s` (`noun` is singular, a plain English word)."""
    if len(names) == 1 or sum(len(name) + 2 for name in names) <= NAMES_IN_TITLE:
        return and_list(names)
    return f"{count_word(len(names)).capitalize()} {noun}s"


def _largest_first(pairs: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    # A stable sort keeps the chart's own order among ties.
    return sorted(pairs, key=lambda pair: -pair[1])


def prevalence(
    counts: Sequence[tuple[str, int]], total: int, study_themes: int | None = None
) -> str:
    """`Bar chart. Informal mentoring: raised by 11 of 14 participants; PLN: 10 of 14; ...`;
    themes tied for most are named together (`A and B: raised by 14 of 14 participants each;
    C: 12 of 14`); when the talk shows fewer than the study's `study_themes` themes, `Bar chart
    of 4 of the study's 5 themes. ...`"""
    ranked = _largest_first(counts)
    top = [theme for theme, count in ranked if ranked and count == ranked[0][1]]
    parts = []
    if ranked:
        each = " each" if len(top) > 1 else ""
        parts.append(f"{and_list(top)}: raised by {ranked[0][1]} of {total} participants{each}")
    for theme, count in ranked[len(top) :]:
        parts.append(f"{isolate(theme)}: {count} of {total}")
    if not parts:
        return "Bar chart of how many participants raised each theme: no themes yet."
    if study_themes is not None and study_themes > len(ranked):
        return (
            f"Bar chart of {len(ranked)} of the study's {study_themes} themes. "
            + "; ".join(parts)
            + "."
        )
    return "Bar chart. " + "; ".join(parts) + "."


def participants(
    groups: Sequence[tuple[str, Sequence[tuple[str, int]]]],
    total: int,
    group_name: str,
    part_name: str | None,
) -> str:
    """`Stacked bar chart of the 14 participants by country and channel. Australia: 7 (...)`"""
    by = and_list([group_name, part_name] if part_name else [group_name])
    kind = "Stacked bar chart" if part_name else "Bar chart"
    ranked = sorted(groups, key=lambda g: -sum(n for _, n in g[1]))
    parts = []
    for group, split in ranked:
        line = f"{isolate(group)}: {sum(n for _, n in split)}"
        if part_name:
            split_text = ", ".join(f"{isolate(part)} {n}" for part, n in _largest_first(split) if n)
            line += f" ({split_text})"
        parts.append(line)
    if not total:
        return "Bar chart of the participants: none are listed yet."
    return f"{kind} of the {total} participants by {by}. " + "; ".join(parts) + "."


def matrix(rows: Sequence[tuple[str, Sequence[str]]], everyone: Sequence[str]) -> str:
    """`Dot grid of which participant raised which theme. Supportive relationships: 13 of 14
    (all but P05); ...` — naming whoever is fewer, those who raised it or those who did not."""
    total = len(everyone)
    parts = []
    for theme, raised in sorted(rows, key=lambda r: -len(r[1])):
        who = set(raised)
        missing = [isolate(p) for p in everyone if p not in who]
        present = [isolate(p) for p in everyone if p in who]
        if not present:
            detail = "nobody"
        elif not missing:
            detail = "everyone"
        elif len(missing) < len(present):
            detail = "all but " + ", ".join(missing)
        else:
            detail = ", ".join(present)
        parts.append(f"{isolate(theme)}: {len(present)} of {total} ({detail})")
    return "Dot grid of which participant raised which theme. " + "; ".join(parts) + "."


def cooccurrence(pairs: Sequence[tuple[str, str, int]]) -> str:
    """`Heatmap of how many participants raised both of two themes. A and B: 9; ...`"""
    ranked = sorted(pairs, key=lambda p: -p[2])
    together = [f"{and_list([a, b])}: {n}" for a, b, n in ranked if n]
    never = [and_list([a, b]) for a, b, n in ranked if not n]
    text = "Heatmap of how many participants raised both of two themes, most first. "
    text += "; ".join(together) + "." if together else "No two themes were raised together."
    if never and together:
        text += " Never together: " + "; ".join(never) + "."
    return text


_KIND = {
    "bar": "Bar chart",
    "stacked-bar": "Stacked bar chart",
    "pie": "Pie chart",
    "donut": "Donut chart",
    "line": "Line chart",
    "heatmap": "Heatmap",
}


def declared(
    kind: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    x_label: str | None = None,
    y_label: str | None = None,
    counts_only: bool = False,
) -> str:
    """Alt text for a chart declared in charts.yaml, from its categories and series; a pie's
    slices as `count of total` under `counts_only` (a small study), else with percentages."""
    head = _KIND.get(kind, "Chart")
    if y_label:
        head += f" of {isolate(y_label)}"
    if x_label:
        head += f" by {isolate(x_label)}"
    categories = [isolate(c) for c in categories]
    series = [(isolate(name), values) for name, values in series]
    if not categories or not series:
        return head + ": no data."
    if kind in ("pie", "donut"):
        values = list(series[0][1])
        whole = sum(values) or 1
        parts = []
        for c, v in _largest_first(list(zip(categories, values, strict=False))):
            share = f"of {number(whole)}" if counts_only else f"({round(100 * v / whole)}%)"
            parts.append(f"{c}: {number(v)} {share}")
        return f"{head}. " + "; ".join(parts) + "."
    if kind == "line":
        parts = []
        for name, values in series:
            peak = max(range(len(values)), key=lambda i: values[i])
            parts.append(
                f"{name}: from {number(values[0])} in {categories[0]} to "
                f"{number(values[-1])} in {categories[-1]}, highest "
                f"{number(values[peak])} in {categories[peak]}"
            )
        return f"{head}. " + "; ".join(parts) + "."
    if kind == "heatmap":
        cells = [
            (f"{name} × {c}", v)
            for name, values in series
            for c, v in zip(categories, values, strict=False)
        ]
        ranked = _largest_first(cells)
        shown = "; ".join(f"{label}: {number(v)}" for label, v in ranked[:10])
        more = f"; and {len(ranked) - 10} more" if len(ranked) > 10 else ""
        return f"{head}, highest first. {shown}{more}."
    if len(series) == 1:
        pairs = _largest_first(list(zip(categories, series[0][1], strict=False)))
        return f"{head}. " + "; ".join(f"{c}: {number(v)}" for c, v in pairs) + "."
    totals = [(i, sum(values[i] for _, values in series)) for i in range(len(categories))]
    parts = []
    for i, total in sorted(totals, key=lambda t: -t[1]):
        split = ", ".join(f"{name} {number(values[i])}" for name, values in series)
        parts.append(f"{categories[i]}: {number(total)} ({split})")
    return f"{head}, {len(series)} series. " + "; ".join(parts) + "."
