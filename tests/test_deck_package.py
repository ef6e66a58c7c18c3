"""The deck's package as PowerPoint writes it, so Keynote, Google Slides, PowerPoint Online and
LibreOffice open it: compared part by part with a deck PowerPoint itself saved, validated against
the ISO/IEC 29500 schemas, its notes read back by python-pptx and LibreOffice, its thumbnail
looked at. See docs/deck.md ("Readers talkgen targets")."""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import openxml_audit
import pdfplumber
import pytest
from deck_reading import NOTES_PAGES, STOCK_LAYOUTS, soffice_pdf
from lxml import etree
from PIL import Image, ImageStat
from pptx import Presentation

from talkgen.content import load_talk
from talkgen.deck import build_deck, xml
from talkgen.deck import thumbnail as thumbnails
from talkgen.deck.builder import notes_paragraphs
from talkgen.plan import plan_talk

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
NS = {"p": P, "a": A, "r": R, "rel": PR, "ep": EP, "vt": VT}
THUMBNAIL_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
NOTES_MASTER_REL = R + "/notesMaster"

# The deck PowerPoint for Mac saved (../shared/data/templates/SOURCES.md), with notes on slides.
REFERENCE = "templates/pandoc-reference.pptx"

# Layouts of the shared templates for the example's slide kinds (they do not use our names).
LIBREOFFICE_LAYOUTS = {
    "title": "Title Slide",
    "method": "Title, 2 Content",
    "overview": "Title Only",
    "theme": "Title, 2 Content",
    "quote": "Title, Content",
    "conclusion": "Title, Content",
    "contact": "Title, Content",
}
TEMPLATES = {
    "Focus.pptx": LIBREOFFICE_LAYOUTS,
    "Metropolis.pptx": LIBREOFFICE_LAYOUTS,
    "Vintage.pptx": LIBREOFFICE_LAYOUTS,
    "pandoc-reference.pptx": STOCK_LAYOUTS,
}


class Package:
    """A .pptx read as its zip members and relationships, with no help from python-pptx."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.members = {name: archive.read(name) for name in archive.namelist()}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.members[name])

    def rels(self, source: str) -> dict[str, tuple[str, str]]:
        """rId -> (type, target member name) of the part `source` ('' for the package)."""
        folder, _, leaf = source.rpartition("/")
        rels_name = f"{folder}/_rels/{leaf}.rels" if source else "_rels/.rels"
        if rels_name not in self.members:
            return {}
        found = {}
        for rel in self.xml(rels_name).findall("rel:Relationship", NS):
            target = rel.get("Target")
            if not target.startswith("/"):
                target = str(Path("/" + folder, target).resolve())
            found[rel.get("Id")] = (rel.get("Type"), target.lstrip("/"))
        return found

    def related(self, source: str, suffix: str) -> list[str]:
        return [t for kind, t in self.rels(source).values() if kind.endswith(suffix)]

    def notes_slides(self) -> list[str]:
        return sorted(n for n in self.members if n.startswith("ppt/notesSlides/notesSlide"))


def children(element: etree._Element) -> list[str]:
    return [etree.QName(child).localname for child in element if isinstance(child.tag, str)]


def app_headings(package: Package) -> list[tuple[str, int]]:
    variants = package.xml("docProps/app.xml").findall("ep:HeadingPairs/vt:vector/vt:variant", NS)
    values = [v[0].text for v in variants]
    return list(zip(values[::2], (int(n) for n in values[1::2]), strict=True))


def app_titles(package: Package) -> list[str]:
    vector = package.xml("docProps/app.xml").find("ep:TitlesOfParts/vt:vector", NS)
    return [item.text or "" for item in vector]


def notes_placeholders(package: Package, name: str) -> dict[str, etree._Element]:
    """type -> the p:ph of each placeholder on a notes slide."""
    return {ph.get("type"): ph for ph in package.xml(name).iterfind(".//p:nvPr/p:ph", NS)}


@pytest.fixture(scope="module")
def reference(shared_data) -> Package:
    return Package(shared_data / REFERENCE)


@pytest.fixture(scope="module")
def template_hashes(shared_data) -> dict[str, str]:
    """The shared templates' digests before any deck is built on them."""
    return {
        name: hashlib.sha256((shared_data / "templates" / name).read_bytes()).hexdigest()
        for name in TEMPLATES
    }


