"""The one module that reaches into kaleido's and choreographer's internals, beside the public path.

Charts are exported through kaleido's public API: a `kaleido.Kaleido` browser session (started
with choreographer's public `browser_cls`, `path`, `proxy_server` and `tmp_dir` options) whose
page comes from kaleido's public `PageGenerator`, and `Kaleido.calc_fig` for each image. That is
the *public path*, and it always works with the kaleido that `pyproject.toml` allows.

Three private hooks still buy measured time, so the *tuned path* keeps them, here and nowhere else:

- kaleido's page is served over HTTP by `pageserver` instead of written to a `file://` temporary
  file (replaces `Kaleido.open`; uses `_saved_page_arg`, `_index`, `_n`, `_conform_tabs`,
  `_create_kaleido_tab`, `tabs_ready`; serves `kaleido._page_generator.KJS_PATH`): Chrome keeps
  plotly.js compiled between runs only for scripts fetched over http(s) by an http(s) page.
  Measured here: browser start 1.1-1.3 s from a file, 0.25-0.45 s served with a warm cache.
- the page is reloaded every `RELOAD_EVERY` images instead of after each
  (`_return_kaleido_tab`): 0.085 s per image instead of 0.35 s.
- Chrome is started through `/bin/sh` instead of choreographer's Python wrapper script
  (`_unix_pipe_chromium_wrapper.py`): 1 ms instead of 0.15 s.

The tuned path is used only when the installed kaleido and choreographer are the minor versions
it was tested with (`TESTED`) and every hook is still there; otherwise, or when the environment
sets `TALKGEN_KALEIDO=public` (CI runs the export tests that way too), the public path is used.
Both give the same images.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.metadata
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from talkgen.charts.browser_cache import MAX_BYTES
from talkgen.charts.chrome import quiet_chromium_class
from talkgen.charts.pageserver import ORIGIN, PageServer, Served, hashed_name

ENV = "TALKGEN_KALEIDO"
TESTED = {"kaleido": "1.5", "choreographer": "1.4"}
"""The minor versions the tuned path was measured and tested with (pinned in pyproject.toml)."""
RELOAD_EVERY = 50
"""Tuned path: images rendered in a tab before its page is reloaded, to bound its memory
(Plotly.toImage draws into a detached element it purges itself)."""

_KALEIDO_HOOKS = ("_conform_tabs", "_create_kaleido_tab", "_return_kaleido_tab", "populate_targets")
_PIPE_WRAPPER = "_unix_pipe_chromium_wrapper.py"
_SHELL_WRAPPER = ("/bin/sh", "-c", 'exec "$@" 3<&0 4>&1', "sh")
_SCRIPT = "text/javascript; charset=utf-8"


def _minor(package: str) -> str:
    return ".".join(importlib.metadata.version(package).split(".")[:2])


@functools.cache
def tuned_hooks_present() -> bool:
    """Whether the installed kaleido and choreographer are the tested minors with every hook."""
    try:
        import kaleido
        from kaleido._page_generator import KJS_PATH
    except ImportError:
        return False
    return (
        all(_minor(name) == minor for name, minor in TESTED.items())
        and all(hasattr(kaleido.Kaleido, hook) for hook in _KALEIDO_HOOKS)
        and KJS_PATH.is_file()
    )


def export_path() -> str:
    """`"tuned"` or `"public"`: which way this process exports charts (see the module's text)."""
    if os.environ.get(ENV, "").strip().lower() == "public" or not tuned_hooks_present():
        return "public"
    return "tuned"


def page_files(plotly_js: bytes) -> dict[str, Served]:
    """What the page server serves: plotly.js under a name that is a hash of its bytes, and on
    the tuned path also kaleido's page and kaleido's own script."""
    plotly_name = hashed_name("plotly", plotly_js, ".js")
    files = {plotly_name: Served(plotly_js, _SCRIPT, immutable=True)}
    if export_path() == "public":
        return files
    from kaleido import PageGenerator
    from kaleido._page_generator import KJS_PATH

    scopes = KJS_PATH.read_bytes()
    scopes_name = hashed_name("kaleido_scopes", scopes, ".js")
    page = PageGenerator(plotly=f"{ORIGIN}/{plotly_name}", mathjax=False).generate_index()
    page = page.replace(KJS_PATH.as_uri(), f"{ORIGIN}/{scopes_name}")
    files[scopes_name] = Served(scopes, _SCRIPT, immutable=True)
    files["index.html"] = Served(page.encode("utf-8"), "text/html; charset=utf-8")
    # Chrome asks an http page's server for its icon; an empty one keeps that off the refusals.
    files["favicon.ico"] = Served(b"", "image/x-icon", immutable=True)
    return files


def new_session(
    server: PageServer,
    *,
    browser: Path,
    timeout: float,
    tabs: int,
    disk_cache: Path | None,
    profile_parent: Path | None,
) -> Any:
    """A `kaleido.Kaleido` on `server`'s files, not open yet: `await session.open()`, then
    `await session.calc_fig(figure, opts=...)` per image, then `await session.close()`.

    Raises what `kaleido.Kaleido` raises for a browser it cannot use."""
    options: dict[str, Any] = {
        "n": tabs,
        "timeout": timeout,
        "path": str(browser),
        "proxy_server": server.proxy,
    }
    if profile_parent is not None:
        options["tmp_dir"] = str(profile_parent)
    if export_path() == "public":
        import kaleido

        plotly_url = next(server.url(n) for n in server.names() if n.startswith("plotly-"))
        return kaleido.Kaleido(
            page_generator=kaleido.PageGenerator(plotly=plotly_url, mathjax=False),
            browser_cls=quiet_chromium_class(disk_cache, MAX_BYTES),
            **options,
        )
    return _tuned_session_class()(
        index=server.url("index.html"),
        warm_up=lambda: disk_cache is not None and server.scripts_fetched(),
        browser_cls=_shell_started(quiet_chromium_class(disk_cache, MAX_BYTES)),
        **options,
    )


@functools.cache
def _tuned_session_class() -> type:
    import choreographer
    import kaleido
    from choreographer.errors import BrowserFailedError

    class ServedPageSession(kaleido.Kaleido):
        """kaleido's browser on our served page, reloading it every RELOAD_EVERY images."""

        _since_reload = 0
        _loading: asyncio.Future | None = None

        def __init__(self, *, index: str, warm_up: Callable[[], bool], **kwargs: Any) -> None:
            super().__init__(mathjax=False, **kwargs)
            self._served_index = index
            self._warm_up = warm_up

        async def open(self) -> None:
            # kaleido's own open() writes its page to a temporary file:// address; ours is served.
            del self._saved_page_arg
            self._index = self._served_index
            await choreographer.Browser.open(self)
            if self._loading is None:
                raise BrowserFailedError("Chrome opened no tab")
            await self._loading
            missing = self._n - len(self.tabs)
            await asyncio.gather(*(self._create_kaleido_tab() for _ in range(missing)))
            if self._warm_up():
                # Chrome stores a script's compiled code the second time it loads it: loading
                # the page again now (about 0.1 s) makes the next run's start fast.
                tab = await self.tabs_ready.get()
                await tab.reload()
                await self.tabs_ready.put(tab)

        async def populate_targets(self) -> None:
            # choreographer sleeps 0.1 s after each call of this; the first tab loads the page
            # meanwhile, where kaleido would load it first and then sleep.
            await choreographer.Browser.populate_targets(self)
            if self.tabs and self._loading is None:
                self._loading = asyncio.ensure_future(self._conform_tabs())

        async def _return_kaleido_tab(self, tab: Any) -> None:
            self._since_reload += 1
            if self._since_reload >= RELOAD_EVERY:
                self._since_reload = 0
                await tab.reload()
            await self.tabs_ready.put(tab)

    return ServedPageSession


@functools.cache
def _shell_started(chromium: type) -> type:
    class ShellStartedChromium(chromium):
        """`chromium`, started through a shell that moves the DevTools pipe onto the file
        descriptors 3 and 4 Chrome reads and writes, as choreographer's Python wrapper does;
        its watchdog still sees Chrome exit (the shell's exec makes the process Chrome)."""

        def get_cli(self) -> list[str]:
            cli = list(super().get_cli())
            if len(cli) > 2 and cli[1].endswith(_PIPE_WRAPPER) and Path("/bin/sh").exists():
                cli = [*_SHELL_WRAPPER, *cli[2:]]
            return cli

    return ShellStartedChromium
