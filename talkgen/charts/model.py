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
