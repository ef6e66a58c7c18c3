"""`deck_warnings`: what building the deck would warn about, without Chrome and without writing
anything the speaker sees.

`talkgen validate` runs the same checks as `talkgen build`: the deck's text-fit, words-per-slide
and reading-time warnings come from laying out every slide on the talk's template, which is what
`build_deck` does. Here it does so with each chart stood in for by a blank picture that carries
the chart's real title, caption and alt text (the chart's words are computed without a browser;
only its pixels are missing, and pixels do not change how text fits).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PIL import Image

from talkgen.charts.figures import talk_figures
from talkgen.charts.look import fitted_to_boxes, page_look
from talkgen.charts.model import RenderedChart
from talkgen.deck.builder import build_deck
from talkgen.errors import Problem
from talkgen.geometry import Geometry
from talkgen.plan import Plan


def deck_warnings(plan: Plan, geometry: Geometry) -> list[Problem]:
    """The warnings `build_deck(plan, charts, …, geometry=geometry)` gives, as a list of
    located problems (severity "warning"); `geometry` is `talkgen.geometry.lay_out(plan,
    template)`. Writes only into a private temporary folder, removed before returning. Raises
    what `build_deck` raises for a template that cannot be read (`TalkgenError`)."""
    with tempfile.TemporaryDirectory(prefix="talkgen-check-") as scratch:
        folder = Path(scratch)
        blank = folder / "blank.png"
        Image.new("RGB", (32, 18), "white").save(blank)
        # Laid out as a build lays them out: the rows that fit the smallest chart box.
        look = fitted_to_boxes(page_look(), geometry.chart_boxes())
        figures = talk_figures(plan.talk, look)
        charts = {f.id: RenderedChart.stand_in(f, blank) for f in figures}
        # A title card for the file's thumbnail: the slide-1 picture needs LibreOffice, and a
        # check writes no file anyone sees.
        deck = build_deck(
            plan, charts, folder / "deck.pptx", geometry=geometry, thumbnail_from="card"
        )
        return deck.warnings
