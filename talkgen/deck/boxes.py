"""`chart_boxes`: the size of the box each chart lands in on the slides, before any is rendered.

A picture scaled into a box shrinks or grows its text with it, so the charts stage lays every
chart out at the size of its box (18 pt text on the slide is 24 px in a figure drawn at 96 px per
inch). The deck owns the geometry: the boxes are found here by the same code that places the
pictures (`kinds.chart_spot`, `SlideComposer.picture_box`), on the layouts `build_deck` uses.
"""

from __future__ import annotations

from pathlib import Path

from pptx.util import Emu

from talkgen.charts.look import Box
from talkgen.deck import xml
from talkgen.deck.compose import SlideComposer
from talkgen.deck.fit import font_measure
from talkgen.deck.kinds import chart_spot, shows_chart
from talkgen.deck.layouts import choose_layouts, placeholder_roles
from talkgen.deck.package import DEFAULT_TEMPLATE, open_template
from talkgen.plan import Plan


def chart_boxes(plan: Plan, template: Path | str | None = None) -> dict[str, list[Box]]:
    """For each chart a slide of `plan` shows on `template` (ours by default), the (width,
    height) in inches of each distinct box it is shown in, in slide order.

    Reads the template and writes nothing. Raises what `build_deck` raises for a template that
    cannot be read (`TalkgenError`) or lacks a layout the plan needs (`ContentError`), so a
    build with a bad template stops before any chart is rendered.
    """
    template_path = Path(template) if template else DEFAULT_TEMPLATE
    presentation = open_template(template_path)
    xml.remove_all_slides(presentation)
    layouts = choose_layouts(plan, presentation, template_path)
    # No text is fitted here; the composer only needs a measure to be built.
    measure = font_measure(xml.theme_fonts(presentation)[1])
    boxes: dict[str, list[Box]] = {}
    for slide_plan, layout in zip(plan.slides, layouts, strict=True):
        if not shows_chart(slide_plan):
            continue
        # A scratch slide of this layout: its placeholders are where the deck's will be.
        slide = presentation.slides.add_slide(layout)
        composer = SlideComposer(slide, layout, placeholder_roles(layout), measure, measure)
        _, _, width, height = composer.picture_box(chart_spot(composer, slide_plan.kind))
        box = (round(Emu(width).inches, 3), round(Emu(height).inches, 3))
        shown = boxes.setdefault(slide_plan.chart, [])
        if box not in shown:
            shown.append(box)
    return boxes
