"""`plan_talk`: the talk as an ordered list of slides, each with its planned seconds.

Pure functions over the `Talk` model: no clock, no files, no terminal. The planned seconds add up
exactly to the talk's duration: fixed times from the outline are kept and the rest is shared by
weight, rounded with the largest-remainder method so no second is lost or invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from talkgen import limits
from talkgen.content.attribution import participant_label
from talkgen.content.markdown import markdown_inlines, plain_paragraphs, plain_text
from talkgen.content.model import (
    MIN_SLIDE_SECONDS,
    OutlineEntry,
    Quote,
    SlideKind,
    Talk,
    TalkInfo,
    Theme,
    format_duration,
)
from talkgen.errors import ContentError, Problem, choose_from
from talkgen.scripts import isolate

# How much of the free time each kind of slide gets, relative to a theme slide. A title or a
# contact slide is a breath, a pull quote is read and left to land.
DEFAULT_WEIGHTS: dict[str, float] = {
    "title": 0.5,
    "agenda": 0.6,
    "text": 1.0,
    "method": 1.0,
    "overview": 1.0,
    "theme": 1.0,
    "quote": 0.6,
    "chart": 1.0,
    "image": 0.8,
    "conclusion": 1.0,
    "contact": 0.5,
}

# Formats with fixed rules: (number of slides, seconds per slide).
FIXED_FORMATS: dict[str, tuple[int, int]] = {"ignite": (20, 15), "pechakucha": (20, 20)}


# Which built-in chart a slide kind shows when the outline names none.
DEFAULT_CHARTS: dict[str, str] = {"method": "participants", "overview": "prevalence"}

# The title of a chart slide whose outline entry and charts.yaml give none. (The charts stage
# words its own titles as findings; a slide title must exist before the charts are drawn.)
BUILTIN_CHART_TITLES: dict[str, str] = {
    "prevalence": "How often each theme came up",
    "participants": "Who took part",
    "matrix": "Who raised what",
    "cooccurrence": "Themes raised together",
}


@dataclass(frozen=True)
class SlidePlan:
    """One slide of the talk as planned: what it shows, what is said, and for how long."""

    number: int
    kind: SlideKind
    key: str
    title: str
    points: tuple[str, ...]
    notes: str
    planned_seconds: int
    start_seconds: int
    fixed: bool = False
    theme: Theme | None = None
    quote: Quote | None = None
    chart: str | None = None
    image: str | None = None
    alt: str | None = None
    caption: str | None = None
    layout: str | None = None

    @property
    def end_seconds(self) -> int:
        """When this slide should end, counted from the start of the talk."""
        return self.start_seconds + self.planned_seconds


@dataclass(frozen=True)
class Plan:
    """The whole talk as planned: the slides in order and what the planner noticed."""

    talk: Talk
    slides: tuple[SlidePlan, ...]
    duration_seconds: int
    warnings: tuple[Problem, ...] = field(default=())
    left_out: tuple[str, ...] = field(default=())
    """Slides the default outline left out because they would be empty (`default_left_out`)."""

    @property
    def planned_total(self) -> int:
        """The sum of the slides' planned seconds (always the duration)."""
        return sum(s.planned_seconds for s in self.slides)

    def slide_at(self, seconds: float) -> SlidePlan:
        """The slide the plan says should be showing `seconds` into the talk."""
        for slide in self.slides:
            if seconds < slide.end_seconds:
                return slide
        return self.slides[-1]


