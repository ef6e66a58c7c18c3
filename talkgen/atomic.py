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
