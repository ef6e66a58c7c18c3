"""`render_charts`: the talk's charts in, PNG + SVG + HTML files in `out/charts/` out.

Only files whose inputs changed are made again; when none did, no browser starts at all.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from talkgen.atomic import write_text
from talkgen.charts.cache import RenderCache, spec_key
from talkgen.charts.chrome import find_browser
from talkgen.charts.export import (
    DEFAULT_TABS,
    DEFAULT_TIMEOUT,
    ImageJob,
    plotly_version,
    render_images,
)
from talkgen.charts.figures import talk_figures
from talkgen.charts.look import PNG_SCALE, Look, slide_look
from talkgen.charts.model import ChartFigure, RenderedChart
from talkgen.charts.page import chart_page
from talkgen.content.model import Talk

CHARTS_DIR = "charts"
Advance = Callable[..., None]


class ChartSet(Mapping[str, RenderedChart]):
    """The rendered charts by id, plus what this run had to do to make them."""

    def __init__(
        self,
        charts: dict[str, RenderedChart],
        folder: Path,
        rendered: int,
        images_rendered: int,
        browser_started: bool,
    ) -> None:
        self._charts = dict(charts)
        self.folder = folder
        """The folder the files are in (`out/charts`)."""
        self.rendered = rendered
        """How many charts (figures) were rendered this run; 0 when all were cached."""
        self.images_rendered = images_rendered
        """How many image files (PNG and SVG) the browser made this run."""
        self.browser_started = browser_started
        """Whether this run started Chrome."""

    def __getitem__(self, chart_id: str) -> RenderedChart:
        return self._charts[chart_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._charts)

    def __len__(self) -> int:
        return len(self._charts)

    def __repr__(self) -> str:
        return (
            f"ChartSet({list(self._charts)}, rendered={self.rendered}, "
            f"images_rendered={self.images_rendered}, "
            f"browser_started={self.browser_started})"
        )


def render_charts(
    talk: Talk,
    out_dir: Path,
    *,
    progress: Advance | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    look: Look | None = None,
) -> ChartSet:
    """Export every chart of the talk into `out_dir / "charts"` as `<id>.png` (the slide's chart
    area at 2x), `<id>.svg` and `<id>.html` (offline), reusing files whose inputs are unchanged.

    `progress(n=1, label=None)` is called once per chart as it is finished. Raises
    `EnvironmentProblem` when a chart needs rendering and Chrome is missing, crashes or hangs.
    """
    look = look or slide_look()
    return export_charts(
        talk_figures(talk, look),
        Path(out_dir) / CHARTS_DIR,
        look,
        lang=talk.info.language,
        progress=progress,
        timeout=timeout,
    )


def export_charts(
    figures: list[ChartFigure],
    folder: Path,
    look: Look,
    *,
    lang: str = "en",
    progress: Advance | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    tabs: int = DEFAULT_TABS,
) -> ChartSet:
    """Export ready-made figures into `folder` with the cache; the engine of `render_charts`."""
    advance = progress or (lambda n=1, label=None: None)
    folder.mkdir(parents=True, exist_ok=True)
    cache = RenderCache(folder)
    charts: dict[str, RenderedChart] = {}
    stale: list[ImageJob] = []
    pages: list[tuple[ChartFigure, Path, str]] = []
    for chart in figures:
        jobs = _image_jobs(chart, folder, look)
        html = folder / f"{chart.id}.html"
        html_key = spec_key(page=chart_page_inputs(chart, look, lang))
        if not cache.is_fresh(html, html_key):
            pages.append((chart, html, html_key))
        waiting = [job for job in jobs if not cache.is_fresh(job.path, job.key())]
        stale += waiting
        if not waiting:
            advance(1, label=chart.id)
        charts[chart.id] = RenderedChart(
            id=chart.id,
            title=chart.title,
            alt=chart.alt,
            caption=chart.caption,
            png=jobs[0].path,
            svg=jobs[1].path,
            html=html,
            handout=chart.handout,
            width_px=round(look.width_px * PNG_SCALE),
            height_px=round(look.height_px * PNG_SCALE),
        )

    def write_pages() -> list[tuple[Path, Path, str]]:
        staged = []
        for chart, html, html_key in pages:
            temporary = _staging(html)
            write_text(temporary, chart_page(chart, look.style, lang))
            staged.append((temporary, html, html_key))
        return staged

    pages_done: list[tuple[Path, Path, str]] = []
    images = [(replace(job, path=_staging(job.path)), job) for job in stale]
    left = Counter(job.chart_id for job in stale)

    def written(job: ImageJob) -> None:
        left[job.chart_id] -= 1
        if not left[job.chart_id]:
            advance(1, label=job.chart_id)

    try:
        if images:
            render_images(
                [staged for staged, _ in images],
                find_browser(),
                timeout=timeout,
                tabs=tabs,
                on_written=written,
                alongside=lambda: pages_done.extend(write_pages()),
            )
        else:
            pages_done.extend(write_pages())
    except BaseException:
        for staged, _ in images:
            staged.path.unlink(missing_ok=True)
        for _chart, html, _ in pages:
            _staging(html).unlink(missing_ok=True)
        raise
    # Every file is made: only now do they replace the last good set, all together.
    for staged, job in images:
        os.replace(staged.path, job.path)
        cache.record(job.path, job.key())
    for temporary, html, html_key in pages_done:
        os.replace(temporary, html)
        cache.record(html, html_key)
    cache.forget_all_but(
        {name for c in charts.values() for name in (c.png.name, c.svg.name, c.html.name)}
    )
    cache.save()
    return ChartSet(
        charts,
        folder,
        rendered=len({job.chart_id for job in stale}),
        images_rendered=len(stale),
        browser_started=bool(stale),
    )


def _staging(path: Path) -> Path:
    """Where a file is made before it replaces `path`: hidden, beside it, same file system."""
    return path.with_name(f".{path.name}.rendering")


def chart_page_inputs(chart: ChartFigure, look: Look, lang: str) -> dict:
    """Everything the HTML page is made from, for its cache key."""
    return {
        "figure": chart.figure,
        "title": chart.title,
        "alt": chart.alt,
        "caption": chart.caption,
        "lang": lang,
        "style": look.style.model_dump(),
        "plotly": plotly_version(),
    }


def _image_jobs(chart: ChartFigure, folder: Path, look: Look) -> list[ImageJob]:
    """The PNG (2x, for the deck) and the SVG (vector, for the handout) of one chart."""
    common = {
        "chart_id": chart.id,
        "figure": chart.figure,
        "width": look.width_px,
        "height": look.height_px,
    }
    # Only the SVG carries the title and alt text, so new wording does not remake the PNG.
    return [
        ImageJob(path=folder / f"{chart.id}.png", format="png", scale=PNG_SCALE, **common),
        ImageJob(
            path=folder / f"{chart.id}.svg",
            format="svg",
            scale=1.0,
            title=chart.title,
            description=chart.alt,
            **common,
        ),
    ]
