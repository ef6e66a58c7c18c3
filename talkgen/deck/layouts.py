"""Which layout of the template each slide uses, found by name, and which placeholder holds what.

The talk file maps slide kinds to layout names (`layouts: {quote: "Big Quote"}`) and an outline
entry can name the layout of one slide (`layout: ...`); every other kind uses the layout of our
own template with the kind's name. A layout that is not in the template is an error listing the
template's layouts: a silent fallback would put the wrong design on a slide without telling.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.presentation import Presentation
from pptx.slide import SlideLayout

from talkgen.content.model import SLIDE_KINDS
from talkgen.errors import ContentError, Problem
from talkgen.plan import Plan

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

# Roles a placeholder can play on a slide, recognised first by the placeholder's name.
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "quote": ("quote",),
    "attribution": ("attribution", "source"),
    "caption": ("caption",),
    "byline": ("byline", "speaker", "author"),
}
_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
_PICTURE_TYPES = (PP_PLACEHOLDER.PICTURE, PP_PLACEHOLDER.CHART, PP_PLACEHOLDER.BITMAP)
_TEXT_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)


def template_layouts(presentation: Presentation) -> dict[str, SlideLayout]:
    """The template's layouts by name, over all its masters (the first of a repeated name)."""
    found: dict[str, SlideLayout] = {}
    for master in presentation.slide_masters:
        for layout in master.slide_layouts:
            found.setdefault(layout.name, layout)
    return found


def layout_name(plan: Plan, number: int) -> str:
    """The layout name slide `number` asks for: its own, the talk's mapping, or our default."""
    slide = plan.slides[number - 1]
    return slide.layout or plan.talk.info.layouts.get(slide.kind) or DEFAULT_LAYOUTS[slide.kind]


def choose_layouts(plan: Plan, presentation: Presentation, template: Path) -> list[SlideLayout]:
    """The layout of every slide of the plan, in order; `ContentError` naming each missing
    layout, the slides that want it, and the template's layout names."""
    available = template_layouts(presentation)
    folded = {name.casefold(): layout for name, layout in available.items()}
    chosen: list[SlideLayout] = []
    missing: dict[str, list[int]] = {}
    for slide in plan.slides:
        name = layout_name(plan, slide.number)
        layout = available.get(name) or folded.get(name.casefold())
        if layout is None:
            missing.setdefault(name, []).append(slide.number)
        else:
            chosen.append(layout)
    if missing:
        names = ", ".join(f'"{n}"' for n in available)
        problems = []
        for name, numbers in missing.items():
            first = plan.slides[numbers[0] - 1]
            path, line = _where_named(plan, first.number, first.kind)
            problems.append(
                Problem(
                    path,
                    line,
                    f'the template {template.name} has no layout named "{name}" '
                    f"(wanted by {first.kind} slide(s) {', '.join(map(str, numbers))})",
                    f"its layouts are: {names}; map the kind in talk.yaml, e.g. "
                    f'layouts: {{{first.kind}: "{_suggest(first.kind, name, list(available))}"}}',
                )
            )
        raise ContentError(problems)
    return chosen


def _suggest(kind: str, wanted: str, names: list[str]) -> str:
    """A layout of the template to offer in the hint: one whose name shares a word with the
    kind or the wanted name, else a content layout, else the first."""
    words = {kind.casefold(), *wanted.casefold().split()}
    match = next((n for n in names if words & set(n.casefold().split())), None)
    content = next((n for n in names if "content" in n.casefold()), None)
    return match or content or (names[0] if names else "Title")


def _where_named(plan: Plan, number: int, kind: str) -> tuple[Path, int | None]:
    """talk.yaml and the line that chose this slide's layout, as far as it can be found."""
    talk_file = plan.talk.talk_file
    info = plan.talk.info
    slide = plan.slides[number - 1]
    if slide.layout and info.outline is not None and number <= len(info.outline):
        return talk_file, info.outline[number - 1].line
    return talk_file, info.line_of("layouts", kind)


@dataclass(frozen=True)
class Roles:
    """Which placeholder idx of a layout plays each role (title, body, picture, quote ...)."""

    by_role: dict[str, int]

    def get(self, role: str) -> int | None:
        """The placeholder idx for `role`, if the layout has one."""
        return self.by_role.get(role)


def placeholder_roles(layout: SlideLayout) -> Roles:
    """Match the layout's placeholders to roles: by name first (Quote, Attribution, Caption,
    Byline), then by type (title, subtitle, picture, footer, slide number), then the remaining
    text placeholders in reading order become body, quote, caption."""
    roles: dict[str, int] = {}
    text_places = []
    for shape in layout.placeholders:
        kind, idx, name = shape.placeholder_format.type, shape.placeholder_format.idx, shape.name
        role = next(
            (r for r, words in ROLE_NAMES.items() if any(w in name.casefold() for w in words)), None
        )
        if kind in _TITLE_TYPES:
            role = "title"
        elif kind == PP_PLACEHOLDER.FOOTER:
            role = "footer"
        elif kind == PP_PLACEHOLDER.SLIDE_NUMBER:
            role = "number"
        elif kind == PP_PLACEHOLDER.DATE:
            role = "date"
        elif role is None and kind == PP_PLACEHOLDER.SUBTITLE:
            role = "subtitle"
        elif role is None and kind in _PICTURE_TYPES:
            role = "picture"
        if role is not None and role not in roles:
            roles[role] = idx
        elif kind in _TEXT_TYPES:
            text_places.append((shape.top or 0, shape.left or 0, idx))
    unfilled = [r for r in ("body", "quote", "caption") if r not in roles]
    for role, (_, _, idx) in zip(unfilled, sorted(text_places), strict=False):
        roles[role] = idx
    return Roles(roles)
