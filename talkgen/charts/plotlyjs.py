"""Which plotly.js the browser and the HTML pages load: our cartesian bundle, or plotly.py's.

The cartesian partial bundle (1.5 MB, in `vendor/`) holds every trace type talkgen draws, and
Chromium parses it about 0.8 s faster than the full 4.8 MB bundle when kaleido starts. It is used
only while its version matches the plotly.js that plotly.py ships (`plotly.offline`'s public
`get_plotlyjs_version`), so an upgrade of plotly never pairs figures with an older library: then
the full bundle is used, as plotly.py hands it out (`get_plotlyjs`).
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


def shipped_version() -> str:
    """The version of the plotly.js that plotly.py ships, e.g. `4.1.1`."""
    from plotly.offline import get_plotlyjs_version

    return get_plotlyjs_version()


def uses_vendored(vendored: Path = VENDORED) -> bool:
    """Whether the vendored cartesian bundle is the same version as plotly.py's plotly.js."""
    return vendored.is_file() and _version(vendored) == shipped_version()


@functools.cache
def plotly_js(vendored: Path = VENDORED) -> str:
    """The plotly.js to load, read once per process: the vendored cartesian bundle when its
    version is plotly.py's, else plotly.py's full bundle."""
    if uses_vendored(vendored):
        return vendored.read_text(encoding="utf-8")
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()
