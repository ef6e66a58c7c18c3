"""Which chart files are up to date, across runs: `.talkgen-cache.json` in the charts folder.

Each file we write is recorded with the key of what it was made from (figure JSON, format, size,
kaleido and plotly versions) and the size and modification time it had when written. A file is
fresh when its key is unchanged and the file on disk is still the one we wrote, so a hand-edited or
deleted file is made again. Comparing size and mtime rather than hashing keeps a fully cached run of
50 charts (with 5 MB HTML files) well under a second.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from talkgen.atomic import write_text

CACHE_FILE = ".talkgen-cache.json"
# Bump when the way we post-process exported files changes, so old files are made again.
FORMAT_VERSION = 1


def spec_key(**spec: Any) -> str:
    """A stable hash of everything a file is made from (keyword values must be JSON-able)."""
    from plotly.utils import PlotlyJSONEncoder

    text = json.dumps(
        {"talkgen-cache": FORMAT_VERSION, **spec},
        sort_keys=True,
        cls=PlotlyJSONEncoder,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RenderCache:
    """The record of files written into one charts folder and what each was made from."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / CACHE_FILE
        from talkgen.inputs import read_record

        # No record (first run) or a damaged one: everything is simply made again.
        entries = read_record(self.path)
        self.entries: dict[str, dict[str, Any]] = entries if isinstance(entries, dict) else {}

    def is_fresh(self, path: Path, key: str) -> bool:
        """Whether `path` exists, was written by us from `key`, and has not changed since."""
        entry = self.entries.get(path.name)
        if not entry or entry.get("key") != key:
            return False
        try:
            stat = path.stat()
        except OSError:
            return False
        return entry.get("size") == stat.st_size and entry.get("mtime_ns") == stat.st_mtime_ns

    def record(self, path: Path, key: str) -> None:
        """Note that `path` was just written from `key`."""
        stat = path.stat()
        self.entries[path.name] = {"key": key, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}

    def forget_all_but(self, names: set[str]) -> list[Path]:
        """Drop the record of files not in `names` and delete them (charts no longer in the
        talk); returns what was deleted. Files we did not write are never touched."""
        removed = []
        for name in sorted(set(self.entries) - names):
            del self.entries[name]
            path = self.folder / name
            if path.is_file():
                path.unlink()
                removed.append(path)
        return removed

    def save(self) -> None:
        """Write the record (atomically) when it differs from what is on disk."""
        text = json.dumps(self.entries, sort_keys=True, indent=1)
        try:
            if self.path.read_text(encoding="utf-8") == text:
                return
        except OSError:
            pass
        write_text(self.path, text)
