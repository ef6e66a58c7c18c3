"""The example talk's deck, built once with the real charts and read back with python-pptx, the raw
XML and LibreOffice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest
from deck_reading import (
    IMAGE_NAME,
    NS,
    alt_text,
    open_deck,
    pictures,
    run_sizes,
    shape_text,
    slide_xml,
    soffice_pdf,
)
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu

from talkgen.charts import render_charts
from talkgen.content import load_talk
from talkgen.deck import build_deck
from talkgen.geometry import lay_out
from talkgen.plan import plan_talk

EXAMPLE = Path(__file__).resolve().parents[1] / "content"
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


@pytest.fixture(scope="session")
def example_plan():
    """The example talk's plan."""
    return plan_talk(load_talk(EXAMPLE))


@pytest.fixture(scope="session")
def example_deck(example_plan, example_charts, tmp_path_factory) -> tuple[Path, list]:
    """The example deck (advancing on click) and its warnings."""
    out = tmp_path_factory.mktemp("deck") / "twitter-mentoring.pptx"
    result = build_deck(example_plan, example_charts, out)
    assert result.path == out
    return out, result.warnings


@pytest.fixture(scope="session")
def timed_deck(example_plan, example_charts, tmp_path_factory) -> Path:
    """The example deck with --auto-advance."""
    out = tmp_path_factory.mktemp("timed") / "deck.pptx"
    return build_deck(example_plan, example_charts, out, auto_advance=True).path


def _title_shape(slide):
    return next(s for s in slide.placeholders if s.placeholder_format.type in TITLE_TYPES)


def test_slides_follow_the_plan_one_for_one(example_deck, example_plan) -> None:
    deck = open_deck(example_deck[0])
    assert len(deck.slides) == len(example_plan.slides) == 12
    titles = [shape_text(_title_shape(s)) for s in deck.slides]
    assert titles == [s.title for s in example_plan.slides]
    assert len({t.casefold() for t in titles}) == len(titles), "titles must be unique"
    names = [s._element.find("p:cSld", NS).get("name") for s in deck.slides]
    assert names == [s.key for s in example_plan.slides]


def test_deck_is_16_by_9(example_deck) -> None:
    deck = open_deck(example_deck[0])
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01


def test_every_slide_has_the_speaker_notes_of_its_plan(example_deck, example_plan) -> None:
    deck = open_deck(example_deck[0])
    for slide, planned in zip(deck.slides, example_plan.slides, strict=True):
        assert slide.has_notes_slide
        notes = slide.notes_slide.notes_text_frame.text
        assert planned.notes and notes.split() == planned.notes.split(), planned.title


def test_every_picture_has_the_charts_alt_text_never_a_file_name(
    example_deck, example_plan, example_charts
) -> None:
    deck = open_deck(example_deck[0])
    seen = 0
    for slide, planned in zip(deck.slides, example_plan.slides, strict=True):
        for picture in pictures(slide):
            alt = alt_text(picture)
            assert alt and not IMAGE_NAME.search(alt), (planned.title, alt)
            assert alt == example_charts[planned.chart].alt
            seen += 1
    assert seen == 2  # the method and overview charts


def _shown_at(picture) -> tuple[float, float]:
    """How much larger than laid out a picture shows: its width and height on the slide in CSS
    pixels (9525 EMU each, 96 per inch) over its PNG's pixels / 2 (charts are exported at 2x).
    1.0 means the chart's 24 px text is 18 pt on the slide."""
    width_px, height_px = picture.image.size
    return picture.width / 9525 / (width_px / 2), picture.height / 9525 / (height_px / 2)


