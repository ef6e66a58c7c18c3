"""Benchmark the charts stage: 1, 10 and 50 charts, cold (empty output folder) and fully cached.

Run:  python benchmarks/bench_charts.py            (or --sizes 1,10,50,100)

Each case runs in a fresh Python process, as `talkgen charts` would. The table shows:
- render s:   wall time of the export call (figures, browser start, PNG + SVG + HTML, cache);
- process s:  wall time of the whole process, imports included;
- peak MiB:   the highest total memory (PSS, so pages Chrome's processes share are counted once)
              of the process and all its children, Chrome included, sampled every 50 ms;
- rendered:   images the browser made (2 per chart: PNG and SVG), and whether it started.
Not a test: the numbers depend on the machine (and on what else runs on it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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


def _case(count: int, folder: Path) -> dict:
    """Run one case in this process and return its measurements."""
    started = time.perf_counter()
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_pss_kib(os.getpid()))
            stop.wait(float(os.environ.get("BENCH_SAMPLE", "0.05")))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    from talkgen.charts.render import export_charts

    figures, look = _figures(count)
    begin = time.perf_counter()
    made = export_charts(figures, folder, look)
    render = time.perf_counter() - begin
    stop.set()
    sampler.join()
    return {
        "charts": len(made),
        "render": render,
        "process_from_import": time.perf_counter() - started,
        "peak_mib": peak[0] / 1024,
        "rendered": made.images_rendered,
        "browser": made.browser_started,
    }


def _run_child(count: int, folder: Path) -> dict:
    begin = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(count), str(folder)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process"] = time.perf_counter() - begin
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,50", help="chart counts, comma-separated")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_case(int(args.child[0]), Path(args.child[1]))))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"{'charts':>6} {'run':<7} {'render s':>9} {'process s':>10} {'peak MiB':>9} "
        f"{'rendered':>9}  browser"
    )
    with tempfile.TemporaryDirectory(prefix="bench-charts-") as scratch:
        for count in sizes:
            folder = Path(scratch) / f"{count}" / "charts"
            shutil.rmtree(folder, ignore_errors=True)
            for run in ("cold", "cached"):
                r = _run_child(count, folder)
                print(
                    f"{r['charts']:>6} {run:<7} {r['render']:>9.2f} {r['process']:>10.2f} "
                    f"{r['peak_mib']:>9.0f} {r['rendered']:>9}  "
                    f"{'started' if r['browser'] else 'not started'}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
