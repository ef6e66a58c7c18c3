"""`Rect`: a box on a slide in EMU, and the free-space arithmetic the geometry stage needs.

EMU are the units of the .pptx file (914400 per inch, 12700 per point), so boxes computed here go
into the deck without rounding, and are converted to inches only for the charts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EMU_PER_INCH = 914400
EMU_PER_PT = 12700


@dataclass(frozen=True)
class Rect:
    """A box on a slide: left, top, width, height in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        """The x of the right edge (EMU)."""
        return self.left + self.width

    @property
    def bottom(self) -> int:
        """The y of the bottom edge (EMU)."""
        return self.top + self.height

    @property
    def area(self) -> int:
        """Width times height (EMU²); 0 for an empty box."""
        return max(self.width, 0) * max(self.height, 0)

    @property
    def inches(self) -> tuple[float, float]:
        """(width, height) in inches, rounded to a thousandth: the size a chart is laid out at."""
        return round(self.width / EMU_PER_INCH, 3), round(self.height / EMU_PER_INCH, 3)

    def overlap(self, other: Rect) -> int:
        """The area (EMU²) the two boxes share; 0 when they only touch."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return width * height if width > 0 and height > 0 else 0

    def contains(self, other: Rect, slack: int = 0) -> bool:
        """Whether `other` lies inside this box (with `slack` EMU of tolerance on each side)."""
        return (
            other.left >= self.left - slack
            and other.top >= self.top - slack
            and other.right <= self.right + slack
            and other.bottom <= self.bottom + slack
        )

    def columns(self, shares: Iterable[float], gap: int = 0) -> list[Rect]:
        """The box cut into side-by-side columns of the given shares of its width (which are
        scaled to add up to 1), `gap` EMU apart."""
        shares = list(shares)
        room = self.width - gap * (len(shares) - 1)
        total = sum(shares)
        boxes, left = [], self.left
        for number, share in enumerate(shares):
            width = self.right - left if number == len(shares) - 1 else round(room * share / total)
            boxes.append(Rect(left, self.top, width, self.height))
            left += width + gap
        return boxes

    def split_bottom(self, height: int) -> tuple[Rect, Rect]:
        """(the box less a strip of `height` EMU at its bottom, that strip)."""
        height = min(height, self.height)
        upper = Rect(self.left, self.top, self.width, self.height - height)
        return upper, Rect(self.left, upper.bottom, self.width, height)


def largest_free_rect(area: Rect, obstacles: Iterable[Rect]) -> Rect:
    """The largest box inside `area` that overlaps none of `obstacles` (e.g. the room on a slide
    between its title and footer, clear of the template's pictures and shapes).

    Tries every box whose edges lie on the area's or an obstacle's edges: with the dozen shapes a
    slide has, a few thousand boxes. Returns `area` itself when nothing is in the way, and an
    empty box at the area's top left when the obstacles cover all of it.
    """
    blocking = [o for o in obstacles if o.overlap(area)]
    if not blocking:
        return area
    xs = sorted({area.left, area.right, *(x for o in blocking for x in (o.left, o.right))})
    ys = sorted({area.top, area.bottom, *(y for o in blocking for y in (o.top, o.bottom))})
    xs = [x for x in xs if area.left <= x <= area.right]
    ys = [y for y in ys if area.top <= y <= area.bottom]
    best = Rect(area.left, area.top, 0, 0)
    for i, left in enumerate(xs):
        for right in xs[i + 1 :]:
            for j, top in enumerate(ys):
                for bottom in ys[j + 1 :]:
                    box = Rect(left, top, right - left, bottom - top)
                    if box.area <= best.area:
                        continue
                    if any(box.overlap(o) for o in blocking):
                        break  # a taller box from this top is blocked too
                    best = box
    return best
