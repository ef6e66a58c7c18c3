"""What goes on each kind of slide: title, agenda, method, theme, quote, chart, contact ...

One small function per slide kind says which texts and pictures the slide shows and in which
roles (body, quote, attribution, picture, caption); `SlideComposer` puts each in the box the
geometry stage gave it and fits it.
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
from talkgen.deck import native
from talkgen.deck.compose import SlideComposer, TextLook
from talkgen.deck.native import EMU_PER_CSS_PX
from talkgen.plan import Plan, SlidePlan
from talkgen.style import Style


@dataclass
class DeckContext:
    """What every slide function needs: the plan, the rendered charts, the shared style."""

    plan: Plan
    charts: Mapping[str, RenderedChart]
    style: Style
    native_style: Style | None = None
    """The style native charts are drawn in (`native.template_style`); None: `style`."""


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
    speaker = ", ".join(p for p in (info.speaker, info.affiliation) if p)
    where = " · ".join(
        [info.event] + ([info.date] if info.date and info.date not in info.event else [])
    )
    if composer.has("byline"):
        composer.text("subtitle", list(slide.points), TextLook(sizes.subtitle, sizes.body_min))
        composer.text(
            "byline", [speaker, where], TextLook(sizes.byline, sizes.body_min, spacing=0.2)
        )
    else:
        # The template's title slide has one place under the title: its subtitle holds the
        # subtitle, the speaker and the event, one paragraph each.
        joined = TextLook(sizes.byline, sizes.attribution_min, spacing=0.2)
        composer.text("subtitle", [*slide.points, speaker, where], joined)


def chart_style(plan: Plan, chart_id: str) -> str:
    """`native` or `picture`: how the chart is put on its slides (charts.yaml's `chart_style` for
    the chart, else talk.yaml's)."""
    return plan.talk.chart_style(chart_id)


def _show_chart(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> str | None:
    """Put the slide's chart in its box: the picture, or with `chart_style: native` the native
    chart or table. Returns the chart's caption as it fits what the slide shows (a native table
    may show fewer of its rows than the picture: `native.retell`)."""
    chart = deck.charts[slide.chart]
    if chart.native is not None and chart_style(deck.plan, chart.id) == "native":
        box = composer.claim()
        if box is None:
            return chart.caption
        frame = (box.left, box.top, box.width, box.height)
        style = deck.native_style or deck.style
        drawn = native.draw(composer.slide.shapes, chart.native, frame, style)
        alt = native.retell(chart.alt, chart.native, drawn.shown_rows)
        composer.graphic(drawn.frame, alt, f"Chart: {chart.title}")
        return native.retell(chart.caption or "", chart.native, drawn.shown_rows) or None
    box = composer.picture_box()
    if box is not None:
        size = (round(box.width / EMU_PER_CSS_PX), round(box.height / EMU_PER_CSS_PX))
        composer.picture(chart.png_for(size), chart.alt, f"Chart: {chart.title}")
    return chart.caption


def _chart(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    caption = _show_chart(composer, slide, deck)
    _caption(composer, slide.caption or caption, deck)


def _caption(composer: SlideComposer, caption: str | None, deck: DeckContext) -> None:
    if caption:
        sizes = deck.style.sizes
        composer.text("caption", [caption], TextLook(sizes.caption, sizes.attribution))


def _method(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    _points(composer, slide, deck)
    if slide.chart:
        _show_chart(composer, slide, deck)


def _image(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    path = deck.plan.talk.root / (slide.image or "")
    composer.picture(deck_picture(path), slide.alt or slide.title, f"Image: {slide.title}")
    _caption(composer, slide.caption, deck)


def _quote_texts(slide: SlidePlan, deck: DeckContext) -> tuple[str, str]:
    quote = slide.quote
    return quoted(quote.text), attribution_line(deck.plan.talk, quote.participant)


def _theme(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    _points(composer, slide, deck)
    if slide.quote is not None:
        _quote_with_attribution(composer, slide, deck, panel=True)


def _quote(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    _quote_with_attribution(composer, slide, deck, panel=False)


def _quote_with_attribution(
    composer: SlideComposer, slide: SlidePlan, deck: DeckContext, panel: bool
) -> None:
    """The quote and the line under it: a panel beside a theme's points, or a pull quote."""
    sizes = deck.style.sizes
    text, attribution = _quote_texts(slide, deck)
    quote_size = sizes.panel_quote if panel else sizes.quote
    line_size = sizes.attribution if panel else sizes.quote_attribution
    composer.text("quote", [text], TextLook(quote_size, sizes.quote_min))
    composer.text("attribution", [attribution], TextLook(line_size, sizes.attribution_min))
    composer.stack("quote", "attribution")


def _contact(composer: SlideComposer, slide: SlidePlan, deck: DeckContext) -> None:
    info = deck.plan.talk.info
    links = {p: _link(p) for p in slide.points if _link(p)}
    speaker = ", ".join(p for p in (info.speaker, info.affiliation) if p)
    composer.text(
        "body",
        [speaker, *slide.points],
        TextLook(deck.style.sizes.contact, deck.style.sizes.body_min),
        links=links,
    )
    if info.slides_url:
        png = _qr_png(info.slides_url, deck)
        composer.picture(
            png, f"QR code linking to the slides and handout: {info.slides_url}", "QR code"
        )
        caption = composer.text(
            "caption",
            ["Slides and handout", _shown_url(info.slides_url)],
            TextLook(deck.style.sizes.caption, deck.style.sizes.caption_min, spacing=0.2),
            links={_shown_url(info.slides_url): info.slides_url},
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
