"""The few edits of slide XML that python-pptx has no API for, kept in one place.

Everything else in the deck goes through python-pptx's objects. Schema orders we depend on:

- `p:sld`: cSld, clrMapOvr, transition, timing, extLst (ECMA-376 Part 1, 19.3.1.38). A
  `p:transition` anywhere else makes PowerPoint offer to repair the file.
- `p:cNvPr`: the `descr` attribute is a picture's alt text (what screen readers announce).
- `a:p`: pPr, then runs and fields (`a:r`, `a:fld`), then endParaRPr.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part as OpcPart
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.presentation import Presentation
from pptx.shapes.base import BaseShape
from pptx.slide import Slide, SlideMaster
from pptx.text.text import _Paragraph

from talkgen.geometry.template import theme_rgb

# What may follow a transition inside p:sld; the transition goes before the first of these.
_AFTER_TRANSITION = ("p:timing", "p:extLst")


def set_alt_text(shape: BaseShape, text: str) -> None:
    """Give a picture (or any shape) the alt text screen readers announce."""
    shape._element._nvXxPr.cNvPr.set("descr", text)


def set_auto_advance(slide: Slide, milliseconds: int | None) -> None:
    """Make the slide advance on its own after `milliseconds` (None: advance on click only)."""
    sld = slide._element
    for old in sld.findall(qn("p:transition")):
        sld.remove(old)
    if milliseconds is None:
        return
    transition = parse_xml(f'<p:transition {nsdecls("p")} advTm="{int(milliseconds)}"/>')
    _insert_before(sld, transition, _AFTER_TRANSITION)


def auto_advance_text(slide: Slide) -> str | None:
    """The slide's auto-advance time as written (`advTm`, milliseconds), or None.

    Newer PowerPoint wraps the transition in `mc:AlternateContent` (a `p14` choice and a plain
    fallback, both with the same `advTm`), so the first transition anywhere in the slide that
    has the attribute is the one to read."""
    found = slide._element.xpath(".//p:transition[@advTm]")
    return found[0].get("advTm") if found else None


def set_slide_name(slide: Slide, name: str) -> None:
    """Name the slide (`p:cSld/@name`), e.g. its plan key, so tools can find it again."""
    slide._element.cSld.set("name", name)


def remove_shape(shape: BaseShape) -> None:
    """Take a shape (e.g. an unused placeholder) off its slide."""
    element = shape._element
    element.getparent().remove(element)


def put_in_reading_order(slide: Slide, shapes: list[BaseShape]) -> None:
    """Reorder the slide's shapes so screen readers meet them in the order given (the shape tree's
    order is the reading order); shapes not listed keep their place after the listed ones."""
    tree = slide.shapes._spTree
    elements = [s._element for s in shapes]
    for element in elements:
        tree.remove(element)
    for element in reversed(elements):
        tree.insert(2, element)  # after nvGrpSpPr and grpSpPr


def add_slide_number(paragraph: _Paragraph, number: int) -> None:
    """Put a slide-number field in the paragraph, showing `number` until the viewer updates it."""
    p = paragraph._p
    for child in list(p):
        if child.tag in (qn("a:r"), qn("a:fld"), qn("a:br")):
            p.remove(child)
    # A fixed field id keeps the file reproducible; viewers only need it to be a GUID.
    field = parse_xml(
        f'<a:fld {nsdecls("a")} id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" type="slidenum">'
        f"<a:rPr/><a:t>{number}</a:t></a:fld>"
    )
    end = p.find(qn("a:endParaRPr"))
    if end is not None:
        end.addprevious(field)
    else:
        p.append(field)


def set_flush_left(paragraph: _Paragraph) -> None:
    """Start every line of the paragraph at the left edge (`marL` and `indent` 0). LibreOffice
    gives notes paragraphs a hanging indent unless the paragraph says so itself."""
    pPr = paragraph._p.get_or_add_pPr()
    pPr.set("marL", "0")
    pPr.set("indent", "0")


def set_no_bullet(paragraph: _Paragraph) -> None:
    """Show the paragraph without a bullet and without the bullet's hanging indent."""
    set_flush_left(paragraph)
    pPr = paragraph._p.get_or_add_pPr()
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum", "a:buBlip"):
        for old in pPr.findall(qn(tag)):
            pPr.remove(old)
    # buNone belongs after the spacing and bullet colour/size/font elements.
    bullet_none = parse_xml(f"<a:buNone {nsdecls('a')}/>")
    followers = [pPr.find(qn(t)) for t in ("a:tabLst", "a:defRPr", "a:extLst")]
    follower = next((f for f in followers if f is not None), None)
    if follower is not None:
        follower.addprevious(bullet_none)
    else:
        pPr.append(bullet_none)


