"""What an import did, and the summary the speaker reads after it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from talkgen.errors import Problem
from talkgen.qda.merge import Changes
from talkgen.qda.study import Study


@dataclass
class ImportReport:
    """What an import did: where things went, what came in, what needs the speaker's eye."""

    study: Study
    into: Path
    mapping_path: Path
    reimport: bool
    themes: int
    quotes: int
    participants: int
    featured: int
    flagged: list[tuple[str, str]] = field(default_factory=list)  # (quote id, what)
    changes: Changes = field(default_factory=Changes)
    kept_files: list[str] = field(default_factory=list)  # derived files kept for the speaker
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def summary_lines(report: ImportReport) -> list[str]:
    """The import summary shown to the speaker, one line each."""
    study, changes = report.study, report.changes
    made_by = f", made by {study.origin}" if study.origin else ""
    verb = "Re-imported" if report.reimport else "Imported"
    lines = [
        f"{verb} {study.source_file.name} ({study.name}{made_by}) into {report.into}/",
        f"  themes:        {report.themes}",
        f"  quotes:        {report.quotes} ({report.featured} featured)",
        f"  participants:  {report.participants} (pseudonyms, from {study.participants_from})",
        f"  flagged:       {len(report.flagged)} quote(s) may hold personal data",
    ]
    lines += [f"    {quote}: {what}" for quote, what in report.flagged]
    if report.reimport:
        lines.append(
            "  changes:       "
            + "; ".join(
                f"{what}: {changes.added[what]} added, {changes.updated[what]} updated, "
                f"{changes.removed[what]} removed"
                for what in ("themes", "quotes")
            )
        )
        if changes.kept_edits:
            lines.append(
                f"  kept your edits to {len(changes.kept_edits)} field(s): "
                + ", ".join(changes.kept_edits[:8])
                + (" ..." if len(changes.kept_edits) > 8 else "")
            )
        if changes.kept_deleted:
            lines.append(f"  left out {changes.kept_deleted} item(s) you had deleted")
        if report.kept_files:
            lines.append(
                f"  kept your edited {', '.join(report.kept_files)}: add new themes to "
                "its outline yourself if you want them"
            )
    lines.append(
        f"  private mapping of participants: {report.mapping_path} "
        "(keep it out of anything you share)"
    )
    lines += [f"Note: {note}." for note in report.notes]
    lines.append(f"Next: talkgen validate {report.into}")
    return lines
