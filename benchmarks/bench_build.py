"""How long `talkgen build` takes, and how much memory: the example (cold, no change, one quote
edited), generated talks of growing size, and Pandoc's pptx writer on the same slides' text.

Run: `python benchmarks/bench_build.py` (add `--quick` to skip the 150- and 200-slide talks).
Each build is a fresh `python -m talkgen build` process, as a speaker runs it; peak memory is
the largest process's resident set (talkgen or Chromium), from getrusage. Chrome's kept cache
(TALKGEN_CACHE_DIR) is a scratch folder: empty for the "first run" row, warm for the others.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from talks import write_talk  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
# As on a speaker's machine: Python keeps compiled bytecode between runs (some sandboxes and CI
# images turn that off with PYTHONDONTWRITEBYTECODE, which adds ~0.3 s of compiling per run).
USER_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# A fresh wrapper process per measurement, so getrusage's peak belongs to that command alone.
_PEAK = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stderr.write(done.stderr)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(done.returncode)\n"
)


def timed(command: list[str]) -> tuple[float, float]:
    """Run a command in a fresh process: (wall seconds, peak MB of its largest process)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *command],
        capture_output=True,
        text=True,
        check=False,
        env=USER_ENV,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr}")
    return seconds, int(done.stdout.split()[-1]) / 1024


def build(content: Path, out: Path) -> tuple[float, float]:
    return timed([sys.executable, "-m", "talkgen", "build", str(content), "--out", str(out)])


def row(name: str, seconds: float, peak: float | None, note: str = "") -> None:
    memory = f"{peak:8.0f}" if peak is not None else "       -"
    print(f"| {name:<44} | {seconds:8.2f} | {memory} | {note}")


def pandoc_reference(content: Path, folder: Path) -> float | None:
    """Pandoc's pptx writer on the same slides' titles, points and notes."""
    if not shutil.which("pandoc"):
        return None
    from talkgen.content import load_talk
    from talkgen.plan import plan_talk

    plan = plan_talk(load_talk(content))
    lines = []
    for slide in plan.slides:
        lines.append(f"# {slide.title}\n")
        lines += [f"- {point}" for point in slide.points]
        if slide.quote:
            lines.append(f"\n> {slide.quote.text}\n")
        lines.append(f"\n::: notes\n{slide.notes}\n:::\n")
    markdown = folder / "slides.md"
    markdown.write_text("\n".join(lines))
    seconds, _ = timed(["pandoc", str(markdown), "-o", str(folder / "pandoc.pptx")])
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the largest talks")
    args = parser.parse_args()
    print("| build | seconds | peak MB | note")
    print("|---|---:|---:|---")
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        USER_ENV["TALKGEN_CACHE_DIR"] = str(root / "browser-cache")
        content = root / "example"
        shutil.copytree(REPO / "content", content)
        row("example: a machine's first run", *build(content, root / "first"), "empty cache")
        out = root / "out"
        row("example: cold (browser start included)", *build(content, out))
        row("example: no change", *build(content, out))
        quotes = content / "quotes.yaml"
        quotes.write_text(quotes.read_text().replace("Nobody ever", "No one ever"))
        row("example: one quote edited", *build(content, out))
        pandoc = pandoc_reference(content, root)
        if pandoc is not None:
            row("example: pandoc pptx writer, same text", pandoc, None, "no charts, no fitting")

        sizes = [10, 50] if args.quick else [10, 50, 200]
        for slides in sizes:
            talk = write_talk(root / f"talk{slides}", slides)
            seconds, peak = build(talk, root / f"out{slides}")
            row(
                f"generated: {slides} slides, cold",
                seconds,
                peak,
                f"{seconds / slides * 1000:.0f} ms/slide",
            )
        if not args.quick:
            talk = write_talk(root / "large", 150, themes=60, quotes=600, charts=40)
            seconds, peak = build(talk, root / "outlarge")
            row("generated: 150 slides, 60 themes, 600 quotes, 40 charts", seconds, peak)
            seconds, peak = build(talk, root / "outlarge")
            row("  the same, no change", seconds, peak)


if __name__ == "__main__":
    main()