def bullet_indent(placeholder: BaseShape, master: SlideMaster) -> int:
    """The left margin in EMU of first-level paragraphs in a layout's (or master's) placeholder
    (its own list style, else the master's body style): how much a bullet takes from the width."""
    level = placeholder.element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}")
    if level is not None and level.get("marL") is not None:
        return int(level.get("marL"))
    level = master.element.find(f"{qn('p:txStyles')}/{qn('p:bodyStyle')}/{qn('a:lvl1pPr')}")
    if level is not None and level.get("marL") is not None:
        return int(level.get("marL"))
    return 0


def theme_fonts(presentation: Presentation) -> tuple[str, str]:
    """The template's (heading, body) font names from the first master's theme."""
    theme = parse_xml(presentation.slide_master.part.part_related_by(RT.THEME).blob)
    names = []
    for which in ("a:majorFont", "a:minorFont"):
        latin = theme.find(f".//{qn(which)}/{qn('a:latin')}")
        # A theme without a Latin font (LibreOffice writes them so) is drawn in the viewer's
        # default sans-serif: Arial in PowerPoint, Liberation Sans (Arial's widths) here.
        typeface = latin.get("typeface") if latin is not None else None
        names.append(typeface or "Arial")
    return names[0], names[1]


def inherited_font_size(placeholder: BaseShape, master: SlideMaster, title: bool) -> float | None:
    """The first-level font size in points the template gives a layout's (or master's)
    placeholder: its own list style, else the master's title or body style, if either gives one
    (a size that is not a whole number of hundredths of a point, 1 to 4000 pt, counts as none)."""
    which = "p:titleStyle" if title else "p:bodyStyle"
    for run in (
        placeholder.element.find(
            f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"
        ),
        master.element.find(f"{qn('p:txStyles')}/{qn(which)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"),
    ):
        size = run.get("sz", "") if run is not None else ""
        # ST_TextFontSize: 100 to 400000 hundredths of a point (ECMA-376 Part 1, 20.1.10.71).
        if size.isascii() and size.isdigit() and 100 <= int(size) <= 400_000:
            return int(size) / 100
    return None


def remove_all_slides(presentation: Presentation) -> None:
    """Drop the slides a template file came with (sample slides), keeping masters and layouts;
    an entry of the slide list whose slide is missing, and a second slide list, go too."""
    rels = presentation.part.rels
    for n, id_list in enumerate(presentation.element.findall(qn("p:sldIdLst"))):
        for slide_id in list(id_list):
            rel_id = slide_id.get(qn("r:id"))
            if rel_id in rels:
                presentation.part.drop_rel(rel_id)
            id_list.remove(slide_id)
        if n:
            presentation.element.remove(id_list)


def copy_list_style(source: BaseShape, target: BaseShape) -> None:
    """Give `target` its own copy of `source`'s paragraph styles (`a:lstStyle`). LibreOffice
    ignores a layout's styles for footers and slide numbers; a copy on the slide it honours."""
    import copy

    style = source._element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
    body = target._element.find(qn("p:txBody"))
    if style is None or body is None:
        return
    old = body.find(qn("a:lstStyle"))
    if old is not None:
        body.remove(old)
    body.find(qn("a:bodyPr")).addnext(copy.deepcopy(style))


# -- a template's text look on the slide ----------------------------------------------------------
# `a:lstStyle`: defPPr, lvl1pPr … lvl9pPr, extLst. `a:lvlNpPr` (CT_TextParagraphProperties):
# lnSpc, spcBef, spcAft, buClr…, buSz…, buFont…, buNone/buChar/…, tabLst, defRPr, extLst.
_LEVELS = tuple(f"a:lvl{n}pPr" for n in range(1, 10))
# Attributes of sample text that are about that text, not the look.
_SAMPLE_ONLY = ("lang", "altLang", "dirty", "err", "noProof", "smtClean")


