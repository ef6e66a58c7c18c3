"""The offline HTML pages (each chart's page and timing.html): nothing online, and accessible as
axe-core checks them in a real headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_check import axe_violations

from talkgen.charts.figures import talk_figures
from talkgen.charts.page import chart_page
from talkgen.content import load_talk
from talkgen.content.model import ChartSeries, ChartSpec
from talkgen.plan import plan_talk
from talkgen.style import load_style
from talkgen.timing import build_report
from talkgen.timing.writers import write_timing_files

ONLINE = ("sendDataToCloud", "Chart Studio", "chart-studio", "plot.ly/", "Share chart")


def _declared_pages(tmp_path: Path) -> list[Path]:
    """A page for each kind of declared chart, with long labels and odd names."""
    from talkgen.charts import declared
    from talkgen.charts.look import slide_look
    from talkgen.charts.model import ChartFigure

    look = slide_look()
    pages = []
    for kind in ("bar", "stacked-bar", "pie", "donut", "line", "heatmap"):
        spec = ChartSpec(
            id=f"d-{kind}",
            type=kind,
            categories=["Mentoring through blog comments over many months", "E-mail", "Posts"],
            series=[
                ChartSeries(name="2012", values=[3, 5, 2]),
                ChartSeries(name="2013", values=[4, 1, 6]),
            ],
            x_label="Channel",
            y_label="Participants",
        )
        chart: ChartFigure = declared.figure(spec, look)
        page = tmp_path / f"{chart.id}.html"
        page.write_text(chart_page(chart, look.style), encoding="utf-8")
        pages.append(page)
    return pages


def test_chart_pages_have_no_online_button_and_a_main_landmark(example_charts):
    for chart in example_charts.values():
        page = chart.html.read_text(encoding="utf-8")
        assert not any(word in page.split("<script", 2)[0] for word in ONLINE), chart.id
        config = re.search(r"Plotly\.newPlot\(.*?(\{[^{}]*\"displayModeBar\"[^{}]*\})", page, re.S)
        assert config and '"displayModeBar": false' in config.group(1), chart.id
        assert '"showSendToCloud": false' in config.group(1)
        assert page.count("<main>") == 1 and 'role="img"' not in page
        figure = page[page.index("<figure") : page.index("</figure>")]
        alt = f'<p id="chart-alt" dir="auto">{chart.alt}</p>'
        assert alt in figure or "&" in chart.alt, chart.id
        assert "<figcaption>" in figure


def test_timing_page_has_no_online_button_and_a_main_landmark(example_dir, tmp_path):
    write_timing_files(build_report(plan_talk(load_talk(example_dir))), tmp_path)
    page = (tmp_path / "timing.html").read_text(encoding="utf-8")
    assert '"displayModeBar": false' in page and '"showSendToCloud": false' in page
    assert "<main>" in page and "<figcaption" in page and 'role="img"' not in page


@pytest.mark.slow
def test_axe_finds_nothing_on_any_chart_page_or_the_timing_page(example_charts, tmp_path):
    example = Path(__file__).resolve().parents[1] / "content"
    write_timing_files(build_report(plan_talk(load_talk(example))), tmp_path)
    pages = [chart.html for chart in example_charts.values()]
    pages += [tmp_path / "timing.html", *_declared_pages(tmp_path)]
    found = {page.name: axe_violations(page) for page in pages}
    assert found == {page.name: [] for page in pages}


@pytest.mark.slow
def test_axe_does_find_a_button_inside_an_image_without_a_main(tmp_path):
    """The check above can fail: the old page's faults are found."""
    page = tmp_path / "old.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>'
        '<div role="img" aria-label="chart"><button>Share chart</button></div></body></html>',
        encoding="utf-8",
    )
    ids = {v["id"] for v in axe_violations(page)}
    assert {"nested-interactive", "landmark-one-main"} <= ids


def test_a_chart_page_carries_title_caption_and_alt_text(example_dir):
    chart = talk_figures(load_talk(example_dir))[0]
    page = chart_page(chart, load_style())
    assert re.search(r'<h1 id="chart-title" dir="auto">[^<]+</h1>', page)
    assert 'aria-labelledby="chart-title"' in page and 'aria-describedby="chart-alt"' in page
