"""`talkgen charts`: export the talk's charts as PNG, SVG and offline HTML."""

from __future__ import annotations

from pathlib import Path

import click

from talkgen.cli import content_argument
from talkgen.console import progress, show_problems, stdout
from talkgen.content import load_talk


@click.command()
@content_argument
@click.option(
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the outputs; the charts go in its charts/ folder.",
)
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=1),
    metavar="SECONDS",
    help="How long to wait for Chrome to start, and for each chart, before giving up.",
)
def charts(folder: Path, out_dir: Path, timeout: float) -> None:
    """Export the charts of the talk in DIR (default `content/`) to OUT/charts/: for each chart
    a PNG for the deck, an SVG for the handout and an HTML page that works offline.

    The built-in charts (prevalence, participants, matrix, cooccurrence) come from the themes,
    participants, codings and quotes; more can be declared in charts.yaml. Charts whose data and
    look have not changed are not made again, and then Chrome is not started at all.

    \b
    Example:
      talkgen charts content/ --out out/
    """
    from talkgen.charts import chart_ids, render_charts

    talk = load_talk(folder)
    show_problems(talk.warnings)
    with progress("charts", total=len(chart_ids(talk))) as advance:
        made = render_charts(talk, out_dir, progress=advance, timeout=timeout)
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
