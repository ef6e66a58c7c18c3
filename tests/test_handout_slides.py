"""`talkgen.handout.slides`: LibreOffice and pdftoppm as outside tools, with a fake LibreOffice
that hangs, so the time-out and its clean-up are tested without the real one."""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import pytest

from talkgen.errors import TalkgenError
from talkgen.handout import slides

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake soffice is a sh script")


def _fake_soffice(folder: Path, pids: Path) -> None:
    """An `soffice` on PATH that, like the real launcher, starts a child and waits for it; the
    child never finishes. Both write their pid to `pids`."""
    folder.mkdir()
    script = folder / "soffice"
    # The child's output goes to /dev/null so that only the process group, not an open pipe,
    # decides whether it outlives the time-out.
    script.write_text(
        "#!/bin/sh\n"
        f"echo $$ > '{pids}'\n"
        f"sh -c 'echo $$ >> \"{pids}\"; exec sleep 60' > /dev/null 2>&1 &\n"
        "wait\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def _running(pid: int) -> bool:
    """Whether `pid` is a live process. os.kill(pid, 0) also reaches a zombie, which an init that
    does not reap orphans (as in some containers) keeps after the kill, so /proc decides that."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    proc = Path(f"/proc/{pid}/stat")
    if not Path("/proc/self/stat").exists():
        return True
    try:
        return proc.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.slow
def test_a_hung_libreoffice_is_killed_with_its_children(tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    _fake_soffice(tmp_path / "bin", pids)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    assert slides.find_libreoffice() == tmp_path / "bin" / "soffice"
    deck = tmp_path / "talk.pptx"
    deck.write_bytes(b"not really a deck")

    started = time.monotonic()
    with pytest.raises(TalkgenError) as caught:
        slides.deck_to_pdf(deck, tmp_path / "out", timeout=1)
    assert time.monotonic() - started < 10
    assert caught.value.exit_code == 2
    message = str(caught.value)
    assert "LibreOffice did not finish converting the deck in 1 s — try again" in message
    assert "install" not in message

    started_pids = [int(line) for line in pids.read_text().split()]
    assert len(started_pids) == 2  # the launcher and its child
    deadline = time.monotonic() + 5
    while any(_running(pid) for pid in started_pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in started_pids if _running(pid)]


@pytest.mark.slow
def test_a_libreoffice_that_cannot_start_says_how_to_install(tmp_path):
    deck = tmp_path / "talk.pptx"
    deck.write_bytes(b"not really a deck")
    with pytest.raises(TalkgenError) as caught:
        slides.deck_to_pdf(deck, tmp_path / "out", soffice=tmp_path / "no-such-soffice")
    assert caught.value.exit_code == 2
    assert "cannot start LibreOffice" in str(caught.value)
    assert "apt-get install libreoffice-impress" in str(caught.value)
