"""Templates: ours (reproducible, named layouts, readable colours) and the user's (layouts found
by name through the talk file's mapping, a missing one an error listing what is there)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from deck_reading import (
    IMAGE_NAME,
    NS,
    STOCK_LAYOUTS,
    alt_text,
    pictures,
    shape_text,
    stand_in_charts,
)
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from talkgen.content import load_talk
from talkgen.content.model import SLIDE_KINDS
from talkgen.deck import DEFAULT_TEMPLATE, build_deck
from talkgen.deck.package import pptx_bytes
from talkgen.errors import ContentError, TalkgenError
from talkgen.geometry import lay_out
from talkgen.plan import plan_talk
from talkgen.style import TEMPLATES, load_style

OUR_LAYOUTS = [
    "Title",
    "Agenda",
    "Text",
    "Method",
    "Themes overview",
    "Theme",
    "Quote",
    "Chart",
    "Image",
    "Conclusion",
    "Contact",
]


def _template_script():
    spec = importlib.util.spec_from_file_location(
        "build_default_template", TEMPLATES / "build_default_template.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_the_committed_template_is_what_the_script_builds() -> None:
    script = _template_script()
    assert pptx_bytes(script.build_template(load_style())) == DEFAULT_TEMPLATE.read_bytes(), (
        "templates/default.pptx is stale: run python talkgen/templates/build_default_template.py"
    )


def test_our_template_has_one_named_16_by_9_layout_per_kind_in_calibri() -> None:
    template = Presentation(str(DEFAULT_TEMPLATE))
    assert [layout.name for layout in template.slide_layouts] == OUR_LAYOUTS
    assert len(OUR_LAYOUTS) == len(SLIDE_KINDS)
    assert template.slide_width / template.slide_height == pytest.approx(16 / 9, rel=0.001)
    assert len(template.slides) == 0
    theme = etree.fromstring(template.slide_master.part.part_related_by(RT.THEME).blob)
    fonts = [f.get("typeface") for f in theme.iterfind(".//a:fontScheme/*/a:latin", NS)]
    assert fonts == ["Calibri", "Calibri"]
    accents = [
        theme.find(f".//a:clrScheme/a:accent{i}/a:srgbClr", NS).get("val") for i in range(1, 7)
    ]
    assert ["#" + a for a in accents] == [c.upper() for c in load_style().palette[:6]]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_helper_matches_known_wcag_values() -> None:
    assert _contrast("000000", "FFFFFF") == pytest.approx(21)
    assert _contrast("767676", "FFFFFF") == pytest.approx(4.54, abs=0.01)


def test_every_text_colour_of_our_template_has_aa_contrast() -> None:
    template = Presentation(str(DEFAULT_TEMPLATE))
    master = template.slide_master._element
    master_bg = master.find(".//p:bg//a:srgbClr", NS).get("val")
    pairs = []
    for style in master.iterfind(".//p:txStyles/*/*/a:defRPr/a:solidFill/a:srgbClr", NS):
        pairs.append(("master", style.get("val"), master_bg))
    for layout in template.slide_layouts:
        element = layout._element
        background = element.find("p:cSld/p:bg//a:srgbClr", NS)
        layout_bg = background.get("val") if background is not None else master_bg
        for shape in element.iterfind(".//p:sp", NS):
            fill = shape.find("p:spPr/a:solidFill/a:srgbClr", NS)
            behind = fill.get("val") if fill is not None else layout_bg
            for colour in shape.iterfind(".//a:lstStyle//a:defRPr/a:solidFill/a:srgbClr", NS):
                pairs.append((layout.name, colour.get("val"), behind))
    assert len(pairs) > 20
    for where, text, behind in pairs:
        assert _contrast(text, behind) >= 4.5, (where, text, behind)


# -- the user's template ----------------------------------------------------------------------


# Our slide kinds on python-pptx's stock template (4:3, "Title and Content" and friends).


def _renamed_template(path: Path, prefix: str = "Corp ") -> Path:
    """Our template with every layout renamed, as a corporate template would name them."""
    template = Presentation(str(DEFAULT_TEMPLATE))
    for layout in template.slide_layouts:
        layout._element.find("p:cSld", NS).set("name", prefix + layout.name)
    template.save(str(path))
    return path


def _map_layouts(folder: Path, mapping: dict[str, str]) -> None:
    lines = "".join(f'  {kind}: "{name}"\n' for kind, name in mapping.items())
    with (folder / "talk.yaml").open("a", encoding="utf-8") as talk_file:
        talk_file.write("\nlayouts:\n" + lines)


def _default_mapping(prefix: str) -> dict[str, str]:
    from talkgen.geometry.layouts import DEFAULT_LAYOUTS

    return {kind: prefix + name for kind, name in DEFAULT_LAYOUTS.items()}


def test_a_user_template_is_used_through_the_layouts_mapping(
    example_copy, example_charts, tmp_path
) -> None:
    template = _renamed_template(tmp_path / "corporate.pptx")
    _map_layouts(example_copy, _default_mapping("Corp "))
    plan = plan_talk(load_talk(example_copy))
    result = build_deck(plan, example_charts, tmp_path / "deck.pptx", template=template)
    deck = Presentation(str(result.path))
    used = [slide.slide_layout.name for slide in deck.slides]
    assert used[:4] == ["Corp Title", "Corp Method", "Corp Themes overview", "Corp Theme"]
    assert all(name.startswith("Corp ") for name in used)
    assert len(deck.slides) == len(plan.slides)


def test_one_slide_can_pick_its_own_layout(example_copy, example_charts, tmp_path) -> None:
    talk_file = example_copy / "talk.yaml"
    text = talk_file.read_text(encoding="utf-8")
    text = text.replace("  - kind: conclusion\n", "  - kind: conclusion\n    layout: Agenda\n")
    talk_file.write_text(text, encoding="utf-8")
    plan = plan_talk(load_talk(example_copy))
    deck = Presentation(str(build_deck(plan, example_charts, tmp_path / "d.pptx").path))
    layouts = [s.slide_layout.name for s in deck.slides]
    assert layouts[-2] == "Agenda" and layouts[-3] == "Quote"


def test_a_missing_layout_is_an_error_listing_the_templates_layouts(
    example_copy, example_charts, tmp_path
) -> None:
    template = _renamed_template(tmp_path / "corporate.pptx")
    mapping = _default_mapping("Corp ")
    mapping["quote"] = "Big Quote"
    _map_layouts(example_copy, mapping)
    plan = plan_talk(load_talk(example_copy))
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"the last good deck")
    with pytest.raises(ContentError) as caught:
        build_deck(plan, example_charts, out, template=template)
    [problem] = caught.value.problems
    message = problem.format()
    assert 'no layout named "Big Quote"' in message and "(wanted by quote slides 6, 10)" in message
    for name in OUR_LAYOUTS:
        assert f'"Corp {name}"' in message
    lines = (example_copy / "talk.yaml").read_text(encoding="utf-8").splitlines()
    assert problem.path.name == "talk.yaml" and "Big Quote" in lines[problem.line - 1]
    assert out.read_bytes() == b"the last good deck"


def test_without_a_mapping_each_kind_gets_the_layout_that_fits_its_structure(
    example_dir, tmp_path
) -> None:
    """Our template with every layout renamed: no names match, so each kind takes the layout
    whose placeholders fit what it shows (the layouts were made for those kinds)."""
    template = _renamed_template(tmp_path / "corporate.pptx")
    geometry = lay_out(plan_talk(load_talk(example_dir)), template)
    chosen = {c.kind: (c.layout.name, c.how) for c in geometry.choices}
    assert {how for _, how in chosen.values()} == {"structure"}
    assert chosen["title"][0] == "Corp Title"
    assert chosen["theme"][0] in ("Corp Theme", "Corp Method")  # two content boxes
    assert chosen["conclusion"][0] in ("Corp Agenda", "Corp Text", "Corp Conclusion")
    assert chosen["overview"][0] in ("Corp Themes overview", "Corp Chart", "Corp Image")


def test_python_pptx_s_stock_template_gives_a_clean_deck(
    example_copy, example_charts, tmp_path
) -> None:
    """A template of another design entirely (4:3, "Title and Content" and friends): every
    slide still gets its title, text, charts with alt text, and no empty placeholder."""
    stock = tmp_path / "stock.pptx"
    Presentation().save(str(stock))
    _map_layouts(example_copy, STOCK_LAYOUTS)
    plan = plan_talk(load_talk(example_copy))
    result = build_deck(plan, example_charts, tmp_path / "deck.pptx", template=stock)
    deck = Presentation(str(result.path))
    assert len(deck.slides) == len(plan.slides)
    for slide, planned in zip(deck.slides, plan.slides, strict=True):
        assert slide.shapes.title.text == planned.title
        for shape in slide.placeholders:
            assert shape_text(shape).strip(), (planned.title, shape.name)
        for picture in pictures(slide):
            assert alt_text(picture) and not IMAGE_NAME.search(alt_text(picture))
        if planned.quote is not None:
            assert any(shape_text(s) == f"“{planned.quote.text}”" for s in slide.shapes)
        assert slide.notes_slide.notes_text_frame.text.split() == planned.notes.split()
    assert sum(len(pictures(s)) for s in deck.slides) == 2


@pytest.mark.slow
def test_chart_boxes_follow_the_users_template(example_copy, tmp_path) -> None:
    """On another design (4:3, a chart beside text in "Two Content", one under "Title Only" with
    room for a caption), each chart laid out for the box `chart_boxes` gives fills it exactly."""
    stock = tmp_path / "stock.pptx"
    Presentation().save(str(stock))
    _map_layouts(example_copy, STOCK_LAYOUTS)
    plan = plan_talk(load_talk(example_copy))
    boxes = lay_out(plan, stock).chart_boxes()
    assert set(boxes) == {"participants", "prevalence"}
    (participants,), (prevalence,) = boxes["participants"], boxes["prevalence"]
    assert participants[0] < 5 < prevalence[0] < 10  # half of a 10 in slide; nearly all of it
    charts = stand_in_charts(boxes, tmp_path)
    deck = Presentation(str(build_deck(plan, charts, tmp_path / "d.pptx", template=stock).path))
    shown = {}
    for slide, planned in zip(deck.slides, plan.slides, strict=True):
        for picture in pictures(slide):
            shown[planned.chart] = (picture.width / 914400, picture.height / 914400)
    assert set(shown) == set(boxes)
    for chart_id, [box] in boxes.items():
        for on_slide, laid_out in zip(shown[chart_id], box, strict=True):
            assert abs(on_slide - laid_out) < 1 / 96, (chart_id, shown[chart_id], box)


def test_chart_boxes_reports_a_template_it_cannot_read(example_dir, tmp_path) -> None:
    broken = tmp_path / "broken.pptx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(TalkgenError, match="not a PowerPoint presentation or template"):
        lay_out(plan_talk(load_talk(example_dir)), broken)


def test_a_template_font_without_metrics_is_a_warning(
    example_dir, example_charts, tmp_path
) -> None:
    template = Presentation(str(DEFAULT_TEMPLATE))
    theme_part = template.slide_master.part.part_related_by(RT.THEME)
    theme_part._blob = theme_part.blob.replace(b'typeface="Calibri"', b'typeface="Segoe UI"')
    path = tmp_path / "segoe.pptx"
    template.save(str(path))
    plan = plan_talk(load_talk(example_dir))
    result = build_deck(plan, example_charts, tmp_path / "deck.pptx", template=path)
    messages = [w.format() for w in result.warnings]
    assert any(
        "font Segoe UI is not installed here and has no metric twin, so fitting is approximate" in m
        for m in messages
    ), messages


@pytest.mark.parametrize("content", [None, b"not a zip file"])
def test_a_template_that_cannot_be_read_is_an_error(
    example_dir, example_charts, tmp_path, content
) -> None:
    template = tmp_path / "broken.pptx"
    if content is not None:
        template.write_bytes(content)
    plan = plan_talk(load_talk(example_dir))
    with pytest.raises(TalkgenError) as caught:
        build_deck(plan, example_charts, tmp_path / "deck.pptx", template=template)
    assert caught.value.exit_code == 2
    assert str(template) in caught.value.problems[0].format()
    assert not (tmp_path / "deck.pptx").exists()
