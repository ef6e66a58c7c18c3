"""talkgen's cold build of the example beside Marp CLI making a deck of the same slides.

Run: `python benchmarks/bench_marp.py` (options: `--repeat 3`). Needs Marp CLI from npm
(`scripts/install --test` runs `npm install`, which puts it in node_modules/) and Debian's
Chromium, which Marp uses through `CHROME_PATH`.

Both sides are measured the same way, alternating, each a fresh process on the same 2 cores:
- talkgen: `python -m talkgen build content --out <empty folder>` (charts, deck, handout and
  timing report; Chrome's kept cache warm, as on any run after a machine's first);
- Marp: `marp --pptx` on a Markdown file holding the same slides (titles, points, quotes, and the
  charts as the PNGs talkgen drew), which Marp renders in Chromium and writes as a deck of
  pictures, one per slide.
The ratio is talkgen's median over Marp's median; issue 16 asks for at most 0.7.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MARP = REPO / "node_modules" / ".bin" / "marp"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def marp_markdown(content: Path, charts: Path) -> tuple[str, int]:
    """The example's slides as Marp Markdown (with the chart PNGs from `charts`) and their count."""
    from talkgen.content import load_talk
    from talkgen.plan import plan_talk

    plan = plan_talk(load_talk(content))
    pages = ["---\nmarp: true\npaginate: true\n---\n"]
    for n, slide in enumerate(plan.slides):
        lines = [f"# {slide.title}", ""]
        lines += [f"- {point}" for point in slide.points]
        if slide.quote is not None:
            lines += ["", f"> {slide.quote.text.strip()}"]
        if slide.chart:
            lines += ["", f"![w:900]({charts / (slide.chart + '.png')})"]
        lines += ["", "<!--", (slide.notes or "").replace("-->", "—>"), "-->"]
        pages.append(("\n---\n\n" if n else "") + "\n".join(lines) + "\n")
    return "".join(pages), len(plan.slides)


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not MARP.exists():
        raise SystemExit(f"Marp CLI is missing ({MARP}): run `npm install` in {REPO}")
    content = REPO / "content"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        env = dict(USER_ENV, TALKGEN_CACHE_DIR=str(root / "browser-cache"))
        marp_env = dict(
            USER_ENV, CHROME_PATH=CHROMIUM, CHROME_NO_SANDBOX="1", HOME=str(root / "marp-home")
        )
        build = [sys.executable, "-m", "talkgen", "build", str(content)]
        # A first run warms Chrome's kept cache (as on any machine after its first chart run)
        # and draws the charts the Markdown shows.
        timed([*build, "--out", str(root / "warm")], env)
        markdown, slides = marp_markdown(content, root / "warm" / "charts")
        source = root / "deck.md"
        source.write_text(markdown, encoding="utf-8")
        marp = [str(MARP), "--pptx", "--allow-local-files", str(source)]
        talkgen_s, marp_s = [], []
        for n in range(args.repeat):
            talkgen_s.append(timed([*build, "--out", str(root / f"cold-{n}")], env))
            marp_s.append(timed([*marp, "-o", str(root / f"marp-{n}.pptx")], marp_env))
        ours, theirs = statistics.median(talkgen_s), statistics.median(marp_s)
        print(f"slides: {slides} (the example's plan, the same in both decks)")
        print(
            "talkgen build, cold (charts, deck, handout, timing): "
            f"{ours:.2f} s median ({min(talkgen_s):.2f}-{max(talkgen_s):.2f})"
        )
        print(
            f"Marp CLI --pptx (pictures of the slides): {theirs:.2f} s median "
            f"({min(marp_s):.2f}-{max(marp_s):.2f})"
        )
        print(f"ratio talkgen / Marp: {ours / theirs:.2f} (issue 16 asks for at most 0.70)")


if __name__ == "__main__":
    main()