def copy_text_look(source: BaseShape, target: BaseShape) -> None:
    """Give `target` (a placeholder on a slide) the text look of `source` (its layout's or the
    master's placeholder): a copy of the source's list style, completed level by level from the
    source's sample text ("Click to edit …") where the list style says nothing. LibreOffice saves
    a template's alignment, bullets, indents, sizes, colours and fonts only in that sample text,
    and ignores a layout's styles for footers and slide numbers; PowerPoint reads both from here."""
    import copy

    body = source.element.find(qn("p:txBody"))
    target_body = target.element.find(qn("p:txBody"))
    if body is None or target_body is None:
        return
    old = body.find(qn("a:lstStyle"))
    style = copy.deepcopy(old) if old is not None else parse_xml(f"<a:lstStyle {nsdecls('a')}/>")
    for paragraph in body.findall(qn("a:p")):
        properties = paragraph.find(qn("a:pPr"))
        level = int(properties.get("lvl", "0")) if properties is not None else 0
        if level >= len(_LEVELS) or style.find(qn(_LEVELS[level])) is not None:
            continue
        run = paragraph.find(f"{qn('a:r')}/{qn('a:rPr')}")
        if run is None:
            run = paragraph.find(qn("a:endParaRPr"))
        made = _level_from_sample(level, properties, run)
        if made is not None:
            _insert_level(style, made, level)
    target_old = target_body.find(qn("a:lstStyle"))
    if target_old is not None:
        target_body.remove(target_old)
    target_body.find(qn("a:bodyPr")).addnext(style)


def _level_from_sample(level: int, properties, run):
    import copy

    has_look = properties is not None and (len(properties) or set(properties.attrib) - {"lvl"})
    run_look = run is not None and (len(run) or set(run.attrib) - set(_SAMPLE_ONLY))
    if not has_look and not run_look:
        return None
    made = parse_xml(f"<a:{_LEVELS[level][2:]} {nsdecls('a')}/>")
    if properties is not None:
        for name, value in properties.attrib.items():
            if name != "lvl":
                made.set(name, value)
        for child in properties:
            if child.tag not in (qn("a:defRPr"), qn("a:extLst")):
                made.append(copy.deepcopy(child))
    if run_look:
        character = parse_xml(f"<a:defRPr {nsdecls('a')}/>")
        for name, value in run.attrib.items():
            if name not in _SAMPLE_ONLY:
                character.set(name, value)
        for child in run:
            if child.tag not in (qn("a:hlinkClick"), qn("a:hlinkMouseOver")):
                character.append(copy.deepcopy(child))
        made.append(character)
    return made


def _insert_level(style, made, level: int) -> None:
    for later in (*_LEVELS[level + 1 :], "a:extLst"):
        follower = style.find(qn(later))
        if follower is not None:
            follower.addprevious(made)
            return
    style.append(made)


def first_level_font(
    shape: BaseShape, master: SlideMaster, title: bool
) -> tuple[str | None, bool | None]:
    """(typeface, bold) the first level of a shape's text is set in, as far as the slide's own
    list style (see `copy_text_look`) or the master's title or body style say; a theme font
    (`+mj-lt`, `+mn-lt`) is returned as written, for the caller to resolve."""
    which = "p:titleStyle" if title else "p:bodyStyle"
    places = [
        shape.element.find(
            f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"
        ),
        master.element.find(f"{qn('p:txStyles')}/{qn(which)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"),
    ]
    typeface = bold = None
    for character in places:
        if character is None:
            continue
        if bold is None and character.get("b") is not None:
            bold = character.get("b") in ("1", "true")
        latin = character.find(qn("a:latin"))
        if typeface is None and latin is not None and latin.get("typeface"):
            typeface = latin.get("typeface")
    return typeface, bold


def first_level_line_spacing(shape: BaseShape, master: SlideMaster, title: bool) -> float | None:
    """The line spacing (1.0 = single) the first level of a shape's text is set with, from the
    slide's own list style or the master's title or body style, when given as a percentage."""
    percent = _first_level_value(shape, master, title, "a:lnSpc", "a:spcPct")
    return percent / 100000 if percent is not None else None


def first_level_space_after(shape: BaseShape, master: SlideMaster, title: bool) -> float:
    """The space in points after each first-level paragraph (`a:spcAft` in points), from the
    slide's own list style or the master's title or body style; 0 when neither gives one."""
    points = _first_level_value(shape, master, title, "a:spcAft", "a:spcPts")
    return points / 100 if points is not None else 0.0


def _first_level_value(
    shape: BaseShape, master: SlideMaster, title: bool, tag: str, unit: str
) -> int | None:
    """`lvl1pPr/<tag>/<unit>/@val` from the shape's own list style, else the master's style."""
    which = "p:titleStyle" if title else "p:bodyStyle"
    for level in (
        shape.element.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}"),
        master.element.find(f"{qn('p:txStyles')}/{qn(which)}/{qn('a:lvl1pPr')}"),
    ):
        found = level.find(f"{qn(tag)}/{qn(unit)}") if level is not None else None
        if found is not None and found.get("val"):
            return int(found.get("val"))
    return None


