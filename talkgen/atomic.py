"""Writing output files atomically: a temp file beside the target, then a rename.

A build that fails half-way never leaves a truncated deck or handout where the last good one was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from talkgen.errors import EnvironmentProblem, Problem


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """A temporary path to write to; on success it replaces `target` in one rename."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise unwritable(target.parent, error) from None
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def unwritable(folder: Path, error: OSError) -> EnvironmentProblem:
    """The one-line error for an output folder that cannot be created or written to."""
    return EnvironmentProblem(
        Problem(
            folder,
            None,
            f"cannot write here: {error.strerror or error}",
            "choose a folder you can write to",
        )
    )


def write_bytes(target: Path | str, content: bytes) -> Path:
    """Write `content` to `target` atomically; returns the target."""
    with atomic_path(target) as temp:
        temp.write_bytes(content)
    return Path(target)


def write_text(target: Path | str, content: str) -> Path:
    """Write UTF-8 text to `target` atomically; returns the target."""
    return write_bytes(target, content.encode("utf-8"))


def check_output_folder(content: Path | str, out_dir: Path | str) -> None:
    """Refuse an output folder that is the content folder or inside it (`ContentError`): the
    outputs would be read back as content, and every build would see its content changed."""
    from talkgen.errors import ContentError
    from talkgen.inputs import is_within

    system = _system_folder(Path(out_dir))
    if system is not None:
        raise ContentError(
            Problem(
                Path(out_dir),
                None,
                f"the output folder is {system}, a folder of the operating system",
                "give --out a folder of your own, e.g. --out out beside the content folder",
            )
        )
    if is_within(Path(out_dir), Path(content)):
        raise ContentError(
            Problem(
                Path(out_dir),
                None,
                f"the output folder is inside the content folder {content}",
                "give --out a folder outside it, e.g. --out out beside the content folder",
            )
        )


# Folders of the operating system that are never an output folder (nor is anything inside the
# first group): a build there would scatter the talk's files among the system's, and run as an
# administrator it could.
_SYSTEM_TREES = (
    "/proc",
    "/sys",
    "/dev",
    "/etc",
    "/boot",
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
    "/usr",
)
_SYSTEM_FOLDERS = ("/", "/home", "/var", "/run")


def _system_folder(out_dir: Path) -> str | None:
    """The system folder `out_dir` is or lies in (`_SYSTEM_TREES`, `_SYSTEM_FOLDERS`), or None."""
    import os

    if os.name != "posix":
        return None
    where = out_dir.resolve()
    if str(where) in _SYSTEM_FOLDERS:
        return str(where)
    for tree in _SYSTEM_TREES:
        if where == Path(tree) or Path(tree) in where.parents:
            return tree
    return None


def check_target(target: Path, made_by: str) -> None:
    """Refuse to replace `target` when it is something talkgen would not have made there (a
    folder, a link, a special file): `EnvironmentProblem` naming it. `made_by` says what
    talkgen writes there, e.g. "the deck"."""
    if target.is_symlink() or (target.exists() and not target.is_file()):
        what = "a folder" if target.is_dir() else "not a file talkgen wrote"
        raise EnvironmentProblem(
            Problem(
                target,
                None,
                f"is {what}; talkgen writes {made_by} here and will not replace it",
                "move it out of the way, or choose another --out",
            )
        )
