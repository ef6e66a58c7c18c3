"""Opening files that came from elsewhere: regular files only, within their size limit, and
(for paths written in the content) inside the content folder.

A FIFO, a device or a socket would block a read or never end, so only regular files are read.
A path written in the content (`csv:` in charts.yaml, `image:` in the outline) must stay inside
the content folder once symbolic links are followed: a link to a file inside the folder is
fine, a link (or a `..`, or an absolute path) that leaves it is refused, so a build never
publishes a file from elsewhere on the machine.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from talkgen.errors import Problem, TalkgenError
from talkgen.limits import Limit, file_size_limit


class InputError(TalkgenError):
    """A file that may not or cannot be read."""


def _kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file or a folder)."""
    for test, name in (
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return None


# The "how to fix" of a file that exists but cannot be read.
CANNOT_READ = "check that you may read it (`ls -l` shows who may) and that its disk is mounted"


def check_regular(path: Path, line: int | None = None) -> os.stat_result:
    """The file's status; `InputError` when it is missing, a folder, or a special file."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise InputError(
            Problem(path, line, "file not found", "create it or fix the name")
        ) from None
    except OSError as exc:
        raise InputError(
            Problem(path, line, f"cannot read: {exc.strerror or exc}", CANNOT_READ)
        ) from None
    if stat.S_ISDIR(status.st_mode):
        raise InputError(Problem(path, line, "is a folder, not a file", "give a file"))
    special = _kind_of(status.st_mode)
    if special or not stat.S_ISREG(status.st_mode):
        raise InputError(
            Problem(
                path,
                line,
                f"is {special or 'not a regular file'}, not a file talkgen can read",
                "replace it with an ordinary file",
            )
        )
    return status


def read_bytes(path: Path, limit: Limit | None = None) -> bytes:
    """The bytes of a regular file no larger than `limit` (by default its kind's file size
    limit); `InputError` naming the limit otherwise. At most limit + 1 bytes are ever read."""
    limit = limit or file_size_limit(path)
    status = check_regular(path)
    too_big = limit.problem(path, None, f"the file is {status.st_size:,} bytes")
    if status.st_size > limit.value:
        raise InputError(too_big)
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, opening it does
        # not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(Problem(path, None, "is not a regular file", "give a file"))
            raw = handle.read(int(limit.value) + 1)
    except OSError as exc:
        raise InputError(
            Problem(path, None, f"cannot read: {exc.strerror or exc}", CANNOT_READ)
        ) from None
    if len(raw) > limit.value:
        raise InputError(too_big)
    return raw


def read_record(path: Path) -> Any:
    """talkgen's own JSON record at `path` (a build's state, a cache index), or None when it is
    missing, not a regular file, over the size limit of its kind, not JSON, or nested too deep
    for the JSON reader: the record is then simply made again."""
    try:
        return json.loads(read_bytes(path).decode("utf-8"))
    except (InputError, ValueError, RecursionError):
        return None


def inside(root: Path, written: str, where: Path, line: int | None, what: str) -> Path:
    """The path `written` in the content (relative to the content folder `root`), checked to
    stay inside `root` once symbolic links are followed. `where`/`line` locate the reference
    in the file that wrote it; `what` names it in the message (e.g. "image 'x.png'")."""
    hint = "put the file inside the content folder and give its path relative to it"
    if not written or Path(written).is_absolute() or (written[:1] in "/\\"):
        raise InputError(Problem(where, line, f"{what} is an absolute path", hint))
    base = root.resolve()
    target = (root / written).resolve()
    if target != base and base not in target.parents:
        raise InputError(Problem(where, line, f"{what} is outside the content folder", hint))
    return target


def is_within(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or inside it, once both are resolved."""
    resolved, base = path.resolve(), folder.resolve()
    return resolved == base or base in resolved.parents


def check_zip(path: Path, part: Limit, total: Limit, what: str) -> None:
    """Refuse a zip package (`what`: "template", "deck" …) whose parts, as its directory
    declares them, are too many, too large, too large together, or compressed like a bomb.

    Reading a part through `zipfile` never yields more than its declared size (and a part that
    decompresses to something else fails its CRC check), so checking the declared sizes before
    python-pptx opens the package bounds the memory it can take."""
    import zipfile

    from talkgen import limits

    check_regular(path)
    try:
        with zipfile.ZipFile(path) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # not a zip: the caller's own reader says so in its words
    hint = f"check where the {what} came from; save it again from PowerPoint"
    if len(parts) > limits.ZIP_PARTS.value:
        raise InputError(
            limits.ZIP_PARTS.problem(path, None, f"the {what} has {len(parts):,} parts", hint)
        )
    unpacked = 0
    for info in parts:
        name = f"{path.name}!{info.filename}"
        if info.file_size > part.value:
            raise InputError(
                part.problem(path, None, f"{name} unpacks to {info.file_size:,} bytes", hint)
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ZIP_RATIO_FROM and ratio > limits.ZIP_RATIO.value:
            raise InputError(
                limits.ZIP_RATIO.problem(
                    path,
                    None,
                    f"{name} unpacks {ratio:,.0f} times larger than it is packed "
                    "(this looks like a zip bomb)",
                    hint,
                )
            )
        unpacked += info.file_size
        if unpacked > total.value:
            raise InputError(
                total.problem(path, None, f"the {what} unpacks to over {unpacked:,} bytes", hint)
            )