# -- The package as PowerPoint writes it ----------------------------------------------------------
#
# Readers other than PowerPoint (Keynote above all) depend on parts of the package that
# python-pptx leaves as its template had them; see docs/deck.md for the reports behind each edit.
# Schema order of `p:presentation` (CT_Presentation, ECMA-376 Part 1, 19.2.1.26): sldMasterIdLst,
# notesMasterIdLst, handoutMasterIdLst, sldIdLst, sldSz, notesSz, smartTags, embeddedFontLst,
# custShowLst, photoAlbum, custDataLst, kinsoku, defaultTextStyle, modifyVerifier, extLst.
_AFTER_NOTES_MASTER_LIST = (
    "p:handoutMasterIdLst",
    "p:sldIdLst",
    "p:sldSz",
    "p:notesSz",
)
_AFTER_DEFAULT_TEXT_STYLE = ("p:modifyVerifier", "p:extLst")


@dataclass(frozen=True)
class SlideSize:
    """A slide size PowerPoint offers: EMU, the `p:sldSz/@type` it writes (None: no attribute,
    i.e. "custom") and the name it writes as `PresentationFormat` in docProps/app.xml."""

    width: int
    height: int
    type: str | None
    format: str


# PowerPoint's sizes (ST_SlideSizeType, ECMA-376 Part 1, PresentationML); "Widescreen", PowerPoint
# 2013's default, has no type of its own. Where two share a size, the first is meant.
SLIDE_SIZES = (
    SlideSize(12192000, 6858000, None, "Widescreen"),
    SlideSize(9144000, 5143500, "screen16x9", "On-screen Show (16:9)"),
    SlideSize(9144000, 5715000, "screen16x10", "On-screen Show (16:10)"),
    SlideSize(9144000, 6858000, "screen4x3", "On-screen Show (4:3)"),
    SlideSize(9906000, 6858000, "A4", "A4 Paper (210x297 mm)"),
    SlideSize(10287000, 6858000, "35mm", "35mm Slides"),
    SlideSize(7315200, 914400, "banner", "Banner"),
)
# A size this close to one of PowerPoint's (relative, each side) is that size, off by rounding.
_SIZE_TOLERANCE = 0.001
CUSTOM_FORMAT = "Custom"


def standardize_slide_size(presentation: Presentation) -> SlideSize:
    """Make the slide size exactly PowerPoint's when it is within 0.1 % of one of PowerPoint's
    sizes (python-pptx's widescreen is 12191695 EMU wide, PowerPoint's 12192000), with the
    matching `type`; any other size is kept, marked custom (no `type`), as PowerPoint writes a
    size of its own. Returns the size written."""
    size = presentation._element.find(qn("p:sldSz"))
    width, height = int(size.get("cx")), int(size.get("cy"))
    chosen = next(
        (
            s
            for s in SLIDE_SIZES
            if abs(width - s.width) <= s.width * _SIZE_TOLERANCE
            and abs(height - s.height) <= s.height * _SIZE_TOLERANCE
        ),
        SlideSize(width, height, None, CUSTOM_FORMAT),
    )
    size.set("cx", str(chosen.width))
    size.set("cy", str(chosen.height))
    if chosen.type is None:
        size.attrib.pop("type", None)
    else:
        size.set("type", chosen.type)
    return chosen


def register_notes_master(presentation: Presentation) -> None:
    """List the notes master in `p:notesMasterIdLst`, in schema order, when the package has one.

    python-pptx relates a notes master to the presentation but does not list it (python-pptx
    issue 1051, pull request 1128); Keynote then refuses the file."""
    part = presentation.part
    rIds = [rId for rId, rel in part.rels.items() if rel.reltype == RT.NOTES_MASTER]
    prs = presentation._element
    for old in prs.findall(qn("p:notesMasterIdLst")):
        prs.remove(old)
    if not rIds:
        return
    id_list = parse_xml(
        f'<p:notesMasterIdLst {nsdecls("p", "r")}><p:notesMasterId r:id="{rIds[0]}"/>'
        "</p:notesMasterIdLst>"
    )
    _insert_before(prs, id_list, _AFTER_NOTES_MASTER_LIST)


