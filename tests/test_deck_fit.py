"""Text that fits: measured with the shipped metric fonts, shrunk within the floors, and a warning
with the words to cut when even the floor is too big. Checked against LibreOffice's layout."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from deck_reading import open_deck, run_sizes, shape_text, soffice_pdf
from PIL import ImageFont

from talkgen.content import load_talk
from talkgen.deck import build_deck
from talkgen.deck.fit import Box, Paragraph, count_lines, fit_text, font_measure, text_height
from talkgen.plan import plan_talk
from talkgen.style import font_file

Q07 = "Twitter gave me people who believed I could do things before I believed it myself."
STORY = (
    "Twitter gave me people who believed I could do things before I believed it myself, and "
    "when I doubted whether to apply for the job or give the talk they kept nudging me until "
    "I did it."
)
LONG_QUOTE = f"{STORY} {STORY}"  # 74 words: too many for 36 pt, fine at 24
VERY_LONG_QUOTE = f"{LONG_QUOTE} {LONG_QUOTE}"  # too many even at 24 pt


def test_calibri_is_measured_with_carlito_and_unknown_fonts_with_liberation_sans() -> None:
    calibri = font_measure("Calibri")
    assert calibri.path.name == "Carlito-Regular.ttf" and calibri.exact
    assert calibri.line_height == pytest.approx(1.22, abs=0.01)  # Calibri's single spacing
    other = font_measure("Segoe UI")
    assert other.path.name == "LiberationSans-Regular.ttf" and not other.exact
    text = "Informal mentoring happens on Twitter"
    assert other.width(text) > calibri.width(text)  # the stand-in errs on the wide side


def test_widths_agree_with_freetype_at_slide_sizes() -> None:
    calibri = font_measure("Calibri")
    font = ImageFont.truetype(str(font_file("Carlito")), 24)
    text = "Advice and encouragement from people further along"
    measured_pt = font.getlength(text)  # at 24 px per em: points when 1 px = 1 pt
    assert measured_pt <= calibri.width(text) * 24 <= measured_pt * 1.05


def test_lines_wrap_by_word() -> None:
    font = font_measure("Calibri")
    text = "one two three four five six seven eight"
    width = font.width(text) * 24
    assert count_lines(text, width * 1.01, 24, font) == 1
    assert count_lines(text, width * 0.6, 24, font) == 2
    assert count_lines(text, width * 0.3, 24, font) >= 4
    assert count_lines("x" * 200, 100, 24, font) > 1  # one long word breaks across lines


def test_text_that_fits_keeps_its_size_and_text_that_does_not_shrinks() -> None:
    font = font_measure("Calibri")
    paragraphs = [Paragraph(Q07)]
    roomy = fit_text(paragraphs, Box(700, 300), font, 36, 24)
    assert roomy.fits and roomy.size == 36
    tight = fit_text(paragraphs, Box(400, 110), font, 36, 24)
    assert tight.fits and 24 <= tight.size < 36
    height, _ = text_height(paragraphs, 400, tight.size, font)
    assert height <= 110
    bigger, _ = text_height(paragraphs, 400, tight.size + 1, font)
    assert bigger > 110  # the largest size that fits, not merely one that does


def test_below_the_floor_it_counts_the_words_to_cut() -> None:
    font = font_measure("Calibri")
    box = Box(400, 150)
    fit = fit_text([Paragraph(VERY_LONG_QUOTE)], box, font, 36, 24)
    assert not fit.fits and fit.size == 24 and fit.words_to_cut > 0
    words = VERY_LONG_QUOTE.split()
    kept = " ".join(words[: len(words) - fit.words_to_cut])
    one_more = " ".join(words[: len(words) - fit.words_to_cut + 1])
    assert text_height([Paragraph(kept)], box.width, 24, font)[0] <= box.height
    assert text_height([Paragraph(one_more)], box.width, 24, font)[0] > box.height


def _with_quote(folder: Path, text: str) -> Path:
    quotes = folder / "quotes.yaml"
    content = quotes.read_text(encoding="utf-8")
    assert Q07 in content
    quotes.write_text(content.replace(Q07, text), encoding="utf-8")
    return folder


def _quote_shape(slide):
    return next(s for s in slide.shapes if shape_text(s).startswith("“"))


def test_a_long_quote_shrinks_within_the_floor_and_stays_in_its_box(
    example_copy, example_charts, tmp_path
) -> None:
    plan = plan_talk(load_talk(_with_quote(example_copy, LONG_QUOTE)))
    result = build_deck(plan, example_charts, tmp_path / "deck.pptx")
    assert [w.format() for w in result.warnings if "does not fit" in w.message] == []
    deck = open_deck(result.path)
    number = next(s.number for s in plan.slides if s.kind == "quote")
    quote = _quote_shape(deck.slides[number - 1])
    size = run_sizes(quote)[0]
    assert 24 <= size < 36
    # LibreOffice lays the slide out: the quote's words must lie inside the quote's box.
    pdf = soffice_pdf(result.path, tmp_path)
    with pdfplumber.open(pdf) as document:
        page = document.pages[number - 1]
        scale = page.width / deck.slide_width  # PDF points per EMU
        # (the big quotation mark drawn by the layout is decoration, not the quote)
        words = [
            w
            for w in page.extract_words()
            if w["text"].strip("“”") and w["text"].strip("“”") in LONG_QUOTE
        ]
        top, bottom = quote.top * scale, (quote.top + quote.height) * scale
        left, right = quote.left * scale, (quote.left + quote.width) * scale
        last = [w for w in words if w["text"].startswith("it.")]
        assert last, "the end of the quote is not on the slide"
        for word in words:
            assert top - 1 <= word["top"] and word["bottom"] <= bottom + 1, word
            assert left - 1 <= word["x0"] and word["x1"] <= right + 1, word


def test_a_quote_too_long_even_at_the_floor_gives_a_warning(
    example_copy, example_charts, tmp_path
) -> None:
    plan = plan_talk(load_talk(_with_quote(example_copy, VERY_LONG_QUOTE)))
    result = build_deck(plan, example_charts, tmp_path / "deck.pptx")
    number = next(s.number for s in plan.slides if s.kind == "quote")
    [warning] = [w for w in result.warnings if "does not fit" in w.message]
    text = warning.format()
    assert f"slide {number} (" in text and "the quote does not fit its box" in text
    assert '"Quote" (9.9 × 4.5 in) even at 24 pt' in text  # the box that overflows, named
    assert warning.path.name == "quotes.yaml" and warning.severity == "warning"
    lines = (example_copy / "quotes.yaml").read_text(encoding="utf-8").splitlines()
    assert "q07" in lines[warning.line - 1]
    assert "cut about" in text and "word(s)" in text
    deck = open_deck(result.path)
    assert run_sizes(_quote_shape(deck.slides[number - 1])) == [24.0]


def test_too_many_words_for_the_slide_or_its_time_are_warnings(
    example_copy, example_charts, tmp_path
) -> None:
    talk_file = example_copy / "talk.yaml"
    text = talk_file.read_text(encoding="utf-8")
    points = "".join(
        f"      - Point number {i} says a little more than it should\n" for i in range(1, 6)
    )
    text = text.replace(
        "  - kind: conclusion\n", "  - kind: conclusion\n    seconds: 10\n    points:\n" + points
    )
    talk_file.write_text(text, encoding="utf-8")
    plan = plan_talk(load_talk(example_copy))
    result = build_deck(plan, example_charts, tmp_path / "deck.pptx")
    number = next(s.number for s in plan.slides if s.kind == "conclusion")
    messages = [w.format() for w in result.warnings if f"slide {number} (" in w.message]
    title = plan.slides[number - 1].title
    words = len(title.split()) + 5 * 10
    assert any(
        f"shows {words} words; a lightning-talk slide holds about 40" in m for m in messages
    ), messages
    assert any("is up for only 10 s" in m for m in messages), messages