def default_outline(talk: Talk) -> list[OutlineEntry]:
    """The slides of a talk whose content gives no outline: title, method, overview, a slide per
    theme (with its first featured quote), a quote slide for each further featured quote,
    conclusion, and questions/contact. No slide is left empty (see `default_left_out`): without
    method points the participants chart fills the method's slide, and without conclusion
    points there is no conclusion slide."""
    info = talk.info
    entries = [OutlineEntry(kind="title")]
    if info.method.points:
        entries.append(OutlineEntry(kind="method"))
    elif talk.participants:
        entries.append(
            OutlineEntry(
                kind="chart",
                chart="participants",
                title=info.method.title,
                notes=info.method.notes or info.notes.get("method"),
            )
        )
    entries.append(OutlineEntry(kind="overview"))
    for theme in talk.themes:
        entries.append(OutlineEntry(kind="theme", theme=theme.id))
        featured = [q for q in talk.featured_quotes if q.themes[0] == theme.id]
        entries += [OutlineEntry(kind="quote", quote=q.id) for q in featured[1:]]
    if info.conclusion.points:
        entries.append(OutlineEntry(kind="conclusion"))
    entries.append(OutlineEntry(kind="contact"))
    return entries


def default_left_out(talk: Talk) -> list[str]:
    """The slides the default outline leaves out because they would be empty, in words for
    `talkgen validate`'s summary."""
    info = talk.info
    left_out = []
    if not info.method.points and not talk.participants:
        left_out.append("method (no method points and no participants)")
    if not info.conclusion.points:
        left_out.append("conclusion (no conclusion points)")
    return left_out


# What to do about an outline entry whose slide would show nothing but its title, by kind.
_FILL_HINTS = {
    "method": "add points under method: in talk.yaml, or make the entry `kind: chart` with "
    "`chart: participants`",
    "conclusion": "add points under conclusion: in talk.yaml, or remove the entry",
    "text": "add points: to the entry, or remove it",
    "agenda": "add points: to the entry, or remove it",
    "theme": "give the theme points:, a summary or a featured quote",
}


def _empty_slide(slide: SlidePlan) -> str | None:
    """What is missing when a planned slide would be empty or half empty, else None."""
    if slide.kind not in _FILL_HINTS or slide.points or slide.quote is not None:
        return None
    if slide.kind == "method" and slide.chart:
        return "has a chart but no points: half of the slide would be empty"
    return "would be an empty slide: it shows only its title"


def talk_duration(info: TalkInfo) -> int:
    """The slot in seconds: the talk file's `duration`, or for an Ignite or PechaKucha talk that
    sets none, the format's own length (20 x 15 s = 5:00, 20 x 20 s = 6:40)."""
    if info.format in FIXED_FORMATS and "duration" not in info.model_fields_set:
        count, each = FIXED_FORMATS[info.format]
        return count * each
    return info.duration_seconds


