"""Font lookup: families and metric twins through fontconfig, the fallback chain, coverage.

These read the fonts `scripts/install` puts on the machine (fonts-noto-core, fonts-noto-cjk,
fonts-noto-color-emoji, fonts-crosextra-caladea, fonts-liberation2); a missing one fails here,
which is the point: the build needs them."""

from __future__ import annotations

import subprocess
import unicodedata

import pytest
from PIL import Image, ImageDraw, ImageFont

from talkgen.fonts import (
    DEFAULT_FALLBACK,
    faces_for,
    fallback_chain,
    find_font,
    font_for,
    is_ignorable,
    lookup,
    metric_twin,
    missing_characters,
    split_by_font,
)


def _fc_file(pattern: str) -> str:
    """What fontconfig itself answers for a pattern (an independent reader of the same data)."""
    return subprocess.run(
        ["fc-match", "--format", "%{file}", pattern], capture_output=True, text=True, check=True
    ).stdout


def test_calibri_is_measured_with_the_shipped_carlito() -> None:
    face = find_font("Calibri")
    assert face is not None and face.family == "Carlito" and face.shipped
    assert face.path.name == "Carlito-Regular.ttf"
    assert find_font("calibri", bold=True).path.name == "Carlito-Bold.ttf"
    assert find_font("Calibri", bold=True, italic=True).path.name == "Carlito-BoldItalic.ttf"


@pytest.mark.parametrize(
    ("family", "twin", "file_stem"),
    [
        ("Arial", "Liberation Sans", "LiberationSans-Regular"),
        ("Cambria", "Caladea", "Caladea-Regular"),
        ("Times New Roman", "Liberation Serif", "LiberationSerif-Regular"),
        ("Courier New", "Liberation Mono", "LiberationMono-Regular"),
    ],
)
def test_proprietary_families_map_to_their_metric_twins(
    family: str, twin: str, file_stem: str
) -> None:
    assert metric_twin(family) == twin
    face = find_font(family)
    assert face is not None and face.family == twin and face.path.stem == file_stem


def test_an_installed_family_is_found_where_fontconfig_finds_it() -> None:
    face = find_font("Noto Sans Hebrew")
    assert face is not None and str(face.path) == _fc_file("Noto Sans Hebrew")
    bold = find_font("Noto Sans Hebrew", bold=True)
    assert bold.bold and str(bold.path) == _fc_file("Noto Sans Hebrew:bold")


def test_a_face_inside_a_collection_has_its_index() -> None:
    japanese, korean = find_font("Noto Sans CJK JP"), find_font("Noto Sans CJK KR")
    assert japanese.path == korean.path and japanese.path.suffix == ".ttc"
    assert japanese.index != korean.index
    # The index opens that face: Pillow reads the family name from the file itself.
    assert ImageFont.truetype(str(korean.path), 20, index=korean.index).getname()[0] == (
        "Noto Sans CJK KR"
    )


def test_an_unknown_family_with_no_twin_is_none() -> None:
    assert find_font("No Such Family 4711") is None
    assert metric_twin("No Such Family 4711") == "No Such Family 4711"


def test_the_chain_starts_with_the_primary_and_skips_families_not_installed() -> None:
    chain = fallback_chain("Calibri", fallback=["No Such Family", "Noto Sans Thai"])
    assert [face.family for face in chain] == ["Carlito", "Noto Sans Thai"]
    default = [face.family for face in fallback_chain()]
    assert default[0] == "Carlito" and set(default[1:]) == set(DEFAULT_FALLBACK)


