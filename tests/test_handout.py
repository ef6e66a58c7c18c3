"""The handout PDF, read back with pypdf and pdfplumber: words, structure, images, paper, bytes."""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from talkgen.charts.model import RenderedChart
from talkgen.content import load_talk
from talkgen.content.reporting import given_items
from talkgen.handout import build_handout, handout_document
from talkgen.handout.compile import typeset_handout
from talkgen.plan import plan_talk

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "content"

A4 = (595.3, 841.9)
LETTER = (612.0, 792.0)

SPECIAL = r"#set page(width: 1cm) $x^2$ *not bold* _not emph_ @ref <label> \ back = heading"
MACRONS = "Kia ora koutou: whānau, kōrero, Tāmaki Makaurau, ā ē ī ō ū Ā Ē Ī Ō Ū, café, Zürich."


# ---- reading PDFs --------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    """All the words of a PDF with runs of whitespace (line breaks) made one space."""
    reader = PdfReader(path)
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def squeezed(text: str) -> str:
    """Text without any whitespace: a line may break anywhere between words or after `/`."""
    return re.sub(r"\s+", "", text)


def structure(path: Path) -> list[tuple[str, object]]:
    """The tags of the PDF's structure tree in reading order, with each element's /Alt."""
    root = PdfReader(path).trailer["/Root"]
    found: list[tuple[str, object]] = []

    def walk(node) -> None:
        node = node.get_object()
        if not hasattr(node, "keys"):
            return
        if "/S" in node:
            found.append((str(node["/S"]), node.get("/Alt")))
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)

    walk(root["/StructTreeRoot"])
    return found


def raster_images(path: Path) -> int:
    """How many raster image XObjects the pages draw, looking inside form XObjects too."""
    count = 0
    seen: set[int] = set()

    def visit(resources) -> None:
        nonlocal count
        if resources is None:
            return
        xobjects = resources.get_object().get("/XObject")
        if xobjects is None:
            return
        for ref in xobjects.get_object().values():
            obj = ref.get_object()
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            if obj.get("/Subtype") == "/Image":
                count += 1
            elif obj.get("/Subtype") == "/Form":
                visit(obj.get("/Resources"))

    for page in PdfReader(path).pages:
        visit(page.get("/Resources"))
    return count


def page_sizes(path: Path) -> set[tuple[float, float]]:
    return {
        (round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1))
        for p in PdfReader(path).pages
    }


# ---- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def example_talk():
    return load_talk(EXAMPLE)


@pytest.fixture(scope="session")
def example_handout(example_talk, example_charts, tmp_path_factory) -> Path:
    """The example talk's handout built once, with the real charts."""
    out = tmp_path_factory.mktemp("handout") / "twitter-mentoring-handout.pdf"
    result = build_handout(plan_talk(example_talk), example_charts, out)
    assert result.path == out
    assert result.warnings == []
    return out


@pytest.fixture(scope="session")
def special_talk(tmp_path_factory):
    """The example with two more featured quotes (Typst's special characters; macrons) and a
    theme summary using Markdown emphasis."""
    folder = tmp_path_factory.mktemp("special") / "content"
    shutil.copytree(EXAMPLE, folder)
    with (folder / "quotes.yaml").open("a", encoding="utf-8") as quotes:
        quotes.write(
            "- id: q90\n  participant: P03\n  themes: [peer-mentoring]\n"
            f"  featured: true\n  text: '{SPECIAL}'\n"
            "- id: q91\n  participant: P05\n  themes: [peer-mentoring]\n"
            f"  featured: true\n  text: '{MACRONS}'\n"
        )
    theme = folder / "themes" / "04-peer-mentoring.md"
    text = theme.read_text(encoding="utf-8")
    theme.write_text(
        text.replace(
            "Mentoring is typically thought of as a hierarchical",
            "Mentoring is *typically* thought of as a **hierarchical**",
        ),
        encoding="utf-8",
    )
    return load_talk(folder)


