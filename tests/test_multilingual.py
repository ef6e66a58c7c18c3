"""The multilingual test talk (tests/multilingual: emoji with skin tones, a ZWJ family and flags;
Chinese, Japanese, Korean; Arabic and Hebrew; Devanagari; Thai; Vietnamese; te reo Māori) builds,
and every character reaches the deck, its notes, the handout and the charts."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from defusedxml import ElementTree

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.fonts import is_ignorable

MULTILINGUAL = Path(__file__).parent / "multilingual"
pytestmark = pytest.mark.slow  # builds a deck, charts (Chrome) and a handout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("multilingual-out")
    result = CliRunner().invoke(cli, ["build", str(MULTILINGUAL), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _visible(text: str) -> set[str]:
    return {c for c in text if not (c.isspace() or is_ignorable(c))}


def _handout_text(out: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(out / "multilingual-handout.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_every_featured_quote_reaches_the_handout_with_the_same_code_points(built: Path) -> None:
    text = _handout_text(built)
    talk = load_talk(MULTILINGUAL)
    for quote in talk.featured_quotes:
        missing = _visible(quote.text) - set(text)
        assert not missing, (quote.id, [f"U+{ord(c):04X}" for c in missing])
    # Left-to-right quotes come back whole and in order.
    for quote_id in ("q-maori", "q-ja", "q-hi"):
        assert unicodedata.normalize("NFC", talk.quote(quote_id).text) in " ".join(text.split())


def test_the_handout_is_pdf_ua_with_the_language_of_each_quote(built: Path) -> None:
    reader = pypdf.PdfReader(built / "multilingual-handout.pdf")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-NZ"
    metadata = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in metadata
    langs: set[str] = set()
    alts: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/Lang" in node:
                langs.add(str(node["/Lang"]))
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)

    walk(root["/StructTreeRoot"])
    # Each featured quote's span carries its own language, without the talk's region.
    assert {"mi", "ja", "he", "hi"} <= langs
    # The charts' alt text keeps every script and emoji of their labels.
    alt = " ".join(alts)
    for label in ("中日韓", "עברית", "Emoji 🙌", "te reo Māori", "العربية", "ไทย", "✍🏽"):
        assert label in alt, label


def test_the_handout_embeds_the_fonts_of_the_chain(built: Path) -> None:
    fonts = subprocess.run(
        ["pdffonts", str(built / "multilingual-handout.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for family in ("Carlito", "NotoSansCJK", "NotoSansHebrew", "NotoSansDevanagari"):
        assert family in fonts, family


def test_chart_labels_keep_every_script(built: Path) -> None:
    svg = ElementTree.parse(built / "charts" / "scripts.svg").getroot()
    # A label wrapped onto two lines is two <tspan>s: join the pieces with a space.
    text = " ".join(t for e in svg.iter("{http://www.w3.org/2000/svg}text") for t in e.itertext())
    # Nine categories: the chart is on no slide, so no slide box cuts its rows.
    for label in ("te reo Māori", "日本語", "中文", "한국어", "עברית", "العربية", "हिन्दी",
                  "ไทย", "Tiếng Việt", "Quotes"):  # fmt: skip
        assert label in text, label
    family = svg.find(".//{http://www.w3.org/2000/svg}text").get("style")
    assert "Noto Sans CJK SC" in family and "Noto Color Emoji" in family


# ---- the deck ------------------------------------------------------------------------------

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _deck(out: Path):
    from pptx import Presentation

    return Presentation(str(out / "multilingual.pptx"))


def _paragraphs(shapes):
    for shape in shapes:
        if shape.has_text_frame:
            for paragraph in shape.text_frame.paragraphs:
                text = "".join(run.text for run in paragraph.runs)
                if text.strip():
                    yield paragraph, text


def test_every_character_of_the_slides_and_notes_is_in_the_deck(built: Path) -> None:
    deck = _deck(built)
    shown = "".join(text for slide in deck.slides for _, text in _paragraphs(slide.shapes))
    notes = "".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides)
    talk = load_talk(MULTILINGUAL)
    for theme in talk.themes:
        assert theme.title in shown
        for point in theme.points:
            assert point in shown, point
        assert " ".join(theme.notes.split()) in " ".join(notes.split()), theme.id
    for quote in talk.featured_quotes:
        assert quote.text in shown, quote.id
    assert talk.info.title in shown and talk.info.subtitle in " ".join(shown.split("\n"))
    assert deck.core_properties.title == "Kia ora 🙌 mentoring across scripts"


def test_right_to_left_paragraphs_are_marked_and_aligned_right(built: Path) -> None:
    deck = _deck(built)
    slide = next(s for s in deck.slides if s.shapes.title.text_frame.text == "קהילה ותמיכה")
    marked = {}
    for paragraph, text in _paragraphs(slide.shapes):
        properties = paragraph._p.find(f"{A}pPr")
        marked[text] = (
            None if properties is None else (properties.get("rtl"), properties.get("algn"))
        )
    assert marked["קהילה ותמיכה"] == ("1", "r")  # the title
    assert marked["תמיכה מעמיתים (בטוויטר)."] == ("1", "r")  # a bullet
    assert marked["الدعم من الزملاء؟"] == ("1", "r")  # Arabic
    assert marked["“מצאתי מנטורית בטוויטר (ובזכותה קיבלתי עבודה)!”"] == ("1", "r")  # the quote
    [attribution] = [text for text in marked if text.startswith("Participant 3")]
    assert marked[attribution] == (None, "r")  # follows the quote
    # Left-to-right text keeps its direction.
    for paragraph, text in _paragraphs(next(iter(deck.slides)).shapes):
        properties = paragraph._p.find(f"{A}pPr")
        assert properties is None or properties.get("rtl") != "1", text
    notes = slide.notes_slide.notes_text_frame.paragraphs[0]._p.find(f"{A}pPr")
    assert (notes.get("rtl"), notes.get("algn")) == ("1", "r")  # Hebrew notes


def test_every_run_has_the_talks_language_or_its_quotes(built: Path) -> None:
    deck = _deck(built)
    languages: dict[str, set[str]] = {}
    for slide in deck.slides:
        for shapes in (slide.shapes, slide.notes_slide.shapes):
            for paragraph, text in _paragraphs(shapes):
                for run in paragraph._p.findall(f"{A}r"):
                    lang = run.find(f"{A}rPr").get("lang")
                    assert lang, text
                    languages.setdefault(lang, set()).add(text)
    assert "Kia ora 🙌 mentoring across scripts" in languages["en-NZ"]
    assert "“Ka nui te mihi ki ōku hoa mā te Twitter, nā rātou au i āwhina. 🙌”" in languages["mi"]
    assert "“ツイッターで先輩に質問すると、いつもすぐに答えてくれました。”" in languages["ja"]
    assert {"he", "hi"} <= set(languages)


def test_the_theme_and_runs_name_east_asian_and_complex_script_fonts(built: Path) -> None:
    import zipfile

    with zipfile.ZipFile(built / "multilingual.pptx") as package:
        theme = ElementTree.fromstring(package.read("ppt/theme/theme1.xml"))
    for which in ("majorFont", "minorFont"):
        fonts = theme.find(f".//{A}{which}")
        assert fonts.find(f"{A}latin").get("typeface") == "Calibri"
        assert fonts.find(f"{A}ea").get("typeface") == "Microsoft YaHei"
        assert fonts.find(f"{A}cs").get("typeface") == "Arial"
        scripts = {f.get("script"): f.get("typeface") for f in fonts.findall(f"{A}font")}
        assert scripts["Jpan"] == "Yu Gothic" and scripts["Hebr"] == "Arial"
    deck = _deck(built)
    title = deck.slides[0].shapes.title.text_frame.paragraphs[0]._p.find(f"{A}r/{A}rPr")
    assert title.find(f"{A}ea").get("typeface") == "+mj-ea"
    assert title.find(f"{A}cs").get("typeface") == "+mj-cs"


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")
def test_libreoffice_draws_every_script_with_a_font_that_has_it(built: Path, tmp_path) -> None:
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(built / "multilingual.pptx")],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    pdf = tmp_path / "multilingual.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    # Hebrew and Arabic are drawn with the theme's complex-script font, Arial (Liberation Sans
    # here); the others with the Noto font fontconfig gives for their script.
    for family in ("Carlito", "NotoSansCJK", "LiberationSans", "NotoSansDevanagari",
                   "NotoSansThai", "NotoColorEmoji"):  # fmt: skip
        assert family in fonts, family
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for quote in load_talk(MULTILINGUAL).featured_quotes:
        assert not _visible(quote.text) - set(text), quote.id


def test_chart_pictures_in_the_deck_have_alt_text_in_every_script(built: Path) -> None:
    deck = _deck(built)
    alts = [
        shape._element.xpath(".//p:cNvPr")[0].get("descr") or ""
        for slide in deck.slides
        for shape in slide.shapes
        if shape.shape_type == 13  # a picture
    ]
    prevalence = next(alt for alt in alts if "raised by" in alt)
    for label in ("中日韓", "हिन्दी · ไทย · Việt", "עברית", "Emoji 🙌"):
        assert label in prevalence, label
