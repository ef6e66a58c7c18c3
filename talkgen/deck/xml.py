"""The few edits of slide XML that python-pptx has no API for, kept in one place.

Everything else in the deck goes through python-pptx's objects. Schema orders we depend on:

- `p:sld`: cSld, clrMapOvr, transition, timing, extLst (ECMA-376 Part 1, 19.3.1.38). A
  `p:transition` anywhere else makes PowerPoint offer to repair the file.
- `p:cNvPr`: the `descr` attribute is a picture's alt text (what screen readers announce).
- `a:p`: pPr, then runs and fields (`a:r`, `a:fld`), then endParaRPr.
"""

from __future__ import annotations

from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.presentation import Presentation
from pptx.shapes.base import BaseShape
from pptx.slide import Slide, SlideMaster
from pptx.text.text import _Paragraph

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
    for tag in _AFTER_TRANSITION:
        follower = sld.find(qn(tag))
        if follower is not None:
            follower.addprevious(transition)
            return
    sld.append(transition)


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
        f'<a:rPr lang="en-US"/><a:t>{number}</a:t></a:fld>'
    )
    end = p.find(qn("a:endParaRPr"))
    if end is not None:
        end.addprevious(field)
    else:
        p.append(field)


def set_no_bullet(paragraph: _Paragraph) -> None:
    """Show the paragraph without a bullet and without the bullet's hanging indent."""
    pPr = paragraph._p.get_or_add_pPr()
    pPr.set("marL", "0")
    pPr.set("indent", "0")
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
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

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
    placeholder: its own list style, else the master's title or body style, if either gives one."""
    run = placeholder.element.find(
        f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"
    )
    if run is not None and run.get("sz"):
        return int(run.get("sz")) / 100
    which = "p:titleStyle" if title else "p:bodyStyle"
    run = master.element.find(f"{qn('p:txStyles')}/{qn(which)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    if run is not None and run.get("sz"):
        return int(run.get("sz")) / 100
    return None


def remove_all_slides(presentation: Presentation) -> None:
    """Drop the slides a template file came with (sample slides), keeping masters and layouts."""
    id_list = presentation.slides._sldIdLst
    for slide_id in list(id_list):
        presentation.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


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