@pytest.fixture(scope="module")
def template_decks(
    template_hashes, shared_data, example_charts, tmp_path_factory
) -> dict[str, Path]:
    """The example talk built on our template and on each shared template ({name: deck})."""
    decks = {}
    folder = tmp_path_factory.mktemp("package")
    talk = load_talk(Path(__file__).resolve().parents[1] / "content")
    decks["default"] = build_deck(plan_talk(talk), example_charts, folder / "default.pptx").path
    for name, layouts in TEMPLATES.items():
        content = folder / f"content-{name}"
        shutil.copytree(talk.root, content)
        with (content / "talk.yaml").open("a", encoding="utf-8") as talk_file:
            talk_file.write(
                "\nlayouts:\n" + "".join(f'  {k}: "{v}"\n' for k, v in layouts.items())
            )
        plan = plan_talk(load_talk(content))
        template = shared_data / "templates" / name
        decks[name] = build_deck(
            plan, example_charts, folder / f"on-{name}", template=template
        ).path
    return decks


def test_the_reference_was_saved_by_powerpoint(reference) -> None:
    application = reference.xml("docProps/app.xml").find("ep:Application", NS).text
    assert application == "Microsoft Macintosh PowerPoint"
    assert reference.notes_slides(), "the reference deck has speaker notes"


@pytest.mark.slow
def test_every_deck_has_the_presentation_elements_powerpoint_writes(
    reference, template_decks
) -> None:
    """presentation.xml: each element PowerPoint writes (sldMasterIdLst, notesMasterIdLst when
    there are notes, sldIdLst, sldSz, notesSz, defaultTextStyle), in its order; its own
    extensions (extLst: guides) are PowerPoint's to write. The notes master list names the
    notes master's relationship (python-pptx issue 1051)."""
    written = [n for n in children(reference.xml("ppt/presentation.xml")) if n != "extLst"]
    assert "notesMasterIdLst" in written
    for name, path in template_decks.items():
        deck = Package(path)
        ours = children(deck.xml("ppt/presentation.xml"))
        assert [n for n in ours if n in written] == written, name
        listed = deck.xml("ppt/presentation.xml").find("p:notesMasterIdLst/p:notesMasterId", NS)
        kind, target = deck.rels("ppt/presentation.xml")[listed.get(f"{{{R}}}id")]
        assert kind == NOTES_MASTER_REL and target in deck.members, name


@pytest.mark.slow
def test_every_deck_has_the_parts_powerpoint_relates(reference, template_decks) -> None:
    """The relationships PowerPoint writes from the package and from the presentation (core and
    app properties; presentation and view properties, theme, table styles, notes master) are
    all there, plus the thumbnail, which the packaging standard provides for (ISO/IEC 29500-2,
    Thumbnail Parts) and PowerPoint writes when it saves a preview; no printer settings."""
    package_kinds = {kind for kind, _ in reference.rels("").values()} | {THUMBNAIL_REL}
    presentation_kinds = {kind for kind, _ in reference.rels("ppt/presentation.xml").values()}
    for name, path in template_decks.items():
        deck = Package(path)
        assert package_kinds <= {kind for kind, _ in deck.rels("").values()}, name
        ours = {kind for kind, _ in deck.rels("ppt/presentation.xml").values()}
        assert presentation_kinds <= ours, (name, presentation_kinds - ours)
        assert not [m for m in deck.members if "printerSettings" in m], name


