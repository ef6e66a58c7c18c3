"""What the charts stage hands to the deck and the handout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from talkgen.charts.labels import Shortened

NATIVE_KINDS = (
    "bar",
    "stacked-bar",
    "column",
    "stacked-column",
    "pie",
    "donut",
    "line",
    "table",
)


@dataclass(frozen=True)
class NativeChart:
    """A chart's numbers for drawing it as a native PowerPoint chart (or, for `table`, a table):
    what `chart_style: native` puts on the slide instead of the picture.

    `kind` is one of `NATIVE_KINDS` (`bar` and `stacked-bar` are horizontal, `column` and
    `stacked-column` vertical; the deck draws columns whose labels do not fit under them as
    horizontal bars); `series` are (name, values) with one value per category;
    `colors` are `#RRGGBB`, one per series, or one per category when `colors_by_point` (pie,
    donut, a bar per theme); `rows` is a table's header row and body rows; `counts_only` labels
    a pie's slices with values, not percentages. `category_title` and `value_title` are the
    axes' titles (empty: none); the deck wraps them, and the labels beside horizontal bars, for
    the box the chart is drawn in.

    A table shows as many of its body rows as fit its box on the slide; `rows_of` is how many
    rows the study has (themes: more than `rows` holds when the chart shows only the themes
    raised most) and `rows_which` names which rows are kept ("themes raised most"), so the
    caption and alt text can say how many more there are.

    Raises ValueError for a `kind` not in `NATIVE_KINDS`."""

    kind: str
    categories: tuple[str, ...] = ()
    series: tuple[tuple[str, tuple[float, ...]], ...] = ()
    colors: tuple[str, ...] = ()
    colors_by_point: bool = False
    rows: tuple[tuple[str, ...], ...] = ()
    # A pie's slices labelled with their values, not percentages (a study of fewer than 20).
    counts_only: bool = False
    category_title: str = ""
    value_title: str = ""
    rows_of: int = 0
    rows_which: str = ""
    label_format: str = "General"
    text_pt: float = 0
    """The size of the chart's text in pt, as the deck fits it to its box; 0: the style's."""
    """The data labels' number format (Excel's codes): `0" of 14"` shows 12 as "12 of 14"."""

    def __post_init__(self) -> None:
        if self.kind not in NATIVE_KINDS:
            raise ValueError(f"no native chart of kind {self.kind!r}; one of {NATIVE_KINDS}")

    def to_json(self) -> dict[str, Any]:
        """As plain JSON (for the build's manifest)."""
        return {
            "kind": self.kind,
            "categories": list(self.categories),
            "series": [[name, list(values)] for name, values in self.series],
            "colors": list(self.colors),
            "colors_by_point": self.colors_by_point,
            "rows": [list(row) for row in self.rows],
            "counts_only": self.counts_only,
            "category_title": self.category_title,
            "value_title": self.value_title,
            "rows_of": self.rows_of,
            "rows_which": self.rows_which,
            "label_format": self.label_format,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> NativeChart | None:
        """The chart `to_json` wrote, or None for None."""
        if data is None:
            return None
        return cls(
            kind=data["kind"],
            categories=tuple(data["categories"]),
            series=tuple((name, tuple(values)) for name, values in data["series"]),
            colors=tuple(data["colors"]),
            colors_by_point=data["colors_by_point"],
            rows=tuple(tuple(row) for row in data["rows"]),
            counts_only=bool(data.get("counts_only", False)),
            category_title=str(data.get("category_title", "")),
            value_title=str(data.get("value_title", "")),
            rows_of=int(data.get("rows_of", 0)),
            rows_which=str(data.get("rows_which", "")),
            label_format=str(data.get("label_format", "General")),
        )


@dataclass(frozen=True)
class ChartFigure:
    """One chart before export: its plotly figure (a JSON-ready dict) and the words with it;
    `shortened` names each label that had to be shortened to fit at this figure's size (render's
    `chart_warnings` turns them into one warning per chart)."""

    id: str
    title: str
    alt: str
    caption: str | None
    figure: dict[str, Any]
    handout: bool = True
    shortened: tuple[Shortened, ...] = ()
    native: NativeChart | None = None
    """The chart as a native PowerPoint chart or table; None for a kind without one (heatmap)."""


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
    native: NativeChart | None = None
    """The chart's numbers for `chart_style: native` (see `NativeChart`)."""
    page_png: Path | None = None
    """The SVG's layout as a PNG (`<id>-page.png`, 2x), made only when the chart has text Typst
    cannot draw from the SVG (right-to-left, marks, colour emoji: `charts.svg_text`)."""

    @classmethod
    def stand_in(cls, figure: ChartFigure, png: Path, svg: Path | None = None) -> RenderedChart:
        """`figure` as a rendered chart whose pictures are the stand-ins `png` and `svg` (for
        `talkgen validate`, which checks the deck and the handout without a browser): the
        chart's real words and numbers, none of its pixels."""
        return cls(
            id=figure.id,
            title=figure.title,
            alt=figure.alt,
            caption=figure.caption,
            png=png,
            svg=svg or png,
            html=svg or png,
            handout=figure.handout,
            native=figure.native,
        )

    def png_for(self, box_px: tuple[int, int]) -> Path:
        """The PNG laid out for a box of `box_px` CSS pixels (to the pixel, as EMU round to
        pixels either way), else `png`."""
        for made in self.slide_pngs:
            if all(abs(a - b) <= 1 for a, b in zip(made.box_px, box_px, strict=True)):
                return made.path
        return self.png
