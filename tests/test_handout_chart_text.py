"""Chart labels in any script typeset in the PDF/UA-1 handout (talkgen.charts.svg_text): each
run of SVG text names the font that draws it, and a chart whose text Typst cannot draw from an
SVG (right-to-left, marks and vowel signs, colour emoji) goes in as Chrome's PNG of the same
layout. PDF/UA-1 export itself refuses any glyph a font lacks (a tofu box), so a handout that
builds has none; the pictures are looked at in the review."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import typst
from defusedxml import ElementTree

from talkgen.charts.svg_text import SVG_NS, figure_texts, pinned_svg, typst_draws
from talkgen.fonts import family_files, find_font

STACK = "Calibri, Carlito, 'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Devanagari', sans-serif"
# The reviewer's label, shortened as the prevalence chart shortens it: Arabic with lam-alef
# ligatures, then "…" (which Noto Sans Arabic lacks).
ARABIC = "المهني حتى عندما لا يسميها المشاركون…"
ARABIC_TITLE = (
    "العلاقات الداعمة على تويتر تشبه الإرشاد المهني حتى عندما لا يسميها المشاركون إرشادًا"
    " على الإطلاق"
)
DEVANAGARI_TITLE = (
    "अनौपचारिक मार्गदर्शन ट्विटर पर होता है, भले ही प्रतिभागी इसे कभी मार्गदर्शन नहीं कहते"
    " और इसके लिए कोई औपचारिक कार्यक्रम नहीं है"
)
THAI_TITLE = (
    "ทวิตเตอร์เป็นเครือข่ายการเรียนรู้ส่วนบุคคลที่ช่วยให้บรรณารักษ์รุ่นใหม่ได้รับคำแนะนำและกำลังใจจากเพื่อนร่วมวิชาชีพ"
)


def _svg(*labels: str) -> bytes:
    texts = "".join(
        f'<text x="400" y="{30 + 40 * n}" text-anchor="end" style="font-family: {STACK};'
        f' font-size: 24px"><tspan class="line" x="400">{label}</tspan></text>'
        for n, label in enumerate(labels)
    )
    return f'<svg xmlns="{SVG_NS}" width="500" height="200">{texts}</svg>'.encode()


def _typeset_pdf_ua(svg: bytes, fonts: list[Path], folder: Path) -> None:
    """Typeset `svg` alone as PDF/UA-1 with exactly `fonts`, as the handout does."""
    (folder / "fonts").mkdir(parents=True)
    for number, path in enumerate(fonts):
        (folder / "fonts" / f"{number:02d}-{path.name}").symlink_to(path)
    (folder / "chart.svg").write_bytes(svg)
    (folder / "doc.typ").write_text(
        '#set document(title: "t")\n#image("chart.svg", alt: "chart")\n', encoding="utf-8"
    )
    typst.compile(
        folder / "doc.typ",
        root=folder,
        font_paths=[folder / "fonts"],
        ignore_system_fonts=True,
        pdf_standards=["ua-1"],
    )


# ---- which text Typst draws from an SVG ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Informal mentoring",
        "Café",
        "Cafe\u0301",
        "推特作为个人学习网络",
        "한국어",
        "Ελληνικά",
        "ความ",
        "12 of 14",
        "©",
    ],  # fmt: skip
)
def test_typst_draws_simple_clusters_left_to_right(text: str) -> None:
    assert typst_draws(text)


@pytest.mark.parametrize(
    "text",
    [
        ARABIC,
        "קהילה ותמיכה",
        "שָׁלוֹם",
        "मार्गदर्शन",
        "ที่",
        "กำ",
        "Emoji 🙌",
        "❤️",
        "🇳🇿",
        "👩🏽‍💻",
    ],  # fmt: skip
)
def test_typst_does_not_draw_right_to_left_marks_or_colour_emoji(text: str) -> None:
    assert not typst_draws(text)


def test_figure_texts_walk_every_string_of_a_figure() -> None:
    figure = {"data": [{"y": ["a", "b"], "text": ["12 of 14"]}], "layout": {"title": {"text": "t"}}}
    assert set(figure_texts(figure)) == {"a", "b", "12 of 14", "t"}


# ---- font runs named on the SVG text --------------------------------------------------------


def test_each_run_names_the_family_that_draws_it() -> None:
    pinned = pinned_svg(_svg(f"{ARABIC}: 12 of 14"))
    root = ElementTree.fromstring(pinned.svg)
    spans = [
        (span.get("style"), span.text)
        for span in root.iter(f"{{{SVG_NS}}}tspan")
        if span.get("style")
    ]
    assert spans == [
        ("font-family: 'Noto Sans Arabic'", ARABIC[:-1]),
        ("font-family: 'Carlito'", "…: 12 of 14"),
    ]
    # The line's own position stays on its <tspan class="line">, the words in order.
    line = root.find(f".//{{{SVG_NS}}}tspan[@class='line']")
    assert line.get("x") == "400" and "".join(line.itertext()) == f"{ARABIC}: 12 of 14"
    assert {face.family for face in pinned.faces} == {"Noto Sans Arabic", "Carlito"}
    assert pinned.texts == [f"{ARABIC}: 12 of 14"] and pinned.picture


def test_text_of_the_first_font_alone_is_left_as_it_was() -> None:
    svg = _svg("Informal mentoring", "12 of 14")
    pinned = pinned_svg(svg)
    assert pinned.svg == svg and not pinned.picture
    assert [face.family for face in pinned.faces] == ["Carlito"]


def test_an_svg_that_does_not_parse_is_passed_on_unchanged() -> None:
    pinned = pinned_svg(b"<svg")
    assert pinned.svg == b"<svg" and pinned.texts == [] and not pinned.picture


def test_pinned_runs_typeset_as_pdf_ua_where_the_font_list_alone_fails(tmp_path: Path) -> None:
    # The cause of the reviewer's failure: usvg's own fallback keeps Carlito's empty boxes for
    # Arabic (its ligatures give fewer glyphs) when the label also holds "…".
    fonts = family_files(
        [find_font("Carlito"), find_font("Noto Sans"), find_font("Noto Sans Arabic")]
    )
    svg = _svg(ARABIC, "Informal mentoring")
    with pytest.raises(typst.TypstError, match="could not be displayed"):
        _typeset_pdf_ua(svg, fonts, tmp_path / "as-exported")
    _typeset_pdf_ua(pinned_svg(svg).svg, fonts, tmp_path / "pinned")


# ---- a whole handout with long theme titles in three complex scripts ------------------------


@pytest.fixture(scope="module")
def scripts_talk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example talk with three themes titled (no `short:`) in Arabic, Devanagari and Thai,
    built from the command line."""
    import shutil

    folder = tmp_path_factory.mktemp("scripts") / "content"
    shutil.copytree(Path(__file__).parents[1] / "content", folder)
    for name, title in (
        ("01-informal-mentoring.md", DEVANAGARI_TITLE),
        ("02-personal-learning-network.md", THAI_TITLE),
        ("03-supportive-relationships.md", ARABIC_TITLE),
    ):
        path = folder / "themes" / name
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.MULTILINE)
        text = re.sub(r"^short: .*\n", "", text, count=1, flags=re.MULTILINE)
        path.write_text(text, encoding="utf-8")
    out = folder.parent / "out"
    result = subprocess.run(
        [sys.executable, "-m", "talkgen", "build", str(folder), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.slow
def test_long_complex_script_titles_build_a_handout_with_their_text(scripts_talk: Path) -> None:
    [pdf] = scripts_talk.glob("*-handout.pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    joined = " ".join(unicodedata.normalize("NFC", text).split())
    assert DEVANAGARI_TITLE in joined
    for title in (ARABIC_TITLE, THAI_TITLE):  # pdftotext reorders these; every letter is there
        assert set(title.replace(" ", "")) <= set(text), title


@pytest.mark.slow
def test_charts_with_such_labels_go_into_the_handout_as_pictures(scripts_talk: Path) -> None:
    charts = scripts_talk / "charts"
    # The charts that show theme titles get a PNG of the handout's layout; the participants
    # chart (Latin only) does not, and stays vector graphics with real text.
    assert {p.name for p in charts.glob("*-page.png")} == {
        "prevalence-page.png",
        "matrix-page.png",
        "cooccurrence-page.png",
    }
    [pdf] = scripts_talk.glob("*-handout.pdf")
    images = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    svg_width = int(
        ElementTree.parse(charts / "prevalence.svg").getroot().get("width").removesuffix("px")
    )
    pictures = [line.split() for line in images.splitlines()[2:] if "smask" not in line]
    # The handout shows prevalence (a picture at 2x) and participants (SVG, no raster image).
    assert [int(row[3]) for row in pictures] == [2 * svg_width], images
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Carlito" in fonts and "NotoSansDevanagari" in fonts  # the theme headings
