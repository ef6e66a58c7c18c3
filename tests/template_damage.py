"""Ways a template from elsewhere can be damaged, as edits of its zip parts, for the tests that
build a whole deck on damaged real templates (tests/test_template_damage.py and the property test
in tests/test_readers_fuzz.py). Each edit takes a part's name and bytes and returns its new bytes,
or None to leave the part out. Many of these open fine and fail only while the deck is built."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import yaml
from pptx import Presentation

from talkgen.content import load_talk
from talkgen.deck import build_deck
from talkgen.errors import TalkgenError
from talkgen.geometry import lay_out
from talkgen.plan import Plan, plan_talk

EXAMPLE = Path(__file__).resolve().parents[1] / "content"

Edit = Callable[[str, bytes], bytes | None]

LAYOUT = r"slideLayouts/slideLayout\d+\.xml$"
MASTER = r"slideMasters/slideMaster\d+\.xml$"
DESIGN = f"{LAYOUT}|{MASTER}"
PRESENTATION = r"^ppt/presentation\.xml$"
TYPES = r"^\[Content_Types\]\.xml$"
THEME = r"theme/theme\d+\.xml$"
P_NS = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'


def rezip(source: Path | bytes, edit: Edit) -> bytes:
    """The zip `source` (a path or its bytes) with every part passed through `edit`."""
    out = io.BytesIO()
    opened = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    with opened as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            raw = edit(info.filename, old.read(info.filename))
            if raw is not None:
                new.writestr(info.filename, raw)
    return out.getvalue()


def sub(pattern: str, replacement: str, where: str) -> Edit:
    """Replace `pattern` (a regular expression, across lines) in the parts matching `where`."""
    compiled = re.compile(pattern.encode(), re.DOTALL)

    def edit(name: str, raw: bytes) -> bytes:
        return compiled.sub(replacement.encode(), raw) if re.search(where, name) else raw

    return edit


def drop(where: str) -> Edit:
    """Leave out the parts matching `where` (their relationships stay: they dangle)."""
    return lambda name, raw: None if re.search(where, name) else raw


def put(where: str, data: bytes) -> Edit:
    """Replace the parts matching `where` by `data`."""
    return lambda name, raw: data if re.search(where, name) else raw


def both(first: Edit, second: Edit) -> Edit:
    """`first`, then `second`, on each part."""

    def edit(name: str, raw: bytes) -> bytes | None:
        raw = first(name, raw)
        return None if raw is None else second(name, raw)

    return edit


def _size(cx: str, cy: str) -> Edit:
    return sub(r"<p:sldSz[^>]*/>", f'<p:sldSz cx="{cx}" cy="{cy}"/>', PRESENTATION)


def _ph(attribute: str, value: str | None) -> Edit:
    """Every placeholder's `attribute` set to `value` (None: removed; added where missing)."""
    removed = sub(rf'(<p:ph\b[^>]*?) {attribute}="[^"]*"', r"\1", DESIGN)
    if value is None:
        return removed
    return both(removed, sub(r"<p:ph\b", f'<p:ph {attribute}="{value}"', DESIGN))


