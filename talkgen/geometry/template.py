"""Reading a template: open a .pptx/.potx/.pptm, and describe its layouts as plain values.

The geometry stage decides from these descriptions alone (no python-pptx objects leave this
module): which placeholders each layout has and where, which of the master's footer, date and
slide-number placeholders it lacks, and which pictures and shapes of the design are in the way.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree
from pptx import Presentation as open_pptx
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.presentation import Presentation
from pptx.slide import SlideLayout

from talkgen import limits
from talkgen.errors import Problem, TalkgenError
from talkgen.geometry.rect import Rect
from talkgen.inputs import InputError, check_zip, read_bytes

# A template's main part as each kind of file declares it, and as a .pptx must (ECMA-376 Part 1,
# 13.3.6; [MS-PPTX] for the macro-enabled kinds). A .potx or .pptm is opened as a presentation by
# rewriting this one declaration in [Content_Types].xml; the macros are never carried over.
PRESENTATION_MAIN = (
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
OTHER_MAINS = (
    b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    b"application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    b"application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
    b"application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
)
# The relationship from a .pptm's presentation part to its macros ([MS-OFFMACRO2]).
VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
# A picture or shape covering this share of the slide is the background, not something in the way.
BACKGROUND_SHARE = 0.8
# The slide sizes PowerPoint allows (EMU): 1 to 56 inches a side (ECMA-376 Part 1, 19.7.16).
SLIDE_SIZE_MIN, SLIDE_SIZE_MAX = 914_400, 51_206_400
# What a placeholder's `p:ph` may say (ECMA-376 Part 1, 19.3.1.36 and 19.7.10-19.7.12): python-pptx
# reads these only when it copies the placeholder onto a slide, so they are checked up front.
_PH_ORIENT = {"horz", "vert"}
_PH_SIZE = {"full", "half", "quarter"}
_PH_IDX_MAX = 4_294_967_295

_TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
_FOOTER_TYPES = {
    PP_PLACEHOLDER.FOOTER: "footer",
    PP_PLACEHOLDER.SLIDE_NUMBER: "number",
    PP_PLACEHOLDER.DATE: "date",
}
_FOOTER_KINDS = ("footer", "number", "date")
_KINDS = {
    PP_PLACEHOLDER.SUBTITLE: "subtitle",
    PP_PLACEHOLDER.PICTURE: "picture",
    PP_PLACEHOLDER.BITMAP: "picture",
    PP_PLACEHOLDER.CHART: "picture",
    PP_PLACEHOLDER.MEDIA_CLIP: "picture",
    PP_PLACEHOLDER.BODY: "text",
    PP_PLACEHOLDER.OBJECT: "text",
    PP_PLACEHOLDER.TABLE: "text",
}


@dataclass(frozen=True)
class Placeholder:
    """One placeholder of a layout: its position in the layout's list of placeholders
    (`ordinal`), what it holds (`title`, `subtitle`, `text`, `picture`, `footer`, `number`,
    `date`, `other`), its name, box, and whether its first level shows bullets."""

    ordinal: int
    kind: str
    name: str
    box: Rect
    center_title: bool = False


@dataclass(frozen=True)
class LayoutInfo:
    """A layout of the template: where it is (master and layout index), its name, its
    placeholders, the master's footer placeholders it lacks, and the pictures and shapes of its
    design (its own, and the master's where the layout shows them) that content keeps clear of."""

    master: int
    index: int
    name: str
    placeholders: tuple[Placeholder, ...]
    master_footers: tuple[Placeholder, ...]
    decorations: tuple[Rect, ...]
    master_title: Placeholder | None = None
    master_body: Placeholder | None = None

    def of_kind(self, *kinds: str) -> list[Placeholder]:
        """Its placeholders of the given kinds, in reading order (top to bottom, left to right)."""
        found = [p for p in self.placeholders if p.kind in kinds]
        return sorted(found, key=lambda p: (p.box.top // 45720, p.box.left))


@dataclass(frozen=True)
class TemplateInfo:
    """What the geometry stage knows of a template: the slide size (EMU), every layout, and the
    look the charts take from it: the theme's accent colours 1–6 (`#RRGGBB`) and the font its
    body text is set in."""

    path: Path
    width: int
    height: int
    layouts: tuple[LayoutInfo, ...]
    accents: tuple[str, ...] = ()
    body_font: str | None = None


def open_template(path: Path) -> Presentation:
    """The template at `path` (.pptx, .potx, .pptm or .potm) as a presentation, its macros
    (if any) dropped. `TalkgenError` saying what to do when it is missing or unreadable."""
    if not path.is_file():
        raise TalkgenError(
            Problem(
                path,
                None,
                "no such template file",
                "give --template a .pptx or .potx file, or leave it out to use ours",
            )
        )
    check_zip(path, limits.PPTX_PART, limits.PPTX_TOTAL, "template")
    try:
        presentation = open_pptx(io.BytesIO(_as_presentation(read_bytes(path, limits.PPTX_FILE))))
        list(presentation.slide_masters)  # damaged masters fail here, not in the middle of a build
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-pptx raises many types for foreign files
        raise TalkgenError(
            Problem(
                path,
                None,
                "not a PowerPoint presentation or template python-pptx can read "
                f"({str(exc)[:200]})",
                "save it from PowerPoint or LibreOffice as .pptx or .potx (not .ppt or .odp)",
            )
        ) from exc
    part = presentation.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == VBA_PROJECT:
            part.drop_rel(rel_id)
    return presentation


def _as_presentation(package: bytes) -> bytes:
    """The package with its main part declared as a presentation (a .potx or .pptm declares a
    template or a macro-enabled one); other members unchanged. Not a zip: returned as given."""
    try:
        source = zipfile.ZipFile(io.BytesIO(package))
    except zipfile.BadZipFile:
        return package
    with source:
        types = (
            source.read("[Content_Types].xml")
            if "[Content_Types].xml" in source.namelist()
            else b""
        )
        if not any(main in types for main in OTHER_MAINS):
            return package
        for main in OTHER_MAINS:
            types = types.replace(main, PRESENTATION_MAIN)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for member in source.infolist():
                if member.filename == "[Content_Types].xml":
                    target.writestr(member, types)
                elif not member.filename.endswith("vbaProject.bin"):
                    target.writestr(member, source.read(member.filename))
    return out.getvalue()


def describe_template(presentation: Presentation, path: Path) -> TemplateInfo:
    """Every layout of every master of the template, as plain values. `TalkgenError` naming the
    part when the slide size is outside what PowerPoint allows, or a master, layout, placeholder
    or the theme is damaged (python-pptx then fails in many ways, some only once the deck is
    built: the attributes it reads lazily are checked here)."""
    reading = ["the list of its masters"]  # the part being read, for the message
    try:
        return _describe(presentation, path, reading)
    except TalkgenError:
        raise
    except Exception as exc:  # noqa: BLE001 - python-pptx raises many types for foreign files
        raise TalkgenError(
            Problem(
                path,
                None,
                f"{reading[-1]} is damaged ({type(exc).__name__}: {str(exc)[:200]})",
                "open the template in PowerPoint or LibreOffice and save it again, or use "
                "another template",
            )
        ) from exc


def _describe(presentation: Presentation, path: Path, reading: list[str]) -> TemplateInfo:
    width, height = _slide_size(presentation, path)
    layouts = []
    for m, master in enumerate(presentation.slide_masters):
        reading.append(f"master {m + 1} of the template")
        master_places = _placeholders(master.placeholders)
        master_footers = [p for p in master_places if p.kind in ("footer", "number", "date")]
        master_title = next((p for p in master_places if p.kind == "title"), None)
        master_body = next((p for p in master_places if p.kind == "text"), None)
        master_art = _decorations(master.shapes, width, height)
        for i, layout in enumerate(master.slide_layouts):
            reading.append(f"layout {i + 1} of master {m + 1} of the template")
            places = _placeholders(layout.placeholders)
            own = {p.kind for p in places}
            lacking = tuple(p for p in master_footers if p.kind not in own)
            art = _decorations(layout.shapes, width, height)
            if _shows_master_shapes(layout):
                art += master_art
            layouts.append(
                LayoutInfo(
                    m,
                    i,
                    layout.name,
                    tuple(places),
                    lacking,
                    tuple(art),
                    master_title,
                    master_body,
                )
            )
    if not layouts:
        raise TalkgenError(
            Problem(
                path,
                None,
                "the template has no slide layouts",
                "use another template, or add layouts in PowerPoint's Slide Master view",
            )
        )
    reading.append("its theme (the part that names its colours and fonts)")
    theme = _theme(presentation)
    accents = _accents(theme)
    return TemplateInfo(
        path, width, height, tuple(_onto_masters(layouts)), accents, _body_font(presentation, theme)
    )


def _slide_size(presentation: Presentation, path: Path) -> tuple[int, int]:
    """The slide's width and height (EMU). `TalkgenError` when missing or outside the range
    PowerPoint allows (ST_SlideSizeCoordinate, ECMA-376 Part 1, 19.7.16: 1 to 56 inches)."""
    width, height = presentation.slide_width, presentation.slide_height
    if width is None or height is None:
        raise TalkgenError(
            Problem(
                path,
                None,
                "the template does not say how big its slides are (no p:sldSz)",
                "open it in PowerPoint or LibreOffice, set the slide size and save it again",
            )
        )
    if not (
        SLIDE_SIZE_MIN <= width <= SLIDE_SIZE_MAX and SLIDE_SIZE_MIN <= height <= SLIDE_SIZE_MAX
    ):
        raise TalkgenError(
            Problem(
                path,
                None,
                f"its slides are {width / 914400:g} × {height / 914400:g} inches, outside the "
                "1 to 56 inches PowerPoint allows",
                "open it in PowerPoint or LibreOffice, set the slide size (Design → Slide Size) "
                "and save it again",
            )
        )
    return width, height


def _theme(presentation: Presentation):
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    # A template is a file from elsewhere: no entities resolved, nothing fetched.
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(presentation.slide_master.part.part_related_by(RT.THEME).blob, parser)


def _accents(theme) -> tuple[str, ...]:
    """The theme's accent1 … accent6 as `#RRGGBB` (an `srgbClr`, or a `sysClr`'s last colour)."""
    found = []
    for n in range(1, 7):
        slot = theme.find(f".//{_A}clrScheme/{_A}accent{n}")
        colour = None if slot is None else slot.find(f"{_A}srgbClr")
        value = colour.get("val") if colour is not None else None
        if value is None and slot is not None and slot.find(f"{_A}sysClr") is not None:
            value = slot.find(f"{_A}sysClr").get("lastClr")
        if rgb := theme_rgb(value):
            found.append(rgb)
    return tuple(found)


def theme_rgb(value: str | None) -> str | None:
    """A theme colour's `val` or `lastClr` (six hex digits, ST_HexColorRGB) as `#RRGGBB`; None
    for anything else (a damaged theme's colour counts as not given)."""
    if value and len(value) == 6 and all(c in "0123456789abcdefABCDEF" for c in value):
        return "#" + value.upper()
    return None


def _body_font(presentation: Presentation, theme) -> str | None:
    """The typeface the first master's body text is set in: its body placeholder's own look
    (LibreOffice keeps it in the sample text), else the master's body style, else the theme's
    minor font. Theme references (`+mn-lt`) are resolved."""
    master = presentation.slide_master.element
    minor = theme.find(f".//{_A}minorFont/{_A}latin")
    themed = {"+mn-lt": minor, "+mj-lt": theme.find(f".//{_A}majorFont/{_A}latin")}
    places = [
        "(.//p:sp[.//p:ph[@type='body']]//a:latin)[1]",
        "p:txStyles/p:bodyStyle/a:lvl1pPr/a:defRPr/a:latin",
    ]
    for place in places:
        found = master.xpath(place)  # python-pptx's elements know the a: and p: prefixes
        latin = found[0] if found else None
        typeface = latin.get("typeface") if latin is not None else None
        if typeface in themed:
            typeface = themed[typeface].get("typeface") if themed[typeface] is not None else None
        if typeface:
            return typeface
    return minor.get("typeface") if minor is not None and minor.get("typeface") else None


def _onto_masters(layouts: list[LayoutInfo]) -> list[LayoutInfo]:
    """Layouts moved onto their master's own title and body areas where the template repeats
    one set of layout boxes under masters whose areas differ (LibreOffice writes its layouts so:
    they are placed relative to the master's title and outline areas, not where the file says).
    A template whose layouts differ per master, or match their master, is returned unchanged."""
    masters = {layout.master for layout in layouts}
    if len(masters) < 2:
        return layouts
    boxes_by_name: dict[str, set[tuple[Rect, ...]]] = {}
    for layout in layouts:
        boxes = tuple(p.box for p in layout.placeholders if p.kind not in _FOOTER_KINDS)
        boxes_by_name.setdefault(layout.name, set()).add(boxes)
    if any(len(boxes) > 1 for boxes in boxes_by_name.values()):
        return layouts
    moved = []
    for layout in layouts:
        reference = next(
            (
                each
                for each in layouts
                if each.master == layout.master
                and len(each.of_kind("title")) == 1
                and len(each.of_kind("text")) == 1
            ),
            None,
        )
        title, body = layout.master_title, layout.master_body
        if reference is None or title is None or body is None:
            moved.append(layout)
            continue
        old_body = reference.of_kind("text")[0].box
        places = []
        for place in layout.placeholders:
            box = place.box
            if place.kind == "title":
                box = title.box
            elif place.kind not in _FOOTER_KINDS and old_body.contains(box, 45720):
                box = _map(box, old_body, body.box)
            elif place.kind == "subtitle":
                box = body.box
            places.append(replace(place, box=box))
        moved.append(replace(layout, placeholders=tuple(places)))
    return moved


def _map(box: Rect, source: Rect, target: Rect) -> Rect:
    """`box`, a part of `source`, as the same part of `target`."""
    sx = target.width / source.width if source.width else 1
    sy = target.height / source.height if source.height else 1
    return Rect(
        target.left + round((box.left - source.left) * sx),
        target.top + round((box.top - source.top) * sy),
        round(box.width * sx),
        round(box.height * sy),
    )


def find_layout(presentation: Presentation, layout: LayoutInfo) -> SlideLayout:
    """The python-pptx layout a `LayoutInfo` describes."""
    return presentation.slide_masters[layout.master].slide_layouts[layout.index]


def _placeholders(shapes) -> list[Placeholder]:
    found = []
    for ordinal, shape in enumerate(shapes):
        _check_ph(shape)
        box = _box(shape)
        if not box.width or not box.height:
            continue  # nothing can be shown in it: as if the layout had no such placeholder
        kind_enum = shape.placeholder_format.type
        if kind_enum in _TITLE_TYPES:
            kind = "title"
        else:
            kind = _FOOTER_TYPES.get(kind_enum) or _KINDS.get(kind_enum, "other")
        found.append(
            Placeholder(
                ordinal,
                kind,
                shape.name,
                box,
                center_title=kind_enum == PP_PLACEHOLDER.CENTER_TITLE,
            )
        )
    return found


def _check_ph(shape) -> None:
    """`ValueError` for a `p:ph` python-pptx would fail on when it copies the placeholder onto
    a slide (an index that is not a whole number 0 … 2^32-1, an unknown orientation or size)."""
    ph = shape.element.find(f".//{_P}nvPr/{_P}ph")
    if ph is None:
        return
    idx, orient, size = ph.get("idx"), ph.get("orient"), ph.get("sz")
    if idx is not None and not (idx.isascii() and idx.isdigit() and int(idx) <= _PH_IDX_MAX):
        raise ValueError(f'placeholder "{shape.name}" has idx="{idx[:40]}"')
    if orient is not None and orient not in _PH_ORIENT:
        raise ValueError(f'placeholder "{shape.name}" has orient="{orient[:40]}"')
    if size is not None and size not in _PH_SIZE:
        raise ValueError(f'placeholder "{shape.name}" has sz="{size[:40]}"')


def _box(shape) -> Rect:
    """The shape's box (EMU); a negative width or height (a damaged `a:ext`) counts as none."""
    return Rect(
        shape.left or 0, shape.top or 0, max(0, shape.width or 0), max(0, shape.height or 0)
    )


def _decorations(shapes, width: int, height: int) -> list[Rect]:
    """The boxes of the pictures and drawn shapes (not placeholders, not the background)."""
    slide = Rect(0, 0, width, height)
    found = []
    for shape in shapes:
        if shape.is_placeholder or shape.width is None or shape.height is None:
            continue
        box = _box(shape)
        if box.overlap(slide) >= BACKGROUND_SHARE * slide.area or not box.overlap(slide):
            continue
        found.append(box)
    return found


def _shows_master_shapes(layout: SlideLayout) -> bool:
    # `showMasterSp` on p:sldLayout (default true): whether the master's drawings appear.
    return layout.element.get("showMasterSp") not in ("0", "false")
