"""Running an outside program (LibreOffice, pdftoppm) with a time limit, and stopping all of it.

Killing only the program we started is not enough: `soffice` is a launcher whose real work runs
in a child (`soffice.bin`), and a killed launcher leaves that child running under pid 1, holding
a profile folder the build then deletes. So a tool starts in a session of its own (its own
process group), and stopping it kills the whole group. Chrome, which choreographer starts in a
session of its own, is stopped the same way.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

_MAC_LIBREOFFICE = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
# The tools `run_tool` is running, by the thread that runs each (for `stop_tools`).
_running: dict[int, set[subprocess.Popen]] = {}
_running_lock = threading.Lock()


def find_libreoffice() -> Path | None:
    """The LibreOffice program (`soffice`) on this machine, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    if sys.platform == "darwin" and os.access(_MAC_LIBREOFFICE, os.X_OK):
        return Path(_MAC_LIBREOFFICE)
    return None


def process_running(pid: str) -> bool:
    """Whether the process `pid` (text from a work folder's name, e.g. a build's staging
    folder) is still running; False for text that is no process id."""
    if not pid.isdigit():
        return False  # a folder from before the names carried the process id
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process: leave its folder alone
    return True


def kill_group(process: subprocess.Popen) -> None:
    """Kill `process` and every process it started (its process group); best effort.

    Call it before the process is reaped (`wait`), so its pid, the group's id, cannot have been
    reused by an unrelated process."""
    with contextlib.suppress(OSError):
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        elif process.poll() is None:
            process.kill()


def home_inside(home: Path) -> dict[str, str]:
    """`HOME`, `XDG_CONFIG_HOME` and `XDG_CACHE_HOME` for a program that must not write into the
    user's home: `home` and its `.config` and `.cache`, made if missing."""
    env = {}
    for name, folder in (
        ("HOME", home),
        ("XDG_CONFIG_HOME", home / ".config"),
        ("XDG_CACHE_HOME", home / ".cache"),
    ):
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    return env


def run_tool(
    command: Sequence[str], timeout: float, *, home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `command` to its end and return its exit status and text output. With `home` (a
    folder of the run's own), the tool gets it as `HOME`, `XDG_CONFIG_HOME` and `XDG_CACHE_HOME`
    (LibreOffice's toolkit otherwise writes its settings cache into the user's home).

    Raises `subprocess.TimeoutExpired` when it runs longer than `timeout` seconds, and
    `OSError` (FileNotFoundError, PermissionError) when it cannot be started. On a time-out, or
    when this process is interrupted, the tool and everything it started are killed first."""
    env = None if home is None else {**os.environ, **home_inside(home)}
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=env,
    ) as process:
        mine = threading.get_ident()
        with _running_lock:
            _running.setdefault(mine, set()).add(process)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except BaseException:
            # Ctrl-C too: in a session of its own, the tool does not get the terminal's SIGINT.
            kill_group(process)
            # Not communicate(): a child that left the group could hold the pipes open forever.
            process.wait()
            raise
        finally:
            with _running_lock:
                _running.get(mine, set()).discard(process)
    return subprocess.CompletedProcess(list(command), process.returncode, stdout, stderr)


def stop_tools(thread: threading.Thread) -> None:
    """Kill the tools `run_tool` is running in `thread`, and everything they started, from
    another thread: for a command that ends while a background thread still converts something
    (the browser rehearsal's slide pictures), so no LibreOffice is left running after it. The
    `run_tool` call returns as a killed tool's (a non-zero status)."""
    with _running_lock:
        for process in list(_running.get(thread.ident or -1, ())):
            if process.returncode is None:  # not reaped yet: its group id is still its own
                kill_group(process)
