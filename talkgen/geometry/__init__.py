"""The geometry stage: plan + template → the layout of every slide and the box of every piece.

`lay_out(plan, template=None)` is the one entry point. It reads the template once and returns a
`Geometry`: for each slide its layout (named by the talk, or chosen by structure) and the box, in
EMU, of its title, texts, picture, caption, footer and slide number, no two in one place. The
charts stage lays each chart out for its box (`Geometry.chart_boxes`), the deck places every
piece in its box, and neither asks the other: data flows one way.

Inside: `template` opens a .pptx/.potx/.pptm and describes its layouts, `layouts` chooses a
layout for each kind of slide, `pieces` gives each piece its box, `rect` does the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from talkgen.geometry.layouts import DEFAULT_LAYOUTS, LayoutChoice, choose_layouts
from talkgen.geometry.pieces import CHART_KINDS, Piece, SlideGeometry, shows_chart, slide_geometry
from talkgen.geometry.rect import EMU_PER_INCH, EMU_PER_PT, Rect
from talkgen.geometry.template import (
    LayoutInfo,
    TemplateInfo,
    describe_template,
    find_layout,
    open_template,
)
from talkgen.plan import Plan
from talkgen.style import TEMPLATES

DEFAULT_TEMPLATE = TEMPLATES / "default.pptx"


@dataclass(frozen=True)
class Geometry:
    """The talk laid out on a template: the template's description, one `SlideGeometry` per
    planned slide (in order), and the layout each kind of slide got and why."""

    template: TemplateInfo
    slides: tuple[SlideGeometry, ...]
    choices: tuple[LayoutChoice, ...]

    def chart_boxes(self) -> dict[str, list[tuple[float, float]]]:
        """For each chart a slide shows, the (width, height) in inches of each distinct box it is
        shown in, in slide order: what the charts stage lays each chart out for."""
        boxes: dict[str, list[tuple[float, float]]] = {}
        for slide in self.slides:
            if slide.chart is None or "picture" not in slide.pieces:
                continue
            shown = boxes.setdefault(slide.chart, [])
            box = slide.pieces["picture"].box.inches
            if box not in shown:
                shown.append(box)
        return boxes

    def mapping(self) -> list[str]:
        """One line per kind of slide: the layout it uses and why (for `validate` and `build`)."""
        return [choice.describe() for choice in self.choices]


def lay_out(plan: Plan, template: Path | str | None = None) -> Geometry:
    """The geometry of `plan` on `template` (ours by default; .pptx, .potx or .pptm).

    Reads the template and writes nothing. Raises `TalkgenError` for a template that cannot be
    read and `ContentError` for a layout the talk names that the template lacks, so a build with
    a bad template stops before any chart is rendered.
    """
    path = Path(template) if template else DEFAULT_TEMPLATE
    info = describe_template(open_template(path), path)
    layouts, choices = choose_layouts(plan, info)
    slides = []
    for slide, layout in zip(plan.slides, layouts, strict=True):
        geometry = slide_geometry(slide, plan, layout, info)
        slides.append(geometry)
    return Geometry(info, tuple(slides), tuple(choices))


__all__ = [
    "CHART_KINDS",
    "DEFAULT_LAYOUTS",
    "DEFAULT_TEMPLATE",
    "EMU_PER_INCH",
    "EMU_PER_PT",
    "Geometry",
    "LayoutChoice",
    "LayoutInfo",
    "Piece",
    "Rect",
    "SlideGeometry",
    "TemplateInfo",
    "find_layout",
    "lay_out",
    "open_template",
    "shows_chart",
]
