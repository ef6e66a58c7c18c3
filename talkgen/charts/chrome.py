"""Finding the Chrome or Chromium that kaleido drives, and saying how to get one when there is none.

Kaleido 1.x renders figures in a headless Chrome. We look where choreographer (kaleido's browser
driver) looks, in its order, but decide ourselves so that a missing browser is one line the speaker
can act on rather than kaleido's multi-line RuntimeError.
"""

from __future__ import annotations

import os
import platform
import shutil
from pathlib import Path

from talkgen.errors import EnvironmentProblem, Problem

# Names and places a Chromium-family browser is installed under, in the order we prefer them.
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
_TYPICAL = {
    "Linux": (
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
        "/usr/bin/google-chrome-stable",
        "/snap/bin/chromium",
    ),
    "Darwin": (
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
    ),
    "Windows": (
        r"C:\Program Files\Google\Chrome\Application\chrome.exe",
        r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    ),
}


def how_to_install() -> str:
    """One sentence saying how to get a browser on this kind of machine."""
    if platform.system() == "Linux":
        if shutil.which("apt-get"):
            return (
                "install Chromium with `sudo apt-get install chromium`, or run "
                "`plotly_get_chrome -y` for a private copy, or set BROWSER_PATH to a "
                "Chrome/Chromium program"
            )
        return (
            "install Chromium with your package manager, or run `plotly_get_chrome -y` for "
            "a private copy, or set BROWSER_PATH to a Chrome/Chromium program"
        )
    if platform.system() == "Darwin":
        return (
            "install Google Chrome (https://www.google.com/chrome/ or `brew install --cask "
            "google-chrome`), or run `plotly_get_chrome -y`, or set BROWSER_PATH"
        )
    return (
        "install Google Chrome (https://www.google.com/chrome/), or run "
        "`plotly_get_chrome -y`, or set BROWSER_PATH to chrome.exe"
    )


def _is_program(path: str | Path) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def _downloaded_copy() -> Path | None:
    """The private copy `plotly_get_chrome` (choreographer) downloads, if there is one."""
    try:
        from choreographer.cli._cli_utils import get_chrome_download_path
    except ImportError:  # a choreographer without that helper: no private copy to find
        return None
    try:
        path = get_chrome_download_path(mkdir=False)
    except Exception:  # noqa: BLE001 - an odd platform directory is "no copy", not an error
        return None
    return Path(path) if path and _is_program(path) else None


def find_browser() -> Path:
    """The Chrome or Chromium program to render charts with.

    Order: `BROWSER_PATH` (as kaleido honours it), the copy `plotly_get_chrome` installed,
    then Chromium or Google Chrome on PATH or in their usual places. Raises `EnvironmentProblem`
    with one line saying how to install one when none is found.
    """
    override = os.environ.get("BROWSER_PATH")
    if override:
        if _is_program(override):
            return Path(override)
        raise EnvironmentProblem(
            Problem(
                None,
                None,
                f"BROWSER_PATH is set to '{override}', which is not a program",
                "point it at Chrome or Chromium, or unset it and " + how_to_install(),
            )
        )
    downloaded = _downloaded_copy()
    if downloaded:
        return downloaded
    for name in _NAMES:
        found = shutil.which(name)
        if found and _is_program(found):
            return Path(found)
    for candidate in _TYPICAL.get(platform.system(), ()):
        if _is_program(candidate):
            return Path(candidate)
    raise EnvironmentProblem(
        Problem(None, None, "charts need Chrome or Chromium and none was found", how_to_install())
    )
