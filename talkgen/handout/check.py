"""`handout_warnings`: what building the handout would warn about, without Chrome and without
writing anything the speaker sees.

`talkgen validate` runs the same checks as `talkgen build`. The handout's own warnings are
Typst's (a template's unknown font, a deprecated function, what PDF/UA export reports) and the
document's; they come from typesetting the handout, so here it is typeset into a private
temporary folder with each chart stood in for by a picture of the chart's size that carries the
chart's words (they choose the handout's fonts, as a rendered chart's SVG text does) but none
of its drawing. Slide pages (`--with-slides`, which need LibreOffice) are not checked.
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image

from talkgen.charts.figures import talk_figures
from talkgen.charts.look import PNG_SCALE, Look
from talkgen.charts.model import ChartFigure, RenderedChart
from talkgen.errors import Problem
from talkgen.handout import build_handout
from talkgen.plan import Plan


def handout_warnings(
    plan: Plan, look: Look, *, template: Path | None = None, paper: str | None = None
) -> list[Problem]:
    """The warnings `build_handout(plan, charts, …, template=template, paper=paper)` gives
    after a build renders the charts with `look` (the build's page look), as located problems
    (severity "warning"). Writes only into a private temporary folder, removed before
    returning. Raises what `build_handout` raises (`TalkgenError` for a template that does not
    compile or is missing)."""
    with tempfile.TemporaryDirectory(prefix="talkgen-check-") as scratch:
        folder = Path(scratch)
        charts = {
            figure.id: _stand_in(figure, look, folder) for figure in talk_figures(plan.talk, look)
        }
        handout = build_handout(
            plan, charts, folder / "handout.pdf", template=template, paper=paper
        )
        return handout.warnings


def _stand_in(figure: ChartFigure, look: Look, folder: Path) -> RenderedChart:
    """A chart as the handout gets it from a build, its pictures blank: an SVG of the figure's
    size holding its words as text, and a PNG of the size a build exports."""
    layout = figure.figure.get("layout", {})
    width, height = int(layout.get("width", look.width_px)), int(layout.get("height", 0))
    height = height or look.height_px
    words = "".join(
        f'<text x="0" y="{12 * (n + 1)}" fill="none">{escape(word)}</text>'
        for n, word in enumerate(_words(figure.figure))
    )
    svg = folder / f"{figure.id}.svg"
    svg.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{words}</svg>',
        encoding="utf-8",
    )
    png = folder / f"{figure.id}.png"
    Image.new("RGB", (width * PNG_SCALE, height * PNG_SCALE), "white").save(png)
    return RenderedChart.stand_in(figure, png, svg)


def _words(figure: dict[str, Any]) -> list[str]:
    """The words a rendered chart shows: its categories, labels, numbers, series names and axis
    titles, one line of each plotly label (`<br>`) as a piece, entities as characters."""
    pieces: list[Any] = []
    for trace in figure.get("data", []):
        for key in ("x", "y", "labels", "text"):
            value = trace.get(key)
            pieces += value if isinstance(value, list | tuple) else [value]
        pieces.append(trace.get("name"))
    for axis in ("xaxis", "yaxis"):
        pieces.append(figure.get("layout", {}).get(axis, {}).get("title", {}).get("text"))
    words = []
    for piece in pieces:
        if isinstance(piece, str):
            words += [html.unescape(line) for line in piece.split("<br>") if line.strip()]
    return list(dict.fromkeys(words))
