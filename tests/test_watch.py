"""`talkgen build --watch`: rebuilds on save, reports a broken file and keeps watching."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a real watch process that builds the talk

# Generous bounds on waiting for the watcher; they only stop a hung test, they time nothing.
PATIENCE = 120


class Watcher:
    """A `talkgen build --watch` process whose standard error is read line by line."""

    def __init__(self, content: Path, out: Path) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "talkgen",
                "build",
                str(content),
                "--out",
                str(out),
                "--only",
                "timing",
                "--watch",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, words: str) -> list[str]:
        """Lines up to and including the first one containing `words`."""
        deadline = time.monotonic() + PATIENCE
        got = []
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                continue
            got.append(line)
            self.seen.append(line)
            if words in line:
                return got
        raise AssertionError(f"never saw {words!r}; saw {self.seen}")


def test_watch_rebuilds_reports_errors_and_stops_cleanly(example_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    watcher = Watcher(example_copy, out)
    try:
        watcher.wait_for("Watching for changes")
        first = json.loads((out / "timing.json").read_text())

        talk = example_copy / "talk.yaml"
        talk.write_text(talk.read_text().replace("pace: 130", "pace: 150"))
        watcher.wait_for("changed: talk.yaml")
        watcher.wait_for("Watching")
        second = json.loads((out / "timing.json").read_text())
        assert second != first

        quotes = example_copy / "quotes.yaml"
        good = quotes.read_text()
        quotes.write_text(good.replace("participant: P07", "participant: P70"))
        lines = watcher.wait_for("build failed")
        assert any("quotes.yaml:" in line and "P70" in line for line in lines)
        assert json.loads((out / "timing.json").read_text()) == second

        quotes.write_text(good)
        watcher.wait_for("Watching")
    finally:
        watcher.process.send_signal(signal.SIGINT)
        code = watcher.process.wait(timeout=PATIENCE)
    assert code == 0
    watcher.wait_for("stopped watching")


def test_editor_scratch_files_are_ignored_and_ctrl_c_is_quiet(example_copy: Path, tmp_path: Path):
    # Finding 10: watch reacted to an editor's temporary file ("changed: …, sedQniQIy") and
    # printed "KeyboardInterrupt caught" when stopped; an Emacs lock `.#01-x.md` in themes/ was
    # read as a theme under a mangled name.
    out = tmp_path / "out"
    watcher = Watcher(example_copy, out)
    try:
        watcher.wait_for("Watching for changes")
        themes = example_copy / "themes"
        (themes / ".#01-informal-mentoring.md").symlink_to("user@host.1234:1700000000")
        (themes / "sedQniQIy").write_text("partial")
        (themes / "01-informal-mentoring.md~").write_text("backup")
        (themes / ".01-informal-mentoring.md.swp").write_bytes(b"\0swap")
        (example_copy / "talk.yaml").write_text(
            (example_copy / "talk.yaml").read_text().replace("pace: 130", "pace: 150")
        )
        lines = watcher.wait_for("changed:")
        assert lines[-1] == "changed: talk.yaml; rebuilding", lines
        after = watcher.wait_for("Watching")
        assert not any("warning" in line or "themes/" in line for line in after), after
    finally:
        watcher.process.send_signal(signal.SIGINT)
        code = watcher.process.wait(timeout=PATIENCE)
    assert code == 0
    rest = []
    while True:  # what the reader thread collected up to the end of the output
        try:
            rest.append(watcher.lines.get(timeout=2))
        except queue.Empty:
            break
    tail = "\n".join([*watcher.seen, *rest])
    assert "stopped watching" in tail
    assert "KeyboardInterrupt" not in tail and "Traceback" not in tail
