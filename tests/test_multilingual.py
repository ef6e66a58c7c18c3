"""The multilingual test talk (tests/multilingual: emoji with skin tones, a ZWJ family and flags;
Chinese, Japanese, Korean; Arabic and Hebrew; Devanagari; Thai; Vietnamese; te reo Māori) builds,
and every character reaches the deck, its notes, the handout and the charts."""

from __future__ import annotations

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

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/Lang" in node:
                langs.add(str(node["/Lang"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)

    walk(root["/StructTreeRoot"])
    # Each featured quote's span carries its own language, without the talk's region.
    assert {"mi", "ja", "he", "hi"} <= langs


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
    for label in ("te reo Māori", "日本語", "中文", "한국어", "עברית", "العربية", "हिन्दी",
                  "ไทย", "Tiếng Việt", "Quotes"):  # fmt: skip
        assert label in text, label
    family = svg.find(".//{http://www.w3.org/2000/svg}text").get("style")
    assert "Noto Sans CJK SC" in family and "Noto Color Emoji" in family
