"""How long timing takes on the example talk: plan, estimate + report, the four files, and a
rehearsal log of a thousand events read back. Run: `python benchmarks/bench_timing.py`."""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from talkgen.content import load_talk
from talkgen.plan import plan_talk
from talkgen.timing.rehearsal import load_rehearsals, start_record
from talkgen.timing.report import build_report
from talkgen.timing.writers import write_timing_files

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timer import best_of  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "content"


def main() -> None:
    talk = load_talk(EXAMPLE)
    plan = plan_talk(talk)
    report = build_report(plan)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        logs = out / "rehearsals"
        logs.mkdir()
        for n in range(10):
            lines = [json.dumps(start_record(plan, datetime(2026, 1, 1 + n, tzinfo=UTC)))]
            lines += [
                json.dumps({"event": "show", "t": i * 0.6, "slide": 1 + i % 12})
                for i in range(1000)
            ]
            (logs / f"r{n:02d}.jsonl").write_text("\n".join(lines) + "\n")
        rehearsals, _ = load_rehearsals(logs)
        print(f"plan_talk:                       {best_of(50, lambda: plan_talk(talk)):8.2f} ms")
        print(f"build_report, no rehearsals:     {best_of(50, lambda: build_report(plan)):8.2f} ms")
        print(
            f"load 10 logs x 1000 events:      {best_of(5, lambda: load_rehearsals(logs)):8.2f} ms"
        )
        print(
            f"build_report, 10 rehearsals:     "
            f"{best_of(20, lambda: build_report(plan, rehearsals)):8.2f} ms"
        )
        print(
            f"write_timing_files (4 files):    "
            f"{best_of(5, lambda: write_timing_files(report, out)):8.2f} ms"
        )
        print(
            f"timing.html size:                {(out / 'timing.html').stat().st_size / 1e6:8.2f} MB"
        )


if __name__ == "__main__":
    main()
