"""Exporting figures to PNG and SVG through kaleido, all in ONE Chrome session.

Starting Chrome costs about a second; rendering a figure in an open tab costs tens of
milliseconds. So every image that needs making goes through a single `kaleido.Kaleido` browser
(measured here: 10 figures one browser each 27.6 s, batched 2.7 s), made by `kaleido_adapter`
(kaleido's public API, or its tuned path). Chrome can crash or hang: the
start has a time-out, and so has each stretch without a finished image, so a build never hangs.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.metadata
import logging
import threading
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from talkgen.atomic import write_bytes
from talkgen.charts import kaleido_adapter
from talkgen.charts.browser_cache import browser_cache, profile_parent
from talkgen.charts.cache import spec_key
from talkgen.charts.pageserver import PageServer, Served
from talkgen.charts.plotlyjs import plotly_js
from talkgen.errors import EnvironmentProblem, Problem
from talkgen.processes import kill_group

DEFAULT_TIMEOUT = 60.0
# One tab: opening a second costs seconds (it loads plotly.js again) and saves little, since
# images render in about 0.1 s each once the page is loaded.
DEFAULT_TABS = 1


@functools.cache
def kaleido_version() -> str:
    """The installed kaleido's version (the package has no __version__)."""
    return importlib.metadata.version("kaleido")


@functools.cache
def plotly_version() -> str:
    """The installed plotly's version, which fixes the bundled plotly.js."""
    return importlib.metadata.version("plotly")


@dataclass(frozen=True)
class ImageJob:
    """One image file to make from a figure: PNG for the deck or SVG for the handout."""

    chart_id: str
    figure: dict[str, Any] = field(repr=False)
    path: Path
    format: str
    width: int
    height: int
    scale: float = 1.0
    title: str = ""
    description: str = ""

    def key(self) -> str:
        """What the file is made from, for the cache."""
        return spec_key(
            figure=self.figure,
            format=self.format,
            width=self.width,
            height=self.height,
            scale=self.scale,
            title=self.title,
            description=self.description,
            kaleido=kaleido_version(),
            plotly=plotly_version(),
        )

    def finish(self, exported: bytes) -> bytes:
        """The exported bytes as written: SVGs get a <title> and <desc> for screen readers."""
        if self.format != "svg":
            return exported
        text = exported.decode("utf-8")
        start = text.find("<svg")
        end = text.find(">", start)
        if start < 0 or end < 0:
            return exported
        accessible = f"<title>{escape(self.title)}</title><desc>{escape(self.description)}</desc>"
        opening = text[start:end]
        if "role=" not in opening:
            opening += ' role="img"'
        return (text[:start] + opening + ">" + accessible + text[end + 1 :]).encode("utf-8")


