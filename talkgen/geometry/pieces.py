"""The box of every piece of one slide: its title, texts, picture, caption, footer and number.

A piece goes into the layout's placeholder for it where there is one (by name for a quote,
attribution, caption or byline; by kind for a title, subtitle or picture; else the content
boxes in reading order). Pieces the layout has no box for get room of their own: a content box
shared with a neighbour is cut into columns; a layout with no content box gives the free space
below the title and above the footer, clear of the template's pictures and drawn shapes; a line
that belongs under another text (an attribution, a caption) gets a strip under it. No two pieces
are ever given the same place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from talkgen.geometry.layouts import content_boxes, named_role
from talkgen.geometry.rect import EMU_PER_INCH, Rect, largest_free_rect
from talkgen.geometry.template import LayoutInfo, Placeholder, TemplateInfo
from talkgen.plan import Plan, SlidePlan

# The kinds of slide that show a chart (the plan's `chart`).
CHART_KINDS = ("method", "overview", "chart")
# How a shared box is cut into columns for two pieces, by kind (left share, right share).
COLUMN_SHARES: dict[str, tuple[float, float]] = {
    "method": (0.4, 0.6),
    "theme": (0.55, 0.45),
    "contact": (2 / 3, 1 / 3),
}
# The line that belongs under a piece, where the layout has no placeholder for it.
UNDER = {"quote": "attribution", "picture": "caption"}
# Free space smaller than this share of the room between title and footer means the template's
# drawings fill the slide; content then only keeps clear of the other pieces.
MIN_FREE_SHARE = 0.35


@dataclass(frozen=True)
class Piece:
    """Where one piece of a slide goes: its `box` (EMU), and its `source`: `layout` (the
    layout's placeholder number `ordinal`, counted over the layout's placeholders), `master`
    (the master's placeholder `ordinal`, for a title, footer or number the layout lacks) or
    `free` (a text box or picture of its own). `name` says which box it is, for messages."""

    role: str
    box: Rect
    source: str
    ordinal: int | None = None
    name: str = ""


@dataclass(frozen=True)
class SlideGeometry:
    """One slide laid out: its layout, the box of each piece by role (title, subtitle, byline,
    body, quote, attribution, picture, caption) and its footer pieces (footer, number, date)."""

    number: int
    kind: str
    layout: LayoutInfo
    pieces: dict[str, Piece]
    footers: tuple[Piece, ...] = field(default=())
    chart: str | None = None

    def box(self, role: str) -> Rect | None:
        """The box of the piece playing `role`, if the slide has one."""
        piece = self.pieces.get(role)
        return piece.box if piece else None


def shows_chart(slide: SlidePlan) -> bool:
    """Whether the slide shows a chart (its kind has a place for one and it names one)."""
    return slide.chart is not None and slide.kind in CHART_KINDS


def main_roles(slide: SlidePlan, plan: Plan) -> list[str]:
    """The pieces a slide shows besides its title and the lines under them, in reading order."""
    info = plan.talk.info
    kind = slide.kind
    if kind == "title":
        return ["subtitle"] if slide.points or info.speaker or info.event else []
    if kind in ("overview", "chart", "image"):
        return ["picture"]
    if kind == "quote":
        return ["quote"]
    roles = ["body"]
    if (kind == "method" and slide.chart) or (kind == "contact" and info.slides_url):
        roles.append("picture")
    if kind == "theme" and slide.quote is not None:
        roles.append("quote")
    return roles


def slide_geometry(
    slide: SlidePlan, plan: Plan, layout: LayoutInfo, template: TemplateInfo
) -> SlideGeometry:
    """The boxes of every piece of `slide` on `layout` (see the module's docstring)."""
    gap = template.height // 60
    pieces: dict[str, Piece] = {"title": _title(layout, template)}
    roles = main_roles(slide, plan)
    wanted = [*roles, *(UNDER[r] for r in roles if _wants_under(slide, plan, r))]
    if slide.kind == "title":
        wanted.append("byline")
    free_places = [
        p for p in layout.placeholders if p.kind not in ("title", "footer", "number", "date")
    ]
    for place in free_places:
        role = named_role(place)
        if role in wanted and role not in pieces:
            pieces[role] = _from(role, place)
    boxes = [p for p in content_boxes(layout, template) if _unused(p, pieces)]
    if "subtitle" in roles and "subtitle" not in pieces:
        subtitle = next((p for p in layout.of_kind("subtitle") if _unused(p, pieces)), None)
        subtitle = subtitle or next(iter(boxes), None)
        if subtitle is not None:
            pieces["subtitle"] = _from("subtitle", subtitle)
            boxes = [b for b in boxes if b is not subtitle]
    if "picture" in roles and "picture" not in pieces:
        picture = next((p for p in layout.of_kind("picture") if _unused(p, pieces)), None)
        if picture is not None:
            pieces["picture"] = _from("picture", picture)
            boxes = [b for b in boxes if b is not picture]
    for role in roles:
        if role not in pieces and boxes:
            pieces[role] = _from(role, boxes.pop(0))
    footers = _footers(slide, plan, layout, template)
    homeless = [r for r in roles if r not in pieces]
    if homeless:
        shared = [r for r in roles if r in pieces and pieces[r].source == "layout"]
        if shared:
            # Share the last content box with the pieces that have none: columns, in order.
            host = pieces[shared[-1]]
            owners = [shared[-1], *homeless]
            area = host.box
        else:
            owners, host = homeless, None
            area = free_area(layout, template, [*pieces.values(), *footers], gap)
        shares = COLUMN_SHARES.get(slide.kind, (1,) * len(owners))[: len(owners)]
        if len(shares) < len(owners):
            shares = (1.0,) * len(owners)
        for role, box in zip(owners, area.columns(shares, gap * 2), strict=True):
            if host is not None and role == owners[0]:
                pieces[role] = replace(host, box=box)
            else:
                pieces[role] = Piece(role, box, "free", name=f"free space for the {role}")
    for parent in roles:
        child = UNDER.get(parent)
        if child in wanted and child not in pieces and parent in pieces:
            upper, strip = pieces[parent].box.split_bottom(
                _strip_height(parent, pieces[parent].box)
            )
            pieces[parent] = replace(pieces[parent], box=upper)
            pieces[child] = Piece(child, strip, "free", name=f"strip under the {parent}")
    pieces = {role: _above_footers(piece, footers, gap) for role, piece in pieces.items()}
    chart = slide.chart if shows_chart(slide) else None
    return SlideGeometry(slide.number, slide.kind, layout, pieces, tuple(footers), chart)


def _above_footers(piece: Piece, footers: list[Piece], gap: int) -> Piece:
    """The piece cut back to end above a footer it would run into (a layout's content box over
    the place where the master's footer or number goes)."""
    box = piece.box
    for footer in footers:
        if box.overlap(footer.box) and footer.box.top > box.top + box.height // 2:
            box = Rect(box.left, box.top, box.width, footer.box.top - gap - box.top)
    return piece if box == piece.box else replace(piece, box=box)


def _wants_under(slide: SlidePlan, plan: Plan, role: str) -> bool:
    if role == "quote":
        return True
    if role == "picture":
        # A chart or image keeps room for its caption; the QR code on the contact slide has one.
        return slide.kind in ("overview", "chart", "image", "contact")
    return False


def _strip_height(parent: str, box: Rect) -> int:
    if parent == "quote":
        return min(max(box.height // 5, EMU_PER_INCH // 2), box.height // 3)
    return min(max(box.height // 8, EMU_PER_INCH // 2), box.height // 3)


def _unused(place: Placeholder, pieces: dict[str, Piece]) -> bool:
    return not any(p.source == "layout" and p.ordinal == place.ordinal for p in pieces.values())


def _from(role: str, place: Placeholder, source: str = "layout") -> Piece:
    return Piece(role, place.box, source, place.ordinal, place.name)


def _title(layout: LayoutInfo, template: TemplateInfo) -> Piece:
    """The layout's title placeholder; else the master's (cloned onto the slide); else a strip
    at the top of the slide: every slide has a title, for screen readers if not for the eye."""
    own = layout.of_kind("title")
    if own:
        return _from("title", own[0])
    if layout.master_title is not None:
        return _from("title", layout.master_title, "master")
    margin = template.width // 20
    box = Rect(margin, template.height // 25, template.width - 2 * margin, template.height // 6)
    return Piece("title", box, "free", name="free space for the title")


def _footers(
    slide: SlidePlan, plan: Plan, layout: LayoutInfo, template: TemplateInfo
) -> list[Piece]:
    """The footer (the event), date and slide number of every slide but the title slide: the
    layout's placeholders, else the master's; a number the template has no place for gets a small
    box in the bottom right corner."""
    if slide.kind == "title":
        return []
    info = plan.talk.info
    texts = {"footer": info.event, "number": "#", "date": info.date}
    found = []
    for kind in ("footer", "date", "number"):
        if not texts[kind]:
            continue
        own = layout.of_kind(kind)
        master = [p for p in layout.master_footers if p.kind == kind]
        if own:
            found.append(_from(kind, own[0]))
        elif master:
            found.append(_from(kind, master[0], "master"))
        elif kind == "number":
            width, height = template.width // 10, template.height // 14
            box = Rect(
                template.width - width - template.width // 40,
                template.height - height - template.height // 40,
                width,
                height,
            )
            found.append(Piece("number", box, "free", name="slide number"))
    return found


def free_area(layout: LayoutInfo, template: TemplateInfo, taken: list[Piece], gap: int) -> Rect:
    """The room for content on a layout without a box for it: within the master's body area (or
    the slide less its margins), below the title, above the footer, clear of the template's
    pictures and drawn shapes and of the pieces already placed."""
    width, height = template.width, template.height
    frame = Rect(width // 20, 0, width - width // 10, height)
    body = layout.master_body
    if body is not None and body.box.area >= 0.3 * width * height:
        frame = Rect(body.box.left, 0, body.box.width, height)
    top, bottom = frame.top, frame.bottom - height // 25
    for piece in taken:
        box = piece.box
        if box.bottom <= 0 or box.top >= height:
            continue  # off the slide (a title kept for screen readers only)
        if piece.role == "title" and box.top < height / 2:
            top = max(top, box.bottom + gap)
        elif piece.role in ("footer", "number", "date") and box.top > height / 2:
            bottom = min(bottom, box.top - gap)
    area = Rect(frame.left, top, frame.width, max(bottom - top, 0))
    boxes = [p.box for p in taken]
    free = largest_free_rect(area, [*layout.decorations, *boxes])
    if free.area < MIN_FREE_SHARE * area.area:
        free = largest_free_rect(area, boxes)
    return free
