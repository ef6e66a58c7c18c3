"""`render_charts`: the talk's charts in, PNG + SVG + HTML files in `out/charts/` out.

Only files whose inputs changed are made again; when none did, no browser starts at all.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
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
from talkgen.charts.labels import Shortened
from talkgen.charts.look import (
    PNG_SCALE,
    Box,
    Look,
    box_pixels,
    fitted_to_boxes,
    page_look,
)
from talkgen.charts.model import ChartFigure, RenderedChart, SlidePNG
from talkgen.charts.page import chart_page
from talkgen.charts.svg_text import figure_texts, typst_draws
from talkgen.content.model import Talk
from talkgen.errors import Problem

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
        warnings: Sequence[Problem] = (),
    ) -> None:
        self._charts = dict(charts)
        self.warnings = list(warnings)
        """One warning for each chart that had to shorten labels (`shortened_warning`)."""
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
    boxes: Mapping[str, Sequence[Box]] | None = None,
    progress: Advance | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    look: Look | None = None,
) -> ChartSet:
    """Export every chart of the talk into `out_dir / "charts"` as `<id>.png` (for the deck, at
    2x), `<id>.svg` and `<id>.html` (offline), reusing files whose inputs are unchanged.

    The SVG and HTML are laid out with `page_look()` (its text is smaller in the handout, so its
    label colours are chosen for that size), each PNG with the look of its slide box.

    `boxes` maps a chart id to the (width, height) in inches of each box the deck shows it in
    (`talkgen.geometry.lay_out(...).chart_boxes()`). A chart gets one PNG laid out for each such
    box, so that its text is the style's chart size on the slide and its shape fills the box:
    `<id>.png` for the first box, `<id>-<W>x<H>.png` (CSS pixels) for any other. A chart without
    a box gets one PNG of `CHART_AREA_INCHES`; the SVG and HTML are always that size (they are
    scaled to fit). `progress(n=1, label=None)` is called once per chart as it is finished. Raises
    `EnvironmentProblem` when a chart needs rendering and Chrome is missing, crashes or hangs.
    """
    look = look or page_look()
    figures, slide_figures = _lay_out(talk, look, boxes or {})
    charts = export_charts(
        figures,
        Path(out_dir) / CHARTS_DIR,
        look,
        slide_figures=slide_figures,
        lang=talk.info.language,
        progress=progress,
        timeout=timeout,
    )
    charts.warnings = _shown_warnings(talk, figures, slide_figures)
    return charts


def chart_warnings(
    talk: Talk, *, boxes: Mapping[str, Sequence[Box]] | None = None, look: Look | None = None
) -> list[Problem]:
    """The warnings `render_charts(talk, ..., boxes=boxes, look=look)` would give — one per
    chart that has to shorten labels to fit, at the sizes it is shown at — without
    a browser and writing nothing (`talkgen validate` reports them). Same arguments as
    `render_charts`; raises nothing a build's chart layout would not."""
    figures, slide_figures = _lay_out(talk, look or page_look(), boxes or {})
    return _shown_warnings(talk, figures, slide_figures)


def _lay_out(
    talk: Talk, look: Look, boxes: Mapping[str, Sequence[Box]]
) -> tuple[list[ChartFigure], dict[str, list[tuple[Look, ChartFigure]]]]:
    """The talk's figures for the SVG/HTML page, and each chart laid out for its slide boxes.
    A chart with a row per category shows as many rows as fit in the smallest of its sizes, so
    the slide, the handout and the alt text show the same rows."""
    look = fitted_to_boxes(look, boxes)
    figures = talk_figures(talk, look)
    return figures, _figures_for_boxes(talk, look, boxes, {f.id for f in figures})


def _shown_warnings(
    talk: Talk,
    figures: list[ChartFigure],
    slide_figures: dict[str, list[tuple[Look, ChartFigure]]],
) -> list[Problem]:
    """One warning per chart that had to shorten labels, naming them as they are seen."""
    warnings = []
    for page in figures:
        native = page.native is not None and talk.chart_style(page.id) == "native"
        # A native chart shows its labels whole on the slide (PowerPoint wraps them).
        slides = [] if native else [f for _, f in slide_figures.get(page.id, [])]
        warning = shortened_warning(page.id, slides, page)
        if warning is not None:
            warnings.append(warning)
    return warnings


WARNED_LABELS = 3
"""How many shortened labels a chart's warning names before it says how many more there are."""


def shortened_warning(
    chart_id: str, slides: Sequence[ChartFigure], page: ChartFigure
) -> Problem | None:
    """The warning for a chart whose labels had to be shortened: where the first was written,
    how many there are, and the first `WARNED_LABELS` as shown on the slide (`slides`: the
    chart laid out for each of its slide boxes) and in the handout (`page`: the SVG), once
    where both show the same. None when nothing was shortened."""
    on_slide: dict[str, Shortened] = {}
    for figure in slides:
        for record in figure.shortened:
            on_slide.setdefault(record.original, record)
    in_page = {record.original: record for record in page.shortened}
    where = "in the handout" if page.handout else "on its web page"
    records = {**on_slide, **in_page}
    if not records:
        return None
    order = [*on_slide, *(o for o in in_page if o not in on_slide)]

    def seen(original: str) -> str:
        slide, handout = on_slide.get(original), in_page.get(original)
        if slide and handout and slide.shown == handout.shown:
            return f'"{slide.shown}" on the slide and {where}'
        shown = [f'"{slide.shown}" on the slide'] if slide else []
        shown += [f'"{handout.shown}" {where}'] if handout else []
        return " and ".join(shown)

    if len(order) == 1:
        message = (
            f"chart '{chart_id}': the label \"{order[0]}\" is too long to show whole; "
            f"shown as {seen(order[0])}"
        )
    else:
        named = [f'"{o}" as {seen(o)}' for o in order[:WARNED_LABELS]]
        more = len(order) - WARNED_LABELS
        message = (
            f"chart '{chart_id}': {len(order)} labels are too long to show whole and are "
            "shortened: " + "; ".join(named) + (f"; and {more} more" if more > 0 else "")
        )
    first = records[order[0]]
    hints = list(dict.fromkeys(records[o].hint for o in order))
    return Problem(first.path, first.line, message, "; or ".join(hints), severity="warning")


