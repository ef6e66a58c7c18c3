"""`scaffold`: a new content folder holding a small talk that validates, to edit."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from talkgen.errors import Problem, TalkgenError


def scaffold(folder: Path) -> list[Path]:
    """Write the starter talk into `folder` (which must be new or empty); returns the files."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise TalkgenError(
            Problem(folder, None, "already exists and is not empty", "choose a new folder name")
        )
    source = resources.files("talkgen.scaffold") / "files"
    written: list[Path] = []

    def copy(node, target: Path) -> None:
        for child in node.iterdir():
            if child.is_dir():
                copy(child, target / child.name)
            elif not child.name.startswith((".", "__")):
                (target / child.name).parent.mkdir(parents=True, exist_ok=True)
                (target / child.name).write_bytes(child.read_bytes())
                written.append(target / child.name)

    copy(source, folder)
    return sorted(written)
