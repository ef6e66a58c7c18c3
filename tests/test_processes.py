"""Outside programs run with `run_tool`: stopped from another thread with `stop_tools`, and
everything they started with them."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from talkgen.processes import run_tool, stop_tools

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="process groups are POSIX; the test reads /proc"
)


@pytest.mark.slow
def test_stop_tools_kills_the_tool_a_thread_runs_and_what_it_started() -> None:
    # A tool that starts a child of its own (as soffice starts soffice.bin), both sleeping.
    tool = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    results: dict[str, object] = {}

    def run(name: str, code: str) -> None:
        results[name] = run_tool([sys.executable, "-c", code], 60)

    worker = threading.Thread(target=run, args=("stopped", tool))
    other = threading.Thread(target=run, args=("other", "import time; time.sleep(2)"))
    began = time.monotonic()
    worker.start()
    other.start()
    time.sleep(1)
    stop_tools(worker)
    worker.join(timeout=10)
    other.join(timeout=10)
    assert not worker.is_alive() and time.monotonic() - began < 10
    stopped, finished = results["stopped"], results["other"]
    assert stopped.returncode == -9  # SIGKILL
    assert finished.returncode == 0, "a tool another thread runs is left alone"
    child = int(stopped.stdout.split()[0])
    deadline = time.monotonic() + 5
    while os.path.exists(f"/proc/{child}") and time.monotonic() < deadline:
        time.sleep(0.05)  # killed with its parent's group; init reaps it
    assert not os.path.exists(f"/proc/{child}"), "what the tool started is stopped too"


def test_stop_tools_on_a_thread_running_nothing_does_nothing() -> None:
    idle = threading.Thread(target=lambda: None)
    idle.start()
    idle.join()
    stop_tools(idle)
    stop_tools(threading.current_thread())


def test_a_drawing_left_by_a_killed_rehearsal_is_removed_by_the_next(monkeypatch, tmp_path):
    """The slide pictures' work folder carries its process id: the next drawing removes one
    whose process is gone (kill -9 while LibreOffice drew), never one still running."""
    from talkgen.errors import EnvironmentProblem, Problem
    from talkgen.handout import slides as converters
    from talkgen.timing.pictures import slide_pictures

    slides = tmp_path / "cache" / "slides"
    gone = slides / ".drawing-999999999-abc123"  # no such process
    older = slides / ".drawing-k3j4h5g6"  # from before the names carried the process id
    live = slides / f".drawing-{os.getpid()}-def456"  # this process: drawing right now
    for folder in (gone, older, live):
        (folder / "libreoffice-profile").mkdir(parents=True)
    deck = tmp_path / "talk.pptx"
    deck.write_bytes(b"a deck")

    def no_libreoffice(deck, out_dir, **options):
        assert out_dir.name.startswith(f".drawing-{os.getpid()}-")
        raise EnvironmentProblem(Problem(None, None, "LibreOffice is not installed"))

    monkeypatch.setattr(converters, "deck_to_pdf", no_libreoffice)
    with pytest.raises(EnvironmentProblem):
        slide_pictures(deck, tmp_path / "cache")
    assert sorted(p.name for p in slides.iterdir()) == [live.name]