@pytest.mark.parametrize(
    ("language", "family"),
    [("ja", "Noto Sans CJK JP"), ("ko-KR", "Noto Sans CJK KR"), ("zh-Hant", "Noto Sans CJK TC"),
     ("zh", "Noto Sans CJK SC"), ("en", "Noto Sans CJK SC")],
)  # fmt: skip
def test_han_characters_are_drawn_with_the_face_for_the_language(
    language: str, family: str
) -> None:
    assert font_for("語", fallback_chain("Carlito", language)).family == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Kia ora, e hoa mā", "Carlito"),
        ("Tiếng Việt", "Carlito"),
        ("مرحبا", "Noto Sans Arabic"),
        ("שלום", "Noto Sans Hebrew"),
        ("नमस्ते", "Noto Sans Devanagari"),
        ("สวัสดี", "Noto Sans Thai"),
        ("한국어", "Noto Sans CJK SC"),
        ("🙌", "Noto Color Emoji"),
        ("👍🏽", "Noto Color Emoji"),  # with a skin tone
        ("👨\u200d👩\u200d👧", "Noto Color Emoji"),  # a ZWJ family
        ("🇳🇿", "Noto Color Emoji"),  # a flag
        ("❤\ufe0f", "Noto Color Emoji"),  # emoji presentation asked for
    ],
)
def test_each_script_gets_one_run_with_a_face_that_draws_it(text: str, family: str) -> None:
    chain = fallback_chain("Calibri")
    runs = split_by_font(text, chain)
    assert [(run, face.family) for run, face in runs] == [(text, family)]
    # Independent check of coverage: the face's file, opened by Pillow, draws every visible
    # character as something other than its .notdef box (what it draws for a private-use one).
    face = runs[0][1]
    size = 109 if face.family == "Noto Color Emoji" else 40  # the emoji font's only bitmap size
    font = ImageFont.truetype(str(face.path), size, index=face.index)
    notdef = _drawing(font, "\ue000")
    for char in text:
        if not (char.isspace() or is_ignorable(char) or unicodedata.category(char) == "Mn"):
            assert _drawing(font, char) != notdef, (char, face.family)


def _drawing(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    image = Image.new("RGBA", (160, 160), "white")
    ImageDraw.Draw(image).text((10, 10), char, font=font, fill="black", embedded_color=True)
    return image.tobytes()


def test_mixed_text_is_cut_where_the_face_changes_and_keeps_every_character() -> None:
    text = "Mentoring 🙌🏽 是 good — שלום!"
    runs = split_by_font(text, fallback_chain("Calibri"))
    assert "".join(run for run, _ in runs) == text
    assert [face.family for _, face in runs] == [
        "Carlito", "Noto Color Emoji", "Noto Sans CJK SC", "Carlito", "Noto Sans Hebrew",
        "Carlito",
    ]  # fmt: skip


def test_faces_for_lists_only_the_faces_a_text_needs_in_chain_order() -> None:
    chain = fallback_chain("Calibri")
    faces = faces_for(["שלום and 🙌", "hello"], chain)
    assert [face.family for face in faces] == ["Carlito", "Noto Sans Hebrew", "Noto Color Emoji"]


def test_missing_characters_are_those_no_font_draws() -> None:
    assert missing_characters("Kia ora 🙌 中文 \t\n\u200d\ufe0f") == []
    assert missing_characters("a\ue000b\ue000\U000f0000") == ["\ue000", "\U000f0000"]


def test_without_fontconfig_the_lookup_says_what_to_install(monkeypatch) -> None:
    monkeypatch.setattr(lookup.shutil, "which", lambda tool: None)
    with pytest.raises(lookup.FontconfigMissing, match="install fontconfig"):
        lookup._fontconfig("fc-list")


# ---- fitting measures each run with the font that draws it ---------------------------------


def test_fitting_measures_other_scripts_with_the_font_that_draws_them() -> None:
    from talkgen.deck.fit import Box, Paragraph, fit_text, font_measure

    measure = font_measure("Calibri")
    cjk = find_font("Noto Sans CJK SC")
    independent = ImageFont.truetype(str(cjk.path), 1000, index=cjk.index).getlength("指導は会話")
    # Five ideographs are five em wide in the CJK font (Pillow reading that file directly), not
    # five half-em missing-glyph boxes in Carlito.
    assert measure.width("指導は会話") == pytest.approx(independent / 1000, rel=0.05)
    assert (
        measure.width("指導は会話")
        > 2
        * ImageFont.truetype(str(find_font("Carlito").path), 1000).getlength("指導は会話")
        / 1000
    )
    # Mixed text is the sum of its runs, each in its own font.
    assert measure.width("Kia ora 中文") == pytest.approx(
        measure.width("Kia ora ") + measure.width("中文"), rel=0.01
    )
    assert measure.width("🙌") > 1.0  # an emoji is about 1.25 em, not a missing-glyph box
    # So a CJK paragraph that fits at 24 pt when measured as boxes does not fit really.
    text = "指導は会話から生まれる" * 6
    fit = fit_text([Paragraph(text)], Box(400, 60), measure, 24, 24)
    assert not fit.fits and fit.lines >= 4