def set_default_language(presentation: Presentation, language: str) -> None:
    """Make `language` (a BCP 47 tag such as `en-NZ`) the language of every default text style:
    the presentation's (`defaultTextStyle/defPPr/defRPr/@lang`), and every `lang` the masters,
    layouts, notes master and themes carry. Runs on slides and notes are left as they are."""
    prs = presentation._element
    style = prs.find(qn("p:defaultTextStyle"))
    if style is None:
        style = parse_xml(f"<p:defaultTextStyle {nsdecls('p')}/>")
        _insert_before(prs, style, _AFTER_DEFAULT_TEXT_STYLE)
    default = style.find(qn("a:defPPr"))
    if default is None:
        default = parse_xml(f"<a:defPPr {nsdecls('a')}/>")
        style.insert(0, default)
    run = default.find(qn("a:defRPr"))
    if run is None:
        run = parse_xml(f"<a:defRPr {nsdecls('a')}/>")
        default.insert(0, run)
    run.set("lang", language)
    elements = [prs]
    for master in presentation.slide_masters:
        elements.append(master._element)
        elements += [layout._element for layout in master.slide_layouts]
    elements.append(presentation.notes_master._element)
    for element in elements:
        _set_lang(element, language)
    for theme in _theme_parts(presentation):
        tree = parse_xml(theme.blob)
        if _set_lang(tree, language):
            theme.blob = _serialize(tree)


def notes_as_powerpoint_writes_them(slide: Slide, number: int) -> None:
    """Give the slide's notes page the placeholders PowerPoint writes: the notes body as
    `idx="1"` (python-pptx copies the notes master's idx, which other tools read as no notes:
    OfficeCLI issue 403), the slide image without an idx, and the slide number as a field."""
    for shape in slide.notes_slide.placeholders:
        ph = shape._element.ph
        kind = ph.get("type")
        if kind == "body":
            ph.set("idx", "1")
            ph.attrib.pop("sz", None)
        elif kind == "sldImg":
            ph.attrib.pop("idx", None)
        elif kind == "sldNum":
            add_slide_number(shape.text_frame.paragraphs[0], number)


def drop_printer_settings(presentation: Presentation) -> None:
    """Remove the template's printer settings (a Windows printer's binary blob that only
    PowerPoint for Windows reads; Keynote compatibility fixes drop it: anthropics/skills 1167)."""
    part = presentation.part
    for rId in [rId for rId, rel in part.rels.items() if rel.reltype == RT.PRINTER_SETTINGS]:
        part.drop_rel(rId)


# Parts PowerPoint always writes beside the presentation, as PowerPoint writes them when empty.
_VIEW_PROPERTIES = (
    '<p:viewPr xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
    '<p:normalViewPr><p:restoredLeft sz="15620"/><p:restoredTop sz="94660"/></p:normalViewPr>'
    '<p:slideViewPr><p:cSldViewPr><p:cViewPr varScale="1"><p:scale><a:sx n="100" d="100"/>'
    '<a:sy n="100" d="100"/></p:scale><p:origin x="0" y="0"/></p:cViewPr><p:guideLst/>'
    "</p:cSldViewPr></p:slideViewPr><p:notesTextViewPr><p:cViewPr><p:scale>"
    '<a:sx n="100" d="100"/><a:sy n="100" d="100"/></p:scale><p:origin x="0" y="0"/>'
    '</p:cViewPr></p:notesTextViewPr><p:gridSpacing cx="76200" cy="76200"/></p:viewPr>'
)
# PowerPoint's default table style ("Medium Style 2 - Accent 1") and no styles of the deck's own.
_TABLE_STYLES = (
    '<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>'
)
_PRESENTATION_PARTS = (
    (RT.VIEW_PROPS, "/ppt/viewProps.xml", CT.PML_VIEW_PROPS, _VIEW_PROPERTIES),
    (RT.TABLE_STYLES, "/ppt/tableStyles.xml", CT.PML_TABLE_STYLES, _TABLE_STYLES),
)


def ensure_presentation_parts(presentation: Presentation) -> None:
    """Give the presentation the view-properties and table-styles parts PowerPoint always
    writes, when the template has none (LibreOffice writes neither; PowerPoint offers to repair
    a file without view properties)."""
    part = presentation.part
    present = {rel.reltype for rel in part.rels.values()}
    for reltype, name, kind, content in _PRESENTATION_PARTS:
        if reltype not in present:
            data = _serialize(parse_xml(content))
            part.relate_to(OpcPart(PackURI(name), kind, part.package, data), reltype)