def plan_talk(talk: Talk) -> Plan:
    """Plan the talk: its slides in order, each with planned seconds adding up to the duration.

    Raises `ContentError` when the outline cannot fit: fixed times beyond the duration, or an
    Ignite/PechaKucha talk that breaks its format's rules, or names a theme or quote the talk
    does not have.
    """
    info = talk.info
    entries = info.outline if info.outline is not None else default_outline(talk)
    duration = talk_duration(info)
    talk_file = talk.talk_file
    problems = _unknown_references(talk, entries, talk_file)
    if len(entries) > limits.SLIDES.value:
        # The outline is checked on reading; the default outline grows with the themes.
        raise ContentError(
            limits.SLIDES.problem(
                talk_file,
                None,
                f"the talk has {len(entries):,} slides",
                "write an outline in talk.yaml naming the themes to show",
            )
        )
    seconds: list[float | None] = [e.seconds for e in entries]
    if not entries:
        raise ContentError(
            Problem(
                talk_file,
                info.line_of("outline"),
                "the outline is empty",
                "list the slides under outline:, or remove `outline:` for the default outline",
            )
        )

    if info.format in FIXED_FORMATS:
        count, each = FIXED_FORMATS[info.format]
        if len(entries) != count:
            problems.append(
                Problem(
                    talk_file,
                    None,
                    f"{info.format} talks have exactly {count} slides of {each} s; "
                    f"{'this' if info.outline is not None else 'the default'} outline has "
                    f"{len(entries)}",
                    f"add or remove {abs(count - len(entries))} slide(s) in the outline"
                    if info.outline is not None
                    else f"write an outline of {count} slides in talk.yaml",
                )
            )
        off = [i + 1 for i, e in enumerate(entries) if e.seconds not in (None, each)]
        if off:
            problems.append(
                Problem(
                    talk_file,
                    entries[off[0] - 1].line,
                    f"{info.format} slides all last {each} s; slide(s) "
                    f"{', '.join(map(str, off))} ask for other times",
                    "remove their seconds",
                )
            )
        if duration != count * each:
            problems.append(
                Problem(
                    talk_file,
                    None,
                    f"{info.format} talks last {format_duration(count * each)}, "
                    f"not {format_duration(duration)}",
                    f'set duration: "{format_duration(count * each)}"',
                )
            )
        seconds = [each] * len(entries)
    else:
        fixed_total = sum(s for s in seconds if s is not None)
        fixed_slides = [i + 1 for i, s in enumerate(seconds) if s is not None]
        if fixed_total > duration or (
            fixed_total != duration and len(fixed_slides) == len(entries)
        ):
            listed = _listed(f"slide {n} ({format_duration(seconds[n - 1])})" for n in fixed_slides)
            problems.append(
                Problem(
                    talk_file,
                    entries[fixed_slides[0] - 1].line if fixed_slides else None,
                    f"fixed times add up to {format_duration(fixed_total)} for a "
                    f"{format_duration(duration)} talk: {listed}",
                    "shorten them, or leave some slides without seconds",
                )
            )
    if problems:
        raise ContentError(problems)

    planned = allocate_seconds(
        duration, seconds, [e.weight or DEFAULT_WEIGHTS[e.kind] for e in entries]
    )
    starved = [i for i, s in enumerate(planned) if seconds[i] is None and s < MIN_SLIDE_SECONDS]
    if starved and not any(s is not None for s in seconds):
        room = duration // MIN_SLIDE_SECONDS
        raise ContentError(
            Problem(
                talk_file,
                info.line_of("outline"),
                f"{len(entries)} slides do not fit in {format_duration(duration)}: "
                f"{len(starved)} would be up for less than {MIN_SLIDE_SECONDS} s",
                f"a {format_duration(duration)} talk has room for at most {room} slides of "
                f"{MIN_SLIDE_SECONDS} s (a lightning talk usually has 10-20): remove slides, or "
                "lengthen the duration",
            )
        )
    if starved:
        listed = _listed(f"slide {i + 1} ({planned[i]} s)" for i in starved)
        raise ContentError(
            Problem(
                talk_file,
                _longest_fixed_line(entries),
                f"the fixed times leave too little for the other slides: {listed}",
                f"give every slide at least {MIN_SLIDE_SECONDS} s: shorten the fixed times, "
                "drop slides, or lengthen the duration",
            )
        )
    slides, warnings = [], []
    titles: set[str] = set()
    keys: set[str] = set()
    start = 0
    for number, (entry, planned_seconds) in enumerate(zip(entries, planned, strict=True), 1):
        slide = _slide(talk, entry, number, planned_seconds, start, used_quotes=slides)
        title = slide.title
        suffix = 2
        while title.casefold() in titles:
            title = f"{slide.title} ({suffix})"
            suffix += 1
        titles.add(title.casefold())
        # Rehearsal logs find a slide by its key, so two slides on one theme need two keys.
        key, suffix = slide.key, 2
        while key in keys:
            key = f"{slide.key}#{suffix}"
            suffix += 1
        keys.add(key)
        empty = _empty_slide(slide)
        if empty is not None:
            warnings.append(
                Problem(
                    talk_file,
                    entry.line,
                    f"slide {number} ({slide.kind}, {slide.title}) {empty}",
                    _FILL_HINTS[slide.kind],
                    severity="warning",
                )
            )
        if not slide.notes:
            warnings.append(
                Problem(
                    talk_file,
                    entry.line,
                    f"slide {number} ({slide.title}) has no speaker notes",
                    f"add notes to the outline entry or the {slide.kind} content",
                    severity="warning",
                )
            )
        slides.append(replace(slide, title=title, key=key))
        start += planned_seconds
    left_out = default_left_out(talk) if info.outline is None else []
    return Plan(talk, tuple(slides), duration, tuple(warnings), tuple(left_out))


