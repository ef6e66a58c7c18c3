"""`talkgen handout`: the PDF handout for the audience."""

from __future__ import annotations

from pathlib import Path

import click

from talkgen.cli import content_argument, out_option, talk_option
from talkgen.console import progress, show_problems, stdout


@click.command()
@content_argument
@out_option("Folder for the handout (and the charts it shows, under charts/).")
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
@talk_option
def handout(
    folder: Path,
    out_dir: Path,
    template: Path | None,
    paper: str | None,
    with_slides: bool,
    talk_name: str | None,
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
    from talkgen.build import BuildOptions, build_talk
    from talkgen.content.study import choose_talks

    options = BuildOptions(
        out_dir=out_dir,
        handout_template=template,
        paper=paper.lower() if paper else None,
        with_slides=with_slides,
        only=frozenset({"handout"}),
    )
    for name in choose_talks(folder, talk_name):
        result = build_talk(folder, options, progress=progress, talk_name=name)
        show_problems(result.warnings)
        handout_file = result.file("handout")
        done = "Wrote" if handout_file.rebuilt else "Up to date:"
        stdout().print(f"{done} {handout_file.path}", markup=False)


COMMANDS = [handout]