@pytest.mark.slow
def test_app_properties_are_counted_from_the_deck(reference, template_decks) -> None:
    """docProps/app.xml has every element PowerPoint writes, its counts are the deck's as
    python-pptx reads it, and its titles of parts are the fonts, theme and slide titles grouped
    as PowerPoint groups them."""
    written = set(children(reference.xml("docProps/app.xml")))
    for name, path in template_decks.items():
        deck, package = Presentation(str(path)), Package(path)
        app = package.xml("docProps/app.xml")
        assert written <= set(children(app)), (name, written - set(children(app)))

        def value(tag: str, app=app) -> str:
            return app.find(f"ep:{tag}", NS).text

        slides = list(deck.slides)
        assert int(value("Slides")) == len(slides) == 12
        assert int(value("Notes")) == len(package.notes_slides()) == 12
        assert int(value("HiddenSlides")) == 0
        assert int(value("Words")) > 100 and int(value("Paragraphs")) >= len(slides)
        headings = app_headings(package)
        assert [h for h, _ in headings] == ["Fonts Used", "Theme", "Slide Titles"], name
        titles = app_titles(package)
        assert len(titles) == sum(n for _, n in headings)
        assert titles[-len(slides) :] == [" ".join(s.shapes.title.text.split()) for s in slides]
        assert xml.theme_fonts(deck)[0] in titles[: headings[0][1]], name


@pytest.mark.slow
def test_core_properties_come_from_the_talk(reference, template_decks) -> None:
    talk = load_talk(Path(__file__).resolve().parents[1] / "content").info
    written = set(children(reference.xml("docProps/core.xml")))
    for name, path in template_decks.items():
        core = Presentation(str(path)).core_properties
        ours = set(children(Package(path).xml("docProps/core.xml")))
        assert written <= ours, (name, written - ours)
        assert (core.title, core.author, core.subject) == (talk.title, talk.speaker, talk.event)
        assert core.language == talk.language == "en-NZ"
        assert "Twitter as a Personal Learning Network" in core.keywords.split("; ")


@pytest.mark.slow
def test_slide_size_is_powerpoints_for_the_templates_aspect(template_decks) -> None:
    """16:9 on our template is PowerPoint's Widescreen, exactly (not python-pptx's 12191695);
    pandoc's 10 in 16:9 is PowerPoint's "On-screen Show (16:9)"; LibreOffice's 28 cm sizes are
    the template's own, marked custom, as PowerPoint marks a size of its own."""
    expected = {
        "default": (12192000, 6858000, None, "Widescreen"),
        "pandoc-reference.pptx": (9144000, 5143500, "screen16x9", "On-screen Show (16:9)"),
        "Focus.pptx": (10080625, 5670550, None, "Custom"),
        "Vintage.pptx": (10080625, 7559675, None, "Custom"),
    }
    for name, (cx, cy, kind, format_name) in expected.items():
        package = Package(template_decks[name])
        size = package.xml("ppt/presentation.xml").find("p:sldSz", NS)
        assert (int(size.get("cx")), int(size.get("cy")), size.get("type")) == (cx, cy, kind)
        app = package.xml("docProps/app.xml")
        assert app.find("ep:PresentationFormat", NS).text == format_name


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ((12191695, 6858000, "custom"), (12192000, 6858000, None)),
        ((12192000, 6858000, "screen4x3"), (12192000, 6858000, None)),  # a contradiction
        ((9144000, 6858000, None), (9144000, 6858000, "screen4x3")),
        ((9144000, 5143500, "custom"), (9144000, 5143500, "screen16x9")),
        ((9906000, 6858000, None), (9906000, 6858000, "A4")),
        ((10080625, 5670550, "screen16x9"), (10080625, 5670550, None)),
    ],
)
def test_standardize_slide_size(given, written) -> None:
    deck = Presentation()
    size = deck.part._element.find(f"{{{P}}}sldSz")
    size.set("cx", str(given[0]))
    size.set("cy", str(given[1]))
    if given[2]:
        size.set("type", given[2])
    else:
        size.attrib.pop("type", None)
    xml.standardize_slide_size(deck)
    assert (int(size.get("cx")), int(size.get("cy")), size.get("type")) == written


@pytest.mark.slow
def test_the_talks_language_is_every_default_language(template_decks) -> None:
    """Every `lang` in the masters, layouts, notes master, themes and presentation is the talk's
    (en-NZ), the presentation's default text style names it, and no run or field on a slide or
    notes page carries another (the example has no quote in another language)."""
    for name, path in template_decks.items():
        package = Package(path)
        default = package.xml("ppt/presentation.xml").find(
            "p:defaultTextStyle/a:defPPr/a:defRPr", NS
        )
        assert default.get("lang") == "en-NZ", name
        languages = {}
        for member, data in package.members.items():
            if member.endswith(".xml") and b"lang=" in data:
                tree = etree.fromstring(data)
                languages[member] = {e.get("lang") for e in tree.iter() if e.get("lang")}
        assert languages and all(found == {"en-NZ"} for found in languages.values()), (
            name,
            {m: f for m, f in languages.items() if f != {"en-NZ"}},
        )


