"""How long the handout takes on the example talk: building the JSON document, typesetting it
with Typst, and (with LibreOffice) the slide pages. Run: `python benchmarks/bench_handout.py`."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from talkgen.charts import render_charts
from talkgen.content import load_talk
from talkgen.deck import build_deck
from talkgen.handout import build_handout, handout_document
from talkgen.handout.slides import deck_to_pdf, find_libreoffice
from talkgen.plan import plan_talk

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timer import best_of  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "content"


def main() -> None:
    talk = load_talk(EXAMPLE)
    plan = plan_talk(talk)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        charts = render_charts(talk, out)
        pdf = out / "handout.pdf"
        print(
            f"document (JSON)        {best_of(20, lambda: handout_document(plan, charts)):8.1f} ms"
        )
        typeset = best_of(10, lambda: build_handout(plan, charts, pdf))
        print(f"handout (typeset+write){typeset:8.1f} ms")
        print(f"  size                 {pdf.stat().st_size / 1024:8.1f} KiB")
        if find_libreoffice() is None:
            print("slides: LibreOffice not installed, skipped")
            return
        deck = build_deck(plan, charts, out / "deck.pptx")
        start = time.perf_counter()
        slides = deck_to_pdf(deck.path, out / "slides")
        print(f"deck -> PDF (LibreOffice){(time.perf_counter() - start) * 1000:6.0f} ms")
        with_slides = out / "with-slides.pdf"
        run = best_of(3, lambda: build_handout(plan, charts, with_slides, slides_pdf=slides))
        print(f"handout with slides    {run:8.1f} ms")
        print(f"  size                 {with_slides.stat().st_size / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()
