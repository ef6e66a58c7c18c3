"""Peak memory and time of `python -m talkgen …` on every example of hostile input the hostile-input
issue lists, each in a fresh process on inputs generated in a temporary folder (never
committed). Used by bench_hostile.py (`python benchmarks/bench_hostile.py --memory`).

Memory is measured two ways, sampled every 50 ms from /proc (Linux only): the largest peak
resident set (VmHWM) of any one process of the run (talkgen, or a program it started: Chrome,
LibreOffice, Typst), and the peak of the whole process tree's proportional set size (PSS: shared
pages split between the processes that share them). Not `wait4`'s `ru_maxrss`: a child's count
starts from the forking process's resident set, here the benchmark's own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "content"
sys.path.insert(0, str(REPO / "tests"))
from hostile import pptx_with_bomb  # noqa: E402  (the tests' helper: our template, a bomb part)

QUOTE = "  text: Nobody ever called it mentoring, but that is exactly what it was."
THEME = "themes/01-informal-mentoring.md"
# A run taking longer than this is a hang.
TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Case:
    """One example: what it is, and how to make its input in a work folder (a copy of the
    example talk is at `work/content`, `work/out` holds a last good build's stand-in); returns
    the command line after `python -m talkgen`."""

    name: str
    make: Callable[[Path], list[str]]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _talk(work: Path, old: str, new: str, *command: str) -> list[str]:
    """Edit talk.yaml; the command with the content folder."""
    _edit(work / "content" / "talk.yaml", old, new)
    return [*command, str(work / "content")]


def _png_declaring(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(b""))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + idat + chunk(b"IEND", b"")


def _image(work: Path, name: str, data: bytes) -> list[str]:
    (work / "content" / name).write_bytes(data)
    return _talk(
        work,
        "  - kind: conclusion\n",
        f"  - kind: image\n    image: {name}\n    alt: A picture\n  - kind: conclusion\n",
        "validate",
    )


def _log(work: Path, line: str) -> list[str]:
    start = {
        "event": "start",
        "started": "2026-11-25T18:30:05+00:00",
        "talk": "twitter-mentoring",
        "slides": [{"number": 1, "key": "title", "title": "Mentoring on Twitter"}],
    }
    folder = work / "out" / "rehearsals"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(start), line, '{"event": "finish", "t": 3}']
    (folder / "2026-11-25-1830.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ["timing", str(work / "content"), "--out", str(work / "out")]


def _qdpx_deep(work: Path) -> list[str]:
    codes = "".join(f'<Code guid="c{n}" name="Code {n}" isCodable="true">' for n in range(5000))
    project = (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
        f'name="deep"><CodeBook><Codes>{codes}{"</Code>" * 5000}</Codes></CodeBook><Sources/>'
        "</Project>"
    )
    with zipfile.ZipFile(work / "deep.qdpx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project)
    return ["import", "qdpx", str(work / "deep.qdpx"), "--into", str(work / "imported")]


def _formulas(work: Path) -> list[str]:
    table = work / "highlights.csv"
    table.write_text(
        'document,tag,content\n"=HYPERLINK(""http://x"",""y"")",@SUM(1),We rely on each other.\n'
        "+1 interview,-1 tag,Twitter mostly.\n",
        encoding="utf-8",
    )
    return ["import", "highlights", str(table), "--into", str(work / "imported")]


def _fifo(work: Path) -> list[str]:
    os.mkfifo(work / "content" / "themes" / "06-x.md")
    return ["validate", str(work / "content")]


def _recording(work: Path) -> list[str]:
    with (work / "content" / "recording.wav").open("wb") as handle:
        handle.truncate(600 << 20)  # sparse: 600 MB that take no disk space
    return ["build", str(work / "content"), "--out", str(work / "built")]


def _out(work: Path, where: str) -> list[str]:
    return ["build", str(work / "content"), "--out", where.format(work=work)]


def _deck_folder(work: Path) -> list[str]:
    (work / "out" / "twitter-mentoring.pptx").mkdir(parents=True)
    return ["deck", str(work / "content"), "--out", str(work / "out")]


def _charts_file(work: Path) -> list[str]:
    (work / "out").mkdir(exist_ok=True)
    (work / "out" / "charts").write_text("my own notes", encoding="utf-8")
    return ["deck", str(work / "content"), "--out", str(work / "out")]


def _charts_fixed(work: Path) -> list[str]:
    charts = work / "out" / "charts"
    (charts / "mine").mkdir(parents=True)
    (charts / "mine" / "keep.txt").write_text("x", encoding="utf-8")
    return ["deck", str(work / "content"), "--out", str(work / "out")]


def _quote(work: Path, text: str, command: str) -> list[str]:
    _edit(work / "content" / "quotes.yaml", QUOTE, f"  text: {text}")
    return [command, str(work / "content"), "--out", str(work / "out")]


def _outside(work: Path, what: str) -> list[str]:
    if what == "csv":
        (work / "outside.csv").write_text("x,y\nSECRET,1\n", encoding="utf-8")
        _write(work, "charts.yaml", "- id: d\n  type: bar\n  csv: ../outside.csv\n")
        return ["build", str(work / "content"), "--out", str(work / "out")]
    (work / "outside.png").write_bytes(_png_declaring(10, 10))
    return _talk(
        work,
        "  - kind: conclusion\n",
        "  - kind: image\n    image: ../outside.png\n    alt: A picture\n  - kind: conclusion\n",
        "validate",
    )


def _write(work: Path, name: str, text: str) -> None:
    (work / "content" / name).write_text(text, encoding="utf-8")


def _two_weights(work: Path) -> list[str]:
    for theme in ("peer-mentoring", "informal-mentoring"):
        _talk(work, f"    theme: {theme}\n", f"    theme: {theme}\n    weight: 1e308\n")
    return ["validate", str(work / "content")]


def _donut(work: Path) -> list[str]:
    _write(
        work,
        "charts.yaml",
        "- id: d\n  type: donut\n  categories: [a, b]\n  series:\n"
        "    - name: n\n      values: [nan, inf]\n",
    )
    return ["validate", str(work / "content")]


def _theme_edit(work: Path, old: str, new: str, *command: str) -> list[str]:
    _edit(work / "content" / THEME, old, new)
    return [*command, str(work / "content"), "--out", str(work / "out")]


def _pptx_bomb(work: Path, command: str, option: str) -> list[str]:
    bomb = pptx_with_bomb(work / "bomb.pptx", 800 << 20)
    return [command, str(work / "content"), "--out", str(work / "out"), option, str(bomb)]


CASES = [
    Case(
        "(for comparison: the example talk, deck, Chrome)",
        lambda w: (
            _out(w, "{work}/built")[:1] and ["deck", str(w / "content"), "--out", str(w / "built")]
        ),
    ),
    Case("seconds: 1e999", lambda w: _talk(w, "    seconds: 25", "    seconds: 1e999", "validate")),
    Case("weight: 1e308 on two slides", _two_weights),
    Case(
        "5,000-character slides_url",
        lambda w: _talk(
            w, "speaker: ", f"slides_url: https://e.org/{'a' * 5000}\nspeaker: ", "validate"
        ),
    ),
    Case("image slide: .svg", lambda w: _image(w, "a.svg", b"<svg/>")),
    Case("image slide: .webp (deck, Chrome)", lambda w: _webp(w)),
    Case(
        "image slide: PNG of 60,000 x 60,000",
        lambda w: _image(w, "huge.png", _png_declaring(60_000, 60_000)),
    ),
    Case("inline donut values [nan, inf]", _donut),
    Case(
        'log line "t": Infinity', lambda w: _log(w, '{"event": "show", "slide": 1, "t": Infinity}')
    ),
    Case("log line of 200,000 nested [", lambda w: _log(w, "[" * 200_000 + "]" * 200_000)),
    Case('log line "key": ["x"]', lambda w: _log(w, '{"event": "show", "key": ["x"], "t": 1}')),
    Case(".qdpx codes nested 5,000 deep", _qdpx_deep),
    Case("out/<slug>.pptx is a folder", _deck_folder),
    Case("out/charts is the user's file", _charts_file),
    Case("out/charts holds the user's folder", _charts_fixed),
    Case(
        "YAML alias bomb in a theme's front matter",
        lambda w: _theme_edit(w, "---\n", "---\n" + _alias_bomb(), "validate")[:2],
    ),
    Case("20,000-word featured quote (deck)", lambda w: _quote(w, _words(20_000), "deck")),
    Case(
        "5,000-character featured quote, the most allowed (deck)",
        lambda w: _quote(w, ("word " * 1000).strip(), "deck"),
    ),
    Case("50 MB quote (build)", lambda w: _quote(w, "a" * (50 << 20), "build")),
    Case("90,000-character token (validate)", lambda w: _quote(w, "a" * 90_000, "validate")[:2]),
    Case(
        'duration "99999999:00:00" (validate)',
        lambda w: _talk(w, 'duration: "10:00"', 'duration: "99999999:00:00"', "validate"),
    ),
    Case(
        'duration "99999999:00:00" (timing)',
        lambda w: _talk(w, 'duration: "10:00"', 'duration: "99999999:00:00"', "timing"),
    ),
    Case("FIFO themes/06-x.md (validate)", _fifo),
    Case("unused 600 MB recording (build)", _recording),
    Case("1.7 MB .pptx, 800 MB part, --template", lambda w: _pptx_bomb(w, "deck", "--template")),
    Case(
        "1.7 MB .pptx, 800 MB part, --from-pptx", lambda w: _pptx_bomb(w, "timing", "--from-pptx")
    ),
    Case("csv: ../outside.csv (build)", lambda w: _outside(w, "csv")),
    Case("image: ../outside.png (validate)", lambda w: _outside(w, "png")),
    Case(
        "<a href> in a theme's short: (charts, Chrome)",
        lambda w: _theme_edit(
            w, "short: Informal mentoring", "short: \"<a href='javascript:x'>x</a>\"", "charts"
        ),
    ),
    Case(
        "javascript: in contact.web (validate)",
        lambda w: _talk(w, "  web: https://", "  web: javascript:alert(1)//", "validate"),
    ),
    Case("names and tags starting = + - @ (import highlights)", _formulas),
    Case("--out content/themes", lambda w: _out(w, "{work}/content/themes")),
    Case("--out the content folder", lambda w: _out(w, "{work}/content")),
]


def _words(count: int) -> str:
    return " ".join(["word"] * count)


def _alias_bomb() -> str:
    return "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}' if prev else 'lol'] * 9)}]\n"
        for prev, name in zip(["", "a", "b", "c", "d", "e", "f", "g"], "abcdefgh", strict=False)
    )


def _webp(work: Path) -> list[str]:
    from PIL import Image

    Image.new("RGB", (80, 60), "red").save(work / "content" / "pic.webp")
    _image(work, "pic.webp", (work / "content" / "pic.webp").read_bytes())
    return ["deck", str(work / "content"), "--out", str(work / "built")]


def _tree(root: int) -> list[int]:
    """`root` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _field_kb(pid: int, file: str, field: str) -> int:
    """A `field:` of /proc/<pid>/<file> in kB (0 when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


@dataclass(frozen=True)
class Measured:
    """A run: exit status, wall seconds, largest single process (MB), whole tree PSS (MB)."""

    status: int | None
    seconds: float
    largest_mb: float
    tree_mb: float


def measure(args: list[str], cwd: Path, home: Path) -> Measured:
    """Run `python -m talkgen *args` and measure it (status None: killed after the time-out)."""
    env = {**os.environ, "HOME": str(home), "TALKGEN_CACHE_DIR": str(home.parent / "cache")}
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "talkgen", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    largest = tree = 0
    while True:
        pids = _tree(process.pid)
        largest = max([largest, *(_field_kb(p, "status", "VmHWM:") for p in pids)])
        tree = max(tree, sum(_field_kb(p, "smaps_rollup", "Pss:") for p in pids))
        try:
            status: int | None = process.wait(0.05)
            break
        except subprocess.TimeoutExpired:
            if time.perf_counter() - start > TIMEOUT_SECONDS:
                process.kill()
                process.wait()
                status = None
                break
    return Measured(status, time.perf_counter() - start, largest / 1024, tree / 1024)


def run_all(scratch: Path, only: str | None = None) -> Iterator[tuple[str, Measured]]:
    """Every case (or those whose name holds `only`), each in its own folder under `scratch`,
    measured as it finishes."""
    for n, case in enumerate(CASES):
        if only and only not in case.name:
            continue
        work = scratch / f"case-{n}"
        shutil.copytree(EXAMPLE, work / "content")
        for folder in ("home", "cwd"):
            (work / folder).mkdir()
        args = case.make(work)
        yield case.name, measure(args, work / "cwd", work / "home")
        shutil.rmtree(work, ignore_errors=True)