DAMAGE: dict[str, Edit] = {
    # missing or garbled parts
    "a layout missing": drop(r"slideLayouts/slideLayout1\.xml$"),
    "every layout missing": drop(LAYOUT),
    "the theme missing": drop(r"theme/theme1\.xml$"),
    "the theme not XML": put(r"theme/theme1\.xml$", b"not xml"),
    "the theme of another kind": put(
        THEME, b'<a:x xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>'
    ),
    "the theme's colours garbled": sub(
        r'<a:srgbClr val="[0-9A-Fa-f]+"', '<a:srgbClr val="z"', THEME
    ),
    "the theme's fonts missing": sub(r"<a:fontScheme.*?</a:fontScheme>", "", THEME),
    "a layout not XML": put(r"slideLayouts/slideLayout1\.xml$", b"not xml"),
    "layouts of another kind": put(LAYOUT, b'<foo xmlns="urn:x"/>'),
    "empty layouts": put(LAYOUT, f"<p:sldLayout {P_NS}/>".encode()),
    "a master not XML": put(MASTER, b"garbage"),
    "an empty master": put(MASTER, f"<p:sldMaster {P_NS}/>".encode()),
    "the presentation part not XML": put(PRESENTATION, b"zz"),
    "the content types not XML": put(TYPES, b"zz"),
    "no content types": put(
        TYPES, b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    ),
    "layouts typed as slides": sub(r"slideLayout\+xml", "slide+xml", TYPES),
    "the theme typed as a layout": sub(r"theme\+xml", "slideLayout+xml", TYPES),
    "the notes master not XML": put(r"notesMasters/notesMaster\d+\.xml$", b"zz"),
    "the document properties not XML": put(r"docProps/core\.xml$", b"zz"),
    "the pictures not images": lambda name, raw: b"zz" if "ppt/media/" in name else raw,
    # relationships
    "the master's relationships missing": drop(r"slideMasters/_rels/"),
    "the layouts' relationships missing": drop(r"slideLayouts/_rels/"),
    "the master's relationships not XML": put(r"slideMasters/_rels/.*\.rels$", b"zz"),
    "the theme relationship dangling": sub(
        r'Target="../theme/theme1.xml"', 'Target="../theme/none.xml"', r"slideMasters/_rels/"
    ),
    "a layout's master external": sub(
        r'Target="../slideMasters/slideMaster1.xml"',
        'Target="file:///etc/passwd" TargetMode="External"',
        r"slideLayouts/_rels/",
    ),
    "a layout out of the package": sub(
        r'Target="../slideLayouts/slideLayout1.xml"',
        'Target="../../../../etc/passwd"',
        r"slideMasters/_rels/",
    ),
    "a layout whose master is itself": sub(
        r'Target="../slideMasters/slideMaster1.xml"', 'Target="slideLayout1.xml"', r"_rels/"
    ),
    "the master's ids wrong": sub(r'r:id="rId(\d+)"', r'r:id="rId9\1"', MASTER),
    "a slide entry dangling": sub(
        r"</p:sldMasterIdLst>",
        '</p:sldMasterIdLst><p:sldIdLst><p:sldId id="256" r:id="rId999"/></p:sldIdLst>',
        PRESENTATION,
    ),
    "pictures dangling": sub(r'Target="../media/([^"]*)"', r'Target="../media/x-\1"', r"_rels/"),
    # masters and layouts
    "masters without layouts": both(
        sub(r"<p:sldLayoutIdLst>.*?</p:sldLayoutIdLst>", "", MASTER),
        sub(r"<Relationship [^>]*slideLayout[^>]*/>", "", r"slideMasters/_rels/"),
    ),
    "no masters": sub(
        r"<p:sldMasterIdLst>.*?</p:sldMasterIdLst>", "<p:sldMasterIdLst/>", PRESENTATION
    ),
    "layouts without title placeholders": sub(r'type="(ctrTitle|title)"', 'type="body"', LAYOUT),
    "no title placeholder anywhere": sub(r'type="(ctrTitle|title)"', 'type="body"', DESIGN),
    "no placeholders at all": sub(r"<p:nvPr>\s*<p:ph[^>]*/>", "<p:nvPr>", DESIGN),
    "layouts without a shape tree": sub(r"<p:cSld\b.*?</p:cSld>", "", LAYOUT),
    "a layout type unknown": sub(r'(<p:sldLayout\b[^>]*?) type="[^"]*"', r'\1 type="x"', LAYOUT),
    "layout names empty": sub(r'<p:cSld name="[^"]*"', '<p:cSld name=""', LAYOUT),
    "layout names of 100,000 characters": sub(
        r'<p:cSld name="[^"]*"', '<p:cSld name="' + "x" * 100_000 + '"', LAYOUT
    ),
    "text styles missing": sub(r"<p:txStyles>.*?</p:txStyles>", "", MASTER),
    "font sizes not numbers": sub(r' sz="\d+"', ' sz="abc"', DESIGN),
    "font sizes of 40,000 pt": sub(r' sz="\d+"', ' sz="4000000"', DESIGN),
    "font sizes of zero": sub(r' sz="\d+"', ' sz="0"', DESIGN),
    "shape ids all the same": sub(r'<p:cNvPr id="\d+"', '<p:cNvPr id="2"', DESIGN),
    "shape ids not numbers": sub(r'<p:cNvPr id="\d+"', '<p:cNvPr id="x"', DESIGN),
    "groups nested 200 deep": sub(
        r"</p:spTree>",
        '<p:grpSp><p:nvGrpSpPr><p:cNvPr id="999" name="g"/><p:cNvGrpSpPr/><p:nvPr/>'
        "</p:nvGrpSpPr><p:grpSpPr/>" * 200 + "</p:grpSp>" * 200 + "</p:spTree>",
        LAYOUT,
    ),
    # placeholders
    "placeholders without type": _ph("type", None),
    "placeholders without idx": _ph("idx", None),
    "placeholders without type or idx": both(_ph("type", None), _ph("idx", None)),
    "placeholders of an unknown type": _ph("type", "bogus"),
    "placeholder idx not a number": _ph("idx", "abc"),
    "placeholder idx negative": _ph("idx", "-1"),
    "placeholder idx past 2^32": _ph("idx", "99999999999999999999"),
    "placeholders all idx 1": _ph("idx", "1"),
    "placeholders of an unknown orientation": _ph("orient", "diagonal"),
    "placeholders of an unknown size": _ph("sz", "huge"),
    "positions not numbers": sub(r'<a:off x="\d+" y="\d+"/>', '<a:off x="abc" y="1"/>', DESIGN),
    "positions far off the slide": sub(
        r'<a:off x="\d+" y="\d+"/>', '<a:off x="-99999999" y="-99999999"/>', DESIGN
    ),
    "sizes zero": sub(r'<a:ext cx="\d+" cy="\d+"/>', '<a:ext cx="0" cy="0"/>', DESIGN),
    "sizes negative": sub(r'<a:ext cx="\d+" cy="\d+"/>', '<a:ext cx="-100" cy="-100"/>', DESIGN),
    "sizes enormous": sub(
        r'<a:ext cx="\d+" cy="\d+"/>', '<a:ext cx="99999999999" cy="99999999999"/>', DESIGN
    ),
    "no positions or sizes": sub(r"<a:xfrm\b[^>]*>.*?</a:xfrm>", "", DESIGN),
    # the slide size
    "slide size zero": _size("0", "0"),
    "slide size 1 EMU": _size("1", "1"),
    "slide size negative": _size("-5", "-5"),
    "slide size not a number": _size("abc", "x"),
    "slide size 56 inches square": _size("51206400", "51206400"),
    "slide size 56 x 1 inches": _size("51206400", "914400"),
    "slide size past 56 inches": _size("99999999999", "99999999999"),
    "slide size missing": sub(r"<p:sldSz[^>]*/>", "", PRESENTATION),
    "notes size not a number": sub(
        r"<p:notesSz[^>]*/>", '<p:notesSz cx="abc" cy="0"/>', PRESENTATION
    ),
}


