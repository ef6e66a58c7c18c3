"""`talkgen charts`: export the talk's charts as PNG, SVG and offline HTML."""

from __future__ import annotations

from pathlib import Path

import click

from talkgen.cli import (
    FiniteFloatRange,
    content_argument,
    out_option,
    talk_option,
    template_option,
)
from talkgen.console import progress, show_problems, stdout
from talkgen.content import load_talk
from talkgen.content.study import output_folder


@click.command()
@content_argument
@out_option("Folder for the outputs; the charts go in its charts/ folder.")
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    type=FiniteFloatRange(min=1),
    metavar="SECONDS",
    help="How long to wait for Chrome to start, and for each chart, before giving up.",
)
@template_option(
    "The template the deck is built on (as given to `talkgen build`); the PNGs are sized for "
    "its chart boxes."
)
@talk_option
def charts(
    folder: Path, out_dir: Path, timeout: float, template: Path | None, talk_name: str | None
) -> None:
    """Export the charts of the talk in DIR (default `content/`) to OUT/charts/: for each chart
    a PNG for the deck, an SVG for the handout and an HTML page that works offline.

    Each PNG is laid out for the box the deck shows the chart in (the template's layouts), so
    its text is 18 pt on the slide; these are the same files `talkgen build` makes.

    The built-in charts (prevalence, participants, matrix, cooccurrence) come from the themes,
    participants, codings and quotes; more can be declared in charts.yaml. Charts whose data and
    look have not changed are not made again, and then Chrome is not started at all.

    \b
    Example:
      talkgen charts content/ --out out/
    """
    from talkgen.content.study import choose_talks

    for name in choose_talks(folder, talk_name):
        _charts_of_talk(folder, output_folder(out_dir, name), timeout, template, name)


def _charts_of_talk(
    folder: Path, out_dir: Path, timeout: float, template: Path | None, name: str | None
) -> None:
    from talkgen.charts import chart_ids, render_charts
    from talkgen.charts.look import deck_look
    from talkgen.geometry import lay_out
    from talkgen.plan import plan_talk

    talk = load_talk(folder, talk=name)
    show_problems(talk.warnings)
    geometry = lay_out(plan_talk(talk), template)
    look = deck_look(geometry)
    with progress("charts", total=len(chart_ids(talk))) as advance:
        made = render_charts(
            talk,
            out_dir,
            boxes=geometry.chart_boxes(),
            progress=advance,
            timeout=timeout,
            look=look,
        )
    show_problems(made.warnings)
    out = stdout()
    if made.browser_started:
        how = (
            f"{made.rendered} rendered, {len(made) - made.rendered} up to date; "
            f"{made.images_rendered} images in one Chrome session"
        )
    else:
        how = "all up to date, Chrome not started"
    out.print(f"{len(made)} charts in {made.folder} ({how})")
    for chart in made.values():
        out.print(f"  {chart.id:<14} {chart.title}", markup=False)


COMMANDS = [charts]
