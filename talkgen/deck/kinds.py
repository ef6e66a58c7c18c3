"""What goes on each kind of slide: title, agenda, method, theme, quote, chart, contact ...

One small function per slide kind says which texts and pictures the slide shows and in which
roles (body, quote, attribution, picture, caption); `SlideComposer` places and fits them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import segno
from pptx.enum.text import PP_ALIGN

from talkgen.charts.model import RenderedChart
from talkgen.content.attribution import attribution_line, quoted
from talkgen.content.images import deck_picture
from talkgen.deck.compose import PictureSpot, SlideComposer, TextLook
from talkgen.plan import Plan, SlidePlan
from talkgen.style import Style

# A chart laid out at N CSS pixels (96 per inch) fills N * 9525 EMU (914400 per inch).
EMU_PER_CSS_PX = 914400 // 96


@dataclass
class DeckContext:
    """What every slide function needs: the plan, the rendered charts, the shared style."""

    plan: Plan
    charts: Mapping[str, RenderedChart]
    style: Style


def title_look(style: Style, kind: str) -> TextLook:
    """How a slide title is set: the style's size, shrinking no further than `title_min`."""
    sizes = style.sizes
    size = sizes.deck_title if kind == "title" else sizes.title
    return TextLook(size, min(size, sizes.title_min), line_spacing=0.9, title=True)


def _body(style: Style) -> TextLook:
    return TextLook(style.sizes.body, style.sizes.body_min, bullets=True)


