"""Build `default.pptx`, talkgen's own slide template, from `style.yaml`.

Run it after changing the palette, the fonts or a layout:

    python talkgen/templates/build_default_template.py

The result is reproducible (same style file, same bytes), so a change to the template shows up
in review as a change to this script and `style.yaml`. The file is python-pptx's blank template
made 16:9, with its theme colours and fonts taken from `style.yaml` and its eleven layouts
redrawn and renamed, one per slide kind:

    Title, Agenda, Text, Method, Themes overview, Theme, Quote, Chart, Image, Conclusion, Contact

Every layout except Title carries a footer (the event) and a slide number. Placeholders that the
deck builder looks for by name: Body, Byline, Picture, Caption, Quote, Attribution.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.util import Emu, Inches

from talkgen.deck.package import save_presentation
from talkgen.style import TEMPLATES, Style, load_style

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}
DECLS = f'xmlns:a="{NS["a"]}" xmlns:p="{NS["p"]}"'
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.7)
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
TOP, BOTTOM = Inches(1.85), Inches(6.6)  # the content area between the title and the footer


@dataclass(frozen=True)
class Box:
    """A placeholder's position and size in EMU."""

    x: int
    y: int
    w: int
    h: int


@dataclass(frozen=True)
class Ph:
    """A placeholder on a layout: its kind, role name, box and the look of its text."""

    type: str  # title, ctrTitle, subTitle, body, pic, ftr, sldNum
    name: str
    idx: int | None
    box: Box | None
    size: float | None = None
    color: str | None = None
    bold: bool = False
    italic: bool = False
    align: str = "l"
    anchor: str = "t"
    bullets: bool = False
    fill: str | None = None
    insets: tuple[int, int, int, int] | None = None  # left, top, right, bottom
    prompt: str = ""


