"""The deck from a content folder: load, plan, render the charts, build the deck.

What `talkgen deck` runs; `build_deck` is the stage itself, for callers that already hold a plan
and charts (such as `talkgen build`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from talkgen.deck.boxes import chart_boxes
from talkgen.deck.builder import DeckResult, build_deck


def deck_for_folder(
    folder: Path,
    out_dir: Path,
    *,
    template: Path | None = None,
    auto_advance: bool = False,
    advance: Callable[..., None] | None = None,
) -> DeckResult:
    """Write `out_dir/<slug>.pptx` for the talk in `folder`, its charts under `out_dir/charts`;
    the result's warnings include the content's and the plan's."""
    from talkgen.charts import render_charts
    from talkgen.content import load_talk
    from talkgen.plan import plan_talk

    talk = load_talk(folder)
    plan = plan_talk(talk)
    charts = render_charts(talk, out_dir, boxes=chart_boxes(plan, template), progress=advance)
    result = build_deck(
        plan,
        charts,
        out_dir / f"{talk.info.file_slug}.pptx",
        template=template,
        auto_advance=auto_advance,
    )
    return DeckResult(
        result.path,
        [*talk.warnings, *plan.warnings, *result.warnings],
        result.slides,
        result.auto_advance,
    )
