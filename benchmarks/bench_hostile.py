"""How long talkgen takes on hostile text: the personal-data patterns and the Markdown parser on
inputs that made the old code backtrack (a 90,000-character token without spaces, runs of
`*`, `[` and `_`), and the YAML reader on an alias bomb and deep nesting it refuses. With
`--memory [TEXT]`: the exit status, time and peak memory of `python -m talkgen …` on every
example of the hostile-input issue (benchmarks/hostile_memory.py; TEXT picks the cases whose name
holds it). Run: `python benchmarks/bench_hostile.py [--memory]`. The numbers go in
docs/limits.md's tables of measurements; no test asserts a time or a size."""

from __future__ import annotations

import sys
from pathlib import Path

from talkgen.content.markdown import markdown_blocks
from talkgen.content.privacy import personal_data
from talkgen.content.reader import ReadError, parse_yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timer import best_of  # noqa: E402

TOKENS = {
    "letters": "a" * 90_000,
    "digits": "1" * 90_000,
    "digit-dash": "1-" * 45_000,
    "letter-at": "a@" * 45_000,
}
MARKDOWN = {
    "stars": "*a" * 10_000,
    "brackets": "[a" * 10_000,
    "underscores": "_a " * 7_000,
    "strong": "**a " * 5_000,
    "backticks": "`a" * 10_000,
}
BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}' if prev else 'lol'] * 9)}]\n"
    for prev, name in zip(["", "a", "b", "c", "d", "e", "f", "g"], "abcdefgh", strict=False)
)


def _refused(text: str) -> None:
    try:
        parse_yaml(text, Path("bench.yaml"))
    except ReadError:
        return
    raise AssertionError("the YAML was not refused")


def memory(only: str | None) -> None:
    """The memory table: one fresh talkgen process per example, inputs in a temporary folder."""
    import tempfile

    from hostile_memory import run_all

    print(f"{'example':<46} {'exit':>4} {'s':>7} {'largest MB':>10} {'tree PSS MB':>11}")
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as scratch:
        for name, run in run_all(Path(scratch), only):
            status = "hang" if run.status is None else str(run.status)
            print(
                f"{name:<46} {status:>4} {run.seconds:>7.1f} {run.largest_mb:>10.0f} "
                f"{run.tree_mb:>11.0f}",
                flush=True,
            )


def main() -> None:
    if "--memory" in sys.argv:
        rest = sys.argv[sys.argv.index("--memory") + 1 :]
        memory(rest[0] if rest else None)
        return
    print(f"{'input':<40} {'ms (best of 3)':>15}")
    for name, token in TOKENS.items():
        ms = best_of(3, lambda t=token: personal_data(t + " x", ["Smith"]))
        print(f"{'personal data, 90,000 chars ' + name:<40} {ms:>15.1f}")
    for name, text in MARKDOWN.items():
        ms = best_of(3, lambda t=text: markdown_blocks(t))
        print(f"{'Markdown, 20,000 chars of ' + name:<40} {ms:>15.1f}")
    print(
        f"{'YAML alias bomb (9^8 values), refused':<40} {best_of(3, lambda: _refused(BOMB)):>15.1f}"
    )
    deep = "a: " + "[" * 900 + "]" * 900
    print(f"{'YAML nested 900 deep, refused':<40} {best_of(3, lambda: _refused(deep)):>15.1f}")


if __name__ == "__main__":
    main()