def test_every_chart_fills_its_box_with_its_text_at_18_pt(
    example_deck, example_plan, example_charts
) -> None:
    deck = open_deck(example_deck[0])
    boxes = lay_out(example_plan).chart_boxes()
    assert boxes == {"participants": [(7.433, 4.75)], "prevalence": [(12.333, 4.5)]}
    shown = 0
    for slide, planned in zip(deck.slides, example_plan.slides, strict=True):
        for picture in pictures(slide):
            assert picture.image.blob == example_charts[planned.chart].png.read_bytes()
            for scale in _shown_at(picture):
                assert abs(scale - 1) < 0.01, (planned.title, scale)
            # It fills the layout's picture box: nothing cropped, no bands left empty.
            [box] = [p for p in slide.slide_layout.placeholders if p.name == "Picture"]
            assert abs(picture.width - box.width) < Emu(914400 // 96)
            assert abs(picture.height - box.height) < Emu(914400 // 96)
            shown += 1
    assert shown == 2


def test_a_chart_shown_in_two_sizes_of_box_is_laid_out_for_each(
    example_copy, example_charts, tmp_path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(example_charts.folder.parent, out)
    talk_file = example_copy / "talk.yaml"
    text = talk_file.read_text(encoding="utf-8")
    extra = "  - kind: chart\n    chart: participants\n    notes: Who answered, and how.\n"
    talk_file.write_text(
        text.replace("  - kind: conclusion\n", extra + "  - kind: conclusion\n"),
        encoding="utf-8",
    )
    plan = plan_talk(load_talk(example_copy))
    boxes = lay_out(plan).chart_boxes()
    assert boxes["participants"] == [(7.433, 4.75), (12.333, 4.5)]
    charts = render_charts(plan.talk, out, boxes=boxes)
    assert charts.images_rendered == 1, "only the new size of PNG is made"
    deck = open_deck(build_deck(plan, charts, tmp_path / "d.pptx").path)
    files = []
    for slide, planned in zip(deck.slides, plan.slides, strict=True):
        for picture in pictures(slide):
            assert [abs(scale - 1) < 0.01 for scale in _shown_at(picture)] == [True, True]
            if planned.chart == "participants":
                files.append(picture.image.blob)
    assert files == [
        (out / "charts" / "participants.png").read_bytes(),
        (out / "charts" / "participants-1184x432.png").read_bytes(),
    ]


def test_no_placeholder_is_left_empty(example_deck) -> None:
    deck = open_deck(example_deck[0])
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.placeholders:
            assert shape_text(shape).strip(), f"slide {number}: empty {shape.name}"
        for shape in slide.shapes:
            assert "Click to" not in shape_text(shape)


def test_footer_names_the_event_and_slides_are_numbered(example_deck, example_plan) -> None:
    event = example_plan.talk.info.event
    for number in range(2, len(example_plan.slides) + 1):
        root = slide_xml(example_deck[0], number)
        footers = root.xpath(".//p:sp[.//p:ph[@type='ftr']]", namespaces=NS)
        assert ["".join(f.itertext()) for f in footers] == [event]
        [field] = root.xpath(".//p:sp[.//p:ph[@type='sldNum']]//a:fld", namespaces=NS)
        assert field.get("type") == "slidenum"
        assert "".join(field.itertext()) == str(number)


# The smallest size each placeholder of our template may show in the example (by idx): body and
# subtitle 20 pt, byline 20, caption and attribution 18, quotes 24 to 40.
FLOORS = {1: (20, 40), 13: (20, 40), 15: (18, 24), 16: (24, 40), 17: (18, 24)}


def test_type_sizes_respect_the_floors(example_deck, example_plan) -> None:
    deck = open_deck(example_deck[0])
    checked = set()
    for slide, planned in zip(deck.slides, example_plan.slides, strict=True):
        assert min(run_sizes(_title_shape(slide))) >= 36, planned.title
        for shape in slide.placeholders:
            idx = shape.placeholder_format.idx
            if idx in FLOORS:
                low, high = FLOORS[idx]
                sizes = run_sizes(shape)
                assert sizes and low <= min(sizes) <= max(sizes) <= high, (planned.title, idx)
                checked.add(idx)
    assert checked == set(FLOORS)


def test_quotes_carry_their_attribution(example_deck, example_plan) -> None:
    deck = open_deck(example_deck[0])
    talk = example_plan.talk
    for slide, planned in zip(deck.slides, example_plan.slides, strict=True):
        if planned.quote is None:
            continue
        texts = [shape_text(s) for s in slide.shapes]
        assert f"“{planned.quote.text}”" in texts
        participant = talk.participant(planned.quote.participant)
        attributes = participant.attributes
        attribution = (
            f"Participant {int(participant.id[1:])} · {attributes['country']} · "
            f"{attributes['channel']}"
        )
        assert attribution in texts


def test_reading_order_puts_the_title_first_and_the_footer_last(example_deck) -> None:
    deck = open_deck(example_deck[0])
    for number, slide in enumerate(deck.slides, 1):
        shapes = list(slide.shapes)
        assert shapes[0].is_placeholder and shapes[0].placeholder_format.type in TITLE_TYPES
        if number > 1:
            kinds = [s.placeholder_format.type for s in shapes[-2:] if s.is_placeholder]
            assert kinds == [PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER]
            shapes = shapes[:-2]
        content = shapes[1:]  # between the title and the footer: top to bottom, left to right
        assert content == sorted(content, key=lambda s: (s.top, s.left)), number


def test_without_the_flag_slides_advance_on_click(example_deck, example_plan) -> None:
    for number in range(1, len(example_plan.slides) + 1):
        assert slide_xml(example_deck[0], number).find("p:transition", NS) is None


def test_auto_advance_writes_the_plan_in_schema_order(timed_deck, example_plan) -> None:
    order = ["cSld", "clrMapOvr", "transition", "timing", "extLst"]
    for planned in example_plan.slides:
        root = slide_xml(timed_deck, planned.number)
        transition = root.find("p:transition", NS)
        assert int(transition.get("advTm")) == planned.planned_seconds * 1000
        tags = [child.tag.split("}")[1] for child in root]
        assert tags == sorted(tags, key=order.index), tags


def test_same_input_gives_the_same_file(
    example_plan, example_charts, example_deck, tmp_path
) -> None:
    again = build_deck(example_plan, example_charts, tmp_path / "again.pptx").path
    assert again.read_bytes() == example_deck[0].read_bytes()


def test_the_example_deck_fits_without_warnings(example_deck) -> None:
    assert [w.format() for w in example_deck[1]] == []


def test_libreoffice_renders_one_page_per_slide_with_the_titles(
    example_deck, example_plan, tmp_path
) -> None:
    pdf = soffice_pdf(example_deck[0], tmp_path)
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == len(example_plan.slides)
    for page, planned in zip(reader.pages, example_plan.slides, strict=True):
        text = " ".join(page.extract_text().split())
        if planned.kind != "quote":  # a quote slide keeps its title above the slide
            assert planned.title in text, planned.title
        assert page.mediabox.width / page.mediabox.height == pytest.approx(16 / 9, rel=0.01)


def test_a_contact_slide_gets_a_qr_code_for_the_slides_url(
    example_plan, example_charts, tmp_path
) -> None:
    talk = example_plan.talk
    url = "https://example.org/twitter-mentoring/slides"
    info = talk.info.model_copy(update={"slides_url": url})
    plan = plan_talk(talk.model_copy(update={"info": info}))
    deck = open_deck(build_deck(plan, example_charts, tmp_path / "qr.pptx").path)
    contact = deck.slides[len(plan.slides) - 1]
    [qr] = pictures(contact)
    assert url in alt_text(qr)
    assert qr.width == qr.height and qr.width >= Emu(914400 * 2)  # square, at least 2 in
    texts = "\n".join(shape_text(s) for s in contact.shapes)
    assert "example.org/twitter-mentoring/slides" in texts
    links = [
        r.hyperlink.address
        for s in contact.shapes
        if s.has_text_frame
        for p in s.text_frame.paragraphs
        for r in p.runs
        if r.hyperlink.address
    ]
    assert url in links


def test_agenda_text_chart_and_image_slides(example_copy, example_charts, tmp_path) -> None:
    from PIL import Image

    Image.new("RGB", (1200, 800), "#56B4E9").save(example_copy / "venue.png")
    talk_file = example_copy / "talk.yaml"
    extra = (
        "  - kind: agenda\n"
        "  - kind: text\n    title: Why Twitter?\n    points: [Open, Fast, Friendly]\n"
        "    notes: Three reasons.\n"
        "  - kind: chart\n    chart: matrix\n    caption: Who raised which theme.\n"
        "    notes: The matrix.\n"
        "  - kind: image\n    image: venue.png\n    alt: The workshop room, seen from the back.\n"
        "    caption: The Pub-SIG workshop room.\n    notes: The room.\n"
    )
    text = talk_file.read_text(encoding="utf-8")
    talk_file.write_text(
        text.replace("  - kind: method\n", extra + "  - kind: method\n"), encoding="utf-8"
    )
    plan = plan_talk(load_talk(example_copy))
    assert [s.kind for s in plan.slides[1:5]] == ["agenda", "text", "chart", "image"]
    deck = open_deck(build_deck(plan, example_charts, tmp_path / "d.pptx").path)
    agenda, text_slide, chart, image = list(deck.slides)[1:5]
    assert agenda.slide_layout.name == "Agenda"
    agenda_text = "\n".join(shape_text(s) for s in agenda.shapes)
    for theme in plan.talk.themes:
        assert theme.label in agenda_text
    assert "Open\nFast\nFriendly" in [shape_text(s) for s in text_slide.shapes]
    [chart_picture] = pictures(chart)
    assert alt_text(chart_picture) == example_charts["matrix"].alt
    assert "Who raised which theme." in [shape_text(s) for s in chart.shapes]
    [photo] = pictures(image)
    assert alt_text(photo) == "The workshop room, seen from the back."
    assert abs(photo.width / photo.height - 1.5) < 0.01  # scaled, never stretched
    assert "The Pub-SIG workshop room." in [shape_text(s) for s in image.shapes]
    for slide in (agenda, text_slide, chart, image):
        for shape in slide.placeholders:
            assert shape_text(shape).strip()
