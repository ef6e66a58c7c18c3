"""The deck's document properties, as PowerPoint writes them, from the talk and the deck itself.

`docProps/core.xml` says who and what (title, speaker, event, language, keywords): Finder,
Explorer, SharePoint and screen readers show it. `docProps/app.xml` says what the file holds
(slides, notes, hidden slides, words, the slide format, fonts, themes, slide titles): python-pptx
keeps its template's stale copy ("0 slides, On-screen Show (4:3)"), so it is counted here from
the finished deck. The raw XML is written by `xml`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.presentation import Presentation

from talkgen import __version__
from talkgen.deck import xml
from talkgen.deck.fit import word_count
from talkgen.plan import Plan

APPLICATION = "talkgen"
# Characters python-pptx accepts in a core property (`CT_CoreProperties`' string setter).
CORE_PROPERTY_LIMIT = 255


def set_core_properties(presentation: Presentation, plan: Plan) -> None:
    """Title, author (the speaker), subject (the event), language and keywords (the themes'
    titles) from the talk, in docProps/core.xml; modified when its source files last changed
    (so an unchanged talk builds the same file), created as the template says or the same."""
    info = plan.talk.info
    core = presentation.core_properties
    core.title = _within_limit(info.title)
    core.subject = _within_limit(info.event)
    core.author = core.last_modified_by = _within_limit(info.speaker)
    core.language = info.language
    core.keywords = _within_limit("; ".join(theme.title for theme in plan.talk.themes), "; ")
    core.category = "Presentation"
    core.comments = "Built with talkgen from the content folder; edit the content and rebuild."
    core.revision = 1
    changed = _content_modified(plan.talk.source_files)
    if changed is not None:
        core.modified = changed
        if core.created is None or core.created > changed:
            core.created = changed


def _within_limit(text: str | None, separator: str = " ") -> str | None:
    """`text` cut to the 255 characters python-pptx allows in a core property: at the last
    `separator` that fits (whole words, or whole themes of the keywords), marked with "…"."""
    if text is None or len(text) <= CORE_PROPERTY_LIMIT:
        return text
    room = text[: CORE_PROPERTY_LIMIT - 1]
    cut = room.rfind(separator)
    return (room[:cut] if cut > 0 else room).rstrip(" ;,") + "…"


def _content_modified(files: list[Path]) -> dt.datetime | None:
    """The newest modification time (UTC, whole seconds) of the talk's source files."""
    times = [path.stat().st_mtime for path in files if path.is_file()]
    if not times:
        return None
    return dt.datetime.fromtimestamp(int(max(times)), dt.UTC).replace(tzinfo=None)


def set_app_properties(presentation: Presentation, slide_size: xml.SlideSize) -> None:
    """docProps/app.xml counted from the finished deck: call it last, after every slide and
    note is written."""
    slides = list(presentation.slides)
    texts: list[str] = []
    for slide in slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts += [p.text for p in shape.text_frame.paragraphs if p.text.strip()]
    properties = xml.AppProperties(
        slides=len(slides),
        notes=sum(1 for slide in slides if slide.has_notes_slide),
        hidden_slides=sum(1 for slide in slides if xml.is_hidden(slide)),
        words=word_count(texts),
        paragraphs=len(texts),
        presentation_format=slide_size.format,
        fonts=xml.fonts_used(presentation),
        themes=xml.theme_names(presentation),
        slide_titles=[_title(slide) for slide in slides],
        application=APPLICATION,
        app_version=_app_version(__version__),
    )
    xml.set_package_part(
        presentation,
        RT.EXTENDED_PROPERTIES,
        "/docProps/app.xml",
        CT.OFC_EXTENDED_PROPERTIES,
        xml.app_properties_xml(properties),
    )


def _title(slide) -> str:
    title = slide.shapes.title
    text = title.text_frame.text.strip() if title is not None else ""
    # A title split over lines is one title in PowerPoint's list.
    return " ".join(text.split()) or slide.name or "Untitled"


def _app_version(version: str) -> str:
    """The version as app.xml writes it: `MM.mmmm` (PowerPoint 16 writes 16.0000)."""
    parts = [int(p) for p in version.split(".")[:2] if p.isdigit()] + [0, 0]
    return f"{parts[0]:02d}.{parts[1]:04d}"
