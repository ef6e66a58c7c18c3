"""The raw XML edits: transitions in schema order, alt text, bullets off, reading order."""

from __future__ import annotations

from lxml import etree
from pptx import Presentation
from pptx.oxml import parse_xml
from pptx.util import Inches

from talkgen.deck import xml

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS = {"p": P, "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}


def _slide():
    deck = Presentation()
    return deck, deck.slides.add_slide(deck.slide_layouts[1])


def _tags(element) -> list[str]:
    return [etree.QName(child).localname for child in element]


def test_a_transition_goes_before_timing_and_extlst_and_replaces_an_old_one() -> None:
    _, slide = _slide()
    sld = slide._element
    sld.append(parse_xml(f'<p:timing xmlns:p="{P}"/>'))
    sld.append(parse_xml(f'<p:extLst xmlns:p="{P}"/>'))
    xml.set_auto_advance(slide, 15000)
    xml.set_auto_advance(slide, 20000)
    assert _tags(sld) == ["cSld", "clrMapOvr", "transition", "timing", "extLst"]
    assert sld.find("p:transition", NS).get("advTm") == "20000"
    xml.set_auto_advance(slide, None)
    assert _tags(sld) == ["cSld", "clrMapOvr", "timing", "extLst"]


def test_a_transition_on_a_plain_slide_follows_the_colour_mapping() -> None:
    _, slide = _slide()
    xml.set_auto_advance(slide, 1000)
    assert _tags(slide._element)[-1] == "transition"


def test_alt_text_is_the_pictures_descr(tmp_path) -> None:
    from PIL import Image

    image = tmp_path / "chart.png"
    Image.new("RGB", (40, 20), "white").save(image)
    _, slide = _slide()
    picture = slide.shapes.add_picture(str(image), 0, 0)
    assert picture._element.find(".//p:cNvPr", NS).get("descr") == "chart.png"  # python-pptx's
    xml.set_alt_text(picture, "Bar chart: five themes")
    assert picture._element.find(".//p:cNvPr", NS).get("descr") == "Bar chart: five themes"


def test_no_bullet_puts_bunone_in_schema_order() -> None:
    _, slide = _slide()
    paragraph = slide.placeholders[1].text_frame.paragraphs[0]
    paragraph.space_before = 6 * 12700
    paragraph.text = "A quote"
    xml.set_no_bullet(paragraph)
    ppr = paragraph._p.find("a:pPr", NS)
    assert _tags(ppr) == ["spcBef", "buNone"]
    assert ppr.get("marL") == "0" and ppr.get("indent") == "0"


def test_reading_order_is_the_order_given() -> None:
    _, slide = _slide()
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(1), Inches(1))
    title, body = slide.shapes.title, slide.placeholders[1]
    xml.put_in_reading_order(slide, [title, box, body])
    assert [s.shape_id for s in slide.shapes] == [title.shape_id, box.shape_id, body.shape_id]
