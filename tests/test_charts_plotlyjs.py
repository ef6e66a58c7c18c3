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
    full = plotlyjs.full_bundle()
    assert _header_version(plotlyjs.VENDORED) == _header_version(full)
    assert plotlyjs.plotly_js_path() == plotlyjs.VENDORED
    assert plotlyjs.VENDORED.stat().st_size < full.stat().st_size / 2


def test_a_bundle_of_another_version_falls_back_to_plotly_pys(tmp_path: Path) -> None:
    stale = tmp_path / "plotly-cartesian.min.js"
    stale.write_text("/**\n* plotly.js (cartesian - minified) v0.0.1\n*/\n")
    assert plotlyjs.plotly_js_path(stale) == plotlyjs.full_bundle()
    assert plotlyjs.plotly_js_path(tmp_path / "missing.js") == plotlyjs.full_bundle()


def test_chart_pages_inline_the_small_bundle(example_dir: Path) -> None:
    chart = talk_figures(load_talk(example_dir))[0]
    page = chart_page(chart, load_style())
    assert "plotly.js (cartesian - minified)" in page
    assert len(page) < 2_000_000
    assert not re.search(r"<script[^>]+src=", page)
