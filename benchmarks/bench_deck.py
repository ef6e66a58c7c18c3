"""How long the deck stage takes: `build_deck` alone (charts given as ready PNGs), for the
example talk and generated talks of 50 and 200 slides, plus the text fitter on its own.

Run: `python benchmarks/bench_deck.py`
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from talks import write_talk  # noqa: E402

from talkgen.charts.model import RenderedChart  # noqa: E402
from talkgen.content import load_talk  # noqa: E402
from talkgen.deck import build_deck  # noqa: E402
from talkgen.deck.fit import Box, Paragraph, fit_text, font_measure  # noqa: E402
from talkgen.plan import plan_talk  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def _charts(plan, folder: Path) -> dict[str, RenderedChart]:
    """A stand-in PNG the size of a real chart for every chart the plan shows."""
    png = folder / "chart.png"
    Image.new("RGB", (2362, 1018), "white").save(png)
    ids = {s.chart for s in plan.slides if s.chart}
    return {i: RenderedChart(i, i, f"Chart {i}", None, png, png, png) for i in ids}


def _time_deck(folder: Path, work: Path) -> tuple[int, float]:
    plan = plan_talk(load_talk(folder))
    charts = _charts(plan, work)
    build_deck(plan, charts, work / "warm.pptx")  # imports and font loading out of the way
    start = time.perf_counter()
    build_deck(plan, charts, work / "deck.pptx")
    return len(plan.slides), time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"{'talk':<12} {'slides':>6} {'build s':>8} {'ms/slide':>9}")
        cases = [("example", REPO / "content")]
        for size in (50, 200):
            cases.append((f"{size} slides", write_talk(work / f"talk{size}", size)))
        for name, folder in cases:
            slides, seconds = _time_deck(folder, work)
            print(f"{name:<12} {slides:>6} {seconds:>8.2f} {seconds / slides * 1000:>9.1f}")
    font = font_measure("Calibri")
    quote = "Twitter gave me people who believed I could do things before I believed it. " * 3
    start = time.perf_counter()
    for _ in range(200):
        fit_text([Paragraph(quote)], Box(700, 200), font, 40, 24)
    print(
        f"fit_text, 45-word quote shrunk 40 -> 24 pt: "
        f"{(time.perf_counter() - start) / 200 * 1000:.2f} ms per call"
    )


if __name__ == "__main__":
    main()
