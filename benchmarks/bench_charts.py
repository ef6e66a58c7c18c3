"""Benchmark the charts stage: 1, 10 and 50 charts, cold (empty output folder) and fully cached.

Run:  python benchmarks/bench_charts.py            (or --sizes 1,10,50,100 --repeat 5)

Each run is a fresh Python process, as `talkgen charts` would be, with its own browser cache
folder (TALKGEN_CACHE_DIR) inside a scratch folder. Runs per chart count:
- first:  an empty output folder AND an empty browser cache, as on a machine's very first run
          (Chrome compiles plotly.js from scratch);
- cold:   an empty output folder, Chrome's code cache warm from earlier runs (every later run);
- cached: the cold run's folder again, nothing changed.
Columns:
- render s:   wall time of the export call (figures, browser start, PNG + SVG + HTML, cache),
              median of --repeat runs, with the fastest and slowest;
- process s:  median wall time of the whole process, imports included;
- peak MiB:   the highest total memory (PSS, so pages Chrome's processes share are counted once)
              of the process and all its children, Chrome included, sampled every 50 ms in one
              extra run (sampling reads every process's page tables, which slows Chrome down,
              so timed runs are not sampled);
- rendered:   images the browser made (2 per chart: PNG and SVG), and whether it started.
Not a test: the numbers depend on the machine (and on what else runs on it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KINDS = ("bar", "stacked-bar", "pie", "line", "heatmap", "donut")


def _figures(count: int):
    """`count` distinct charts: the example's four built-ins, then declared charts of every
    kind with different numbers, so that no two share a cache entry."""
    from talkgen.charts import talk_figures
    from talkgen.charts.declared import figure
    from talkgen.charts.look import slide_look
    from talkgen.content import load_talk
    from talkgen.content.model import ChartSeries, ChartSpec

    look = slide_look()
    figures = talk_figures(load_talk(REPO / "content"), look)[:count]
    for i in range(count - len(figures)):
        kind = KINDS[i % len(KINDS)]
        categories = ["Australia", "New Zealand", "Elsewhere", "Not given"]
        series = [
            ChartSeries(name=name, values=[(i * 7 + j * 3 + k) % 13 + 1 for k in range(4)])
            for j, name in enumerate(["blog comment", "blog post", "e-mail"])
        ]
        spec = ChartSpec(
            id=f"chart-{i:03d}",
            type=kind,
            title=f"Chart {i}",
            categories=categories,
            series=series[:1] if kind in ("bar", "pie", "donut") else series,
            x_label="Country",
            y_label="Participants",
        )
        figures.append(figure(spec, look))
    return figures, look


def _tree_pss_kib(root: int) -> int:
    """Total PSS (or RSS where PSS is unavailable) of `root` and all its descendants, in KiB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            total += int(fields.get("Pss", fields.get("Rss", "0 kB")).split()[0])
        except (OSError, ValueError):
            continue
    return total


def _case(count: int, folder: Path, sample: bool) -> dict:
    """Run one case in this process and return its measurements."""
    started = time.perf_counter()
    peak = [0]
    stop = threading.Event()

    def sampling() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_pss_kib(os.getpid()))
            stop.wait(0.05)

    sampler = threading.Thread(target=sampling, daemon=True)
    if sample:
        sampler.start()
    from talkgen.charts.render import export_charts

    figures, look = _figures(count)
    begin = time.perf_counter()
    made = export_charts(figures, folder, look)
    render = time.perf_counter() - begin
    stop.set()
    if sample:
        sampler.join()
    return {
        "charts": len(made),
        "render": render,
        "process_from_import": time.perf_counter() - started,
        "peak_mib": peak[0] / 1024,
        "rendered": made.images_rendered,
        "browser": made.browser_started,
    }


def _run_child(count: int, folder: Path, browser_cache: Path, sample: bool = False) -> dict:
    begin = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(count), str(folder), "1" if sample else "0"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={**os.environ, "TALKGEN_CACHE_DIR": str(browser_cache)},
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - begin
    return result


def _measure(count: int, scratch: Path, repeat: int) -> dict[str, list[dict]]:
    """Timed runs of each kind, `repeat` times, plus one sampled cold+cached pair for memory."""
    runs: dict[str, list[dict]] = {"first": [], "cold": [], "cached": [], "memory": []}
    warm_cache = scratch / "browser-cache-warm"
    for n in range(repeat):
        fresh_cache = scratch / f"browser-cache-{count}-{n}"
        runs["first"].append(_run_child(count, scratch / f"first-{count}-{n}", fresh_cache))
        # Twice with one cache: the first run leaves Chrome's code cache warm for the second.
        _run_child(1, scratch / f"warm-{count}-{n}", warm_cache)
        folder = scratch / f"cold-{count}-{n}"
        runs["cold"].append(_run_child(count, folder, warm_cache))
        runs["cached"].append(_run_child(count, folder, warm_cache))
    folder = scratch / f"memory-{count}"
    runs["memory"].append(_run_child(count, folder, warm_cache, sample=True))
    runs["memory"].append(_run_child(count, folder, warm_cache, sample=True))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,50", help="chart counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each kind")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        count, folder, sample = args.child
        print(json.dumps(_case(int(count), Path(folder), sample == "1")))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"{'charts':>6} {'run':<7} {'render s (min-max)':>19} {'process s':>10} "
        f"{'peak MiB':>9} {'rendered':>9}  browser"
    )
    with tempfile.TemporaryDirectory(prefix="bench-charts-") as scratch:
        for count in sizes:
            runs = _measure(count, Path(scratch), args.repeat)
            peaks = {"cold": runs["memory"][0], "cached": runs["memory"][1]}
            for kind in ("first", "cold", "cached"):
                timed = runs[kind]
                render = sorted(r["render"] for r in timed)
                last = timed[-1]
                peak = f"{peaks[kind]['peak_mib']:>9.0f}" if kind in peaks else f"{'-':>9}"
                print(
                    f"{last['charts']:>6} {kind:<7} "
                    f"{statistics.median(render):>6.2f} ({render[0]:.2f}-{render[-1]:.2f}) "
                    f"{statistics.median(r['process'] for r in timed):>10.2f} {peak} "
                    f"{last['rendered']:>9}  "
                    f"{'started' if last['browser'] else 'not started'}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
