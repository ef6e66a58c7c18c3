"""`build_deck`: the planned talk as a .pptx, one slide per planned slide, on a template.

Each slide kind has a small function that says what goes where (title, points, chart, quote);
`SlideComposer` does the placing and fitting; the layout comes from `layouts.choose_layouts`.
The file is written atomically and reproducibly (same plan, charts and template: same bytes).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import segno
from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.exc import PackageNotFoundError

from talkgen.charts.model import RenderedChart
from talkgen.deck import xml
from talkgen.deck.compose import SlideComposer, TextLook
from talkgen.deck.fit import font_measure, word_count
from talkgen.deck.layouts import choose_layouts, placeholder_roles
from talkgen.deck.package import save_presentation
from talkgen.errors import ContentError, Problem, TalkgenError
from talkgen.plan import Plan, SlidePlan
from talkgen.style import TEMPLATES, Style, load_style

DEFAULT_TEMPLATE = TEMPLATES / "default.pptx"

# About as many words as a lightning-talk audience takes in from one slide (DESIGN.md).
MAX_VISIBLE_WORDS = 40
# Reading a slide should take at most this share of the time it is up, at the talk's pace;
# the rest of the time the audience listens.
READING_SHARE = 0.5


@dataclass(frozen=True)
class DeckResult:
    """The deck written: where it is and what the speaker should know about it."""

    path: Path
    warnings: list[Problem] = field(default_factory=list)
    slides: int = 0
    auto_advance: bool = False


@dataclass
class _Deck:
    """What every slide function needs: the plan, the charts, the look, where to put QR codes."""

    plan: Plan
    charts: Mapping[str, RenderedChart]
    style: Style


def build_deck(
    plan: Plan,
    charts: Mapping[str, RenderedChart],
    out_path: Path | str,
    *,
    template: Path | str | None = None,
    auto_advance: bool = False,
) -> DeckResult:
    """Write the plan as a deck to `out_path` on `template` (ours by default).

    `charts` maps chart ids to rendered charts (`charts[slide.chart].png` and `.alt` are used).
    With `auto_advance`, each slide advances by itself after its planned time. Raises
    `ContentError` for a layout missing from the template or a chart that was not rendered, and
    `TalkgenError` for a template that cannot be read; the previous deck is then left untouched.
    """
    template_path = Path(template) if template else DEFAULT_TEMPLATE
    presentation = _open_template(template_path)
    xml.remove_all_slides(presentation)
    layouts = choose_layouts(plan, presentation, template_path)
    _check_charts(plan, charts)
    heading_family, body_family = xml.theme_fonts(presentation)
    heading, body = font_measure(heading_family, bold=True), font_measure(body_family)
    deck = _Deck(plan, charts, load_style())
    warnings: list[Problem] = []
    for family, measure in {heading_family: heading, body_family: body}.items():
        if not measure.exact:
            warnings.append(
                Problem(
                    template_path,
                    None,
                    f"the template's font {family} is not one talkgen has metrics for; text is "
                    f"fitted with {measure.path.stem} (Arial's widths)",
                    "check long texts by eye, or use a template set in Calibri or Arial",
                    severity="warning",
                )
            )
    for slide_plan, layout in zip(plan.slides, layouts, strict=True):
        slide = presentation.slides.add_slide(layout)
        composer = SlideComposer(slide, layout, placeholder_roles(layout), heading, body)
        composer.text("title", [slide_plan.title], _title_look(deck.style, slide_plan.kind))
        SLIDE_KINDS[slide_plan.kind](composer, slide_plan, deck)
        footer = (
            []
            if slide_plan.kind == "title"
            else composer.footer(plan.talk.info.event, slide_plan.number)
        )
        composer.finish(footer)
        xml.set_slide_name(slide, slide_plan.key)
        slide.notes_slide.notes_text_frame.text = slide_plan.notes or (
            f"(No speaker notes yet: add them to the content. Planned time "
            f"{slide_plan.planned_seconds} s.)"
        )
        xml.set_auto_advance(slide, slide_plan.planned_seconds * 1000 if auto_advance else None)
        warnings += _slide_warnings(plan, slide_plan, composer)
    _set_properties(presentation, plan)
    save_presentation(presentation, Path(out_path))
    return DeckResult(Path(out_path), warnings, len(plan.slides), auto_advance)


def _open_template(path: Path) -> Presentation:
    if not path.is_file():
        raise TalkgenError(
            Problem(
                path,
                None,
                "no such template file",
                "give --template a .pptx file, or leave it out to use ours",
            )
        )
    try:
        return Presentation(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TalkgenError(
            Problem(
                path,
                None,
                f"not a PowerPoint file python-pptx can read ({exc})",
                "save the template from PowerPoint as a .pptx presentation (not .potx or .ppt)",
            )
        ) from exc


def _check_charts(plan: Plan, charts: Mapping[str, RenderedChart]) -> None:
    problems = [
        Problem(
            plan.talk.root / "talk.yaml",
            None,
            f"slide {s.number} ({s.title}) shows chart '{s.chart}', which was not rendered",
            f"rendered charts: {', '.join(sorted(charts)) or 'none'}",
        )
        for s in plan.slides
        if _shows_chart(s) and s.chart not in charts
    ]
    if problems:
        raise ContentError(problems)


def _shows_chart(slide: SlidePlan) -> bool:
    return slide.chart is not None and slide.kind in ("method", "overview", "chart")


def _title_look(style: Style, kind: str) -> TextLook:
    sizes = style.sizes
    size = 54 if kind == "title" else sizes.title
    return TextLook(size, min(size, 36), line_spacing=0.9, title=True)


# -- what goes on each kind of slide --------------------------------------------------------------


def _body(style: Style) -> TextLook:
    return TextLook(style.sizes.body, style.sizes.body_min, bullets=True)


def _points(composer: SlideComposer, slide: SlidePlan, deck: _Deck) -> None:
    composer.text("body", list(slide.points), _body(deck.style))


def _title_slide(composer: SlideComposer, slide: SlidePlan, deck: _Deck) -> None:
    info, sizes = deck.plan.talk.info, deck.style.sizes
    composer.text("subtitle", list(slide.points), TextLook(28, sizes.body_min))
    speaker = ", ".join(p for p in (info.speaker, info.affiliation) if p)
    where = " · ".join(
        [info.event] + ([info.date] if info.date and info.date not in info.event else [])
    )
    composer.text(
        "byline",
        [speaker, where],
        TextLook(22, sizes.body_min, spacing=0.2),
        fallback=_under(composer, "byline", "subtitle"),
    )


def _chart(composer: SlideComposer, slide: SlidePlan, deck: _Deck) -> None:
    chart = deck.charts[slide.chart]
    composer.picture(
        chart.png, chart.alt, f"Chart: {chart.title}", ("picture", "body"), caption_room=True
    )
    _caption(composer, slide.caption or chart.caption, deck)


def _caption(composer: SlideComposer, caption: str | None, deck: _Deck) -> None:
    if not caption:
        return
    composer.text(
        "caption",
        [caption],
        TextLook(20, deck.style.sizes.attribution),
        fallback=composer.caption_box,
    )


def _method(composer: SlideComposer, slide: SlidePlan, deck: _Deck) -> None:
    _points(composer, slide, deck)
    if slide.chart:
        chart = deck.charts[slide.chart]
        # A template without a picture placeholder: the second content placeholder, else the
        # right half of the content area.
        left, top, width, height = composer.content_area()
        composer.picture(
            chart.png,
            chart.alt,
            f"Chart: {chart.title}",
            ("picture", "quote"),
            fallback=(left + width // 2, top, width // 2, height),
        )


def _image(composer: SlideComposer, slide: SlidePlan, deck: _Deck) -> None:
    path = deck.plan.talk.root / (slide.image or "")
    composer.picture(
        path,
        slide.alt or slide.title,
        f"Image: {slide.title}",
        ("picture", "body"),
        caption_room=True,
    )
    _caption(composer, slide.caption, deck)


def _quote_texts(slide: SlidePlan, deck: _Deck) -> tuple[str, str]:
    quote = slide.quote
    participant = deck.plan.talk.participant(quote.participant)
    return f"“{quote.text.strip()}”", participant.attribution()


def _theme(composer: SlideComposer, slide: SlidePlan, deck: _Deck) -> None:
    _points(composer, slide, deck)
    if slide.quote is not None:
        sizes = deck.style.sizes
        text, attribution = _quote_texts(slide, deck)
        composer.text("quote", [text], TextLook(sizes.quote - 8, sizes.quote_min))
        composer.text(
            "attribution",
            [attribution],
            TextLook(sizes.attribution, 14),
            fallback=_under(composer, "attribution", "quote"),
        )
        composer.stack("quote", "attribution")


def _quote(composer: SlideComposer, slide: SlidePlan, deck: _Deck) -> None:
    sizes = deck.style.sizes
    text, attribution = _quote_texts(slide, deck)
    role = "quote" if composer.roles.get("quote") is not None else "body"
    composer.text(role, [text], TextLook(sizes.quote, sizes.quote_min))
    composer.text(
        "attribution",
        [attribution],
        TextLook(sizes.attribution + 2, 14),
        fallback=_under(composer, "attribution", role),
    )
    composer.stack(role, "attribution")


def _under(composer: SlideComposer, role: str, above: str) -> tuple[int, int, int, int] | None:
    """Where a text goes when the layout has no placeholder for it: under the `above` text."""
    return None if composer.roles.get(role) is not None else composer.below(above)


def _contact(composer: SlideComposer, slide: SlidePlan, deck: _Deck) -> None:
    info = deck.plan.talk.info
    links = {p: _link(p) for p in slide.points if _link(p)}
    speaker = ", ".join(p for p in (info.speaker, info.affiliation) if p)
    if info.slides_url and composer.roles.get("picture") is None:
        composer.narrow("body", 2 / 3)  # the QR code goes in the right third
    composer.text(
        "body", [speaker, *slide.points], TextLook(28, deck.style.sizes.body_min), links=links
    )
    if info.slides_url:
        png = _qr_png(info.slides_url, deck)
        left, top, width, height = composer.content_area()
        composer.picture(
            png,
            f"QR code linking to the slides and handout: {info.slides_url}",
            "QR code",
            fallback=(left + width * 2 // 3, top, width // 3, height),
            caption_room=True,
        )
        caption = composer.text(
            "caption",
            ["Slides and handout", _shown_url(info.slides_url)],
            TextLook(20, 14, spacing=0.2),
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


def _qr_png(url: str, deck: _Deck) -> bytes:
    """A QR code for `url` as PNG bytes, dark text colour on white (what phones scan best)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="png", scale=20, border=2, dark=deck.style.colors.text, light="#FFFFFF"
    )
    return buffer.getvalue()