def _unknown_references(talk: Talk, entries: list[OutlineEntry], talk_file: Path) -> list[Problem]:
    """Outline entries naming a theme or quote the talk lacks (`load_talk` reports these too;
    a `Talk` built in code has had no such check)."""
    theme_ids = {t.id for t in talk.themes}
    quote_ids = {q.id for q in talk.quotes}
    problems = []
    for number, entry in enumerate(entries, start=1):
        if entry.theme and entry.theme not in theme_ids:
            problems.append(
                Problem(
                    talk_file,
                    entry.line,
                    f"outline slide {number}: unknown theme '{entry.theme}'",
                    choose_from(entry.theme, theme_ids),
                )
            )
        if entry.quote and entry.quote not in quote_ids:
            problems.append(
                Problem(
                    talk_file,
                    entry.line,
                    f"outline slide {number}: unknown quote '{entry.quote}'",
                    choose_from(entry.quote, quote_ids),
                )
            )
        needed = {"theme": entry.theme, "quote": entry.quote}
        if entry.kind in needed and not needed[entry.kind]:
            problems.append(
                Problem(
                    talk_file,
                    entry.line,
                    f"outline slide {number}: a {entry.kind} slide names no {entry.kind}",
                    f"add {entry.kind}: ID",
                )
            )
    return problems


@dataclass(frozen=True)
class Checkpoint:
    """A moment to check the clock against: at `at_seconds`, slide `number` should be showing."""

    at_seconds: int
    number: int
    title: str
    starting: bool

    def __str__(self) -> str:
        verb = "be starting" if self.starting else "be on"
        return (
            f"at {format_duration(self.at_seconds)} you should {verb} slide {self.number} "
            f"({isolate(self.title)})"
        )


def checkpoints(plan: Plan, every: int = 60) -> list[Checkpoint]:
    """Cue-card checkpoints every `every` seconds (each minute by default): which slide should be
    showing then, and whether it should just be starting."""
    if every <= 0:
        raise ValueError("checkpoints need a positive interval")
    marks = []
    for at in range(every, plan.duration_seconds, every):
        slide = plan.slide_at(at)
        marks.append(Checkpoint(at, slide.number, slide.title, slide.start_seconds == at))
    return marks


def allocate_seconds(duration: int, fixed: list[float | None], weights: list[float]) -> list[int]:
    """Whole seconds per slide adding up exactly to `duration`: fixed slides keep their time
    (rounded), the rest share what is left in proportion to their weights."""
    result = [round(s) if s is not None else 0 for s in fixed]
    free = [i for i, s in enumerate(fixed) if s is None]
    remaining = duration - sum(result)
    if not free:
        # Rounding fixed times can leave a second over or under: give it to the longest slide.
        if result:
            result[max(range(len(result)), key=lambda i: result[i])] += remaining
        return result
    total_weight = sum(weights[i] for i in free)
    shares = {i: remaining * weights[i] / total_weight for i in free}
    for i in free:
        result[i] = int(shares[i])
    leftover = remaining - sum(result[i] for i in free)
    for i in sorted(free, key=lambda i: (-(shares[i] - int(shares[i])), i))[:leftover]:
        result[i] += 1
    return result


