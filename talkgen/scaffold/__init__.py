"""`scaffold`: a new content folder holding a small talk that validates, to edit."""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from talkgen.content.collect import TALK_FILE
from talkgen.content.study import TALKS_DIR
from talkgen.errors import Problem, TalkgenError


def scaffold(folder: Path, study: bool = False) -> list[Path]:
    """Write the starter talk into `folder` (which must be new or empty); returns the files.

    With `study`, a study with two talks instead: the same research, and `talks/lightning.yaml`
    (the starter talk) beside `talks/ignite.yaml` (an Ignite version showing two of the three
    themes).

    The files are written into a temporary folder beside the target and moved into place in one
    rename, so a failure leaves nothing half-written."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise TalkgenError(
            Problem(folder, None, "already exists and is not empty", "choose a new folder name")
        )
    source = resources.files("talkgen.scaffold") / "files"
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as error:
        raise TalkgenError(
            Problem(
                folder,
                None,
                f"cannot create it: {error.strerror}",
                "choose a folder you can write to",
            )
        ) from None
    try:
        names = _copy(source, staging)
        if study:
            names = _as_study(staging, names)
        os.chmod(staging, 0o755)
        if folder.exists():
            folder.rmdir()  # empty, checked above
        os.replace(staging, folder)
    except OSError as error:
        raise TalkgenError(
            Problem(
                folder,
                None,
                f"cannot write it: {error.strerror}",
                "choose a folder you can write to",
            )
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(folder / name for name in names)


def _as_study(staging: Path, names: list[str]) -> list[str]:
    """Turn the starter talk in `staging` into a study: its talk file becomes one of two."""
    talks = staging / TALKS_DIR
    talks.mkdir()
    os.replace(staging / TALK_FILE, talks / "lightning.yaml")
    ignite = resources.files("talkgen.scaffold") / "study" / "ignite.yaml"
    (talks / "ignite.yaml").write_bytes(ignite.read_bytes())
    return [n for n in names if n != TALK_FILE] + [
        f"{TALKS_DIR}/lightning.yaml",
        f"{TALKS_DIR}/ignite.yaml",
    ]


def _copy(node: Traversable, target: Path, prefix: str = "") -> list[str]:
    names: list[str] = []
    for child in node.iterdir():
        if child.is_dir():
            (target / child.name).mkdir()
            names += _copy(child, target / child.name, f"{prefix}{child.name}/")
        elif not child.name.startswith((".", "__")):
            (target / child.name).write_bytes(child.read_bytes())
            names.append(prefix + child.name)
    return names
