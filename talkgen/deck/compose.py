"""Putting text and pictures into one slide's placeholders, fitted, in reading order.

A `SlideComposer` wraps one new slide: the deck builder asks it for "the title", "the body",
"a picture in the picture box"; it finds the layout's placeholder for that role (or a box where
the template has none), fits the text and records what did not fit. `finish` removes every
placeholder left empty, so no "Click to add text" ever shows, and puts the shapes in the order a
reader meets them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.shapes.base import BaseShape
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu, Pt

from talkgen.deck import xml
from talkgen.deck.fit import Box, FontMeasure, Paragraph, fit_text
from talkgen.deck.layouts import Roles

EMU_PER_PT = 12700


@dataclass(frozen=True)
class TextLook:
    """How a text is set: its preferred and smallest size, bullets, spacing between paragraphs."""

    size: float
    floor: float
    bullets: bool = False
    spacing: float = 0.5
    line_spacing: float = 1.0
    title: bool = False


@dataclass(frozen=True)
class PictureSpot:
    """Where a picture goes on a slide: the first free placeholder of `roles`, else `fallback`
    (left, top, width, height in EMU), else the content area; with `caption_room`, a layout
    without a caption placeholder keeps a strip under the picture for one."""

    roles: tuple[str, ...] = ("picture",)
    fallback: tuple[int, int, int, int] | None = None
    caption_room: bool = False


@dataclass
class Overflow:
    """A text that does not fit its box even at its smallest size."""

    role: str
    floor: float
    words_to_cut: int


@dataclass
class SlideComposer:
    """One slide being filled: its layout's roles, the fonts to measure with, what overflowed."""

    slide: Slide
    layout: SlideLayout
    roles: Roles
    heading_font: FontMeasure
    body_font: FontMeasure
    reading_order: list[BaseShape] = field(default_factory=list)
    overflows: list[Overflow] = field(default_factory=list)
    visible_text: list[str] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    heights: dict[str, tuple[BaseShape, float]] = field(default_factory=dict)
    caption_box: tuple[int, int, int, int] | None = None

    # -- finding boxes ------------------------------------------------------------------------

    def placeholder(self, role: str) -> BaseShape | None:
        """The slide's placeholder for `role`, if its layout has one that is still free."""
        idx = self.roles.get(role)
        if idx is None or idx in self.used:
            return None
        for shape in self.slide.placeholders:
            if shape.placeholder_format.idx == idx:
                return shape
        return None

    def content_area(self) -> tuple[int, int, int, int]:
        """(left, top, width, height) between the title and the footer, for a template that has
        no placeholder for something we must show."""
        width, height = self._slide_size()
        title = next(
            (
                s
                for s in self.slide.placeholders
                if s.placeholder_format.idx == self.roles.get("title")
            ),
            None,
        )
        top = (title.top + title.height) if title is not None and title.top > 0 else height // 5
        left = width // 19
        return left, top + height // 30, width - 2 * left, height - top - height // 6

    def _on_slide(self, shape: BaseShape) -> bool:
        width, height = self._slide_size()
        return (
            shape.top + shape.height > 0
            and shape.top < height
            and shape.left + shape.width > 0
            and shape.left < width
        )

    def _slide_size(self) -> tuple[int, int]:
        presentation = self.slide.part.package.presentation_part.presentation
        return presentation.slide_width, presentation.slide_height

    # -- text ---------------------------------------------------------------------------------

    def text(
        self,
        role: str,
        texts: list[str],
        look: TextLook,
        fallback: tuple[int, int, int, int] | None = None,
        links: dict[str, str] | None = None,
    ) -> BaseShape | None:
        """Write paragraphs into the role's placeholder (or a text box at `fallback`), at the
        largest size from `look.size` down to `look.floor` that fits."""
        texts = [t for t in texts if t and t.strip()]
        if not texts:
            return None
        shape = self.placeholder(role)
        template_size = None
        if shape is not None:
            idx = shape.placeholder_format.idx
            self.used.add(idx)
            template_size = xml.inherited_font_size(self.layout, idx, look.title)
            self._copy_insets(shape, idx)
        else:
            left, top, width, height = fallback or self.content_area()
            shape = self.slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
            shape.name = role.capitalize()
        size = template_size or look.size
        floor = min(look.floor, size)
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        indent = 0.0
        if look.bullets and shape.is_placeholder:
            indent = xml.bullet_indent(self.layout, shape.placeholder_format.idx) / EMU_PER_PT
        box = Box(
            (shape.width - frame.margin_left - frame.margin_right) / EMU_PER_PT,
            (shape.height - frame.margin_top - frame.margin_bottom) / EMU_PER_PT,
        )
        font = self.heading_font if look.title else self.body_font
        fit = fit_text(
            [Paragraph(t, indent) for t in texts],
            box,
            font,
            size,
            floor,
            spacing=look.spacing,
            line_spacing=look.line_spacing,
        )
        if not fit.fits:
            self.overflows.append(Overflow(role, floor, fit.words_to_cut))
        for number, text in enumerate(texts):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            if not (look.bullets and shape.is_placeholder):
                xml.set_no_bullet(paragraph)
            paragraph.space_before = Pt(0 if number == 0 else round(look.spacing * fit.size))
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(fit.size)
            if links and text in links:
                run.hyperlink.address = links[text]
        if self._on_slide(shape):  # a title kept above the slide is for screen readers only
            self.visible_text += texts
        self.reading_order.append(shape)
        self.heights[role] = (shape, fit.height)
        return shape

    def narrow(self, role: str, share: float) -> None:
        """Keep only the left `share` of the role's placeholder (room for a picture beside it
        on a layout that has no picture placeholder)."""
        shape = self.placeholder(role)
        if shape is not None:
            _place(shape, shape.left, shape.top, round(shape.width * share), shape.height)

    def below(self, role: str) -> tuple[int, int, int, int] | None:
        """A box for a text that belongs under the role's text but has no placeholder of its
        own (an attribution, a byline): the role's box is cut to its text, and the box is the
        room left under it (or under the box, down to the content area's end)."""
        if role not in self.heights:
            return None
        shape, text = self.heights[role]
        frame = shape.text_frame
        needed = frame.margin_top + frame.margin_bottom + round(text * EMU_PER_PT * 1.05)
        old_bottom = shape.top + shape.height
        if needed < shape.height:
            _place(shape, shape.left, shape.top, shape.width, needed)
        top = shape.top + shape.height
        if old_bottom - top < Emu(457200):  # under half an inch left: go below the box
            left, area_top, width, area_height = self.content_area()
            return shape.left, top, shape.width, max(area_top + area_height - top, Emu(457200))
        return shape.left, top, shape.width, old_bottom - top

    def stack(self, upper: str, lower: str) -> None:
        """Centre two texts whose boxes are stacked into one panel (a quote over its
        attribution): move the line between the boxes so the pair sits in the middle, the upper
        text anchored to the bottom of its box and the lower one to the top of its own."""
        if upper not in self.heights or lower not in self.heights:
            return
        top_shape, top_text = self.heights[upper]
        bottom_shape, bottom_text = self.heights[lower]
        adjacent = (
            abs(bottom_shape.top - (top_shape.top + top_shape.height)) < EMU_PER_PT
            and bottom_shape.left == top_shape.left
            and bottom_shape.width == top_shape.width
        )
        if not adjacent:
            return
        upper_frame, lower_frame = top_shape.text_frame, bottom_shape.text_frame
        panel_top, panel_bottom = top_shape.top, bottom_shape.top + bottom_shape.height
        upper_room = upper_frame.margin_top + upper_frame.margin_bottom
        lower_room = lower_frame.margin_top + lower_frame.margin_bottom
        texts = round((top_text + bottom_text) * EMU_PER_PT)
        free = panel_bottom - panel_top - upper_room - lower_room - texts
        if free <= 0:
            return
        line = panel_top + free // 2 + upper_room + round(top_text * EMU_PER_PT)
        _place(top_shape, top_shape.left, panel_top, top_shape.width, line - panel_top)
        _place(bottom_shape, bottom_shape.left, line, bottom_shape.width, panel_bottom - line)

    def _copy_insets(self, shape: BaseShape, idx: int) -> None:
        # python-pptx reads a slide shape's insets from the slide only; the template's insets
        # live on the layout, so copy them to measure (and render) the same box.
        for layout_shape in self.layout.placeholders:
            if layout_shape.placeholder_format.idx == idx:
                source, target = layout_shape.text_frame, shape.text_frame
                for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
                    setattr(target, side, getattr(source, side))
                return

    def align(self, shape: BaseShape | None, alignment: PP_ALIGN) -> None:
        """Align every paragraph of a shape's text."""
        if shape is not None:
            for paragraph in shape.text_frame.paragraphs:
                paragraph.alignment = alignment

    # -- pictures -----------------------------------------------------------------------------

    def picture_box(self, spot: PictureSpot) -> tuple[int, int, int, int]:
        """The box (left, top, width, height in EMU) a picture at `spot` is fitted into: the
        first free placeholder of its roles, else its fallback, else the content area, less a
        strip for a caption where it asks for one and the layout has no caption placeholder.
        Changes nothing: the charts stage lays each chart out for this box (`chart_boxes`)."""
        left, top, width, height = self._spot_box(spot)
        return left, top, width, height - self._caption_strip(spot, height)

    def picture(self, image: Path | bytes, alt: str, name: str, spot: PictureSpot) -> BaseShape:
        """Place an image at `spot`, as large as fits its box (`picture_box`) without cropping
        or stretching, centred, with alt text. Where the box keeps a strip for a caption, that
        strip becomes `caption_box`."""
        left, top, width, height = self._spot_box(spot)
        strip = self._caption_strip(spot, height)
        if strip:
            height -= strip
            self.caption_box = (left, top + height, width, strip)
        box_shape = self._free_placeholder(spot.roles)
        if box_shape is not None:
            xml.remove_shape(box_shape)
            self.used.add(box_shape.placeholder_format.idx)
        source = io.BytesIO(image) if isinstance(image, bytes) else image
        with Image.open(source) as picture:
            pixel_width, pixel_height = picture.size
        if isinstance(source, io.BytesIO):
            source.seek(0)
        scale = min(width / pixel_width, height / pixel_height)
        shown_width, shown_height = round(pixel_width * scale), round(pixel_height * scale)
        shape = self.slide.shapes.add_picture(
            source if isinstance(source, io.BytesIO) else str(source),
            Emu(left + (width - shown_width) // 2),
            Emu(top + (height - shown_height) // 2),
            Emu(shown_width),
            Emu(shown_height),
        )
        shape.name = name
        xml.set_alt_text(shape, alt)
        self.reading_order.append(shape)
        return shape

    def _free_placeholder(self, roles: tuple[str, ...]) -> BaseShape | None:
        return next((p for p in map(self.placeholder, roles) if p is not None), None)

    def _spot_box(self, spot: PictureSpot) -> tuple[int, int, int, int]:
        shape = self._free_placeholder(spot.roles)
        if shape is not None:
            return shape.left, shape.top, shape.width, shape.height
        return spot.fallback or self.content_area()

    def _caption_strip(self, spot: PictureSpot, height: int) -> int:
        """The height kept under a picture for its caption (0 when the layout has a place)."""
        if not spot.caption_room or self.placeholder("caption") is not None:
            return 0
        return max(height // 8, Emu(457200))

    # -- footer and finishing -----------------------------------------------------------------

    def footer(self, event: str, number: int) -> list[BaseShape]:
        """The event in the footer and the slide number, where the layout has places for them."""
        added = []
        for role, text in (("footer", event), ("number", None)):
            idx = self.roles.get(role)
            source = (
                next((p for p in self.layout.placeholders if p.placeholder_format.idx == idx), None)
                if idx is not None
                else None
            )
            if source is None:
                continue
            self.slide.shapes.clone_placeholder(source)
            shape = next(p for p in self.slide.placeholders if p.placeholder_format.idx == idx)
            paragraph = shape.text_frame.paragraphs[0]  # makes the text body
            xml.copy_list_style(source, shape)
            if text is None:
                xml.add_slide_number(paragraph, number)
            else:
                paragraph.add_run().text = text
            self.used.add(idx)
            added.append(shape)
        return added

    def finish(self, footer: list[BaseShape]) -> None:
        """Remove every placeholder left empty and put the shapes in reading order: title first,
        then content as added (the visual order top to bottom, left to right), then footer."""
        kept = {id(s._element) for s in [*self.reading_order, *footer]}
        for shape in list(self.slide.placeholders):
            if id(shape._element) not in kept:
                xml.remove_shape(shape)
        xml.put_in_reading_order(self.slide, [*self.reading_order, *footer])


def _place(shape: BaseShape, left: int, top: int, width: int, height: int) -> None:
    # Set all four at once: a placeholder that inherits its position gets an `a:xfrm` with the
    # first value set, and the others would be zero.
    shape.left, shape.top, shape.width, shape.height = (
        Emu(left),
        Emu(top),
        Emu(width),
        Emu(height),
    )