@pytest.mark.slow
def test_notes_pages_are_written_as_powerpoint_writes_them(reference, template_decks) -> None:
    """The notes body is `idx="1"` as PowerPoint writes it (OfficeCLI issue 403 reads any other
    idx as no notes), the slide image has no idx, and the slide number is a field."""
    model = notes_placeholders(reference, reference.notes_slides()[0])
    assert model["body"].get("idx") == "1" and model["sldImg"].get("idx") is None
    for name, path in template_decks.items():
        package = Package(path)
        for notes in package.notes_slides():
            ours = notes_placeholders(package, notes)
            assert set(ours) == set(model), (name, notes)
            assert ours["body"].get("idx") == "1" and ours["sldImg"].get("idx") is None
            field = package.xml(notes).find(".//a:fld[@type='slidenum']", NS)
            assert field is not None, (name, notes)


@pytest.mark.slow
def test_notes_read_back_with_python_pptx(template_decks, example_dir) -> None:
    """Every word of the plan's notes, in order, in paragraphs that end where the speaker's
    sentences end (not where the content file's lines were wrapped), flush left."""
    plan = plan_talk(load_talk(example_dir))
    for name, path in template_decks.items():
        deck = Presentation(str(path))
        for slide, planned in zip(deck.slides, plan.slides, strict=True):
            assert slide.has_notes_slide
            frame = slide.notes_slide.notes_text_frame
            assert frame.text.split() == planned.notes.split(), name
            for paragraph in frame.paragraphs:
                assert paragraph.text.rstrip()[-1] in ".?!:”\")", (name, paragraph.text)
                properties = paragraph._p.pPr
                assert (properties.get("marL"), properties.get("indent")) == ("0", "0")


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        ("One line\nwrapped here.", ["One line wrapped here."]),
        ("First.\n\n\nSecond\n  wrapped.", ["First.", "Second wrapped."]),
        ("Points:\n- one\n- two\n  more\n1. three", ["Points:", "- one", "- two more", "1. three"]),
        ("", []),
    ],
)
def test_notes_paragraphs(text, paragraphs) -> None:
    assert notes_paragraphs(text) == paragraphs


@pytest.mark.slow
def test_libreoffice_prints_the_notes_pages(template_decks, example_dir, tmp_path) -> None:
    """LibreOffice's Notes Pages export shows each slide's speaker notes on its page, all of
    them (long notes shrink to fit rather than run off the bottom)."""
    plan = plan_talk(load_talk(example_dir))
    pdf = soffice_pdf(template_decks["default"], tmp_path, NOTES_PAGES)
    with pdfplumber.open(pdf) as document:
        pages = [" ".join((page.extract_text() or "").split()) for page in document.pages]
        for page in document.pages:
            assert max(c["bottom"] for c in page.chars) <= page.height, "notes run off the page"
    assert len(pages) == len(plan.slides)
    for page, planned in zip(pages, plan.slides, strict=True):
        words = " ".join(planned.notes.split())
        assert words[:60] in page and words[-40:] in page, (planned.number, page[:200])


@pytest.mark.slow
def test_every_deck_validates_against_the_schemas(template_decks) -> None:
    """ISO/IEC 29500 schema and semantic checks as Microsoft's Open XML SDK runs them
    (openxml-audit, its pure-Python port), and its PowerPoint app-compat checks: none fail."""
    for name, path in template_decks.items():
        result = openxml_audit.validate_pptx(path)
        assert result.is_valid, (name, [(e.description, e.part_uri) for e in result.errors][:5])


def test_the_validator_catches_the_notes_master_list_out_of_order(tmp_path) -> None:
    """The schema check is real: a notesMasterIdLst after sldIdLst (anthropics/skills PR 1231's
    first attempt) fails it."""
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    slide.notes_slide.notes_text_frame.text = "A note."
    xml.register_notes_master(deck)
    ids = deck.part._element.find(f"{{{P}}}notesMasterIdLst")
    deck.part._element.find(f"{{{P}}}sldIdLst").addnext(ids)
    path = tmp_path / "wrong-order.pptx"
    deck.save(str(path))
    result = openxml_audit.validate_pptx(path)
    assert not result.is_valid
    assert any("notesMasterIdLst" in e.description for e in result.errors)


