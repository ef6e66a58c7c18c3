"""What the charts stage hands to the deck and the handout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ChartFigure:
    """One chart before export: its plotly figure (a JSON-ready dict) and the words with it."""

    id: str
    title: str
    alt: str
    caption: str | None
    figure: dict[str, Any]
    handout: bool = True


@dataclass(frozen=True)
class SlidePNG:
    """One PNG of a chart for the deck, laid out for a box of `box_px` (CSS pixels, 96 per inch)
    on the slide and exported at twice that size."""

    path: Path
    box_px: tuple[int, int]


@dataclass(frozen=True)
class RenderedChart:
    """One chart exported to files: PNG for the deck, SVG for the handout, HTML to explore."""

    id: str
    title: str
    alt: str
    caption: str | None
    png: Path
    svg: Path
    html: Path
    handout: bool = True
    width_px: int = 0
    height_px: int = 0
    slide_pngs: tuple[SlidePNG, ...] = ()
    """One PNG per size of box the chart is shown in; the first is `png` (`<id>.png`)."""

    def png_for(self, box_px: tuple[int, int]) -> Path:
        """The PNG laid out for a box of `box_px` CSS pixels (to the pixel, as EMU round to
        pixels either way), else `png`."""
        for made in self.slide_pngs:
            if all(abs(a - b) <= 1 for a, b in zip(made.box_px, box_px, strict=True)):
                return made.path
        return self.png
