"""`build_deck`: the planned talk as a .pptx, one slide per planned slide, on a template.

The layout of each slide and the box of every piece come from the geometry stage
(`talkgen.geometry.lay_out`); `kinds` says what goes on each kind of slide, `SlideComposer` puts
it in its box and fits it; here the slides are assembled, checked and saved.
The file is written atomically and reproducibly (same plan, charts and template: same bytes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pptx.enum.text import MSO_AUTO_SIZE
from pptx.presentation import Presentation

from talkgen.atomic import write_bytes
from talkgen.charts.browser_cache import cache_root
from talkgen.charts.model import RenderedChart
from talkgen.content.markdown import plain_paragraphs
from talkgen.deck import languages, native, properties, thumbnail, xml
from talkgen.deck.compose import SlideComposer
from talkgen.deck.fit import word_count
from talkgen.deck.kinds import SLIDE_KINDS, DeckContext, title_look
from talkgen.deck.package import pptx_bytes
from talkgen.errors import ContentError, Problem
from talkgen.geometry import Geometry, find_layout, lay_out, open_template, shows_chart
from talkgen.plan import FIXED_FORMATS, Plan, SlidePlan
from talkgen.style import load_style

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
    # What the file's preview picture shows: "slide" (slide 1, drawn by LibreOffice) or "card"
    # (a title card: LibreOffice is not installed or could not draw the slide).
    thumbnail_source: thumbnail.ThumbnailSource = "card"


def build_deck(
    plan: Plan,
    charts: Mapping[str, RenderedChart],
    out_path: Path | str,
    *,
    template: Path | str | None = None,
    geometry: Geometry | None = None,
    auto_advance: bool = False,
    thumbnail_from: thumbnail.ThumbnailSource = "slide",
) -> DeckResult:
    """Write the plan as a deck to `out_path` on `template` (ours by default; .pptx, .potx or
    .pptm, whose sample slides are dropped and macros never copied).

    `geometry` is the plan laid out on the template (`talkgen.geometry.lay_out(plan, template)`,
    computed here when not given; when given, its template is used). `charts` maps chart ids to
    rendered charts (`charts[slide.chart].png` and `.alt` are used). With `auto_advance`, each
    slide advances by itself after its planned time; an Ignite or PechaKucha deck always does,
    since that is what the format is. The package is written as PowerPoint writes it
    (`finish_package`); its preview picture is slide 1 drawn by LibreOffice when
    `thumbnail_from` is "slide" and LibreOffice is installed, else a title card. Raises
    `ContentError` for a layout missing from the template or a chart that was not rendered, and
    `TalkgenError` for a template that cannot be read; the previous deck is then left untouched.
    """
    auto_advance = auto_advance or plan.talk.info.format in FIXED_FORMATS
    geometry = geometry or lay_out(plan, template)
    template_path = geometry.template.path
    presentation = open_template(template_path)
    xml.remove_all_slides(presentation)
    _check_charts(plan, charts)
    languages.complete_theme(presentation, plan.talk.info.language)
    theme_fonts = xml.theme_fonts(presentation)
    style = load_style()
    deck = DeckContext(
        plan, charts, style, native.template_style(style, geometry.template.body_font)
    )
    warnings: list[Problem] = []
    approximate: dict[str, None] = {}
    info = plan.talk.info
    for slide_plan, laid_out in zip(plan.slides, geometry.slides, strict=True):
        layout = find_layout(presentation, laid_out.layout)
        slide = presentation.slides.add_slide(layout)
        composer = SlideComposer(slide, layout, laid_out, theme_fonts)
        title = composer.text("title", [slide_plan.title], title_look(deck.style, slide_plan.kind))
        SLIDE_KINDS[slide_plan.kind](composer, slide_plan, deck)
        footer = composer.footer({"footer": info.event, "date": info.date}, slide_plan.number)
        composer.finish(footer)
        xml.set_slide_name(slide, slide_plan.key)
        _write_notes(
            slide,
            slide_plan.notes
            or (
                f"(No speaker notes yet: add them to the content. Planned time "
                f"{slide_plan.planned_seconds} s.)"
            ),
        )
        xml.notes_as_powerpoint_writes_them(slide, slide_plan.number)
        languages.mark_slide(
            slide, plan.talk, [*composer.reading_order, *footer], headings={id(title)}
        )
        xml.set_auto_advance(slide, slide_plan.planned_seconds * 1000 if auto_advance else None)
        warnings += _slide_warnings(plan, slide_plan, composer)
        approximate.update({m.family: None for m in composer.measured_with if not m.exact})
    for family in approximate:
        warnings.append(
            Problem(
                template_path,
                None,
                f"the template's font {family} is not installed here and has no metric twin, "
                "so fitting is approximate (measured with a deliberately wide stand-in)",
                "install the font (`fc-list` lists what is installed) and rebuild, or check long "
                "texts by eye",
                severity="warning",
            )
        )
    properties.set_core_properties(presentation, plan)
    finish_package(presentation, plan.talk.info.language)
    data, source = _with_thumbnail(presentation, plan, thumbnail_from)
    write_bytes(Path(out_path), data)
    return DeckResult(Path(out_path), warnings, len(plan.slides), auto_advance, source)


def finish_package(presentation: Presentation, language: str) -> None:
    """Put right what python-pptx and the template leave as other readers do not expect (see
    docs/deck.md): the notes master listed, PowerPoint's exact slide size, `language` (BCP 47)
    as the default language of every text style, no printer settings, view properties and
    table styles present, and docProps/app.xml counted from this deck. Call it once every slide
    is written."""
    size = xml.standardize_slide_size(presentation)
    xml.register_notes_master(presentation)
    xml.set_default_language(presentation, language)
    xml.drop_printer_settings(presentation)
    xml.ensure_presentation_parts(presentation)
    properties.set_app_properties(presentation, size)


def _with_thumbnail(
    presentation: Presentation, plan: Plan, source: thumbnail.ThumbnailSource
) -> tuple[bytes, thumbnail.ThumbnailSource]:
    """The deck's bytes with its preview picture, and what the picture shows."""
    info = plan.talk.info
    byline = " · ".join(part for part in (info.speaker, info.event) if part)
    thumbnail.set_thumbnail(presentation, thumbnail.title_card(presentation, info.title, byline))
    data = pptx_bytes(presentation)
    if source == "card":
        return data, "card"
    cache = cache_root()
    picture = thumbnail.first_slide(
        data,
        thumbnail.thumbnail_size(presentation),
        thumbnail.slide_one_digest(presentation),
        cache / "thumbnails" if cache is not None else None,
    )
    if picture is None:
        return data, "card"
    thumbnail.set_thumbnail(presentation, picture)
    return pptx_bytes(presentation), "slide"