def _thumbnail(path: Path) -> Image.Image:
    package = Package(path)
    [target] = package.related("", "/thumbnail")
    return Image.open(io.BytesIO(package.members[target]))


@pytest.mark.slow
def test_the_thumbnail_is_slide_one_at_the_slides_aspect(template_decks) -> None:
    """A JPEG 256 px wide at the slide's aspect, drawn by LibreOffice from slide 1: on our
    template that is slide 1's blue (accent) background with white text, not a blank."""
    for name, path in template_decks.items():
        deck = Presentation(str(path))
        picture = _thumbnail(path)
        assert picture.format == "JPEG"
        assert picture.width == 256
        assert abs(picture.height - 256 * deck.slide_height / deck.slide_width) <= 1, name
        assert max(ImageStat.Stat(picture.convert("L")).stddev) > 10, f"{name}: flat picture"
    slide_one = _thumbnail(template_decks["default"]).convert("RGB")
    red, green, blue = slide_one.getpixel((8, 8))
    assert blue > 150 and red < 60, "slide 1's accent background"


@pytest.mark.slow
def test_without_libreoffice_the_thumbnail_is_a_title_card(
    example_dir, example_charts, tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(thumbnails, "find_libreoffice", lambda: None)
    monkeypatch.setenv("TALKGEN_CACHE_DIR", str(tmp_path / "cache"))
    plan = plan_talk(load_talk(example_dir))
    result = build_deck(plan, example_charts, tmp_path / "deck.pptx")
    assert result.thumbnail_source == "card"
    card = _thumbnail(result.path).convert("RGB")
    assert card.size == (256, 144)
    assert card.getpixel((4, 4)) == (255, 255, 255) or sum(card.getpixel((4, 4))) > 740
    ink = sum(card.convert("L").histogram()[:100])
    assert ink > 500, "the title is drawn"


@pytest.mark.parametrize("kind", ["image/x-wmf", "image/png", None])
def test_a_templates_thumbnail_of_any_kind_is_replaced(tmp_path, kind) -> None:
    """A template's thumbnail that is a Windows metafile (as older Office wrote) becomes a JPEG
    part; a PNG one stays a PNG; a template without one gets one. One thumbnail relationship."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    deck = Presentation()
    package = deck.part.package
    for rel in [r for r in package.iter_rels() if r.reltype == RT.THUMBNAIL]:
        package.drop_rel(rel.rId)
    if kind is not None:
        old = Part(PackURI("/docProps/thumbnail.wmf"), kind, package, b"not a picture")
        package.relate_to(old, RT.THUMBNAIL)
    thumbnails.set_thumbnail(deck, thumbnails.title_card(deck, "Title", "Speaker"))
    path = tmp_path / "deck.pptx"
    deck.save(str(path))
    package_rels = Package(path).rels("")
    [target] = [t for k, t in package_rels.values() if k == THUMBNAIL_REL]
    picture = Image.open(io.BytesIO(Package(path).members[target]))
    assert picture.format == ("PNG" if kind == "image/png" else "JPEG")
    result = openxml_audit.validate_pptx(path)
    assert result.is_valid, [(e.description, e.part_uri) for e in result.errors]


def test_a_long_title_card_stays_inside_the_picture() -> None:
    deck = Presentation()
    title = "A very long title " * 12
    card = thumbnails.title_card(deck, title, "Speaker · Event")
    assert card.size == thumbnails.thumbnail_size(deck)
    right_edge = card.crop((card.width - 8, 0, card.width, card.height)).convert("L")
    assert ImageStat.Stat(right_edge).extrema[0][0] > 200, "no text runs off the right edge"


@pytest.mark.slow
def test_the_users_template_is_not_changed(template_hashes, template_decks, shared_data) -> None:
    """Building on a template corrects its parts in the deck only: the file is as it was."""
    for name in TEMPLATES:
        data = (shared_data / "templates" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == template_hashes[name], name
