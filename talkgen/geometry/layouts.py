"""Which layout of the template each slide uses: named by the talk, else chosen by structure.

A layout named on an outline entry (`layout:`) or in the talk's mapping (`layouts: {quote: ...}`)
always wins; a name the template lacks is an error. Every other kind takes the layout of the
template with our own name for the kind (our template's layouts are named so), else the layout
whose placeholders best fit what the kind shows: title slide, title + body, two contents, title
only, picture. Scores are structural (placeholder kinds, how many content boxes, where the title
sits, how much of the content boxes the template's own drawings cover), never by name, because
corporate and LibreOffice templates name their layouts in every way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from talkgen.content.model import SLIDE_KINDS
from talkgen.errors import ContentError, Problem
from talkgen.geometry.template import LayoutInfo, Placeholder, TemplateInfo
from talkgen.plan import Plan, SlidePlan

# The layout each slide kind uses in our template (templates/default.pptx).
DEFAULT_LAYOUTS: dict[str, str] = {
    "title": "Title",
    "agenda": "Agenda",
    "text": "Text",
    "method": "Method",
    "overview": "Themes overview",
    "theme": "Theme",
    "quote": "Quote",
    "chart": "Chart",
    "image": "Image",
    "conclusion": "Conclusion",
    "contact": "Contact",
}
assert set(DEFAULT_LAYOUTS) == set(SLIDE_KINDS)

# Placeholders recognised by their name for a role (our template names them so).
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "quote": ("quote",),
    "attribution": ("attribution", "source"),
    "caption": ("caption",),
    "byline": ("byline", "speaker", "author"),
}

# What each kind's slide shows besides its title, as the structure it wants from a layout.
# "two" = two content boxes side by side, "one" = one content box, "title slide" = a title and
# subtitle, "picture" = one box for a picture.
STRUCTURE: dict[str, str] = {
    "title": "title slide",
    "agenda": "one",
    "text": "one",
    "method": "two",
    "overview": "picture",
    "theme": "two",
    "quote": "one",
    "chart": "picture",
    "image": "picture",
    "conclusion": "one",
    "contact": "one",
}
STRUCTURE_WORDS = {
    "title slide": "a title and a subtitle",
    "one": "a title and one content box",
    "two": "a title and two content boxes",
    "picture": "a title and a picture or content box",
}
# A text placeholder lower than this share of the slide is a heading strip (a comparison's
# column heads, a section header's line), not room for content.
SMALL_SHARE = 0.14


@dataclass(frozen=True)
class LayoutChoice:
    """The layout a kind of slide got, and why: `named` (layouts: or an outline entry), `ours`
    (our template's name for the kind) or `structure` (best placeholders for what it shows)."""

    kind: str
    layout: LayoutInfo
    how: str
    masters: int = 1  # how many of the template's masters have a layout of this name
    fits: bool = True  # whether the layout has the boxes the kind wants (else free space)

    def describe(self) -> str:
        """One line for the terminal, e.g. `theme → "Title, 2 Content" (by structure: ...)`."""
        why = {
            "named": "named in the talk file",
            "ours": "our name for it",
            "structure": f"by structure: {STRUCTURE_WORDS[STRUCTURE[self.kind]]}"
            if self.fits
            else f"no layout has {STRUCTURE_WORDS[STRUCTURE[self.kind]]}; "
            "its content goes in the free space",
        }[self.how]
        where = f" of master {self.layout.master + 1}" if self.masters > 1 else ""
        return f'{self.kind} → "{self.layout.name}"{where} ({why})'


def named_role(place: Placeholder) -> str | None:
    """The role a placeholder's name gives it (Quote, Attribution, Caption, Byline), if any."""
    if place.kind in ("title", "footer", "number", "date"):
        return None
    name = place.name.casefold()
    return next((r for r, words in ROLE_NAMES.items() if any(w in name for w in words)), None)


def content_boxes(layout: LayoutInfo, template: TemplateInfo) -> list[Placeholder]:
    """The layout's placeholders that can hold a slide's main content (text, pictures, charts;
    not heading strips or placeholders named for a role), in reading order."""
    return [
        p
        for p in layout.of_kind("text", "picture")
        if named_role(p) is None and p.box.height >= SMALL_SHARE * template.height
    ]


def choose_layouts(
    plan: Plan, template: TemplateInfo
) -> tuple[list[LayoutInfo], list[LayoutChoice]]:
    """The layout of every slide of the plan, in order, and for each kind of slide the plan has,
    the layout it got and why. `ContentError` naming each missing layout once, the slides that
    want it (by their kinds), a suggestion that fits the kind, and the template's layouts once."""
    by_name: dict[str, LayoutInfo] = {}
    for layout in template.layouts:
        by_name.setdefault(layout.name.casefold(), layout)
    chosen: list[LayoutInfo] = []
    choices: dict[str, LayoutChoice] = {}
    missing: dict[str, list[SlidePlan]] = {}
    best: dict[str, LayoutInfo] = {}
    for slide in plan.slides:
        asked = slide.layout or plan.talk.info.layouts.get(slide.kind)
        if asked:
            layout = by_name.get(asked.casefold())
            if layout is None:
                missing.setdefault(asked, []).append(slide)
                continue
            how = "named"
        elif DEFAULT_LAYOUTS[slide.kind].casefold() in by_name:
            layout, how = by_name[DEFAULT_LAYOUTS[slide.kind].casefold()], "ours"
        else:
            if slide.kind not in best:
                best[slide.kind] = best_layout(slide.kind, template)
            layout, how = best[slide.kind], "structure"
        chosen.append(layout)
        if not slide.layout:
            masters = sum(each.name == layout.name for each in template.layouts)
            fits = has_structure(slide.kind, layout, template)
            choices.setdefault(slide.kind, LayoutChoice(slide.kind, layout, how, masters, fits))
    if missing:
        raise ContentError(_missing_problems(plan, template, missing))
    return chosen, list(choices.values())


def has_structure(kind: str, layout: LayoutInfo, template: TemplateInfo) -> bool:
    """Whether the layout has the title and the boxes a `kind` slide wants (see STRUCTURE)."""
    if not layout.of_kind("title"):
        return False
    structure = STRUCTURE[kind]
    if structure == "title slide":
        return bool(layout.of_kind("subtitle")) or layout.of_kind("title")[0].center_title
    return len(content_boxes(layout, template)) >= (2 if structure == "two" else 1)


def best_layout(kind: str, template: TemplateInfo) -> LayoutInfo:
    """The template's layout whose structure best fits what a `kind` slide shows (the first of
    equals, so a template's own order breaks ties). `ContentError` for a template without
    layouts."""
    if not template.layouts:
        raise ContentError(
            Problem(
                template.path,
                None,
                "the template has no slide layouts",
                "add layouts in PowerPoint's Slide Master view, or use another template",
            )
        )
    scored = [(score(kind, layout, template), -n) for n, layout in enumerate(template.layouts)]
    _, position = max(scored)
    return template.layouts[-position]


def score(kind: str, layout: LayoutInfo, template: TemplateInfo) -> float:
    """How well `layout` suits a `kind` slide (higher is better; see the module's docstring)."""
    structure = STRUCTURE[kind]
    titles = layout.of_kind("title")
    subtitles = layout.of_kind("subtitle")
    boxes = content_boxes(layout, template)
    extra = [
        p
        for p in layout.of_kind("text", "picture", "other")
        if p not in boxes and named_role(p) is None
    ]
    points = 0.0 if titles else -60.0
    if structure == "title slide":
        points += 40 if subtitles or any(t.center_title for t in titles) else 0
        points -= 15 * len(boxes) + 5 * len(extra)
    else:
        wanted = 2 if structure == "two" else 1
        if subtitles and not boxes:
            points -= 30  # a title slide or centred text
        points -= 15 * max(wanted - len(boxes), 0) + 8 * max(len(boxes) - wanted, 0)
        points -= 5 * (len(extra) + len(subtitles))
        if structure == "picture" and layout.of_kind("picture"):
            points += 4
        if len(boxes) == 2 and wanted == 2:
            first, second = boxes
            points += 6 if first.box.top == second.box.top else -6  # side by side
        if titles and titles[0].box.top > template.height / 3:
            points -= 25  # the title is not at the top: a title or section slide's design
        points += 20 * sum(b.box.area for b in boxes) / (template.width * template.height)
    covered = [p.box for p in titles + boxes]
    area = sum(b.area for b in covered)
    if area:
        hidden = sum(sum(b.overlap(d) for d in layout.decorations) for b in covered)
        points -= 40 * min(hidden / area, 1.0)
    return points


def _missing_problems(
    plan: Plan, template: TemplateInfo, missing: dict[str, list[SlidePlan]]
) -> list[Problem]:
    problems = []
    for position, (name, slides) in enumerate(missing.items()):
        kinds: dict[str, list[int]] = {}
        for slide in slides:
            kinds.setdefault(slide.kind, []).append(slide.number)
        wanted = "; ".join(
            f"{kind} slide{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"
            for kind, numbers in kinds.items()
        )
        first = slides[0]
        suggestion = best_layout(first.kind, template).name
        hint = (
            f'map it to a layout it has, e.g. layouts: {{{first.kind}: "{suggestion}"}}, or '
            "remove the name to let talkgen choose"
        )
        if position == len(missing) - 1:
            names = ", ".join(
                f'"{name}"' for name in dict.fromkeys(each.name for each in template.layouts)
            )
            hint += f"; the template's layouts are: {names}"
        path, line = _where_named(plan, first)
        problems.append(
            Problem(
                path,
                line,
                f'the template {template.path.name} has no layout named "{name}" '
                f"(wanted by {wanted})",
                hint,
            )
        )
    return problems


def _where_named(plan: Plan, slide: SlidePlan) -> tuple[Path, int | None]:
    """talk.yaml and the line that chose this slide's layout, as far as it can be found."""
    talk_file = plan.talk.talk_file
    info = plan.talk.info
    if slide.layout and info.outline is not None and slide.number <= len(info.outline):
        return talk_file, info.outline[slide.number - 1].line
    return talk_file, info.line_of("layouts", slide.kind)
