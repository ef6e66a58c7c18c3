"""The example deck on real templates (../shared/data/templates, no `layouts:` mapping) and on
templates made in the tests: read back with python-pptx and rendered by LibreOffice, nothing
overlaps, nothing leaves the slide, every slide has its title and (but the first) its number,
and every word LibreOffice draws lies inside the box of the shape it belongs to."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from itertools import combinations
from pathlib import Path

import pdfplumber
import pytest
from deck_reading import open_deck, shape_text, soffice_pdf, stand_in_charts
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from test_geometry import (
    REAL_TEMPLATES,
    as_pptm,
    footers_on_the_master_only,
    layouts_without_placeholders,
)

from talkgen.content import load_talk
from talkgen.deck import build_deck
from talkgen.geometry import lay_out
from talkgen.plan import plan_talk

pytestmark = pytest.mark.slow
TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
FOOTERS = (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.SLIDE_NUMBER)
# A word may stick out of its box by this much (PDF points): antialiasing, rounding.
SLACK = 2.0


def _box(shape) -> tuple[int, int, int, int]:
    return shape.left, shape.top, shape.left + shape.width, shape.top + shape.height


def assert_deck_is_clean(deck_path: Path, plan, tmp_path: Path) -> None:
    deck = open_deck(deck_path)
    width, height = deck.slide_width, deck.slide_height
    assert len(deck.slides) == len(plan.slides)
    for slide, planned in zip(deck.slides, plan.slides, strict=True):
        shapes = list(slide.shapes)
        titles = [s for s in slide.placeholders if s.placeholder_format.type in TITLE_TYPES]
        assert [shape_text(t) for t in titles] == [planned.title], planned.number
        numbered = any(
            s.is_placeholder and s.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER
            for s in shapes
        ) or any(b'type="slidenum"' in _xml(s) for s in shapes)
        assert numbered == (planned.number > 1), planned.number
        for shape in shapes:
            left, top, right, bottom = _box(shape)
            assert 0 <= left and right <= width and 0 <= top and bottom <= height, (
                planned.number,
                shape.name,
            )
        for first, second in combinations(shapes, 2):
            a, b = _box(first), _box(second)
            overlap_w = min(a[2], b[2]) - max(a[0], b[0])
            overlap_h = min(a[3], b[3]) - max(a[1], b[1])
            assert overlap_w <= 0 or overlap_h <= 0, (planned.number, first.name, second.name)
        for shape in shapes:
            if shape.has_text_frame and not shape.text_frame.text.strip():
                pytest.fail(f"slide {planned.number}: {shape.name} is empty")
            if shape.is_placeholder and shape.placeholder_format.type in FOOTERS:
                assert b"<a:buNone/>" in _xml(shape), (planned.number, shape.name)
    pdf = soffice_pdf(deck_path, tmp_path)
    with pdfplumber.open(pdf) as document:
        assert len(document.pages) == len(plan.slides)
        for page, slide in zip(document.pages, deck.slides, strict=True):
            scale = page.width / width
            boxes = [
                [v * scale for v in _box(s)]
                for s in slide.shapes
                if s.has_text_frame and s.shape_type != MSO_SHAPE_TYPE.PICTURE
            ]
            for word in page.extract_words():
                inside = any(
                    left - SLACK <= word["x0"]
                    and word["x1"] <= right + SLACK
                    and top - SLACK <= word["top"]
                    and word["bottom"] <= bottom + SLACK
                    for left, top, right, bottom in boxes
                )
                assert inside, (page.page_number, word["text"], word["top"], word["bottom"])


def _xml(shape) -> bytes:
    from lxml import etree

    return etree.tostring(shape.element)


def _deck_on(plan, template: Path, folder: Path):
    """The example deck built on `template` with stand-in charts sized for its boxes."""
    geometry = lay_out(plan, template)
    charts = stand_in_charts(geometry.chart_boxes(), folder)
    return build_deck(plan, charts, folder / "deck.pptx", geometry=geometry)


@pytest.fixture(scope="module")
def plan():
    from conftest import EXAMPLE

    return plan_talk(load_talk(EXAMPLE))


@pytest.mark.parametrize("name", REAL_TEMPLATES)
def test_the_example_deck_is_clean_on_a_real_template(plan, shared_data, tmp_path, name) -> None:
    result = _deck_on(plan, shared_data / "templates" / f"{name}.pptx", tmp_path)
    assert_deck_is_clean(result.path, plan, tmp_path)
    overflowing = [w.format() for w in result.warnings if "does not fit" in w.message]
    assert overflowing == [], overflowing


@pytest.mark.parametrize("make", [footers_on_the_master_only, layouts_without_placeholders])
def test_the_example_deck_is_clean_on_a_made_up_template(plan, tmp_path, make) -> None:
    result = _deck_on(plan, make(tmp_path / "made.pptx"), tmp_path)
    assert_deck_is_clean(result.path, plan, tmp_path)


def test_titles_keep_the_templates_indent_and_the_title_slide_its_placeholders(
    plan, shared_data, tmp_path
) -> None:
    template = shared_data / "templates" / "pandoc-reference.pptx"
    result = _deck_on(plan, template, tmp_path)
    deck = open_deck(result.path)
    for slide in deck.slides:
        title = slide.shapes.title
        assert b'marL="0"' not in _xml(title), slide.slide_id
    first = deck.slides[0]
    subtitle = next(
        s for s in first.placeholders if s.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE
    )
    info = plan.talk.info
    assert info.speaker in subtitle.text_frame.text and info.event in subtitle.text_frame.text
    assert not [s for s in first.shapes if not s.is_placeholder]  # no text box of our own


def test_a_pptm_template_gives_a_deck_without_macros(plan, shared_data, tmp_path) -> None:
    template = as_pptm(shared_data / "templates" / "pandoc-reference.pptx", tmp_path / "t.pptm")
    result = _deck_on(plan, template, tmp_path)
    with zipfile.ZipFile(result.path) as package:
        assert not [n for n in package.namelist() if "vba" in n.lower()]
        types = package.read("[Content_Types].xml").decode()
        assert "macroEnabled" not in types and "presentation.main+xml" in types
    assert len(open_deck(result.path).slides) == len(plan.slides)


def test_build_on_a_template_prints_the_layouts_it_chose(
    example_dir, shared_data, tmp_path
) -> None:
    """The whole build as a user runs it, real charts included, on LibreOffice's Focus."""
    template = shared_data / "templates" / "Focus.pptx"
    done = subprocess.run(
        [sys.executable, "-m", "talkgen", "build", str(example_dir), "--out", str(tmp_path),
         "--template", str(template)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert 'theme → "Title, 2 Content" of master' in done.stdout + done.stderr
    plan = plan_talk(load_talk(example_dir))
    assert_deck_is_clean(tmp_path / "twitter-mentoring.pptx", plan, tmp_path)


@pytest.mark.slow
def test_the_handouts_charts_take_the_templates_colours(example_dir, shared_data, tmp_path) -> None:
    """The handout draws the same SVGs as the deck's charts: on Vintage, bars in its accents
    (#4F81BD, #C0504D), not in our palette's (whose blue the handout's own headings also use, so
    the check is on the colours only charts draw)."""
    import pdfplumber
    from click.testing import CliRunner

    from talkgen.cli import cli
    from talkgen.style import load_style

    out = tmp_path / "out"
    template = shared_data / "templates" / "Vintage.pptx"
    result = CliRunner().invoke(
        cli, ["build", str(example_dir), "--out", str(out), "--template", str(template)]
    )
    assert result.exit_code == 0, result.output + result.stderr

    def rgb(hex_colour: str) -> tuple[int, int, int]:
        return tuple(int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))

    fills: set[tuple[int, int, int]] = set()
    with pdfplumber.open(next(out.glob("*-handout.pdf"))) as pdf:
        for page in pdf.pages:
            for shape in [*page.rects, *page.curves]:
                colour = shape.get("non_stroking_color")
                if isinstance(colour, list | tuple) and len(colour) == 3:
                    fills.add(tuple(round(c * 255) for c in colour))
    assert {rgb("#4F81BD"), rgb("#C0504D")} <= fills
    assert not {rgb(c) for c in load_style().palette[1:3]} & fills
