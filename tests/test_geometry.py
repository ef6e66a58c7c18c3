"""The geometry stage: layouts chosen by structure, the box of every piece, nothing in one place
twice; on our template, the real third-party templates and templates made here."""

from __future__ import annotations

import io
import zipfile
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn

from talkgen.content import load_talk
from talkgen.errors import ContentError, TalkgenError
from talkgen.geometry import Rect, lay_out
from talkgen.geometry.rect import largest_free_rect
from talkgen.plan import plan_talk

REAL_TEMPLATES = ["Focus", "Metropolis", "Vintage", "pandoc-reference"]
FOOTER_TYPES = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.DATE)


@pytest.fixture(scope="module")
def plan():
    """The example talk's plan (no `layouts:` in its talk file)."""
    from conftest import EXAMPLE

    return plan_talk(load_talk(EXAMPLE))


# -- templates made here ------------------------------------------------------------------------


def footers_on_the_master_only(path: Path) -> Path:
    """python-pptx's stock template (4:3) with the footer, date and number placeholders taken off
    every layout, so only the master has them."""
    template = Presentation()
    for layout in template.slide_layouts:
        for shape in list(layout.placeholders):
            if shape.placeholder_format.type in FOOTER_TYPES:
                shape.element.getparent().remove(shape.element)
    template.save(str(path))
    return path


def layouts_without_placeholders(path: Path) -> Path:
    """python-pptx's stock template with every placeholder taken off every layout, and a drawn
    panel down the left edge of the master that content must keep clear of."""
    template = Presentation()
    for layout in template.slide_layouts:
        for shape in list(layout.placeholders):
            shape.element.getparent().remove(shape.element)
    master = template.slide_master
    tree = master.element.find(qn("p:cSld")).find(qn("p:spTree"))
    panel = parse_xml(
        f'<p:sp {nsdecls("p", "a")}><p:nvSpPr><p:cNvPr id="99" name="Panel"/><p:cNvSpPr/>'
        '<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="1371600" cy="6858000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        '</a:prstGeom><a:solidFill><a:srgbClr val="7030A0"/></a:solidFill></p:spPr></p:sp>'
    )
    tree.append(panel)
    template.save(str(path))
    return path


def as_potx(source: Path, target: Path) -> Path:
    """The template saved as a .potx (its main part declared a template)."""
    _rewrite(source, target, "presentationml.template.main+xml")
    return target


def as_pptm(source: Path, target: Path) -> Path:
    """The template as a macro-enabled presentation with a (fake) VBA project."""
    _rewrite(source, target, None, macro=True)
    return target


def _rewrite(source: Path, target: Path, main: str | None, macro: bool = False) -> None:
    presentation_main = "presentationml.presentation.main+xml"
    out = io.BytesIO()
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(out, "w") as result:
        for member in package.infolist():
            data = package.read(member.filename)
            if member.filename == "[Content_Types].xml":
                text = data.decode()
                if main:
                    text = text.replace(presentation_main, main)
                if macro:
                    text = text.replace(
                        "application/vnd.openxmlformats-officedocument." + presentation_main,
                        "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
                    ).replace(
                        "</Types>",
                        '<Default Extension="bin" '
                        'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                    )
                data = text.encode()
            if macro and member.filename == "ppt/_rels/presentation.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
                    b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>',
                )
            result.writestr(member, data)
        if macro:
            result.writestr("ppt/vbaProject.bin", b'Attribute VB_Name = "Evil"')
    target.write_bytes(out.getvalue())


# -- what every laid-out talk must satisfy --------------------------------------------------------


def assert_clean(geometry) -> None:
    """No two pieces of a slide share any area, every piece is on the slide, every slide has a
    title and (but the title slide) a slide number."""
    width, height = geometry.template.width, geometry.template.height
    slide_box = Rect(0, 0, width, height)
    for slide in geometry.slides:
        pieces = [*slide.pieces.values(), *slide.footers]
        assert "title" in slide.pieces, slide.number
        if slide.kind != "title":
            assert any(p.role == "number" for p in slide.footers), slide.number
        for piece in pieces:
            assert piece.box.width > 0 and piece.box.height > 0, (slide.number, piece)
            if not (piece.role == "title" and piece.box.bottom <= 0):  # a hidden title
                assert slide_box.contains(piece.box), (slide.number, piece)
        for first, second in combinations(pieces, 2):
            assert not first.box.overlap(second.box), (slide.number, first, second)


@pytest.mark.parametrize("name", REAL_TEMPLATES)
def test_real_templates_lay_out_cleanly_without_a_mapping(plan, shared_data, name) -> None:
    geometry = lay_out(plan, shared_data / "templates" / f"{name}.pptx")
    assert_clean(geometry)
    assert {c.how for c in geometry.choices} == {"structure"}


def test_our_template_keeps_its_named_layouts(plan) -> None:
    geometry = lay_out(plan)
    assert_clean(geometry)
    assert {c.how for c in geometry.choices} == {"ours"}
    theme = next(s for s in geometry.slides if s.kind == "theme")
    assert theme.pieces["quote"].name == "Quote" and theme.pieces["attribution"].source == "layout"


