"""The language and direction of every paragraph of the deck, and the fonts for other scripts.

After a slide is composed, each paragraph of its text and of its speaker notes gets:
- `lang` on every run: the talk's language (`language:` in talk.yaml), or the quote's own
  (`language:` on a quote) for the paragraphs that show that quote;
- `rtl="1"` and right alignment when its first strong character is right to left (Hebrew,
  Arabic ...; UAX #9, rule P2), so full stops, brackets and bullets land where a reader of that
  script expects them; the attribution under a right-to-left quote is aligned with it;
- the theme's East Asian and complex-script fonts named on its runs (`+mn-ea`, `+mn-cs`).

A native table's cells (`chart_style: native`: the who-raised-what matrix) are marked as text.

The theme itself gets an East Asian and a complex-script font where the template leaves them
empty: fonts PowerPoint has on Windows and macOS, which Keynote and LibreOffice substitute
(LibreOffice through fontconfig, with the Noto fonts of docs/fonts.md).
"""

from __future__ import annotations

from pptx.presentation import Presentation
from pptx.shapes.base import BaseShape
from pptx.slide import Slide

from talkgen.content.attribution import unquoted
from talkgen.content.model import Talk
from talkgen.deck import xml
from talkgen.scripts import is_rtl

# The theme's East Asian font by the talk's language, and the per-script fonts Office's own
# themes list (what PowerPoint uses when a run's script needs them).
_EAST_ASIAN = {"ja": "Yu Gothic", "ko": "Malgun Gothic", "zh-Hant": "Microsoft JhengHei"}
DEFAULT_EAST_ASIAN = "Microsoft YaHei"
COMPLEX_SCRIPT = "Arial"
SCRIPT_FONTS = {
    "Jpan": "Yu Gothic",
    "Hang": "Malgun Gothic",
    "Hans": "Microsoft YaHei",
    "Hant": "Microsoft JhengHei",
    "Arab": "Arial",
    "Hebr": "Arial",
    "Thai": "Leelawadee UI",
    "Deva": "Nirmala UI",
    "Beng": "Nirmala UI",
    "Taml": "Nirmala UI",
}


def complete_theme(presentation: Presentation, language: str) -> None:
    """Name an East Asian and a complex-script font in the template's theme where it has none."""
    primary = language.split("-")[0]
    east_asian = _EAST_ASIAN.get(primary) or _EAST_ASIAN.get(language) or DEFAULT_EAST_ASIAN
    if language.startswith(("zh-Hant", "zh-TW", "zh-HK")):
        east_asian = _EAST_ASIAN["zh-Hant"]
    xml.complete_theme_fonts(presentation, east_asian, COMPLEX_SCRIPT, SCRIPT_FONTS)


def mark_slide(slide: Slide, talk: Talk, shapes: list[BaseShape], headings: set[int]) -> None:
    """Give the slide's text (the `shapes` in reading order; `headings` are the ids of title
    shapes) and its notes their language, direction and script fonts."""
    quote_languages = {
        " ".join(unquoted(q.text).split()): q.language for q in talk.quotes if q.language
    }
    follows_rtl_quote = False
    for shape in shapes:
        shape_rtl = False
        for paragraph in _paragraphs(shape):
            text = "".join(run.text for run in paragraph.runs)
            if not text.strip():
                continue
            language = quote_languages.get(" ".join(unquoted(text).split()), talk.info.language)
            xml.set_language(paragraph, language)
            xml.name_script_fonts(paragraph, heading=id(shape) in headings)
            if is_rtl(text, language):
                xml.set_right_to_left(paragraph)
                shape_rtl = shape_rtl or language != talk.info.language or _is_quote(text)
            elif follows_rtl_quote:
                xml.align_right(paragraph)  # the attribution line under it
        follows_rtl_quote = shape_rtl
    if slide.has_notes_slide:
        for paragraph in slide.notes_slide.notes_text_frame.paragraphs:
            text = "".join(run.text for run in paragraph.runs)
            xml.set_language(paragraph, talk.info.language)
            if is_rtl(text, talk.info.language):
                xml.set_right_to_left(paragraph)


def _paragraphs(shape: BaseShape) -> list:
    """The paragraphs of a shape's text: its text frame's, or every cell's of a (native)
    table, row by row; none for a picture or chart."""
    if shape.has_text_frame:
        return list(shape.text_frame.paragraphs)
    if getattr(shape, "has_table", False):
        return [
            p for row in shape.table.rows for cell in row.cells for p in cell.text_frame.paragraphs
        ]
    return []


def _is_quote(text: str) -> bool:
    return unquoted(text) != text