def notes_paragraphs(text: str) -> list[str]:
    """Speaker notes as the paragraphs a notes pane shows: Markdown paragraphs, as everywhere
    notes are shown (`talkgen.content.markdown.plain_paragraphs`): a single line break is a
    space, a blank line starts a new paragraph, and so does a list item (`- `, `* `, `1. `)."""
    return plain_paragraphs(text)


def _write_notes(slide, text: str) -> None:
    frame = slide.notes_slide.notes_text_frame
    frame.text = "\n".join(notes_paragraphs(text))
    # Shrink on overflow (`a:normAutofit`): long notes stay on their printed notes page.
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for paragraph in frame.paragraphs:
        xml.set_flush_left(paragraph)


def _check_charts(plan: Plan, charts: Mapping[str, RenderedChart]) -> None:
    problems = []
    for s in plan.slides:
        if shows_chart(s) and s.chart not in charts:
            path, line = _source(plan, s)
            problems.append(
                Problem(
                    path,
                    line,
                    f"slide {s.number} ({s.title}) shows chart '{s.chart}', which was not "
                    "rendered",
                    "build the charts first (talkgen build renders them), or show one of the "
                    f"rendered charts: {', '.join(sorted(charts)) or 'none'}",
                )
            )
    if problems:
        raise ContentError(problems)


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
                f"{where}: the {overflow.role} does not fit its box "
                f'"{overflow.box}" ({overflow.size[0]:g} × {overflow.size[1]:g} in) even at '
                f"{overflow.floor:g} pt",
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
    return plan.talk.talk_file, line