def _color(hex_value: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{hex_value.lstrip("#").upper()}"/></a:solidFill>'


def _run_props(ph: Ph) -> str:
    attrs = ""
    if ph.size:
        attrs += f' sz="{round(ph.size * 100)}"'
    if ph.bold:
        attrs += ' b="1"'
    if ph.italic:
        attrs += ' i="1"'
    fill = _color(ph.color) if ph.color else ""
    font = '<a:latin typeface="+mn-lt"/>' if ph.type in ("ftr", "sldNum") else ""
    return f"<a:defRPr{attrs}>{fill}{font}</a:defRPr>"


def _placeholder_xml(shape_id: int, ph: Ph, style: Style) -> str:
    idx = f' idx="{ph.idx}"' if ph.idx is not None else ""
    sz = ' sz="quarter"' if ph.type in ("ftr", "sldNum") else ""
    geometry = ""
    if ph.box:
        b = ph.box
        geometry = (
            f'<a:xfrm><a:off x="{b.x}" y="{b.y}"/><a:ext cx="{b.w}" cy="{b.h}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        )
    fill = _color(ph.fill) if ph.fill else ""
    insets = ""
    if ph.insets is not None:
        insets = "".join(
            f' {side}Ins="{value}"' for side, value in zip("ltrb", ph.insets, strict=True)
        )
    body_pr = f'<a:bodyPr anchor="{ph.anchor}"{insets} wrap="square"><a:noAutofit/></a:bodyPr>'
    bullet = "" if ph.bullets else "<a:buNone/>"
    indent = "" if ph.bullets else ' marL="0" indent="0"'
    level = (
        f'<a:lvl1pPr algn="{ph.align}"{indent}>{bullet}{_run_props(ph)}</a:lvl1pPr>'
        if ph.type not in ("pic",)
        else ""
    )
    if ph.type == "sldNum":
        text = (
            '<a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum">'
            '<a:rPr lang="en-US"/><a:t>‹#›</a:t></a:fld>'
        )
    else:
        text = (
            f'<a:r><a:rPr lang="en-US"/><a:t>{escape(ph.prompt)}</a:t></a:r>' if ph.prompt else ""
        )
    return (
        f'<p:sp {DECLS}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{escape(ph.name)}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f'<p:nvPr><p:ph type="{ph.type}"{sz}{idx}/></p:nvPr></p:nvSpPr>'
        f"<p:spPr>{geometry}{fill}</p:spPr>"
        f"<p:txBody>{body_pr}<a:lstStyle>{level}</a:lstStyle><a:p>{text}</a:p></p:txBody></p:sp>"
    )


def _decoration_xml(
    shape_id: int, name: str, box: Box, fill: str, text: str = "", size: float = 0, color: str = ""
) -> str:
    """A shape drawn on a master or layout: part of the look, never read as content."""
    run = ""
    if text:
        run = (
            f'<a:r><a:rPr lang="en-US" sz="{round(size * 100)}">{_color(color)}'
            f'<a:latin typeface="+mj-lt"/></a:rPr><a:t>{escape(text)}</a:t></a:r>'
        )
    return (
        f'<p:sp {DECLS}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{escape(name)}"/><p:cNvSpPr/>'
        f"<p:nvPr/></p:nvSpPr><p:spPr>"
        f'<a:xfrm><a:off x="{box.x}" y="{box.y}"/><a:ext cx="{box.w}" cy="{box.h}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{_color(fill) if fill else "<a:noFill/>"}'
        f'<a:ln><a:noFill/></a:ln></p:spPr><p:txBody><a:bodyPr lIns="0" tIns="0" rIns="0" '
        f'bIns="0" anchor="t"><a:noAutofit/></a:bodyPr><a:lstStyle/><a:p>{run}</a:p></p:txBody>'
        f"</p:sp>"
    )


def _footer(style: Style) -> list[Ph]:
    muted = style.colors.muted
    y, h = Inches(6.85), Inches(0.45)
    return [
        Ph("ftr", "Footer", 11, Box(MARGIN, y, Inches(9), h), 14, muted, anchor="ctr"),
        Ph(
            "sldNum",
            "Slide Number",
            12,
            Box(SLIDE_WIDTH - MARGIN - Inches(1.5), y, Inches(1.5), h),
            14,
            muted,
            align="r",
            anchor="ctr",
        ),
    ]


def _in(x: float, y: float, w: float, h: float) -> Box:
    """A box given in inches."""
    return Box(Inches(x), Inches(y), Inches(w), Inches(h))


def _layouts(style: Style) -> list[tuple[str, str | None, list[Ph], list[str]]]:
    """Each layout: (name, background colour, placeholders, decorations). Inches throughout: the
    slide is 13.333 x 7.5, margins 0.7, titles above 1.5, content 1.85 to 6.6, footer at 6.85."""
    c, s = style.colors, style.sizes
    white, light, muted, text = c.accent_text, c.light, c.muted, c.text
    pad = Inches(0.35)
    footer = _footer(style)
    title = Ph("title", "Title", None, None, anchor="b", prompt="Slide title")
    body = Ph(
        "body",
        "Body",
        1,
        _in(0.7, 1.85, 11.933, 4.75),
        bullets=True,
        prompt="One idea, a few words",
    )
    # Charts are drawn for a 12.3 in wide area (talkgen.charts.look); give them all of it.
    picture = Ph("pic", "Picture", 14, _in(0.5, 1.75, 12.333, 4.5), prompt="Chart")
    caption = Ph("body", "Caption", 15, _in(0.7, 6.25, 11.933, 0.55), 20, muted, prompt="Caption")
    # fmt: off
    return [
        ("Title", c.accent, [
            Ph("ctrTitle", "Title", None, _in(0.9, 1.5, 11.5, 2.3), 54, white, bold=True,
               anchor="b", prompt="Talk title"),
            Ph("subTitle", "Subtitle", 1, _in(0.9, 3.95, 11.5, 1.3), 28, white, prompt="Subtitle"),
            Ph("body", "Byline", 13, _in(0.9, 5.45, 11.5, 1.3), 22, white,
               prompt="Speaker · event · date"),
        ], [_decoration_xml(90, "Rule", _in(1.0, 3.85, 1.6, 0.06), white)]),
        ("Agenda", None, [title, body, *footer], []),
        ("Text", None, [title, body, *footer], []),
        ("Method", None, [
            title,
            Ph("body", "Body", 1, _in(0.7, 1.85, 4.5, 4.75), bullets=True,
               prompt="How the study was done"),
            Ph("pic", "Picture", 14, _in(5.4, 1.85, 7.433, 4.75), prompt="Chart"),
            *footer,
        ], []),
        ("Themes overview", None, [title, picture, caption, *footer], []),
        ("Theme", None, [
            title,
            Ph("body", "Body", 1, _in(0.7, 1.85, 6.0, 4.75), bullets=True,
               prompt="Two or three short lines"),
            # Quote and attribution tile one panel; the deck centres the pair inside it.
            Ph("body", "Quote", 16, _in(7.0, 1.85, 5.633, 3.0), s.quote - 8, text, italic=True,
               anchor="b", fill=light, insets=(pad, pad, pad, Inches(0.08)), prompt="Quote"),
            Ph("body", "Attribution", 17, _in(7.0, 4.85, 5.633, 0.9), s.attribution, muted,
               fill=light, insets=(pad, Inches(0.12), pad, pad), prompt="Participant"),
            *footer,
        ], []),
        ("Quote", light, [
            Ph("title", "Title", None, _in(0.7, -1.6, 11.933, 1.1),
               prompt="Title (kept above the slide for screen readers)"),
            Ph("body", "Quote", 16, _in(1.9, 1.0, 9.9, 4.45), s.quote, text, anchor="b",
               insets=(Inches(0.1), Inches(0.05), Inches(0.1), Inches(0.08)), prompt="Quote"),
            Ph("body", "Attribution", 17, _in(1.9, 5.45, 9.9, 0.85), s.attribution + 2, muted,
               insets=(Inches(0.1), Inches(0.12), Inches(0.1), Inches(0.05)),
               prompt="Participant"),
            *footer,
        ], [_decoration_xml(91, "Quotation mark", _in(0.75, 1.2, 1.2, 1.8), "", "“", 160,
                            c.accent)]),
        ("Chart", None, [title, picture, caption, *footer], []),
        ("Image", None, [
            title, Ph("pic", "Picture", 14, picture.box, prompt="Image"), caption, *footer,
        ], []),
        ("Conclusion", None, [title, body, *footer], []),
        ("Contact", None, [
            title,
            Ph("body", "Body", 1, _in(0.7, 1.85, 7.6, 4.75), 28, prompt="How to reach you"),
            Ph("pic", "Picture", 14, _in(9.45, 1.85, 3.0, 3.0), prompt="QR code"),
            Ph("body", "Caption", 15, _in(8.35, 4.95, 4.9, 1.4), 20, muted, align="ctr",
               prompt="Slides and handout"),
            *footer,
        ], []),
    ]
    # fmt: on


def _master_styles(style: Style) -> str:
    c, s = style.colors, style.sizes
    spacing = '<a:spcBef><a:spcPts val="{}"/></a:spcBef>'
    levels = ""
    for level, (margin, size) in enumerate([(0.4, s.body), (0.8, s.body_min)], 1):
        levels += (
            f'<a:lvl{level}pPr marL="{Inches(margin)}" indent="-{Inches(0.4)}" algn="l">'
            f"{spacing.format(round(size * 50))}"
            f'<a:buClr><a:srgbClr val="{c.accent.lstrip("#")}"/></a:buClr>'
            f'<a:buFont typeface="Arial"/><a:buChar char="•"/>'
            f'<a:defRPr sz="{round(size * 100)}">{_color(c.text)}<a:latin typeface="+mn-lt"/>'
            f"</a:defRPr></a:lvl{level}pPr>"
        )
    return (
        f'<p:txStyles {DECLS}><p:titleStyle><a:lvl1pPr algn="l"><a:lnSpc><a:spcPct val="90000"/>'
        f'</a:lnSpc><a:spcBef><a:spcPts val="0"/></a:spcBef><a:buNone/>'
        f'<a:defRPr sz="{round(s.title * 100)}" b="1">{_color(c.accent)}'
        f'<a:latin typeface="+mj-lt"/></a:defRPr></a:lvl1pPr></p:titleStyle>'
        f"<p:bodyStyle>{levels}</p:bodyStyle>"
        f'<p:otherStyle><a:lvl1pPr><a:defRPr sz="1800">{_color(c.text)}'
        f'<a:latin typeface="+mn-lt"/></a:defRPr></a:lvl1pPr></p:otherStyle></p:txStyles>'
    )


def _background(hex_value: str | None) -> str:
    if not hex_value:
        return ""
    return f"<p:bg {DECLS}><p:bgPr>{_color(hex_value)}<a:effectLst/></p:bgPr></p:bg>"


def _replace_tree(cSld: etree._Element, shapes: list[str], background: str) -> None:
    tree = cSld.find("p:spTree", NS)
    for child in list(tree)[2:]:  # keep nvGrpSpPr and grpSpPr
        tree.remove(child)
    for xml in shapes:
        tree.append(parse_xml(xml))
    old = cSld.find("p:bg", NS)
    if old is not None:
        cSld.remove(old)
    if background:
        cSld.insert(0, parse_xml(background))


def _theme(blob: bytes, style: Style) -> bytes:
    theme = etree.fromstring(blob)
    c, p = style.colors, style.palette
    slots = [
        ("dk1", c.text),
        ("lt1", c.background),
        ("dk2", c.accent),
        ("lt2", c.light),
        *[(f"accent{i + 1}", p[i]) for i in range(6)],
        ("hlink", c.accent),
        ("folHlink", c.muted),
    ]
    scheme = theme.find(".//a:clrScheme", NS)
    scheme.set("name", "talkgen")
    for child in list(scheme):
        scheme.remove(child)
    for slot, value in slots:
        scheme.append(
            parse_xml(
                f'<a:{slot} {DECLS}><a:srgbClr val="{value.lstrip("#").upper()}"/></a:{slot}>'
            )
        )
    fonts = theme.find(".//a:fontScheme", NS)
    fonts.set("name", "talkgen")
    for child in list(fonts):
        fonts.remove(child)
    for which in ("majorFont", "minorFont"):
        fonts.append(
            parse_xml(
                f'<a:{which} {DECLS}><a:latin typeface="{style.fonts.deck}"/>'
                f'<a:ea typeface=""/><a:cs typeface=""/></a:{which}>'
            )
        )
    theme.set("name", "talkgen")
    return etree.tostring(theme, xml_declaration=True, encoding="UTF-8", standalone=True)


def build_template(style: Style) -> Presentation:
    """The default template as a python-pptx presentation (no slides)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
    prs.element.find("p:sldSz", NS).set("type", "custom")
    master = prs.slide_master
    theme_part = master.part.part_related_by(RT.THEME)
    theme_part._blob = _theme(theme_part.blob, style)

    c = style.colors
    master_shapes = [
        Ph(
            "title",
            "Title",
            None,
            Box(MARGIN, Inches(0.35), CONTENT_WIDTH, Inches(1.15)),
            anchor="b",
            prompt="Slide title",
        ),
        Ph(
            "body",
            "Body",
            1,
            Box(MARGIN, TOP, CONTENT_WIDTH, BOTTOM - TOP),
            bullets=True,
            prompt="Text",
        ),
        *_footer(style),
    ]
    shapes = [_placeholder_xml(i + 2, ph, style) for i, ph in enumerate(master_shapes)]
    shapes.append(
        _decoration_xml(
            20,
            "Accent rule",
            Box(MARGIN + Inches(0.08), Inches(1.58), Inches(1.2), Inches(0.07)),
            c.accent,
        )
    )
    _replace_tree(master.element.find("p:cSld", NS), shapes, _background(c.background))
    old_styles = master.element.find("p:txStyles", NS)
    master.element.replace(old_styles, parse_xml(_master_styles(style)))

    for layout, (name, background, placeholders, decorations) in zip(
        master.slide_layouts, _layouts(style), strict=True
    ):
        element = layout.element
        element.find("p:cSld", NS).set("name", name)
        element.set("type", "title" if name == "Title" else "obj")
        if name not in ("Title", "Text", "Agenda", "Conclusion"):
            element.attrib.pop("type")
        shapes = decorations + [
            _placeholder_xml(i + 2, ph, style) for i, ph in enumerate(placeholders)
        ]
        _replace_tree(element.find("p:cSld", NS), shapes, _background(background))
        if name in ("Title", "Quote"):
            element.set("showMasterSp", "0")  # the accent rule belongs under visible titles

    core = prs.core_properties
    core.title = "talkgen default template"
    core.author = core.last_modified_by = "talkgen"
    core.comments = "Built by talkgen/templates/build_default_template.py from style.yaml"
    return prs


def main(argv: list[str]) -> int:
    """Write the template to the path given (default: templates/default.pptx)."""
    target = Path(argv[1]) if len(argv) > 1 else TEMPLATES / "default.pptx"
    save_presentation(build_template(load_style()), target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
