"""`talkgen deck`: the slide deck (.pptx) of a talk."""

from __future__ import annotations

from pathlib import Path

import click

from talkgen.cli import content_argument, out_option, talk_option, template_option
from talkgen.console import progress, show_problems, stdout


@click.command()
@content_argument
@out_option("Folder for the deck (and its charts, under charts/).")
@template_option(
    "Your own template (.pptx, .potx or .pptm) instead of talkgen's; each kind of slide gets the "
    "layout that fits it (name layouts with `layouts:` in talk.yaml)."
)
@click.option(
    "--auto-advance",
    is_flag=True,
    help="Advance each slide by itself after its planned time (for Ignite, PechaKucha, or to "
    "practise against the plan). Without it the deck advances on click.",
)
@talk_option
def deck(
    folder: Path, out_dir: Path, template: Path | None, auto_advance: bool, talk_name: str | None
) -> None:
    """Write the slide deck of the talk in DIR (default `content/`) to OUT/<slug>.pptx:
    one slide per planned slide, speaker notes on each, charts with alt text, the event in
    the footer, text sized to fit its box.

    \b
    Examples:
      talkgen deck content/
      talkgen deck content/ --auto-advance
      talkgen deck content/ --template corporate.pptx --out build/
    """
    from talkgen.build import BuildOptions, build_talk
    from talkgen.content.study import choose_talks

    options = BuildOptions(
        out_dir=out_dir, template=template, auto_advance=auto_advance, only=frozenset({"deck"})
    )
    pacing = (
        "advancing by itself after each slide's planned time"
        if auto_advance
        else "advancing on click"
    )
    for name in choose_talks(folder, talk_name):
        result = build_talk(folder, options, progress=progress, talk_name=name)
        show_problems(result.warnings)
        deck_file = result.file("deck")
        done = "Wrote" if deck_file.rebuilt else "Up to date:"
        stdout().print(
            f"{done} {deck_file.path} ({len(result.plan.slides)} slides, {pacing})", markup=False
        )


COMMANDS = [deck]