SLIDE_KINDS: dict[str, Callable[[SlideComposer, SlidePlan, _Deck], None]] = {
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


# -- warnings and document properties -------------------------------------------------------------


def _slide_warnings(plan: Plan, slide: SlidePlan, composer: SlideComposer) -> list[Problem]:
    path, line = _source(plan, slide)
    where = f"slide {slide.number} ({slide.title})"
    warnings = []
    for overflow in composer.overflows:
        warnings.append(
            Problem(
                path,
                line,
                f"{where}: the {overflow.role} does not fit its box even at {overflow.floor:g} pt",
                f"cut about {overflow.words_to_cut} word(s), or move them to the speaker notes",
                severity="warning",
            )
        )
    words = word_count(composer.visible_text)
    if words > MAX_VISIBLE_WORDS:
        warnings.append(
            Problem(
                path,
                line,
                f"{where} shows {words} words; a lightning-talk slide holds about "
                f"{MAX_VISIBLE_WORDS}",
                f"cut about {words - MAX_VISIBLE_WORDS} word(s) or move them to the notes",
                severity="warning",
            )
        )
    reading_seconds = words * 60 / plan.talk.info.pace
    if reading_seconds > slide.planned_seconds * READING_SHARE:
        can_read = int(slide.planned_seconds * READING_SHARE * plan.talk.info.pace / 60)
        warnings.append(
            Problem(
                path,
                line,
                f"{where} shows {words} words but is up for only {slide.planned_seconds} s: "
                f"the audience needs {reading_seconds:.0f} s to read them",
                f"keep it to about {can_read} words, or give the slide more time",
                severity="warning",
            )
        )
    return warnings


def _source(plan: Plan, slide: SlidePlan) -> tuple[Path, int | None]:
    """The file and line a slide's words come from, for warnings."""
    if slide.kind == "quote" and slide.quote is not None and slide.quote.path:
        return slide.quote.path, slide.quote.line
    if slide.kind == "theme" and slide.theme is not None and slide.theme.path:
        return slide.theme.path, slide.theme.line
    outline = plan.talk.info.outline
    line = outline[slide.number - 1].line if outline and slide.number <= len(outline) else None
    return plan.talk.root / "talk.yaml", line


def _set_properties(presentation: Presentation, plan: Plan) -> None:
    info = plan.talk.info
    core = presentation.core_properties
    core.title = info.title
    core.subject = info.event
    core.author = core.last_modified_by = info.speaker
    core.language = info.language
    core.comments = "Built with talkgen from the content folder; edit the content and rebuild."
    core.revision = 1
