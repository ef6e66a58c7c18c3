"""Which plotly.js is loaded: the vendored cartesian bundle only when its version is plotly.py's."""

from __future__ import annotations

import re
from pathlib import Path

from talkgen.charts import plotlyjs
from talkgen.charts.figures import talk_figures
from talkgen.charts.page import chart_page
from talkgen.content import load_talk
from talkgen.style import load_style


def _header_version(path: Path) -> str:
    return re.search(r"v(\d+\.\d+\.\d+)", path.read_text(encoding="utf-8")[:300]).group(1)


def test_the_vendored_bundle_is_used_when_versions_match() -> None:
    from plotly.offline import get_plotlyjs

    full = get_plotlyjs()
    assert _header_version(plotlyjs.VENDORED) in full[:300]
    assert plotlyjs.uses_vendored()
    assert plotlyjs.plotly_js() == plotlyjs.VENDORED.read_text(encoding="utf-8")
    assert len(plotlyjs.plotly_js()) < len(full) / 2


def test_a_bundle_of_another_version_falls_back_to_plotly_pys(tmp_path: Path) -> None:
    from plotly.offline import get_plotlyjs

    stale = tmp_path / "plotly-cartesian.min.js"
    stale.write_text("/**\n* plotly.js (cartesian - minified) v0.0.1\n*/\n")
    assert not plotlyjs.uses_vendored(stale)
    assert plotlyjs.plotly_js(stale) == get_plotlyjs()
    assert plotlyjs.plotly_js(tmp_path / "missing.js") == get_plotlyjs()


def test_chart_pages_inline_the_small_bundle(example_dir: Path) -> None:
    chart = talk_figures(load_talk(example_dir))[0]
    page = chart_page(chart, load_style())
    assert "plotly.js (cartesian - minified)" in page
    assert len(page) < 2_000_000
    assert not re.search(r"<script[^>]+src=", page)
