"""Which plotly.js the browser and the HTML pages load: our cartesian bundle, or plotly.py's.

The cartesian partial bundle (1.5 MB, in `vendor/`) holds every trace type talkgen draws, and
Chromium parses it about 0.8 s faster than the full 4.8 MB bundle when kaleido starts. It is used
only while its version matches the plotly.js that plotly.py ships, so an upgrade of plotly never
pairs figures with an older library: then the full bundle is used, as before.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

VENDORED = Path(__file__).parent / "vendor" / "plotly-cartesian.min.js"
_VERSION = re.compile(r"plotly\.js[^\n]*?\bv(\d+\.\d+\.\d+)")


def _version(path: Path) -> str | None:
    with path.open(encoding="utf-8") as handle:
        match = _VERSION.search(handle.read(300))
    return match.group(1) if match else None


def full_bundle() -> Path:
    """The full plotly.js that plotly.py ships."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@functools.cache
def plotly_js_path(vendored: Path = VENDORED) -> Path:
    """The plotly.js file to load: the vendored cartesian bundle when its version is plotly.py's."""
    full = full_bundle()
    if vendored.is_file() and _version(vendored) == _version(full):
        return vendored
    return full


@functools.cache
def plotly_js() -> str:
    """The text of `plotly_js_path()`, read once per process."""
    return plotly_js_path().read_text(encoding="utf-8")
