"""Finding the Chrome or Chromium that kaleido drives, saying how to get one when there is none,
and the quiet, private command line it is started with.

Kaleido 1.x renders figures in a headless Chrome. We look where choreographer (kaleido's browser
driver) looks, in its order, but decide ourselves so that a missing browser is one line the speaker
can act on rather than kaleido's multi-line RuntimeError.

Chrome is started through choreographer's public `browser_cls` hook (a subclass of its public
`Chromium` that adds switches and sets the environment): no background requests (updates,
component downloads, metrics, sync, safe-browsing lists, crash uploads), and everything Chrome
writes (its profile, crash data, and what it keeps under `$HOME`: NSS database, crash-report
settings) in a throw-away folder under talkgen's cache folder, never in the user's home.
"""

from __future__ import annotations

import functools
import os
import platform
import shutil
from collections.abc import MutableMapping
from pathlib import Path

from talkgen.charts.pageserver import ORIGIN
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
    """The private copy `plotly_get_chrome` (choreographer) downloads, if there is one, as
    choreographer's public `Chromium.find_browser` finds it (it looks there first; without a copy
    it answers with a browser on PATH, which is as good)."""
    from choreographer.browsers import Chromium

    try:
        path = Chromium.find_browser(skip_local=False, skip_typical=True)
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


# Switches that keep Chrome from talking to anything but our page server, and from writing
# anything outside its throw-away profile. Names Chrome does not know are ignored.
QUIET_SWITCHES = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-crash-reporter",
    "--disable-breakpad",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--metrics-recording-only",
    "--no-pings",
    "--no-service-autorun",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-search-engine-choice-screen",
    "--disable-field-trial-config",
    # Memory: no SwiftShader in the GPU process (charts are SVG drawn on a 2D canvas), about
    # 15 MB of PSS less.
    "--disable-software-rasterizer",
)
# Chrome keeps only the last --disable-features, so every feature goes into one. The address
# bar's pop-up pages (WebUI) took a third of a core here while the first charts rendered; the
# rest are services that fetch from the network.
DISABLED_FEATURES = (
    "WebUIOmniboxPopup",
    "WebUIOmniboxFullPopup",
    "WebUIOmniboxAimPopup",
    "PreloadTopChromeWebUI",
    "OptimizationHints",
    "MediaRouter",
    "Translate",
    "AutofillServerCommunication",
    "CertificateTransparencyComponentUpdater",
    "InterestFeedContentSuggestions",
    "NetworkTimeServiceQuerying",
    "OptimizationGuideModelDownloading",
    "OptimizationHintsFetching",
    "DialMediaRouteProvider",
    # Memory: no spare renderer kept warm for a next site (a run has one page): about 24 MB.
    "SpareRendererForSitePerProcess",
)


@functools.cache
def quiet_chromium_class(disk_cache: Path | None, disk_cache_bytes: int) -> type:
    """choreographer's `Chromium` (pass as `browser_cls`) that starts Chrome quiet and private:
    `QUIET_SWITCHES`, `DISABLED_FEATURES`, its disk cache in `disk_cache` (up to
    `disk_cache_bytes`) when given, and `HOME`, `XDG_CONFIG_HOME` and `XDG_CACHE_HOME` inside its
    temporary profile, so nothing lands in the user's home. Give the profile's parent folder as
    the `tmp_dir` keyword (`browser_cache.profile_parent`)."""
    from choreographer.browsers import Chromium

    class QuietChromium(Chromium):
        """Chromium as choreographer starts it, quiet and private (see `quiet_chromium_class`)."""

        def get_cli(self) -> list[str]:
            cli = [
                part
                for part in super().get_cli()
                if part not in QUIET_SWITCHES and not part.startswith("--disable-features=")
            ]
            cli += [*QUIET_SWITCHES, "--disable-features=" + ",".join(DISABLED_FEATURES)]
            cli.append(f"--crash-dumps-dir={self.tmp_dir.path / 'crashes'}")
            # Services the switches above do not stop (Chromium 156 still asks its component
            # updater and the sign-in service at start) are sent to the page server, which
            # refuses them: no request names a host outside talkgen.
            cli += [f"--gaia-url={ORIGIN}", f"--component-updater=url-source={ORIGIN}/update"]
            if disk_cache is not None:
                cli += [f"--disk-cache-dir={disk_cache}", f"--disk-cache-size={disk_cache_bytes}"]
            # Its first tab on a blank page: the new-tab page is the default search engine's
            # (Debian's Chromium: DuckDuckGo), fetched from the network.
            cli.append("about:blank")
            return cli

        def get_env(self) -> MutableMapping[str, str]:
            from talkgen.processes import home_inside

            env = super().get_env()
            env.update(home_inside(self.tmp_dir.path / "home"))
            return env

    return QuietChromium