def no_chart_talk(folder: Path) -> Path:
    """Turn the copy of the example talk in `folder` into one without charts (title, agenda, a
    theme, a quote, a text slide, contact), so that its deck is built without a browser."""
    talk = folder / "talk.yaml"
    data = yaml.safe_load(talk.read_text(encoding="utf-8"))
    data["outline"] = [
        {"kind": "title"},
        {"kind": "agenda", "notes": "What the talk covers."},
        {"kind": "theme", "theme": "informal-mentoring"},
        {"kind": "quote", "quote": "q07"},
        {"kind": "text", "title": "Thank you", "points": ["Questions?"], "notes": "Thanks."},
        {"kind": "contact"},
    ]
    talk.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder


def no_chart_plan(folder: Path) -> Plan:
    """The plan of the example talk without charts (`no_chart_talk`), copied into `folder`."""
    content = folder / "content"
    shutil.copytree(EXAMPLE, content)
    return plan_talk(load_talk(no_chart_talk(content)))


def deck_or_located_error(plan: Plan, template: Path, folder: Path) -> str:
    """Build the deck of `plan` on `template` into `folder`: "deck" when python-pptx reads it
    back with every slide, else the message of the one located problem, which must name the
    template (and then no deck is written). Any other exception propagates: a test fails."""
    try:
        geometry = lay_out(plan, template)
        result = build_deck(
            plan, {}, folder / "deck.pptx", geometry=geometry, thumbnail_from="card"
        )
    except TalkgenError as error:
        assert len(error.problems) == 1, error.problems
        problem = error.problems[0]
        assert problem.path == template and " — " in problem.format(), problem.format()
        assert not (folder / "deck.pptx").exists()
        return problem.message
    assert len(Presentation(str(result.path)).slides) == len(plan.slides)
    return "deck"