def test_kinds_get_layouts_by_structure_on_pandocs_reference_deck(plan, shared_data) -> None:
    geometry = lay_out(plan, shared_data / "templates" / "pandoc-reference.pptx")
    chosen = {c.kind: c.layout.name for c in geometry.choices}
    assert chosen == {
        "title": "Title Slide",
        "method": "Two Content",
        "overview": "Title and Content",
        "theme": "Two Content",
        "quote": "Title and Content",
        "conclusion": "Title and Content",
        "contact": "Title and Content",
    }
    lines = geometry.mapping()
    assert 'theme → "Two Content" (by structure: a title and two content boxes)' in lines


def test_libreoffice_layouts_follow_their_masters_design(plan, shared_data) -> None:
    """Vintage repeats one set of layout boxes under four masters; the first master puts the
    title mid-slide (for the title slide), the others at the top. Content slides get a master
    whose title is at the top, and their boxes are the master's own areas."""
    geometry = lay_out(plan, shared_data / "templates" / "Vintage.pptx")
    height = geometry.template.height
    for slide in geometry.slides:
        top = slide.pieces["title"].box.top
        if slide.kind == "title":
            assert top > height / 3
        else:
            assert top < height / 10, slide.number
            assert slide.layout.master > 0


def test_master_footers_fill_in_for_layouts_without_them(plan, tmp_path) -> None:
    geometry = lay_out(plan, footers_on_the_master_only(tmp_path / "footers.pptx"))
    assert_clean(geometry)
    for slide in geometry.slides[1:]:
        assert {p.role: p.source for p in slide.footers} == {
            "footer": "master",
            "date": "master",
            "number": "master",
        }


def test_layouts_without_placeholders_get_free_space_clear_of_the_design(plan, tmp_path) -> None:
    geometry = lay_out(plan, layouts_without_placeholders(tmp_path / "bare.pptx"))
    assert_clean(geometry)
    panel = Rect(0, 0, 1371600, 6858000)
    for slide in geometry.slides:
        assert slide.pieces["title"].source == "master"
        for piece in slide.pieces.values():
            if piece.role != "title":
                assert piece.source == "free" and not piece.box.overlap(panel), piece
    theme = next(s for s in geometry.slides if s.kind == "theme")
    assert theme.box("body").right <= theme.box("quote").left  # side by side, not stacked
    assert any("no layout has a title and two content boxes" in m for m in geometry.mapping())
    # the footers the layouts lack come from the master
    assert {p.source for s in geometry.slides[1:] for p in s.footers} == {"master"}


def test_chart_boxes_are_the_picture_pieces_in_inches(plan, shared_data) -> None:
    geometry = lay_out(plan, shared_data / "templates" / "Focus.pptx")
    boxes = geometry.chart_boxes()
    assert set(boxes) == {"participants", "prevalence"}
    method = next(s for s in geometry.slides if s.kind == "method")
    assert boxes["participants"] == [method.box("picture").inches]


@pytest.mark.parametrize("kind", ["potx", "pptm"])
def test_a_potx_or_pptm_template_is_accepted(plan, shared_data, tmp_path, kind) -> None:
    source = shared_data / "templates" / "pandoc-reference.pptx"
    make = as_potx if kind == "potx" else as_pptm
    template = make(source, tmp_path / f"corporate.{kind}")
    geometry = lay_out(plan, template)
    assert_clean(geometry)
    assert [c.layout.name for c in geometry.choices] == [
        c.layout.name for c in lay_out(plan, source).choices
    ]


def test_a_missing_named_layout_is_one_clear_error(example_copy, shared_data) -> None:
    with (example_copy / "talk.yaml").open("a", encoding="utf-8") as talk_file:
        talk_file.write('\nlayouts:\n  theme: "Big Theme"\n  quote: "Big Quote"\n')
    plan = plan_talk(load_talk(example_copy))
    template = shared_data / "templates" / "pandoc-reference.pptx"
    with pytest.raises(ContentError) as caught:
        lay_out(plan, template)
    theme, quote = caught.value.problems
    assert 'no layout named "Big Theme" (wanted by theme slides 4, 5, 7, 8, 9)' in theme.message
    assert 'no layout named "Big Quote" (wanted by quote slides 6, 10)' in quote.message
    assert 'layouts: {theme: "Two Content"}' in theme.hint
    assert 'layouts: {quote: "Title and Content"}' in quote.hint
    everything = " ".join(p.format() for p in caught.value.problems)
    assert everything.count('"Comparison"') == 1  # the layouts are listed once


def test_a_template_that_is_not_a_presentation_is_an_error(plan, tmp_path) -> None:
    broken = tmp_path / "broken.potx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(TalkgenError, match="not a PowerPoint presentation or template"):
        lay_out(plan, broken)


# -- free-space arithmetic ------------------------------------------------------------------------