def _figures_for_boxes(
    talk: Talk, look: Look, boxes: Mapping[str, Sequence[Box]], known: set[str]
) -> dict[str, list[tuple[Look, ChartFigure]]]:
    """For each chart with boxes, its figure laid out at each distinct box size, in box order.
    Ids the talk has no chart for are left to the deck, which names the slide that wants them."""
    sizes: dict[str, list[tuple[int, int]]] = {}
    for chart_id, chart_boxes in boxes.items():
        if chart_id in known:
            pixels = [box_pixels(box) for box in chart_boxes]
            sizes[chart_id] = list(dict.fromkeys(pixels))
    in_use = {px for each in sizes.values() for px in each}
    looks = {
        px: Look(look.style, *px, row_limit=look.row_limit, row_limits=look.row_limits)
        for px in in_use
    }
    # Building figures is cheap (no browser): lay the whole talk out once per size in use.
    laid_out = {px: {f.id: f for f in talk_figures(talk, each)} for px, each in looks.items()}
    return {
        chart_id: [(looks[px], laid_out[px][chart_id]) for px in each]
        for chart_id, each in sizes.items()
        if each
    }


def export_charts(
    figures: list[ChartFigure],
    folder: Path,
    look: Look,
    *,
    slide_figures: Mapping[str, Sequence[tuple[Look, ChartFigure]]] | None = None,
    lang: str = "en",
    progress: Advance | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    tabs: int = DEFAULT_TABS,
) -> ChartSet:
    """Export ready-made figures into `folder` with the cache; the engine of `render_charts`.

    `figures` are laid out with `look` (SVG and HTML, and the PNG of a chart without slide
    figures); `slide_figures[id]` are the chart laid out for each of its slide boxes (PNGs)."""
    advance = progress or (lambda n=1, label=None: None)
    folder.mkdir(parents=True, exist_ok=True)
    cache = RenderCache(folder)
    charts: dict[str, RenderedChart] = {}
    stale: list[ImageJob] = []
    pages: list[tuple[ChartFigure, Path, str]] = []
    for chart in figures:
        on_slides = (slide_figures or {}).get(chart.id) or [(look, chart)]
        pngs = [
            _png_job(figure, folder, box_look, first=n == 0)
            for n, (box_look, figure) in enumerate(on_slides)
        ]
        svg = _svg_job(chart, folder, look)
        page_png = _page_png_job(chart, folder, look)
        jobs = [*pngs, svg, *([page_png] if page_png else [])]
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
            png=pngs[0].path,
            svg=svg.path,
            html=html,
            handout=chart.handout,
            width_px=round(pngs[0].width * PNG_SCALE),
            height_px=round(pngs[0].height * PNG_SCALE),
            slide_pngs=tuple(SlidePNG(job.path, (job.width, job.height)) for job in pngs),
            native=chart.native,
            page_png=page_png.path if page_png else None,
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
        {
            path.name
            for c in charts.values()
            for path in (*(png.path for png in c.slide_pngs), c.svg, c.html, c.page_png)
            if path is not None
        }
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


def _png_job(chart: ChartFigure, folder: Path, look: Look, *, first: bool) -> ImageJob:
    """The PNG of a chart laid out at `look`'s size, exported at 2x for the deck: `<id>.png` for
    the chart's first box, `<id>-<W>x<H>.png` for another. It carries no title or alt text (the
    deck sets those), so new wording does not remake it."""
    name = f"{chart.id}.png" if first else f"{chart.id}-{look.width_px}x{look.height_px}.png"
    return ImageJob(
        chart_id=chart.id,
        figure=chart.figure,
        path=folder / name,
        format="png",
        width=look.width_px,
        height=look.height_px,
        scale=PNG_SCALE,
    )


def _page_png_job(chart: ChartFigure, folder: Path, look: Look) -> ImageJob | None:
    """The PNG of the SVG's layout (`<id>-page.png`, 2x) when the chart has text that Typst
    cannot draw from an SVG (`typst_draws`): the handout shows it instead; else None."""
    if all(typst_draws(text) for text in figure_texts(chart.figure)):
        return None
    return replace(_png_job(chart, folder, look, first=True), path=folder / f"{chart.id}-page.png")


def _svg_job(chart: ChartFigure, folder: Path, look: Look) -> ImageJob:
    """The SVG of a chart (vector, for the handout), with its title and alt text inside."""
    return ImageJob(
        chart_id=chart.id,
        figure=chart.figure,
        path=folder / f"{chart.id}.svg",
        format="svg",
        width=look.width_px,
        height=look.height_px,
        scale=1.0,
        title=chart.title,
        description=chart.alt,
    )
