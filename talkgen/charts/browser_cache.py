"""Where Chrome keeps its HTTP and code cache between chart runs, and which run may use it.

Every run starts Chrome with a fresh, temporary profile (nothing of the user's own browser is read
or kept), but points its disk cache at one folder that outlives the run, so that plotly.js is
compiled once, not on every cold run (see `pageserver`). The folder is `talkgen/chromium` in the
user's cache folder (`~/.cache` on Linux, as `platformdirs` says elsewhere), or in
`$TALKGEN_CACHE_DIR` when that is set; `TALKGEN_CACHE_DIR=` (set but empty) turns it off.

Chrome's profile of each run (and what Chrome would otherwise keep under `$HOME`: its crash-report
settings, NSS database) is a throw-away folder in `talkgen/chromium-profiles`, removed when the
run ends (`profile_parent`); with the cache turned off it is in the system's temporary folder.

Chrome's cache is not made for two browsers at once, so a run holds a lock on the folder; a
second talkgen running at the same moment goes without it. It only loses time: the charts come
out the same either way, and so they do when the folder cannot be made or is damaged (Chrome
rebuilds a cache it cannot read).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENV = "TALKGEN_CACHE_DIR"
# Chrome's own ceiling for the folder: plotly.js and its compiled code take about 3 MB a version.
MAX_BYTES = 64 * 1024 * 1024


def cache_root() -> Path | None:
    """talkgen's cache folder, or None when `TALKGEN_CACHE_DIR` is set to nothing."""
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return Path(chosen).expanduser() if chosen.strip() else None
    import platformdirs

    return Path(platformdirs.user_cache_dir("talkgen", appauthor=False))


@contextmanager
def browser_cache() -> Iterator[Path | None]:
    """The folder for Chrome's disk cache, held for this run; None when there is none to use
    (turned off, not writable, or in use by another run)."""
    from filelock import FileLock, Timeout

    root = cache_root()
    if root is None:
        yield None
        return
    folder = root / "chromium"
    lock = FileLock(root / "chromium.lock")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=0)
    except (OSError, Timeout):
        yield None
        return
    try:
        yield folder
    finally:
        lock.release()


# A profile folder this old is left over from a run that was killed: no run takes this long.
STALE_PROFILE_SECONDS = 24 * 3600


def profile_parent() -> Path | None:
    """The folder each run's temporary Chrome profile is made in (`talkgen/chromium-profiles` in
    the cache folder), after removing profiles left behind by killed runs; None when the cache
    is turned off or the folder cannot be made (then the system's temporary folder is used)."""
    root = cache_root()
    if root is None:
        return None
    folder = root / "chromium-profiles"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    now = time.time()
    for left in folder.iterdir():
        try:
            if now - left.stat().st_mtime > STALE_PROFILE_SECONDS:
                shutil.rmtree(left, ignore_errors=True)
        except OSError:
            pass
    return folder
