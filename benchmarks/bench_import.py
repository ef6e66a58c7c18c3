"""How long `talkgen import qdpx` takes on the shared qc-demo export (158 selections): reading
the project, a fresh import (write, validate, plan, move into place) and a re-import that merges.
Run: `python benchmarks/bench_import.py`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from talkgen.qda import import_study, read_qdpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timer import best_of  # noqa: E402

QC_DEMO = Path(__file__).resolve().parents[2] / "shared" / "data" / "qdpx" / "qc-demo.qdpx"


def main() -> None:
    study = read_qdpx(QC_DEMO)
    with tempfile.TemporaryDirectory() as folder:
        counter = iter(range(1000))
        read = best_of(10, lambda: read_qdpx(QC_DEMO))
        fresh = best_of(5, lambda: import_study(study, Path(folder) / f"t{next(counter)}"))
        target = Path(folder) / "again"
        import_study(study, target)
        again = best_of(5, lambda: import_study(study, target))
    print(f"read qc-demo.qdpx:         {read:7.1f} ms")
    print(f"fresh import (158 quotes): {fresh:7.1f} ms")
    print(f"re-import (merge):         {again:7.1f} ms")


if __name__ == "__main__":
    main()