def _quiet_browser_logs() -> None:
    # kaleido and choreographer log browser chatter as warnings; our own messages say what matters.
    for name in ("kaleido", "choreographer", "browser_proc", "logistro"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def render_images(
    jobs: Sequence[ImageJob],
    browser: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    tabs: int = DEFAULT_TABS,
    on_written: Callable[[ImageJob], None] | None = None,
    alongside: Callable[[], None] | None = None,
) -> None:
    """Render every job in one browser session and write each file atomically.

    `on_written(job)` is called as each file lands. `alongside()` runs in a worker thread while
    the browser starts and renders (the HTML pages need no browser, and Chrome's start is mostly
    waiting). Raises `EnvironmentProblem` when Chrome does not start, crashes, or produces
    nothing for `timeout` seconds; files already written stay.
    """
    if not jobs:
        if alongside:
            alongside()
        return
    _quiet_browser_logs()

    async def session_and_side_work() -> None:
        asyncio.get_running_loop().set_exception_handler(_quiet_after_interrupt)
        side = asyncio.ensure_future(asyncio.to_thread(alongside)) if alongside else None
        try:
            await _session(
                list(jobs),
                browser,
                timeout,
                max(1, min(tabs, len(jobs))),
                on_written or (lambda job: None),
            )
        finally:
            if side is not None:
                await side

    _run(session_and_side_work)


def _quiet_after_interrupt(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    """The loop's exception handler: after Ctrl-C, the browser library's own tasks fail as their
    browser is stopped, and asyncio would print each one's traceback while shutting down; those
    go to the debug log: cancelled tasks, and a render task whose browser channel was closed
    under it (its error is noticed only when the task is collected, after the loop has ended).
    Anything else is reported as asyncio would."""
    from choreographer.errors import BrowserClosedError, ChannelClosedError

    error = context.get("exception")
    stopped = asyncio.CancelledError | KeyboardInterrupt | BrowserClosedError | ChannelClosedError
    if isinstance(error, stopped) or "shutdown" in str(context.get("message", "")):
        logging.getLogger(__name__).debug("after an interrupt: %s", context.get("message"))
        return
    loop.default_exception_handler(context)


def _run(make: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run a coroutine to completion, in a worker thread when this thread already runs a loop
    (as in a notebook), since asyncio.run refuses to nest."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(make())
        return
    failure: list[BaseException] = []

    def work() -> None:
        try:
            asyncio.run(make())
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller's thread
            failure.append(exc)

    worker = threading.Thread(target=work, name="talkgen-charts")
    worker.start()
    worker.join()
    if failure:
        raise failure[0]


def _problem(message: str, hint: str, path: Path | None = None) -> EnvironmentProblem:
    return EnvironmentProblem(Problem(path, None, message, hint))


async def _session(
    jobs: list[ImageJob],
    browser: Path,
    timeout: float,
    tabs: int,
    on_written: Callable[[ImageJob], None],
) -> None:
    with browser_cache() as disk_cache, PageServer(page_files()) as server:
        session = _new_session(server, disk_cache, browser, timeout, tabs)
        await _open(session, browser, timeout)
        try:
            await _render_all(session, jobs, browser, timeout, on_written)
        finally:
            await _stop(session)


def page_files() -> dict[str, Served]:
    """What the page server serves (see `kaleido_adapter.page_files`)."""
    return kaleido_adapter.page_files(plotly_js().encode("utf-8"))


def _new_session(
    server: PageServer, disk_cache: Path | None, browser: Path, timeout: float, tabs: int
) -> Any:
    """kaleido's browser on `server`'s files, with its disk cache in `disk_cache`; not open yet."""
    try:
        return kaleido_adapter.new_session(
            server,
            browser=browser,
            timeout=timeout,
            tabs=tabs,
            disk_cache=disk_cache,
            profile_parent=profile_parent(),
        )
    except Exception as exc:  # noqa: BLE001 - kaleido's own "not found" is a long RuntimeError
        raise _problem(
            f"cannot use the browser at {browser}: {_first_line(exc)}",
            "check that it is Chrome or Chromium, or set BROWSER_PATH to one",
        ) from None


async def _open(session: Any, browser: Path, timeout: float) -> None:
    """Start Chrome and load the page; raises `EnvironmentProblem` when it hangs or dies."""
    from choreographer.errors import BrowserClosedError, BrowserFailedError

    # Not asyncio.wait_for: choreographer turns the cancellation into "browser closed", which
    # would hide the time-out. Waiting on the task keeps the two apart.
    opening = asyncio.ensure_future(session.open())
    try:
        done, _ = await asyncio.wait({opening}, timeout=timeout)
    except asyncio.CancelledError:
        # Ctrl-C while Chrome starts: Chrome runs in a session of its own, so the terminal's
        # interrupt never reaches it; stop it here, or this process waits on it for ever.
        _kill(session)
        opening.cancel()
        await asyncio.gather(opening, return_exceptions=True)
        await _stop(session)  # closes the pipes its log readers wait on
        raise
    if not done:
        _kill(session)
        opening.cancel()
        await asyncio.gather(opening, return_exceptions=True)
        await _stop(session)
        raise _problem(
            f"Chrome ({browser}) did not start within {timeout:g} s",
            "close other Chrome windows and try again, or raise --timeout",
        )
    if opening.exception() is not None:
        error = opening.exception()
        await _stop(session)
        if not isinstance(error, BrowserFailedError | BrowserClosedError | OSError):
            raise error
        raise _problem(
            f"Chrome ({browser}) closed as soon as it started",
            f"run `{browser} --headless --dump-dom about:blank` to see why, or reinstall it",
        )


async def _render_all(
    session: Any,
    jobs: list[ImageJob],
    browser: Path,
    timeout: float,
    on_written: Callable[[ImageJob], None],
) -> None:
    async def one(job: ImageJob) -> None:
        opts = {"format": job.format, "width": job.width, "height": job.height, "scale": job.scale}
        exported = await session.calc_fig(job.figure, opts=opts)
        write_bytes(job.path, job.finish(exported))
        on_written(job)

    pending = {asyncio.ensure_future(one(job)): job for job in jobs}
    try:
        while pending:
            # A stretch of `timeout` seconds with no image finished means Chrome hangs.
            done, _ = await asyncio.wait(
                pending, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
            if not done:
                waiting = sorted({job.chart_id for job in pending.values()})
                raise _problem(
                    f"Chrome ({browser}) stopped answering: no chart finished in "
                    f"{timeout:g} s (waiting for {', '.join(waiting)})",
                    "try again; if it keeps happening, raise --timeout or reinstall Chromium",
                )
            for task in done:
                job = pending.pop(task)
                _raise_failure(task, job, browser, timeout)
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


def _raise_failure(task: asyncio.Future, job: ImageJob, browser: Path, timeout: float) -> None:
    from choreographer.errors import BrowserClosedError, BrowserFailedError, ChannelClosedError

    error = task.exception()
    if error is None:
        return
    if isinstance(error, TimeoutError):
        raise _problem(
            f"chart '{job.chart_id}': Chrome took longer than {timeout:g} s to render "
            f"the {job.format.upper()}",
            "try again, or raise --timeout",
        ) from None
    if isinstance(error, BrowserClosedError | BrowserFailedError | ChannelClosedError):
        raise _problem(
            f"Chrome ({browser}) crashed while rendering chart '{job.chart_id}'",
            "try again; if it keeps happening, reinstall Chromium",
        ) from None
    if isinstance(error, OSError):
        raise _problem(
            f"cannot write: {error.strerror or error}",
            "check that the output folder is writable and the disk has room",
            job.path,
        ) from None
    raise _problem(
        f"chart '{job.chart_id}': the browser could not render it: {_first_line(error)}",
        "check the chart's data in charts.yaml",
    ) from error


async def _stop(session: Any) -> None:
    """Close the browser; kill it when it will not close within a few seconds."""
    try:
        await asyncio.wait_for(session.close(), 5)
    except Exception:  # noqa: BLE001 - closing is best effort; the kill below is the backstop
        pass
    finally:  # also when a second Ctrl-C cancels the closing
        _kill(session)


def _kill(session: Any) -> None:
    """Kill the browser and every process it started: choreographer starts it in a session of
    its own, and a hung child holding the pipe open would keep this process from exiting."""
    process = getattr(session, "subprocess", None)
    if process is not None:
        kill_group(process)


def _first_line(error: BaseException) -> str:
    text = " ".join(str(a) for a in error.args) if error.args else type(error).__name__
    return (text.strip().splitlines() or [type(error).__name__])[0]
