"""`talkgen import qdpx` and `talkgen import highlights`: research coded in a qualitative-analysis
tool, brought in as a content folder."""

from __future__ import annotations

from pathlib import Path

import click

from talkgen.console import show_problems
from talkgen.qda.highlights import HighlightColumns, read_highlights
from talkgen.qda.importer import import_study
from talkgen.qda.refi import read_qdpx
from talkgen.qda.report import ImportReport, summary_lines

_INTO = click.option(
    "--into",
    "into",
    required=True,
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="The content folder to write: new, or made by an earlier import.",
)
_FORCE = click.option(
    "--force",
    is_flag=True,
    help="Replace the imported files (talk.yaml, themes, quotes, participants, "
    "codings, charts) even in a folder not made by this import, and "
    "discard your edits to them.",
)
_MAPPING = click.option(
    "--mapping",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Where to keep the private list of which participant id is whom "
    "[default: DIR.private/participants.csv beside DIR].",
)


def _report(report: ImportReport) -> None:
    show_problems(report.warnings)
    click.echo("\n".join(summary_lines(report)))


@click.group("import")
def import_group() -> None:
    """Bring coded research in from a qualitative-analysis tool as a content folder.

    \b
    Examples:
      talkgen import qdpx study.qdpx --into my-talk
      talkgen import highlights taguette-highlights.csv --into my-talk
    """


@import_group.command("qdpx")
@click.argument("project", metavar="PROJECT.qdpx", type=click.Path(path_type=Path))
@_INTO
@click.option(
    "--theme-level",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Which depth of the codebook becomes themes: 1 takes the top-level codes and "
    "counts their children with them, 2 the codes one level down, ...",
)
@_FORCE
@_MAPPING
def qdpx(project: Path, into: Path, theme_level: int, force: bool, mapping: Path | None) -> None:
    """Import a REFI-QDA project (.qdpx from NVivo, ATLAS.ti, MAXQDA, QualCoder, qc ...).

    Codes become themes, coded text becomes quotes (sliced from the sources' text), and cases,
    or else sources, become participants P01, P02, ... Importing a newer export into the same
    folder again updates what came from the export and keeps your own edits.

    \b
    Example:
      talkgen import qdpx interviews.qdpx --into my-talk --theme-level 1
    """
    study = read_qdpx(project, theme_level=theme_level)
    _report(import_study(study, into, force=force, mapping_path=mapping))


@import_group.command("highlights")
@click.argument("table", metavar="FILE.csv", type=click.Path(path_type=Path))
@_INTO
@click.option(
    "--document-column",
    default="document",
    show_default=True,
    help="The column naming the document (becomes the participant).",
)
@click.option(
    "--tag-column",
    default="tag",
    show_default=True,
    help="The column holding the tag (becomes the theme).",
)
@click.option(
    "--text-column",
    default="content",
    show_default=True,
    help="The column holding the highlighted text (becomes the quote).",
)
@click.option(
    "--id-column",
    default=None,
    help="The column with each highlight's id [default: 'id' when there is one].",
)
@_FORCE
@_MAPPING
def highlights(
    table: Path,
    into: Path,
    document_column: str,
    tag_column: str,
    text_column: str,
    id_column: str | None,
    force: bool,
    mapping: Path | None,
) -> None:
    """Import a spreadsheet of highlights (CSV), e.g. Taguette's export.

    One row per highlight and tag; rows of the same highlight (same id) become one quote with
    several themes.

    \b
    Example:
      talkgen import highlights highlights.csv --into my-talk --text-column excerpt
    """
    columns = HighlightColumns(document_column, tag_column, text_column, id_column)
    study = read_highlights(table, columns)
    _report(import_study(study, into, force=force, mapping_path=mapping))


COMMANDS = [import_group]