def set_package_part(presentation: Presentation, reltype: str, name: str, kind: str, data: bytes):
    """Make `data` (of content type `kind`) the content of the package's part of relationship
    type `reltype` (docProps/app.xml, the thumbnail): the template's part gets it when it has
    that content type; otherwise (none, or e.g. a Windows-metafile thumbnail) the template's
    part is let go and a new one made at `name`."""
    package = presentation.part.package
    try:
        part = package.part_related_by(reltype)
    except KeyError:
        part = None
    if part is not None and part.content_type == kind:
        part.blob = data
        return
    if part is not None:
        rel = next(r for r in package.iter_rels() if r.reltype == reltype and r.target_part is part)
        package.drop_rel(rel.rId)
    package.relate_to(OpcPart(PackURI(name), kind, package, data), reltype)


def package_part_type(presentation: Presentation, reltype: str) -> str | None:
    """The content type of the package's part of relationship type `reltype`, or None."""
    try:
        return presentation.part.package.part_related_by(reltype).content_type
    except KeyError:
        return None


def app_properties_xml(properties: AppProperties) -> bytes:
    """docProps/app.xml (ISO/IEC 29500-1, 22.2: Extended Properties) with the elements and
    order PowerPoint writes, and the titles of parts grouped as PowerPoint groups them."""
    groups = [
        (name, titles)
        for name, titles in (
            ("Fonts Used", properties.fonts),
            ("Theme", properties.themes),
            ("Slide Titles", properties.slide_titles),
        )
        if titles
    ]
    pairs = "".join(
        f"<vt:variant><vt:lpstr>{name}</vt:lpstr></vt:variant>"
        f"<vt:variant><vt:i4>{len(titles)}</vt:i4></vt:variant>"
        for name, titles in groups
    )
    titles = [_escape(t) for _, group in groups for t in group]
    root = parse_xml(
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes">'
        "<TotalTime>0</TotalTime>"
        f"<Words>{properties.words}</Words>"
        f"<Application>{_escape(properties.application)}</Application>"
        f"<PresentationFormat>{_escape(properties.presentation_format)}</PresentationFormat>"
        f"<Paragraphs>{properties.paragraphs}</Paragraphs>"
        f"<Slides>{properties.slides}</Slides>"
        f"<Notes>{properties.notes}</Notes>"
        f"<HiddenSlides>{properties.hidden_slides}</HiddenSlides>"
        "<MMClips>0</MMClips><ScaleCrop>false</ScaleCrop>"
        f'<HeadingPairs><vt:vector size="{2 * len(groups)}" baseType="variant">{pairs}'
        "</vt:vector></HeadingPairs>"
        f'<TitlesOfParts><vt:vector size="{len(titles)}" baseType="lpstr">'
        + "".join(f"<vt:lpstr>{t}</vt:lpstr>" for t in titles)
        + "</vt:vector></TitlesOfParts>"
        "<Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged>"
        f"<AppVersion>{properties.app_version}</AppVersion></Properties>"
    )
    return _serialize(root)


@dataclass(frozen=True)
class AppProperties:
    """What docProps/app.xml says of a deck: counts, its format name, and its titles of parts
    (fonts used, theme names, slide titles, in that order)."""

    slides: int
    notes: int
    hidden_slides: int
    words: int
    paragraphs: int
    presentation_format: str
    fonts: list[str]
    themes: list[str]
    slide_titles: list[str]
    application: str
    app_version: str


def fonts_used(presentation: Presentation) -> list[str]:
    """The typefaces the deck's text can be set in, sorted: the masters' theme fonts (heading
    and body, Latin) and every typeface a master, layout or slide names outright."""
    names: set[str] = set()
    for theme in _theme_parts(presentation, notes=False):
        tree = parse_xml(theme.blob)
        for which in ("a:majorFont", "a:minorFont"):
            latin = tree.find(f".//{qn(which)}/{qn('a:latin')}")
            if latin is not None and latin.get("typeface"):
                names.add(latin.get("typeface"))
    elements = [slide._element for slide in presentation.slides]
    for master in presentation.slide_masters:
        elements.append(master._element)
        elements += [layout._element for layout in master.slide_layouts]
    for element in elements:
        for latin in element.iter(qn("a:latin")):
            face = latin.get("typeface", "")
            if face and not face.startswith("+"):
                names.add(face)
    return sorted(names)


