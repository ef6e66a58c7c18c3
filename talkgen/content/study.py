"""A study folder: the research once, and one or more talks given from it.

A content folder is either a single talk (`talk.yaml` beside the research, as `talkgen init`
makes) or a study: the same research files (themes, quotes, participants, coding, chart data,
deny-list) and a `talks/` folder with one talk file per event (`talks/lightning.yaml`,
`talks/ignite.yaml`). A talk's name is its file's name without `.yaml`; its outputs go to
`OUT/<name>/` and its rehearsals to `OUT/<name>/rehearsals/`, so two talks never share a file.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from talkgen.content.collect import TALK_FILE
from talkgen.errors import ContentError, Problem

TALKS_DIR = "talks"
# A talk's name becomes a folder name under OUT/: lower case, digits, '-' and '_'.
_TALK_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


def talk_names(folder: Path | str) -> list[str] | None:
    """The names of the talks in a study folder's `talks/` (sorted), or None for a folder that
    holds a single `talk.yaml` (or neither: `load_talk` reports that).

    Raises `ContentError` for a `talks/` folder with no talk files, with a talk file whose name
    cannot be a folder name, or beside a `talk.yaml` (which of them would be the talk?)."""
    root = Path(folder)
    talks = root / TALKS_DIR
    if not talks.is_dir():
        return None
    problems = []
    if (root / TALK_FILE).exists():
        problems.append(
            Problem(
                root / TALK_FILE,
                None,
                f"a {TALK_FILE} beside a {TALKS_DIR}/ folder",
                f"move it into {TALKS_DIR}/ with a name, e.g. {TALKS_DIR}/lightning.yaml",
            )
        )
    names = []
    for path in sorted(talks.iterdir()):
        if path.name.startswith(".") or path.suffix not in (".yaml", ".yml"):
            continue  # an editor's backup or lock file, a README
        if not _TALK_NAME.match(path.stem):
            problems.append(
                Problem(
                    path,
                    None,
                    f"'{path.stem}' cannot name a talk (it becomes the talk's output folder)",
                    "rename the file with lower-case letters, digits, '-' or '_', "
                    "e.g. lightning.yaml",
                )
            )
            continue
        names.append(path.stem)
    if not names and not problems:
        problems.append(
            Problem(
                talks,
                None,
                "no talk files",
                "add one talk file per event, e.g. talks/lightning.yaml "
                "(see `talkgen init --study`)",
            )
        )
    duplicates = sorted({n for n in names if names.count(n) > 1})
    for name in duplicates:
        problems.append(
            Problem(
                talks,
                None,
                f"two talk files named '{name}' (.yaml and .yml)",
                "keep one of them",
            )
        )
    if problems:
        raise ContentError(problems)
    return names


def talk_path(folder: Path | str, name: str | None) -> Path:
    """The talk file of the talk `name` (None: the folder's single `talk.yaml`)."""
    root = Path(folder)
    if name is None:
        return root / TALK_FILE
    yaml = root / TALKS_DIR / f"{name}.yaml"
    return yaml if yaml.exists() else root / TALKS_DIR / f"{name}.yml"


def choose_talks(folder: Path | str, name: str | None = None) -> list[str | None]:
    """The talks a command works on: `[name]` when one is named, every talk of a study when
    none is, and `[None]` (the single talk) for a folder with a `talk.yaml`.

    Raises `ContentError` for a name the study does not have (with the names it has), and for
    a name given to a folder that holds a single talk."""
    root = Path(folder)
    names = talk_names(root)
    if names is None:
        if name is not None:
            raise ContentError(
                Problem(
                    root,
                    None,
                    f"--talk {name}: this folder holds a single talk ({TALK_FILE}), "
                    f"not a {TALKS_DIR}/ folder",
                    "leave out --talk, or move talk.yaml to talks/NAME.yaml",
                )
            )
        return [None]
    if name is None:
        return list(names)
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise ContentError(
            Problem(
                root / TALKS_DIR,
                None,
                f"no talk named '{name}'",
                f"{hint}this study's talks are: {', '.join(names)}",
            )
        )
    return [name]


def one_talk(folder: Path | str, name: str | None, command: str) -> str | None:
    """The single talk a command that works on one talk at a time (`timing`, `rehearse`) uses:
    the named one, the only one, or a `ContentError` asking for `--talk` when there are more."""
    chosen = choose_talks(folder, name)
    if len(chosen) > 1:
        raise ContentError(
            Problem(
                Path(folder) / TALKS_DIR,
                None,
                f"this study has {len(chosen)} talks ({', '.join(map(str, chosen))}); "
                f"`talkgen {command}` works on one",
                f"name it: talkgen {command} {folder} --talk {chosen[0]}",
            )
        )
    return chosen[0]


def output_folder(out_dir: Path | str, name: str | None) -> Path:
    """Where a talk's outputs go: `OUT/<name>/` for a talk of a study, `OUT/` for a single
    talk."""
    return Path(out_dir) / name if name else Path(out_dir)