def _points(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    composer.text("body", list(slide.points), _body(deck.style))


def _title_slide(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    info, sizes = deck.plan.talk.info, deck.style.sizes
    composer.text("subtitle", list(slide.points), TextLook(sizes.subtitle, sizes.body_min))
    speaker = ", ".join(p for p in (info.speaker, info.affiliation) if p)
    where = " · ".join(
        [info.event] + ([info.date] if info.date and info.date not in info.event else [])
    )
    composer.text(
        "byline",
        [speaker, where],
        TextLook(sizes.byline, sizes.body_min, spacing=0.2),
        fallback=_under(composer, "byline", "subtitle"),
    )


# The kinds of slide that show a chart (the plan's `chart`).
CHART_KINDS = ("method", "overview", "chart")


def shows_chart(slide: SlidePlan) -> bool:
    """Whether the slide shows a chart (its kind has a place for one and it names one)."""
    return slide.chart is not None and slide.kind in CHART_KINDS


def chart_spot(composer: SlideComposer, kind: str) -> PictureSpot:
    """Where a slide of `kind` (method, overview, chart) shows its chart. `chart_boxes` asks this
    too, so each chart is laid out for exactly the box it lands in."""
    if kind == "method":
        # Beside the points. A template without a picture placeholder: the second content
        # placeholder, else the right half of the content area.
        left, top, width, height = composer.content_area()
        return PictureSpot(("picture", "quote"), (left + width // 2, top, width // 2, height))
    return PictureSpot(("picture", "body"), caption_room=True)


def _show_chart(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    chart = deck.charts[slide.chart]
    spot = chart_spot(composer, slide.kind)
    _, _, width, height = composer.picture_box(spot)
    png = chart.png_for((round(width / EMU_PER_CSS_PX), round(height / EMU_PER_CSS_PX)))
    composer.picture(png, chart.alt, f"Chart: {chart.title}", spot)


def _chart(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    _show_chart(composer, slide, deck)
    _caption(composer, slide.caption or deck.charts[slide.chart].caption, deck)


def _caption(composer: SlideComposer, caption: str | None, deck: DeckContext) -> None:
    if not caption:
        return
    composer.text(
        "caption",
        [caption],
        TextLook(deck.style.sizes.caption, deck.style.sizes.attribution),
        fallback=composer.caption_box,
    )


def _method(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    _points(composer, slide, deck)
    if slide.chart:
        _show_chart(composer, slide, deck)


def _image(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    path = deck.plan.talk.root / (slide.image or "")
    composer.picture(
        deck_picture(path),
        slide.alt or slide.title,
        f"Image: {slide.title}",
        PictureSpot(("picture", "body"), caption_room=True),
    )
    _caption(composer, slide.caption, deck)


def _quote_texts(slide: SlidePlan, deck: DeckContext) -> tuple[str, str]:
    quote = slide.quote
    return quoted(quote.text), attribution_line(deck.plan.talk, quote.participant)


def _theme(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    _points(composer, slide, deck)
    if slide.quote is not None:
        sizes = deck.style.sizes
        text, attribution = _quote_texts(slide, deck)
        composer.text("quote", [text], TextLook(sizes.panel_quote, sizes.quote_min))
        composer.text(
            "attribution",
            [attribution],
            TextLook(sizes.attribution, sizes.attribution_min),
            fallback=_under(composer, "attribution", "quote"),
        )
        composer.stack("quote", "attribution")


def _quote(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    sizes = deck.style.sizes
    text, attribution = _quote_texts(slide, deck)
    role = "quote" if composer.roles.get("quote") is not None else "body"
    composer.text(role, [text], TextLook(sizes.quote, sizes.quote_min))
    composer.text(
        "attribution",
        [attribution],
        TextLook(sizes.quote_attribution, sizes.attribution_min),
        fallback=_under(composer, "attribution", role),
    )
    composer.stack(role, "attribution")


def _under(composer: SlideComposer, role: str, above: str) -> tuple[int, int, int, int] | None:
    """Where a text goes when the layout has no placeholder for it: under the `above` text."""
    return None if composer.roles.get(role) is not None else composer.below(above)


def _contact(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    info = deck.plan.talk.info
    links = {p: _link(p) for p in slide.points if _link(p)}
    speaker = ", ".join(p for p in (info.speaker, info.affiliation) if p)
    if info.slides_url and composer.roles.get("picture") is None:
        composer.narrow("body", 2 / 3)  # the QR code goes in the right third
    composer.text(
        "body",
        [speaker, *slide.points],
        TextLook(deck.style.sizes.contact, deck.style.sizes.body_min),
        links=links,
    )
    if info.slides_url:
        png = _qr_png(info.slides_url, deck)
        left, top, width, height = composer.content_area()
        composer.picture(
            png,
            f"QR code linking to the slides and handout: {info.slides_url}",
            "QR code",
            PictureSpot(
                fallback=(left + width * 2 // 3, top, width // 3, height), caption_room=True
            ),
        )
        caption = composer.text(
            "caption",
            ["Slides and handout", _shown_url(info.slides_url)],
            TextLook(deck.style.sizes.caption, deck.style.sizes.caption_min, spacing=0.2),
            links={_shown_url(info.slides_url): info.slides_url},
            fallback=composer.caption_box,
        )
        composer.align(caption, PP_ALIGN.CENTER)


def _shown_url(url: str) -> str:
    """A web address as people read it aloud: without `https://` or a trailing slash."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def _link(text: str) -> str | None:
    if re.match(r"^https?://\S+$", text):
        return text
    if re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", text):
        return f"mailto:{text}"
    return None


def _qr_png(url: str, deck: DeckContext) -> bytes:
    """A QR code for `url` as PNG bytes, dark text colour on white (what phones scan best)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="png", scale=20, border=2, dark=deck.style.colors.text, light="#FFFFFF"
    )
    return buffer.getvalue()


SLIDE_KINDS: dict[str, Callable[[SlideComposer, SlidePlan, DeckContext], None]] = {
    "title": _title_slide,
    "agenda": _points,
    "text": _points,
    "method": _method,
    "overview": _chart,
    "theme": _theme,
    "quote": _quote,
    "chart": _chart,
    "image": _image,
    "conclusion": _points,
    "contact": _contact,
}