boxes = st.builds(
    Rect,
    st.integers(0, 900),
    st.integers(0, 900),
    st.integers(1, 500),
    st.integers(1, 500),
)


@given(obstacles=st.lists(boxes, max_size=8))
def test_the_largest_free_box_is_inside_the_area_and_clear_of_every_obstacle(obstacles) -> None:
    area = Rect(100, 100, 800, 600)
    free = largest_free_rect(area, obstacles)
    assert area.contains(free)
    assert all(not free.overlap(o) for o in obstacles)


def test_the_largest_free_box_beside_a_panel_is_the_rest_of_the_area() -> None:
    area = Rect(0, 0, 1000, 500)
    assert largest_free_rect(area, [Rect(0, 0, 200, 500)]) == Rect(200, 0, 800, 500)
    assert largest_free_rect(area, []) == area
    corner = largest_free_rect(area, [Rect(900, 0, 100, 100)])
    assert corner.area == 900 * 500


def test_columns_share_a_box_without_overlap() -> None:
    left, right = Rect(0, 0, 1000, 100).columns((2, 1), gap=10)
    assert left == Rect(0, 0, 660, 100) and right == Rect(670, 0, 330, 100)


def test_validate_prints_the_mapping_for_a_template(example_dir, shared_data) -> None:
    from click.testing import CliRunner

    from talkgen.cli import cli

    template = shared_data / "templates" / "pandoc-reference.pptx"
    result = CliRunner().invoke(cli, ["validate", str(example_dir), "--template", str(template)])
    assert result.exit_code == 0, result.output
    assert "layouts (pandoc-reference.pptx):" in result.output
    assert 'method → "Two Content" (by structure: a title and two content boxes)' in result.output
    ours = CliRunner().invoke(cli, ["validate", str(example_dir)])
    assert 'quote → "Quote" (our name for it)' in ours.output


def test_validate_with_a_missing_template_exits_2(example_dir, tmp_path) -> None:
    from click.testing import CliRunner

    from talkgen.cli import cli

    missing = tmp_path / "nowhere.potx"
    result = CliRunner().invoke(cli, ["validate", str(example_dir), "--template", str(missing)])
    assert result.exit_code == 2
    assert "no such template file" in result.output


def test_charts_take_the_templates_accent_colours_and_body_font(plan, shared_data) -> None:
    import json

    from talkgen.charts import talk_figures
    from talkgen.charts.look import template_look

    geometry = lay_out(plan, shared_data / "templates" / "Vintage.pptx")
    template = geometry.template
    assert template.accents[:2] == ("#4F81BD", "#C0504D")  # the theme's accent1, accent2
    assert template.body_font == "Times New Roman"  # from the master's body text
    look = template_look(template.accents, template.body_font)
    assert look.palette[:6] == list(template.accents)
    figures = {f.id: f.figure for f in talk_figures(plan.talk, look)}
    assert '"family": "Times New Roman, ' in json.dumps(figures["prevalence"])
    assert set(figures["prevalence"]["data"][0]["marker"]["color"]) == {"#4F81BD"}
    series = [trace["marker"]["color"] for trace in figures["participants"]["data"]]
    assert series == list(template.accents[: len(series)])


def test_style_can_keep_the_palette_on_a_users_template(plan, shared_data) -> None:
    from talkgen.charts.look import template_look
    from talkgen.style import load_style

    geometry = lay_out(plan, shared_data / "templates" / "Vintage.pptx")
    style = load_style().model_copy(update={"charts_follow_template": False})
    look = template_look(geometry.template.accents, geometry.template.body_font, style)
    assert look.palette == list(style.palette)
    assert look.style.fonts.chart == style.fonts.chart


def test_our_templates_charts_keep_the_style(plan) -> None:
    from talkgen.charts.look import template_look
    from talkgen.style import load_style

    template = lay_out(plan).template
    look = template_look(template.accents, template.body_font)
    assert look.palette == list(load_style().palette)
    assert look.style.fonts.chart == load_style().fonts.chart


def test_a_comparison_layout_puts_the_points_in_a_content_box_not_a_column_head(
    example_copy, shared_data
) -> None:
    """Mapped by name to "Comparison" (two bold 0.5 in column heads over two content boxes),
    a theme's points and quote go into the content boxes; the heads are left out."""
    with (example_copy / "talk.yaml").open("a", encoding="utf-8") as talk_file:
        talk_file.write('\nlayouts:\n  theme: "Comparison"\n')
    plan = plan_talk(load_talk(example_copy))
    geometry = lay_out(plan, shared_data / "templates" / "pandoc-reference.pptx")
    assert_clean(geometry)
    theme = next(s for s in geometry.slides if s.kind == "theme")
    assert theme.layout.name == "Comparison"
    assert theme.pieces["body"].name == "Content Placeholder 3"
    assert theme.pieces["quote"].name == "Content Placeholder 5"
    assert 'theme → "Comparison" (named in the talk file)' in geometry.mapping()
