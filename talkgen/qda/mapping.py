"""The private pseudonym mapping: which participant id (P01, P02, ...) stands for which case,
source or document of the export.

It is kept outside the content folder (by default in `DIR.private/` beside it, with a
`.gitignore` that keeps it out of version control), because the content is what the speaker
shares and the names in the export may identify people. A re-import reads it back so that P03
stays the same person.
"""

from __future__ import annotations

import re
from pathlib import Path

from talkgen.atomic import write_text
from talkgen.content.reader import ReadError, read_csv, read_text
from talkgen.errors import Problem, TalkgenError
from talkgen.spreadsheet import csv_text

MAPPING_FILE = "participants.csv"
_ID = re.compile(r"^P(\d+)$")


def default_mapping_path(into: Path) -> Path:
    """Where the mapping for content folder `into` lives unless the speaker says otherwise:
    `into.private/participants.csv`, beside (not inside) the content folder."""
    into = Path(into).absolute()
    return into.parent / f"{into.name}.private" / MAPPING_FILE


def check_outside(mapping_path: Path, into: Path) -> None:
    """Refuse a mapping path inside the content folder, where it would be shared."""
    mapping, folder = Path(mapping_path).absolute(), Path(into).absolute()
    if mapping == folder or folder in mapping.parents:
        raise TalkgenError(
            Problem(
                mapping_path,
                None,
                "the private participant mapping must "
                "not be inside the content folder, which is meant to be shared",
                f"give a path outside {into}, or leave out --mapping",
            )
        )


def read_mapping(path: Path) -> dict[str, str]:
    """The mapping file as name -> participant id (empty when there is no file yet)."""
    if not path.exists():
        return {}
    try:
        if not read_text(path).strip():
            return {}
        rows = [row.values for row in read_csv(path, required=("id", "name")).rows]
    except ReadError as exc:
        problem = exc.problem
        raise TalkgenError(
            Problem(
                path,
                problem.line,
                f"cannot read the participant mapping: {problem.message}",
                "fix the header row or the file, or move it away to start afresh; it pairs "
                "names with P01, P02, ...",
            )
        ) from exc
    return {row["name"]: row["id"] for row in rows if row.get("name") and row.get("id")}


def assign_ids(mapping: dict[str, str], names: list[str]) -> dict[str, str]:
    """The mapping extended with a new id for each name it lacks, numbered after the highest;
    existing pairs are kept so that a participant keeps their id across imports."""
    result = dict(mapping)
    numbers = [int(m.group(1)) for i in result.values() if (m := _ID.match(i))]
    width = max(2, len(str(len(result) + len(names))))
    taken = set(result.values())
    next_number = max(numbers, default=0) + 1
    for name in names:
        if name in result:
            continue
        while f"P{next_number:0{width}d}" in taken:
            next_number += 1
        result[name] = f"P{next_number:0{width}d}"
        taken.add(result[name])
        next_number += 1
    return result


def write_mapping(path: Path, mapping: dict[str, str], kinds: dict[str, str]) -> None:
    """Write the mapping (id, name, what the name is) and a `.gitignore` beside it."""
    rows = [
        [participant, name, kinds.get(name, "")]
        for name, participant in sorted(mapping.items(), key=lambda item: _sort_key(item[1]))
    ]
    write_text(path, csv_text(["id", "name", "from"], rows))
    ignore = path.parent / ".gitignore"
    if not ignore.exists():
        write_text(ignore, "# Private: real names of participants. Never commit or share.\n*\n")


def _sort_key(participant: str) -> tuple[int, str]:
    match = _ID.match(participant)
    return (int(match.group(1)) if match else 10**9, participant)
