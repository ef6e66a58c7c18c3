"""Putting text and pictures into one slide, each in the box the geometry stage gave it.

A `SlideComposer` wraps one new slide and its `SlideGeometry`: the deck builder asks it for "the
title", "the body", "a picture in the picture box"; it fills the layout's placeholder for that
piece (or the master's, or a text box of its own where the layout has none), fits the text with
the template's fonts and records what did not fit. `finish` removes every placeholder left empty,
so no "Click to add text" ever shows, and puts the shapes in the order a reader meets them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.shapes.base import BaseShape
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu, Pt

from talkgen.deck import xml
from talkgen.deck.fit import Box, FontMeasure, Paragraph, fit_text, font_measure
from talkgen.geometry import EMU_PER_PT, Piece, Rect, SlideGeometry

# Placeholders that python-pptx does not copy onto a new slide (PowerPoint neither).
_LATENT = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
# A footer's text: the template's size up to this, shrunk to one line down to FOOTER_FLOOR (pt).
FOOTER_SIZE, FOOTER_FLOOR = 14.0, 7.0
# Of a box's height, what text may fill: renderers' line heights differ by a few percent
# (LibreOffice drew a four-line subtitle measured to fit 158 pt some 7 pt taller).
HEIGHT_SLACK = 0.95
# How far text may shrink below a template's own size when that is already under our floors.
SMALL_TEMPLATE_SHRINK = 0.65
# Placeholders whose first level inherits the master's bulleted body style.
_BULLETED = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)


@dataclass(frozen=True)
class TextLook:
    """How a text is set: its preferred and smallest size, bullets, spacing between paragraphs."""

    size: float
    floor: float
    bullets: bool = False
    spacing: float = 0.5
    line_spacing: float = 1.0
    title: bool = False


@dataclass
class Overflow:
    """A text that does not fit its box even at its smallest size: which piece, which box (the
    placeholder's name or "free space for the quote") and its size in inches."""

    role: str
    box: str
    size: tuple[float, float]
    floor: float
    words_to_cut: int


@dataclass
class SlideComposer:
    """One slide being filled: its geometry, the fonts to measure with, what overflowed."""

    slide: Slide
    layout: SlideLayout
    geometry: SlideGeometry
    theme_fonts: tuple[str, str]  # the theme's (heading, body) families
    reading_order: list[BaseShape] = field(default_factory=list)
    overflows: list[Overflow] = field(default_factory=list)
    visible_text: list[str] = field(default_factory=list)
    heights: dict[str, tuple[BaseShape, float]] = field(default_factory=dict)
    placed: dict[int, BaseShape] = field(default_factory=dict)
    measured_with: list[FontMeasure] = field(default_factory=list)

    def __post_init__(self) -> None:
        # The slide's placeholders are copies of the layout's, in order, less the latent ones;
        # the geometry names a layout placeholder by its position in the layout (LibreOffice's
        # templates give every placeholder idx 0, so the idx cannot tell them apart).
        cloned = [
            ordinal
            for ordinal, shape in enumerate(self.layout.placeholders)
            if shape.placeholder_format.type not in _LATENT
        ]
        self.placed = dict(zip(cloned, _placeholders_in_tree_order(self.slide), strict=False))

    def has(self, role: str) -> bool:
        """Whether the slide has a piece (a box) for `role`."""
        return role in self.geometry.pieces

    # -- finding boxes ------------------------------------------------------------------------

    def _layout_placeholder(self, piece: Piece) -> BaseShape | None:
        if piece.source == "layout" and piece.ordinal is not None:
            return list(self.layout.placeholders)[piece.ordinal]
        if piece.source == "master" and piece.ordinal is not None:
            return list(self.layout.slide_master.placeholders)[piece.ordinal]
        return None

    def _shape_for(self, piece: Piece) -> BaseShape:
        """The slide's shape for a text piece: its placeholder (the layout's, or a copy of the
        master's), set to the piece's box, or a new text box there."""
        if piece.source == "layout" and piece.ordinal in self.placed:
            shape = self.placed.pop(piece.ordinal)
        elif piece.source == "master" or (piece.source == "layout" and piece.ordinal is not None):
            self.slide.shapes.clone_placeholder(self._layout_placeholder(piece))
            shape = _placeholders_in_tree_order(self.slide)[-1]
        else:
            box = piece.box
            shape = self.slide.shapes.add_textbox(
                Emu(box.left), Emu(box.top), Emu(box.width), Emu(box.height)
            )
            shape.name = piece.role.capitalize()
            body = next(
                (
                    p
                    for p in self.layout.slide_master.placeholders
                    if p.placeholder_format.type == PP_PLACEHOLDER.BODY
                ),
                None,
            )
            if body is not None:  # a text of its own in the template's body font and colour
                xml.copy_text_look(body, shape)
            return shape
        xml.copy_text_look(self._layout_placeholder(piece), shape)
        # An explicit position: the inherited one may be shared by several placeholders of the
        # same idx (LibreOffice) or be the master's, which PowerPoint would not look up.
        _place(shape, piece.box)
        self._copy_insets(shape, piece)
        return shape

    def _slide_size(self) -> tuple[int, int]:
        presentation = self.slide.part.package.presentation_part.presentation
        return presentation.slide_width, presentation.slide_height

    def _on_slide(self, shape: BaseShape) -> bool:
        width, height = self._slide_size()
        return (
            shape.top + shape.height > 0
            and shape.top < height
            and shape.left + shape.width > 0
            and shape.left < width
        )

    # -- text ---------------------------------------------------------------------------------

    def text(
        self,
        role: str,
        texts: list[str],
        look: TextLook,
        links: dict[str, str] | None = None,
    ) -> BaseShape | None:
        """Write paragraphs into the role's box at the template's size (or `look.size` where the
        template gives none), shrunk towards `look.floor` only as far as fitting needs. Nothing
        is written when the slide has no piece for the role or the texts are empty."""
        texts = [t for t in texts if t and t.strip()]
        piece = self.geometry.pieces.get(role)
        if not texts or piece is None:
            return None
        shape = self._shape_for(piece)
        master = self.layout.slide_master
        # The template's size for this placeholder (its look was copied onto the slide's shape);
        # a text box of our own starts from the style's size.
        template_size = (
            xml.inherited_font_size(shape, master, look.title) if shape.is_placeholder else None
        )
        size = template_size or look.size
        floor = min(look.floor, size)
        if template_size and template_size < look.floor:
            # The template sets its type smaller than our floors (a title in a narrow banner):
            # its own design, which may shrink by a third before the text counts as overflowing.
            floor = round(template_size * SMALL_TEMPLATE_SHRINK)
        frame = shape.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        bulleted = not shape.is_placeholder or shape.placeholder_format.type in _BULLETED
        indent = 0.0
        if look.bullets and shape.is_placeholder:
            indent = xml.bullet_indent(shape, master) / EMU_PER_PT
        # The template's space after each paragraph: between paragraphs, and after the last.
        after = (
            xml.first_level_space_after(shape, master, look.title) if shape.is_placeholder else 0
        )
        box = Box(
            (shape.width - frame.margin_left - frame.margin_right) / EMU_PER_PT,
            (shape.height - frame.margin_top - frame.margin_bottom) / EMU_PER_PT * HEIGHT_SLACK
            - after,
        )
        font = self._measure(shape, look.title)
        line_spacing = xml.first_level_line_spacing(shape, master, look.title) or (
            look.line_spacing if not shape.is_placeholder else 1.0
        )
        fit = fit_text(
            [Paragraph(t, indent) for t in texts],
            box,
            font,
            size,
            floor,
            spacing=look.spacing + after / size,
            line_spacing=line_spacing,
        )
        if not fit.fits:
            inches = (round(piece.box.width / 914400, 1), round(piece.box.height / 914400, 1))
            self.overflows.append(
                Overflow(role, piece.name or role, inches, floor, fit.words_to_cut)
            )
        for number, text in enumerate(texts):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            if bulleted and not look.bullets:
                # A quote or caption in a content placeholder: no bullet, no bullet indent.
                # Titles, subtitles and text boxes keep the template's own indents.
                xml.set_no_bullet(paragraph)
            if number:
                paragraph.space_before = Pt(round(look.spacing * fit.size))
            run = paragraph.add_run()
            run.text = text
            # Written even at the template's own size: a template made with LibreOffice keeps
            # its sizes in sample text, which PowerPoint does not inherit.
            run.font.size = Pt(fit.size)
            if links and text in links:
                run.hyperlink.address = links[text]
        if self._on_slide(shape):  # a title kept above the slide is for screen readers only
            self.visible_text += texts
        self.reading_order.append(shape)
        self.heights[role] = (shape, fit.height)
        return shape

    def _measure(self, shape: BaseShape, title: bool) -> FontMeasure:
        """The measure of the font the shape's text is set in: its own (copied) look, else the
        master's style, else the theme's heading or body font."""
        typeface, bold = xml.first_level_font(shape, self.layout.slide_master, title)
        heading, body = self.theme_fonts
        themed = {"+mj-lt": heading, "+mn-lt": body}
        family = themed.get(typeface or "", typeface) or (heading if title else body)
        measure = font_measure(family, bold=title if bold is None else bold)
        self.measured_with.append(measure)
        return measure

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
        _place(top_shape, Rect(top_shape.left, panel_top, top_shape.width, line - panel_top))
        _place(bottom_shape, Rect(bottom_shape.left, line, bottom_shape.width, panel_bottom - line))

    def _copy_insets(self, shape: BaseShape, piece: Piece) -> None:
        # python-pptx reads a slide shape's insets from the slide only; the template's insets
        # live on the layout, so copy them to measure (and render) the same box.
        source = self._layout_placeholder(piece)
        if source is None:
            return
        target = source.text_frame
        for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
            setattr(shape.text_frame, side, getattr(target, side))

    def align(self, shape: BaseShape | None, alignment: PP_ALIGN) -> None:
        """Align every paragraph of a shape's text."""
        if shape is not None:
            for paragraph in shape.text_frame.paragraphs:
                paragraph.alignment = alignment

    # -- pictures -----------------------------------------------------------------------------

    def picture_box(self, role: str = "picture") -> Rect | None:
        """The box (EMU) the geometry gave the picture piece, if the slide has one."""
        return self.geometry.box(role)

    def claim(self, role: str = "picture") -> Rect | None:
        """Take the role's box for a picture, chart or table: the placeholder that marked it is
        removed. Returns the box (EMU), or None when the slide has no such piece."""
        piece = self.geometry.pieces.get(role)
        if piece is None:
            return None
        if piece.source == "layout" and piece.ordinal in self.placed:
            xml.remove_shape(self.placed.pop(piece.ordinal))
        return piece.box

    def graphic(self, shape: BaseShape, alt: str, name: str) -> BaseShape:
        """Name a shape placed in a claimed box, give it alt text and its place in the reading
        order."""
        shape.name = name
        xml.set_alt_text(shape, alt)
        self.reading_order.append(shape)
        return shape

    def picture(
        self, image: Path | bytes, alt: str, name: str, role: str = "picture"
    ) -> BaseShape | None:
        """Place an image in the role's box, as large as fits without cropping or stretching,
        centred, with alt text; the placeholder that marked the box is removed."""
        box = self.claim(role)
        if box is None:
            return None
        source = io.BytesIO(image) if isinstance(image, bytes) else image
        with Image.open(source) as picture:
            pixel_width, pixel_height = picture.size
        if isinstance(source, io.BytesIO):
            source.seek(0)
        scale = min(box.width / pixel_width, box.height / pixel_height)
        shown_width, shown_height = round(pixel_width * scale), round(pixel_height * scale)
        shape = self.slide.shapes.add_picture(
            source if isinstance(source, io.BytesIO) else str(source),
            Emu(box.left + (box.width - shown_width) // 2),
            Emu(box.top + (box.height - shown_height) // 2),
            Emu(shown_width),
            Emu(shown_height),
        )
        return self.graphic(shape, alt, name)

    # -- footer and finishing -----------------------------------------------------------------

    def footer(self, texts: dict[str, str | None], number: int) -> list[BaseShape]:
        """The footer pieces the geometry gave the slide: `texts["footer"]` (the event) and
        `texts["date"]` in theirs, and the slide number as a field that viewers keep current."""
        added = []
        for piece in self.geometry.footers:
            source = self._layout_placeholder(piece)
            if source is not None:
                self.slide.shapes.clone_placeholder(source)
                shape = _placeholders_in_tree_order(self.slide)[-1]
                xml.copy_text_look(source, shape)
                _place(shape, piece.box)
            else:
                box = piece.box
                shape = self.slide.shapes.add_textbox(
                    Emu(box.left), Emu(box.top), Emu(box.width), Emu(box.height)
                )
                shape.name = "Slide number"
            paragraph = shape.text_frame.paragraphs[0]  # makes the text body
            # A footer copied from the master can pick up the body's bullet in LibreOffice.
            xml.set_no_bullet(paragraph)
            if piece.role == "number":
                if source is None:
                    paragraph.alignment = PP_ALIGN.RIGHT
                xml.add_slide_number(paragraph, number)
            else:
                run = paragraph.add_run()
                run.text = texts.get(piece.role) or ""
                self._shrink_to_one_line(shape, run)
            added.append(shape)
        return added

    def _shrink_to_one_line(self, shape: BaseShape, run) -> None:
        """A footer's text at the template's size, or smaller where it would wrap out of its
        strip (a long event name in a narrow footer)."""
        frame = shape.text_frame
        size = min(
            xml.inherited_font_size(shape, self.layout.slide_master, False) or FOOTER_SIZE,
            FOOTER_SIZE,
        )
        room = (shape.width - frame.margin_left - frame.margin_right) / EMU_PER_PT
        font = self._measure(shape, False)
        if font.width(run.text) * size > room:
            run.font.size = Pt(
                max(room / max(font.width(run.text), 0.01), FOOTER_FLOOR) // 0.5 * 0.5
            )

    def finish(self, footer: list[BaseShape]) -> None:
        """Remove every placeholder left empty and put the shapes in reading order: title first,
        then content as added (the visual order top to bottom, left to right), then footer."""
        kept = {id(s.element) for s in [*self.reading_order, *footer]}
        for shape in list(self.slide.placeholders):
            if id(shape.element) not in kept:
                xml.remove_shape(shape)
        xml.put_in_reading_order(self.slide, [*self.reading_order, *footer])


def _placeholders_in_tree_order(slide: Slide) -> list[BaseShape]:
    # `slide.placeholders` sorts by idx; the order of the shape tree is the order of creation.
    return [shape for shape in slide.shapes if shape.is_placeholder]


def _place(shape: BaseShape, box: Rect) -> None:
    # Set all four at once: a placeholder that inherits its position gets an `a:xfrm` with the
    # first value set, and the others would be zero.
    shape.left, shape.top, shape.width, shape.height = (
        Emu(box.left),
        Emu(box.top),
        Emu(box.width),
        Emu(box.height),
    )
