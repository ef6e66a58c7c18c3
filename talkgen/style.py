"""The shared look: palette, colours, fonts and type sizes from `templates/style.yaml`."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from talkgen.content.reader import read_yaml
from talkgen.fonts.lookup import DEFAULT_FALLBACK

TEMPLATES = Path(str(resources.files("talkgen") / "templates"))
FONTS = Path(str(resources.files("talkgen") / "fonts"))


class Colors(BaseModel):
    """Named colours as `#RRGGBB`."""

    model_config = ConfigDict(frozen=True)
    text: str
    muted: str
    background: str
    accent: str
    accent_text: str
    light: str


class Fonts(BaseModel):
    """Font family names for each output."""

    model_config = ConfigDict(frozen=True)
    deck: str
    deck_metrics: str
    chart: str
    handout: str
    # After the primary font, the families that draw other scripts and emoji (docs/fonts.md).
    fallback: tuple[str, ...] = DEFAULT_FALLBACK

    @property
    def chart_stack(self) -> str:
        """The chart's CSS font list with the fallback families before the generic family:
        `Calibri, Carlito, …, Noto Sans CJK SC, …, Noto Color Emoji, sans-serif`."""
        names = [name.strip().strip("'\"") for name in self.chart.split(",") if name.strip()]
        generic = [n for n in names if n in ("sans-serif", "serif", "monospace", "system-ui")]
        named = [n for n in names if n not in generic]
        named += [n for n in self.fallback if n not in named]
        return ", ".join(named + generic)


class Sizes(BaseModel):
    """Type sizes in points at slide scale."""

    model_config = ConfigDict(frozen=True)
    title: float
    title_min: float
    deck_title: float
    subtitle: float
    byline: float
    body: float
    body_min: float
    quote: float
    quote_min: float
    attribution: float
    quote_attribution: float
    attribution_min: float
    panel_quote: float
    contact: float
    caption: float
    caption_min: float
    chart_text: float


class Style(BaseModel):
    """The look shared by the deck, the charts and the handout."""

    model_config = ConfigDict(frozen=True)
    palette: list[str]
    colors: Colors
    fonts: Fonts
    sizes: Sizes
    charts_follow_template: bool = True


@cache
def load_style(path: Path | None = None) -> Style:
    """Read the style file (ours by default)."""
    return Style.model_validate(dict(read_yaml(path or TEMPLATES / "style.yaml")))


def font_file(family: str, bold: bool = False, italic: bool = False) -> Path:
    """The shipped TTF for a family we ship (Carlito or Liberation Sans), for measuring text."""
    stem = {
        "carlito": "Carlito",
        "calibri": "Carlito",
        "liberation sans": "LiberationSans",
        "arial": "LiberationSans",
    }[family.lower()]
    variant = ("Bold" if bold else "") + ("Italic" if italic else "") or "Regular"
    return FONTS / f"{stem}-{variant}.ttf"