@pytest.fixture(scope="session")
def special_handout(special_talk, example_charts, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("special-out") / "special-handout.pdf"
    build_handout(plan_talk(special_talk), example_charts, out)
    return out


# ---- what the reader finds ------------------------------------------------------------------


def test_every_theme_title_and_featured_quote_appears_verbatim(example_handout, example_talk):
    text = pdf_text(example_handout)
    for theme in example_talk.themes:
        assert theme.title in text
    assert len(example_talk.featured_quotes) >= 5
    for quote in example_talk.featured_quotes:
        assert " ".join(quote.text.split()) in text, quote.id
    participant = example_talk.participant(example_talk.featured_quotes[0].participant)
    # The example's participants.csv: id, country, channel, role; role differs for nearly all.
    attributes = participant.attributes
    expected = f"Participant {int(participant.id[1:])} · {attributes['country']} · "
    assert expected + attributes["channel"] in text


def test_title_block_summary_method_conclusions_and_references(example_handout, example_talk):
    text = pdf_text(example_handout)
    info = example_talk.info
    for words in (
        info.title,
        info.subtitle,
        info.speaker,
        "Summary",
        "Method",
        "Findings",
        "Conclusions",
        "Future research",
        "References",
        "Acknowledgements",
        "#TwitMentoring",
        "example.org/twitter-mentoring",
        "Thank you to the fourteen librarians",
    ):
        assert words in text, words
    assert squeezed(info.summary) in squeezed(text)
    assert squeezed(info.references[0].text) in squeezed(text)


def test_document_title_language_and_tags_are_set(example_handout, example_talk):
    reader = PdfReader(example_handout)
    root = reader.trailer["/Root"]
    assert reader.metadata.title == example_talk.info.title
    assert reader.metadata.author == example_talk.info.speaker
    assert root["/Lang"] == "en-NZ"
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_headings_come_in_order_under_the_title(example_handout, example_talk):
    headings = [
        tag
        for tag, _ in structure(example_handout)
        if tag == "/Title" or re.fullmatch(r"/H\d", tag)
    ]
    assert headings[0] == "/Title"
    levels = [int(tag[2:]) for tag in headings[1:]]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels
    # one H2 per theme, one for future research, one per reporting item in the appendix
    reporting = len(given_items(example_talk.info.method))
    assert reporting == 3
    assert levels.count(2) == len(example_talk.themes) + 1 + reporting


def test_every_image_has_alt_text_and_the_charts_are_there(example_handout, example_charts):
    figures = [alt for tag, alt in structure(example_handout) if tag == "/Figure"]
    assert len(figures) == 2  # who took part, and how often each theme came up
    assert all(alt and str(alt).strip() for alt in figures)
    assert str(figures[0]) == example_charts["participants"].alt
    assert str(figures[1]) == example_charts["prevalence"].alt
    text = pdf_text(example_handout)
    assert example_charts["prevalence"].caption in text


def test_charts_are_vector_graphics(example_handout):
    assert raster_images(example_handout) == 0


def test_chart_labels_are_printed_large_enough_to_read(example_handout):
    """The SVGs keep the full-width layout (not the deck's smaller boxes) and are scaled to the
    column: their 24 px text must still print near the body text's size."""
    with pdfplumber.open(example_handout) as pdf:
        words = [
            {**w, "page": n}
            for n, page in enumerate(pdf.pages)
            for w in page.extract_words(extra_attrs=["size"])
        ]
    sizes = [round(w["size"], 1) for w in words]
    body = max(set(sizes), key=sizes.count)
    # The prevalence chart's axis title, "Participants who raised it (of 14)": chart text only.
    [marker] = [w for w in words if w["text"] == "(of"]
    axis = [w for w in words if w["page"] == marker["page"] and abs(w["top"] - marker["top"]) < 1]
    assert " ".join(w["text"] for w in axis) == "Participants who raised it (of 14)"
    for word in axis:
        assert word["size"] >= max(9, 0.85 * body), (word["text"], word["size"], body)


def test_example_is_two_to_four_a4_pages(example_handout):
    assert 2 <= len(PdfReader(example_handout).pages) <= 4
    assert page_sizes(example_handout) == {A4}


def test_letter_paper_by_option(example_talk, example_charts, tmp_path):
    out = build_handout(
        plan_talk(example_talk), example_charts, tmp_path / "h.pdf", paper="letter"
    ).path
    assert page_sizes(out) == {LETTER}


def test_same_input_gives_the_same_bytes(example_handout, example_talk, example_charts, tmp_path):
    again = build_handout(plan_talk(example_talk), example_charts, tmp_path / "again.pdf").path
    assert again.read_bytes() == example_handout.read_bytes()


# ---- user text is data, never markup --------------------------------------------------------


def test_typst_special_characters_in_a_quote_print_literally(special_handout):
    assert squeezed(SPECIAL) in squeezed(pdf_text(special_handout))


def test_macrons_print_in_the_shipped_font(special_handout):
    assert MACRONS in pdf_text(special_handout)
    with pdfplumber.open(special_handout) as pdf:
        words = [
            w
            for page in pdf.pages
            for w in page.extract_words(extra_attrs=["fontname"])
            if w["text"].startswith(("whānau", "kōrero", "Tāmaki"))
        ]
    assert len(words) == 3
    assert all(w["fontname"].endswith("Carlito-Italic") for w in words), words


def test_markdown_emphasis_in_a_summary_renders_as_italic_and_bold(special_handout):
    with pdfplumber.open(special_handout) as pdf:
        fonts = {
            w["text"]: w["fontname"]
            for page in pdf.pages
            for w in page.extract_words(extra_attrs=["fontname"])
        }
    assert fonts["typically"].endswith("Carlito-Italic")
    assert fonts["hierarchical"].endswith("Carlito-Bold")
    assert "*typically*" not in pdf_text(special_handout)


# ---- charts that are missing or not for the handout -----------------------------------------


def test_a_chart_without_its_svg_is_left_out_with_a_warning(example_talk, example_charts, tmp_path):
    charts = dict(example_charts)
    gone = charts["prevalence"]
    charts["prevalence"] = RenderedChart(
        gone.id, gone.title, gone.alt, gone.caption, gone.png, tmp_path / "missing.svg", gone.html
    )
    result = build_handout(plan_talk(example_talk), charts, tmp_path / "h.pdf")
    assert [w.severity for w in result.warnings] == ["warning"]
    assert "prevalence" in result.warnings[0].message
    figures = [alt for tag, alt in structure(result.path) if tag == "/Figure"]
    assert figures == [example_charts["participants"].alt]


def test_a_chart_marked_not_for_the_handout_is_left_out(example_talk, example_charts, tmp_path):
    charts = dict(example_charts)
    chart = charts["participants"]
    charts["participants"] = RenderedChart(
        chart.id,
        chart.title,
        chart.alt,
        chart.caption,
        chart.png,
        chart.svg,
        chart.html,
        handout=False,
    )
    result = build_handout(plan_talk(example_talk), charts, tmp_path / "h.pdf")
    figures = [alt for tag, alt in structure(result.path) if tag == "/Figure"]
    assert figures == [example_charts["prevalence"].alt]


def test_a_slides_address_gets_a_link_and_a_qr_code_with_alt_text(example_charts, tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(EXAMPLE, folder)
    talk_file = folder / "talk.yaml"
    url = "https://example.org/talks/mentoring-slides"
    talk_file.write_text(
        talk_file.read_text(encoding="utf-8").replace(
            "speaker: Abigail Willemse\n", f"speaker: Abigail Willemse\nslides_url: {url}\n"
        ),
        encoding="utf-8",
    )
    out = build_handout(plan_talk(load_talk(folder)), example_charts, tmp_path / "h.pdf").path
    alts = [str(alt) for tag, alt in structure(out) if tag == "/Figure"]
    assert alts[0] == f"QR code linking to the slides: {url}"
    links = [
        annot.get_object()["/A"]["/URI"]
        for page in PdfReader(out).pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    ]
    assert url in links
    assert "Slides: example.org/talks/mentoring-slides" in pdf_text(out)
    assert raster_images(out) == 0  # the QR code is vector too


QUOTE_TEXT = st.text(
    alphabet=st.sampled_from(
        string.ascii_letters + string.digits + string.punctuation + " āēīōūĀĒĪŌŪéü—"
    ),
    min_size=1,
    max_size=80,
).filter(lambda text: text.strip())


@pytest.mark.slow
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(quote=QUOTE_TEXT)
def test_any_quote_text_prints_exactly_as_written(quote, example_talk, tmp_path):
    document = handout_document(plan_talk(example_talk), {})
    document.content["themes"][0]["quotes"][0]["text"] = quote
    out = tmp_path / "quote.pdf"
    typeset_handout(document, out)
    assert squeezed(quote) in squeezed(pdf_text(out))


def test_the_reporting_appendix_carries_what_the_example_gives(example_handout):
    text = pdf_text(example_handout)
    appendix = text[text.index("Appendix: how the study was done") :]
    assert "Sampling and participants" in appendix and "Data collection" in appendix
    assert "How the themes were derived" in appendix
    for left_out in ("Research team", "Who coded", "Saturation", "Ethics approval"):
        assert left_out not in appendix
    headings = [tag for tag, _ in structure(example_handout) if re.fullmatch(r"/H\d", tag)]
    assert headings[-4:] == ["/H1", "/H2", "/H2", "/H2"]


def test_no_share_is_written_as_a_percentage_in_a_small_study(example_handout):
    assert "%" not in pdf_text(example_handout)
    assert re.search(r"Raised by \d+ of 14 participants", pdf_text(example_handout))