def theme_names(presentation: Presentation) -> list[str]:
    """The names of the slide masters' themes (`a:theme/@name`), in master order, once each."""
    names: list[str] = []
    for theme in _theme_parts(presentation, notes=False):
        name = parse_xml(theme.blob).get("name") or "Office Theme"
        if name not in names:
            names.append(name)
    return names


def theme_colours(presentation: Presentation) -> dict[str, str]:
    """The first master's theme colours by scheme name (`dk1`, `lt1`, `accent1`, ...) as
    `#RRGGBB` (a system colour counts as the colour it was last saved with)."""
    tree = parse_xml(_theme_parts(presentation, notes=False)[0].blob)
    scheme = tree.find(f".//{qn('a:clrScheme')}")
    colours: dict[str, str] = {}
    for slot in scheme if scheme is not None else []:
        if not isinstance(slot.tag, str):
            continue
        name = etree.QName(slot).localname
        for colour in slot:
            value = colour.get("val") if colour.tag == qn("a:srgbClr") else colour.get("lastClr")
            if rgb := theme_rgb(value):
                colours[name] = rgb
    return colours


def is_hidden(slide: Slide) -> bool:
    """Whether the slide is hidden in the slide show (`p:sld/@show="0"`)."""
    return slide._element.get("show") in ("0", "false")


def _theme_parts(presentation: Presentation, notes: bool = True) -> list:
    parts = [master.part.part_related_by(RT.THEME) for master in presentation.slide_masters]
    if notes:
        parts.append(presentation.notes_master.part.part_related_by(RT.THEME))
    unique = []
    for part in parts:
        if part not in unique:
            unique.append(part)
    return unique


def _set_lang(element, language: str) -> bool:
    changed = False
    for node in element.iter():
        if node.get("lang") is not None and node.get("lang") != language:
            node.set("lang", language)
            changed = True
    return changed


def _insert_before(parent, child, followers: tuple[str, ...]) -> None:
    for tag in followers:
        follower = parent.find(qn(tag))
        if follower is not None:
            follower.addprevious(child)
            return
    parent.append(child)


