"""The handout as data: the JSON document the Typst template lays out, and the files it shows.

Everything the reader sees (titles, summaries, quotes, captions) travels as JSON strings and is
turned into content by the template, never spliced into Typst source. Images travel as files
staged beside the template under `assets/`; the document names them by path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import langcodes

from talkgen.charts.model import RenderedChart
from talkgen.charts.svg_text import pinned_svg
from talkgen.content.attribution import attribution_line, quoted, unquoted
from talkgen.content.markdown import markdown_blocks, markdown_inlines
from talkgen.content.model import Section, Talk, Theme
from talkgen.content.reporting import given_items
from talkgen.errors import Problem
from talkgen.fonts import FontFace, faces_for, fallback_chain, family_files, find_font
from talkgen.plan import Plan
from talkgen.scripts import direction, is_rtl, isolate, language_direction
from talkgen.style import Style, load_style

# The charts the issue asks for even when no slide shows them: who took part (method) and how
# often each theme came up (findings).
METHOD_CHART = "participants"
FINDINGS_CHART = "prevalence"

SCHEMA_VERSION = 1


@dataclass
class HandoutDocument:
    """What the template receives: the JSON-ready `content`, and the files to stage under
    `assets/` (name -> source file or bytes) that `content` refers to as `/assets/<name>`."""

    content: dict[str, Any]
    assets: dict[str, Path | bytes] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    # The font files Typst may use: every style of the families that draw the document's text
    # (the fallback chain of docs/fonts.md, cut to what the text needs).
    fonts: list[Path] = field(default_factory=list)
    # The words inside the chart images (their SVG text), which the fonts must draw too, and the
    # faces their runs name (talkgen.charts.svg_text).
    chart_texts: list[str] = field(default_factory=list)
    chart_faces: list[FontFace] = field(default_factory=list)


def handout_document(
    plan: Plan,
    charts: Mapping[str, RenderedChart],
    *,
    paper: str | None = None,
    slide_images: list[Path] | None = None,
    style: Style | None = None,
) -> HandoutDocument:
    """The handout of a planned talk as data for the template. Chart SVGs and slide pictures
    (one PNG per slide, in order) are only named here and staged by the typesetter."""
    talk = plan.talk
    info = talk.info
    style = style or load_style()
    document = HandoutDocument(content={})
    place = _chart_places(plan, charts)

    def chart_entries(where: str) -> list[dict[str, Any]]:
        return [
            entry
            for chart_id in place.get(where, [])
            if (entry := _chart(document, charts[chart_id])) is not None
        ]

    raised = talk.raised_by()
    document.content = {
        "schema": SCHEMA_VERSION,
        "paper": paper or info.handout.paper,
        **_language_parts(info.language),
        "style": {
            "text": style.colors.text,
            "muted": style.colors.muted,
            "accent": style.colors.accent,
            "light": style.colors.light,
            "background": style.colors.background,
            "font": style.fonts.handout,
            "palette": style.palette,
        },
        "title": info.title,
        "subtitle": info.subtitle,
        "speaker": info.speaker,
        "affiliation": info.affiliation,
        "event": info.event,
        "venue": info.venue if info.venue and info.venue != info.event else None,
        "date": info.date,
        "contact": _contact(talk),
        "slides_url": info.slides_url,
        "slides_url_text": _without_scheme(info.slides_url) if info.slides_url else None,
        "qr": _qr_code(document, info.slides_url),
        "summary": markdown_blocks(info.summary),
        "method": _section(info.method, "Method", chart_entries("method")),
        "findings": {
            "heading": "Findings",
            "charts": chart_entries("findings"),
            "more_charts": chart_entries("after-themes"),
            "participants": len(talk.participants),
            "scope": _scope(talk),
        },
        "themes": [
            _theme(talk, theme, index, raised, chart_entries(f"theme:{theme.id}"))
            for index, theme in enumerate(_themes_in_talk_order(plan))
        ],
        "conclusion": _section(info.conclusion, "Conclusions", chart_entries("conclusion")),
        "future": markdown_blocks(info.future),
        "references": [
            {"inlines": markdown_inlines(r.text), "url": r.url} for r in info.references
        ],
        "acknowledgements": markdown_blocks(info.acknowledgements),
        "reporting": [
            {
                "heading": item.heading,
                "guidelines": item.guidelines,
                "blocks": markdown_blocks(text),
            }
            for item, text in given_items(info.method)
        ],
        "slides": _slides(document, plan, slide_images),
    }
    _mark_directions(document.content, info.language)
    _choose_fonts(document, style, info.language)
    return document


def _scope(talk: Talk) -> str | None:
    """`This talk presents 4 of the study's 5 themes.` when it leaves some out, else None."""
    if talk.themes_in_study > len(talk.themes):
        shown, study = len(talk.themes), talk.themes_in_study
        return f"This talk presents {shown} of the study's {study} themes."
    return None


def _mark_directions(value: Any, language: str) -> None:
    """Give every Markdown block and theme whose direction differs from the talk's language
    (by its first strong character) a `dir`, so that a Hebrew paragraph in an English talk reads
    right to left and an English one in a Hebrew talk left to right."""
    talk_direction = language_direction(language)
    if isinstance(value, list):
        for item in value:
            _mark_directions(item, language)
        return
    if not isinstance(value, dict):
        return
    if value.get("kind") in ("paragraph", "heading", "list") or "raised_by" in value:
        own = direction(value.get("title") or _plain(value))
        if own is not None and own != talk_direction:
            value["dir"] = own
    for item in value.values():
        _mark_directions(item, language)


def _plain(value: Any) -> str:
    """The text of Markdown inlines, blocks or list items, in order."""
    if isinstance(value, dict):
        return (value.get("text") or "") + _plain(
            value.get("children") or value.get("inlines") or value.get("items") or []
        )
    if isinstance(value, list):
        return "".join(_plain(item) for item in value)
    return ""


def _choose_fonts(document: HandoutDocument, style: Style, language: str) -> None:
    """Name in `style.font` the families that draw the document's text, primary first, and list
    their files for the typesetter."""
    chain = fallback_chain(style.fonts.handout, language, style.fonts.fallback)
    quote_languages = {q["language"] for t in document.content["themes"] for q in t["quotes"]}
    for quote_language in sorted(filter(None, quote_languages)):  # e.g. a Japanese quote
        chain = (*chain, *fallback_chain(style.fonts.handout, quote_language, ()))
    faces = faces_for([*_texts(document.content), *document.chart_texts], chain)
    primary = find_font(style.fonts.handout)
    if primary is not None and primary not in faces:
        faces.insert(0, primary)
    faces += [face for face in document.chart_faces if face not in faces]
    document.content["style"]["font"] = [face.family for face in faces] or [style.fonts.handout]
    document.fonts = family_files(faces)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def _language_parts(tag: str | None) -> dict[str, str | None]:
    """`lang` and `region` as Typst takes them (ISO 639 and ISO 3166 codes) from a BCP 47 tag."""
    if not tag:
        return {"language": None, "region": None}
    parsed = langcodes.Language.get(tag)
    region = parsed.territory if parsed.territory and parsed.territory.isalpha() else None
    return {"language": parsed.language, "region": region.lower() if region else None}


def _themes_in_talk_order(plan: Plan) -> list[Theme]:
    """Themes in the order the talk reaches them, then any the talk leaves out."""
    ordered: list[Theme] = []
    for slide in plan.slides:
        if slide.theme is not None and slide.theme not in ordered and slide.kind == "theme":
            ordered.append(slide.theme)
    return ordered + [t for t in plan.talk.themes if t not in ordered]


def _chart_places(plan: Plan, charts: Mapping[str, RenderedChart]) -> dict[str, list[str]]:
    """Where each handout chart goes: `method`, `findings`, `theme:<id>`, `conclusion` or
    `after-themes`, following the slide that shows it; the built-in two go to method and
    findings even when no slide shows them."""
    talk = plan.talk
    places: dict[str, list[str]] = {}
    placed: set[str] = set()

    def put(where: str, chart_id: str | None) -> None:
        if chart_id and chart_id in charts and charts[chart_id].handout and chart_id not in placed:
            places.setdefault(where, []).append(chart_id)
            placed.add(chart_id)

    put("method", METHOD_CHART if METHOD_CHART in charts else None)
    section = "findings"
    for slide in plan.slides:
        if slide.kind == "method":
            put("method", slide.chart)
        elif slide.kind == "theme" and slide.theme is not None:
            section = f"theme:{slide.theme.id}"
        elif slide.kind == "conclusion":
            section = "conclusion"
        elif slide.kind == "overview":
            put("findings", slide.chart)
        elif slide.chart:
            put(section, slide.chart)
    put("findings", FINDINGS_CHART if FINDINGS_CHART in charts else None)
    for spec in talk.charts:  # declared for the handout but on no slide: after the themes
        put("after-themes", spec.id)
    return places


def _chart(document: HandoutDocument, chart: RenderedChart) -> dict[str, Any] | None:
    svg = Path(chart.svg)
    if not svg.is_file():
        document.warnings.append(
            Problem(
                svg,
                None,
                f"chart '{chart.id}' has no SVG file, so the handout leaves it out",
                "run `talkgen charts` again",
                severity="warning",
            )
        )
        return None
    pinned = pinned_svg(svg.read_bytes())
    if pinned.picture:
        # Text Typst cannot draw from an SVG (right-to-left lines, marks and vowel signs, colour
        # emoji: talkgen.charts.svg_text): the same layout as a PNG, drawn by Chrome.
        name = f"chart-{_safe_name(chart.id)}.png"
        document.assets[name] = Path(chart.page_png or chart.png)
    else:
        name = f"chart-{_safe_name(chart.id)}.svg"
        document.assets[name] = pinned.svg
        document.chart_texts += pinned.texts
        document.chart_faces += [f for f in pinned.faces if f not in document.chart_faces]
    return {
        "id": chart.id,
        "title": chart.title,
        "path": f"/assets/{name}",
        "alt": chart.alt.strip() or f"Chart: {chart.title}",
        "caption": chart.caption or None,
    }


def _section(section: Section, heading: str, charts: list[dict[str, Any]]) -> dict[str, Any]:
    blocks = markdown_blocks(section.text)
    if not blocks and section.points:
        blocks = [
            {
                "kind": "list",
                "ordered": False,
                "items": [markdown_inlines(p) for p in section.points],
            }
        ]
    return {"heading": heading, "title": section.title, "blocks": blocks, "charts": charts}


def _theme(
    talk: Talk, theme: Theme, index: int, raised: dict[str, set[str]], charts: list[dict[str, Any]]
) -> dict[str, Any]:
    # A featured quote linked to several themes is printed once, under its first theme.
    quotes = [q for q in talk.quotes_for(theme.id) if q.featured and q.themes[0] == theme.id]
    return {
        "id": theme.id,
        "title": theme.title,
        "color": theme.color,
        "index": index,
        "raised_by": len(raised.get(theme.id, ())),
        "blocks": markdown_blocks(theme.summary),
        "quotes": [
            {
                "text": " ".join(unquoted(q.text).split()),
                "attribution": attribution_line(talk, q.participant),
                # The quote's own language (lang, hyphenation, the PDF's /Lang on its span)
                # and direction (a Hebrew quote in an English talk reads right to left).
                **_language_parts(q.language),
                "dir": "rtl" if is_rtl(q.text, q.language or talk.info.language) else "ltr",
            }
            for q in quotes
        ],
        "charts": charts,
    }


def _contact(talk: Talk) -> list[dict[str, str | None]]:
    contact = talk.info.contact
    rows: list[dict[str, str | None]] = []
    if contact.email:
        rows.append({"label": "E-mail", "text": contact.email, "url": f"mailto:{contact.email}"})
    if contact.web:
        rows.append(
            {"label": "Web", "text": re.sub(r"^https?://", "", contact.web), "url": contact.web}
        )
    if contact.social:
        rows.append({"label": "Social", "text": contact.social, "url": None})
    if contact.phone:
        rows.append({"label": "Phone", "text": contact.phone, "url": None})
    return rows


def _qr_code(document: HandoutDocument, url: str | None) -> dict[str, str] | None:
    if not url:
        return None
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", border=0, xmldecl=False, svgns=True, nl=False
    )
    document.assets["slides-qr.svg"] = buffer.getvalue()
    return {"path": "/assets/slides-qr.svg", "alt": f"QR code linking to the slides: {url}"}


def _slides(
    document: HandoutDocument, plan: Plan, images: list[Path] | None
) -> list[dict[str, Any]] | None:
    if images is None:
        return None
    pages = []
    for index, image in enumerate(images):
        slide = plan.slides[index] if index < len(plan.slides) else None
        name = f"slide-{index + 1:03d}{image.suffix}"
        document.assets[name] = image
        title = slide.title if slide else f"Slide {index + 1}"
        alt = f"Slide {index + 1}: {isolate(title)}"
        if slide is not None and slide.points:
            alt += ". " + "; ".join(isolate(point) for point in slide.points)
        if slide is not None and slide.quote is not None:
            alt += f". Quote: {isolate(' '.join(quoted(slide.quote.text).split()))}"
        pages.append({"number": index + 1, "title": title, "path": f"/assets/{name}", "alt": alt})
    return pages


def _without_scheme(url: str) -> str:
    """A web address as people write it: `example.org/talk`, not `https://example.org/talk`."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text) or "chart"
