"""Reading a `.qdpx` file safely: a zip holding `project.qde` and the sources' text.

Nothing is extracted to disk (so no path in the zip can escape), and every member is read with a
size cap and a compression-ratio check, because a zip bomb looks like a small, valid file.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from talkgen import limits
from talkgen.errors import Problem, TalkgenError

PROJECT_FILE = "project.qde"
# A REFI-QDA project with all its transcripts is a few megabytes; the caps (talkgen/limits.py)
# leave room for a large study while refusing a member that would fill the memory.
MAX_MEMBER_BYTES = limits.ZIP_PART.value
MAX_TOTAL_BYTES = limits.ZIP_TOTAL.value
MAX_RATIO = limits.ZIP_RATIO.value
RATIO_CHECK_FROM = limits.ZIP_RATIO_FROM
_CHUNK = 1024 * 1024


class QdpxArchive:
    """An opened `.qdpx` file: its project XML and the text files it carries."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._read_total = 0
        if not self.path.is_file():
            hint = "check the path" if not self.path.exists() else "give a .qdpx file"
            raise TalkgenError(Problem(self.path, None, "no such file", hint))
        try:
            self._zip = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile as exc:
            raise TalkgenError(
                Problem(
                    self.path,
                    None,
                    "not a REFI-QDA project: the file is not a zip archive",
                    "export the project again from your QDA tool as a REFI-QDA project (.qdpx)",
                )
            ) from exc
        self._names = {info.filename: info for info in self._zip.infolist()}
        if len(self._names) > limits.ZIP_PARTS.value:
            self._zip.close()
            raise TalkgenError(
                limits.ZIP_PARTS.problem(
                    self.path, None, f"the project has {len(self._names):,} parts"
                )
            )

    def close(self) -> None:
        """Close the zip file."""
        self._zip.close()

    def __enter__(self) -> QdpxArchive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def project_xml(self) -> bytes:
        """The bytes of `project.qde` (at the top of the zip, or the only one in a folder)."""
        candidates = [n for n in self._names if PurePosixPath(n).name.lower() == PROJECT_FILE]
        top = [n for n in candidates if "/" not in n.strip("/")]
        chosen = top or (candidates if len(candidates) == 1 else [])
        if not chosen:
            raise TalkgenError(
                Problem(
                    self.path,
                    None,
                    f"not a REFI-QDA project: the zip holds no {PROJECT_FILE}",
                    "export the project again as a REFI-QDA project (.qdpx); "
                    "a .qdc file is a codebook only",
                )
            )
        return self.read(chosen[0])

    def find(self, *names: str) -> str | None:
        """The first of `names` that the zip holds (compared without case), or None."""
        lowered = {n.lower(): n for n in self._names}
        for name in names:
            found = lowered.get(name.lower().lstrip("/"))
            if found is not None:
                return found
        return None

    def read(self, name: str) -> bytes:
        """A member's bytes, refused when it is too large or compressed like a bomb."""
        info = self._names[name]
        where = f"{self.path.name}!{name}"
        bomb = Problem(
            self.path,
            None,
            f"{where} is too large to read safely "
            f"({info.file_size:,} bytes from {info.compress_size:,}); "
            f"this looks like a zip bomb (talkgen's limits: {limits.ZIP_PART}, "
            f"{limits.ZIP_TOTAL}, {limits.ZIP_RATIO})",
            "check where the file came from",
        )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or (
            info.file_size > RATIO_CHECK_FROM and ratio > MAX_RATIO
        ):
            raise TalkgenError(bomb)
        chunks, size = [], 0
        try:
            with self._zip.open(info) as member:
                # The sizes in the zip's directory can lie: count what actually comes out.
                while chunk := member.read(_CHUNK):
                    size += len(chunk)
                    self._read_total += len(chunk)
                    if size > MAX_MEMBER_BYTES or self._read_total > MAX_TOTAL_BYTES:
                        raise TalkgenError(bomb)
                    chunks.append(chunk)
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            raise TalkgenError(
                Problem(self.path, None, f"cannot read {where}: {exc}", "export the project again")
            ) from exc
        return b"".join(chunks)