def _serialize(element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---- Languages, scripts and direction ------------------------------------------------------
# `a:rPr` children, in schema order (ECMA-376 Part 1, 21.1.2.3.9): ln, fills, effects,
# highlight, uLnTx/uLn, uFillTx/uFill, latin, ea, cs, sym, hlinkClick, hlinkMouseOver, rtl,
# extLst. `a:pPr` carries `rtl` and `algn` as attributes.


_AFTER_SCRIPT_FONTS = ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")


def set_language(paragraph: _Paragraph, lang: str) -> None:
    """Mark every run, field and the paragraph's end with the language `lang` (a BCP 47 tag:
    spelling, hyphenation and the voice a screen reader uses)."""
    p = paragraph._p
    for run in [*p.findall(qn("a:r")), *p.findall(qn("a:fld"))]:
        properties = run.find(qn("a:rPr"))
        if properties is None:
            properties = parse_xml(f"<a:rPr {nsdecls('a')}/>")
            run.insert(0, properties)
        properties.set("lang", lang)
    end = p.find(qn("a:endParaRPr"))
    if end is not None:
        end.set("lang", lang)


def name_script_fonts(paragraph: _Paragraph, heading: bool) -> None:
    """Name the theme's East Asian and complex-script fonts on every run (`+mj-ea`/`+mj-cs` for
    a heading, `+mn-ea`/`+mn-cs` for body text), beside whatever Latin font the run has."""
    which = "mj" if heading else "mn"
    for run in paragraph._p.findall(qn("a:r")):
        properties = run.get_or_add_rPr()
        for tag, ref in (("a:ea", f"+{which}-ea"), ("a:cs", f"+{which}-cs")):
            if properties.find(qn(tag)) is not None:
                continue
            element = parse_xml(f'<{tag} {nsdecls("a")} typeface="{ref}"/>')
            followers = ("a:cs", *_AFTER_SCRIPT_FONTS) if tag == "a:ea" else _AFTER_SCRIPT_FONTS
            _insert_before(properties, element, followers)


def set_right_to_left(paragraph: _Paragraph) -> None:
    """Make the paragraph read right to left (`rtl="1"`: bullets, punctuation and brackets take
    their right-to-left places) and align it right."""
    properties = paragraph._p.get_or_add_pPr()
    properties.set("rtl", "1")
    properties.set("algn", "r")


def align_right(paragraph: _Paragraph) -> None:
    """Align the paragraph right without changing its direction (an attribution under a
    right-to-left quote)."""
    paragraph._p.get_or_add_pPr().set("algn", "r")


def complete_theme_fonts(
    presentation: Presentation, east_asian: str, complex_script: str, scripts: dict[str, str]
) -> None:
    """Where the template's theme leaves the East Asian or complex-script font empty, name
    `east_asian` and `complex_script`, and add a font per script (`scripts`: ISO 15924 code ->
    family, e.g. Jpan -> Yu Gothic) that the theme does not list. A theme's own choices stay."""
    for theme in _theme_parts(presentation, notes=False):
        tree = parse_xml(theme.blob)
        changed = False
        for which in ("a:majorFont", "a:minorFont"):
            fonts = tree.find(f".//{qn(which)}")
            if fonts is None:
                continue
            for tag, family in (("a:ea", east_asian), ("a:cs", complex_script)):
                element = fonts.find(qn(tag))
                if element is not None and not element.get("typeface"):
                    element.set("typeface", family)
                    changed = True
            listed = {f.get("script") for f in fonts.findall(qn("a:font"))}
            for script, family in scripts.items():
                if script not in listed:
                    element = parse_xml(
                        f'<a:font {nsdecls("a")} script="{script}" typeface="{family}"/>'
                    )
                    _insert_before(fonts, element, ("a:extLst",))
                    changed = True
        if changed:
            theme.blob = _serialize(tree)


# ---- Native charts -------------------------------------------------------------------------
# `c:catAx` children after the label offset, in schema order (ECMA-376 Part 1, 21.2.2.25):
# lblAlgn, lblOffset, tickLblSkip, tickMarkSkip, noMultiLvlLbl, extLst. `c:dLbls` starts with
# its `c:dLbl` children, one per point, in the order of their `c:idx` (21.2.2.49).

_AFTER_TICK_LABEL_SKIP = ("c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")


def label_every_category(axis) -> None:
    """Show every category's label on a chart's category axis (`axis`: python-pptx's
    `CategoryAxis`), horizontal: `c:tickLblSkip` 1 (no label skipped however crowded) and the
    labels' `a:bodyPr rot="0"`, so PowerPoint and LibreOffice wrap a long label on word
    boundaries instead of turning it 45 degrees and squeezing the plot."""
    element = axis._element
    if element.tag == qn("c:catAx"):
        skip = element.find(qn("c:tickLblSkip"))
        if skip is None:
            skip = parse_xml(f'<c:tickLblSkip {nsdecls("c")} val="1"/>')
            _insert_before(element, skip, _AFTER_TICK_LABEL_SKIP)
        skip.set("val", "1")
    body = element.get_or_add_txPr().find(qn("a:bodyPr"))
    body.set("rot", "0")
    body.set("vert", "horz")


def hide_data_labels(series, indexes: list[int]) -> None:
    """Hide the data labels of the points at `indexes` of a chart series (python-pptx's series,
    whose `data_labels` were set): a `c:dLbl` with `c:delete` for each, as PowerPoint writes
    when one label is deleted (an empty stack part or pie slice has no "0" on it)."""
    labels = series._element.find(qn("c:dLbls"))
    if labels is None:
        return
    for index in sorted(indexes, reverse=True):
        made = parse_xml(
            f'<c:dLbl {nsdecls("c")}><c:idx val="{index}"/><c:delete val="1"/></c:dLbl>'
        )
        labels.insert(0, made)


def value_axis_at_last_category(chart) -> None:
    """Cross a chart's category axis with its value axis at the last category (`c:crosses`
    `max` on `c:valAx`: Excel's "at maximum category"): horizontal bars listed from the top
    (category order reversed) keep their value axis at the bottom."""
    for axis in chart._chartSpace.findall(f".//{qn('c:valAx')}"):
        crosses = axis.find(qn("c:crosses"))
        if crosses is not None:
            crosses.set("val", "max")


def fill_chart_area(chart, color: str) -> None:
    """Fill a chart's whole area with `color` (`#RRGGBB`): a `c:spPr` with a solid fill on
    `c:chartSpace`, after `c:chart` (21.2.2.29), so the chart reads on a dark slide as the
    pictures (drawn on the style's background) do."""
    space = chart._chartSpace
    old = space.find(qn("c:spPr"))
    if old is not None:
        space.remove(old)
    fill = parse_xml(
        f'<c:spPr {nsdecls("c", "a")}><a:solidFill><a:srgbClr val="{color.lstrip("#").upper()}"/>'
        "</a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>"
    )
    space.find(qn("c:chart")).addnext(fill)