def _slide(
    talk: Talk,
    entry: OutlineEntry,
    number: int,
    planned_seconds: int,
    start: int,
    used_quotes: list[SlidePlan],
) -> SlidePlan:
    info = talk.info
    kind = entry.kind
    theme = talk.theme(entry.theme) if entry.theme else None
    quote = talk.quote(entry.quote) if entry.quote else None
    title, points, notes = entry.title, list(entry.points), entry.notes
    chart = entry.chart or DEFAULT_CHARTS.get(kind)
    if kind == "title":
        title = title or info.title
        points = points or [p for p in (info.subtitle,) if p]
    elif kind in ("method", "conclusion"):
        section = info.method if kind == "method" else info.conclusion
        title = title or section.title or kind.capitalize()
        points = points or section.points
        notes = notes or section.notes
    elif kind == "overview":
        title = title or "What the participants raised"
    elif kind == "theme" and theme is not None:
        title = title or theme.title
        points = (
            points
            or theme.points
            or _first_sentences(" ".join(plain_paragraphs(theme.summary, markers=False)))
        )
        notes = notes or theme.notes
        if quote is None:
            shown = {s.quote.id for s in used_quotes if s.quote is not None}
            quote = next(
                (q for q in talk.quotes_for(theme.id) if q.featured and q.id not in shown), None
            )
    elif kind == "quote" and quote is not None:
        theme = theme or _placed_under(talk, quote, used_quotes)
        title = title or f"{participant_label(quote.participant)} on {theme.label}"
        notes = notes or quote.notes
    elif kind == "agenda":
        title = title or "Outline"
        points = points or [t.label for t in talk.themes]
    elif kind == "contact":
        title = title or "Questions?"
        contact = info.contact
        points = points or [p for p in (contact.email, contact.web, contact.social) if p]
    elif kind == "chart":
        spec = talk.chart(chart) if chart else None
        title = title or (spec.title if spec and spec.title else None)
        title = title or BUILTIN_CHART_TITLES.get(chart or "", (chart or "").replace("-", " "))
    elif kind == "image":
        title = title or entry.caption or _first_words(entry.alt or "", 8) or "Picture"
    notes = (notes or info.notes.get(kind) or "").strip()
    # Slides show plain text: Markdown emphasis and links belong to the handout.
    points = [plain_markdown(point) for point in points]
    return SlidePlan(
        number=number,
        kind=kind,
        key=entry.id or _key(kind, entry, number),
        title=title or kind,
        points=tuple(points),
        notes=notes,
        planned_seconds=planned_seconds,
        start_seconds=start,
        fixed=entry.seconds is not None,
        theme=theme,
        quote=quote,
        chart=chart,
        image=entry.image,
        alt=entry.alt,
        caption=entry.caption,
        layout=entry.layout,
    )


def _placed_under(talk: Talk, quote: Quote, before: list[SlidePlan]) -> Theme:
    """The theme a quote slide belongs to: the theme of the nearest theme slide before it when
    the quote is linked to that theme, else the quote's first theme."""
    last = next((s.theme for s in reversed(before) if s.kind == "theme" and s.theme), None)
    if last is not None and last.id in quote.themes:
        return last
    return talk.theme(quote.themes[0])


def _listed(items, limit: int = 10) -> str:
    """Up to `limit` items joined by commas, then how many more: messages stay one short line."""
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _first_words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def _key(kind: str, entry: OutlineEntry, number: int) -> str:
    ref = entry.theme or entry.quote or entry.chart
    return f"{kind}:{ref}" if ref else f"{kind}:{number}"


def _longest_fixed_line(entries: list[OutlineEntry]) -> int | None:
    fixed = [e for e in entries if e.seconds is not None]
    longest = max(fixed, key=lambda e: e.seconds, default=None)
    return longest.line_of("seconds") if longest else None


def plain_markdown(text: str) -> str:
    """Markdown text as the plain words a reader sees (`**a** [b](c)` -> `a b`)."""
    return plain_text(markdown_inlines(" ".join(text.split())))


def _first_sentences(text: str, limit: int = 2) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
    return [s for s in sentences if s][:limit]
