"""`talkgen handout`: the PDF handout for the audience."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from talkgen.cli import content_argument
from talkgen.console import progress, show_problems, stdout


@click.command()
@content_argument
@click.option(
    "--out",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the handout (and the charts it shows, under charts/).",
)
@click.option(
    "--handout-template",
    "template",
    metavar="FILE.typ",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Your own Typst template instead of talkgen's (see docs/handout.md).",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default=None,
    help="Paper size [default: the talk file's handout.paper, else a4].",
)
@click.option(
    "--with-slides",
    is_flag=True,
    help="Add pages of slides, three to a page with lines for notes (needs LibreOffice).",
)
def handout(
    folder: Path, out_dir: Path, template: Path | None, paper: str | None, with_slides: bool
) -> None:
    """Write the handout of the talk in DIR (default `content/`) to OUT/<slug>-handout.pdf:
    summary, method, each theme with its featured quotes, the charts as vector graphics,
    conclusions, references and how to reach you. A4 unless you ask for Letter.

    \b
    Examples:
      talkgen handout content/
      talkgen handout content/ --paper letter --with-slides
      talkgen handout content/ --handout-template my-handout.typ
    """
    from talkgen.handout.pipeline import handout_for_folder

    with progress("Handout", total=3) as advance, tempfile.TemporaryDirectory() as work:
        result = handout_for_folder(
            folder,
            out_dir,
            template=template,
            paper=paper.lower() if paper else None,
            with_slides=with_slides,
            work_dir=Path(work),
            advance=advance,
        )
    show_problems(result.warnings)
    stdout().print(f"Wrote {result.path}")


COMMANDS = [handout]
