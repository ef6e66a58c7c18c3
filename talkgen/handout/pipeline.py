"""From a content folder to the handout: load, plan, charts, (deck), handout — for the CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from talkgen.handout import HandoutResult, build_handout


def handout_for_folder(
    folder: Path,
    out_dir: Path,
    *,
    template: Path | None = None,
    paper: str | None = None,
    with_slides: bool = False,
    work_dir: Path,
    advance: Callable[..., None] = lambda *a, **k: None,
) -> HandoutResult:
    """Build `out_dir/<slug>-handout.pdf` from the content in `folder`; charts are rendered (or
    reused from the cache) in `out_dir/charts`, and for `with_slides` the deck is built and
    converted in `work_dir`, leaving `out_dir/<slug>.pptx` alone."""
    from talkgen.charts import render_charts
    from talkgen.content import load_talk
    from talkgen.deck import chart_boxes
    from talkgen.plan import plan_talk

    talk = load_talk(folder)
    plan = plan_talk(talk)
    advance(label="Handout: charts")
    # The PNGs beside the SVGs are the deck's: lay them out for the default deck's boxes, as
    # `talkgen deck` and `talkgen build` do, so running one command after another remakes none.
    charts = render_charts(talk, out_dir, boxes=chart_boxes(plan))
    advance(label="Handout: slides" if with_slides else "Handout: typesetting")
    slides_pdf = None
    if with_slides:
        from talkgen.handout.slides import deck_to_pdf, find_libreoffice, missing_libreoffice

        if find_libreoffice() is None:  # say so before the deck is built for nothing
            raise missing_libreoffice()
        from talkgen.deck import build_deck

        deck = build_deck(plan, charts, work_dir / f"{talk.info.file_slug}.pptx")
        slides_pdf = deck_to_pdf(deck.path, work_dir)
    result = build_handout(
        plan,
        charts,
        out_dir / f"{talk.info.file_slug}-handout.pdf",
        template=template,
        paper=paper,
        slides_pdf=slides_pdf,
    )
    advance(label="Handout: done")
    return HandoutResult(result.path, [*talk.warnings, *plan.warnings, *result.warnings])
