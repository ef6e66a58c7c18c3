"""The page Chrome draws charts in, served over HTTP so that Chrome can keep plotly.js compiled.

Chrome keeps the compiled code of a script in its code cache only when the script came over
http(s), never from a file:// URL. Parsing and running plotly.js is most of a cold chart run's
browser start (measured here: 1.1-1.3 s to load the page from a file, 0.25-0.45 s over HTTP once
the code cache in `browser_cache` is warm). So the page and its scripts are served from memory
by a small HTTP server on 127.0.0.1 that lives as long as the browser session.

Chrome reaches the server as its proxy. Every URL is then `http://talkgen.invalid/...`, the same
in every run whatever port the server got (so the cache matches), the scripts' names carry a
hash of their bytes (so they can be cached for good and a new plotly.js is a new name), and
nothing else can be fetched: any other address or method is refused (404, or 405 for a method
other than GET and HEAD, including the CONNECT a proxy gets for https), so a chart never reaches
the network. What it serves is decided by `kaleido_adapter.page_files`.

The server never writes to the terminal: requests are not logged, and a browser that hangs up
mid-answer (it does, when a page is reloaded) ends that connection quietly instead of printing
`BrokenPipeError` tracebacks over the speaker's progress bar.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from talkgen.errors import EnvironmentProblem, Problem

HOST = "talkgen.invalid"
ORIGIN = f"http://{HOST}"


@dataclass(frozen=True)
class Served:
    """One file the server answers with."""

    body: bytes
    content_type: str
    immutable: bool = False


def hashed_name(stem: str, body: bytes, suffix: str) -> str:
    """`<stem>-<hash>.<suffix>`: a name that changes whenever the bytes do."""
    return f"{stem}-{hashlib.sha256(body).hexdigest()[:16]}{suffix}"


class _QuietServer(ThreadingHTTPServer):
    """A threading HTTP server that ends a failed connection without printing anything."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # socketserver prints the traceback to stderr; a browser that hung up is not news.
        pass


class PageServer:
    """Serves `files` (name -> Served) at `http://talkgen.invalid/<name>` to a browser that
    uses `proxy` as its proxy, from a background thread, while in a `with` block."""

    def __init__(self, files: Mapping[str, Served]) -> None:
        self._files = dict(files)
        self._fetched: set[str] = set()
        self.refused: list[str] = []
        """The addresses the server refused (method and URL), for tests and `--debug`."""
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def proxy(self) -> str:
        """The address to give Chrome as `--proxy-server`."""
        if self._server is None:
            raise RuntimeError("the page server is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def scripts_fetched(self) -> bool:
        """Whether the browser had to fetch a script from the server: its cache lacked it."""
        return any(self._files[name].immutable for name in self._fetched)

    def names(self) -> list[str]:
        """The names of the files served."""
        return list(self._files)

    @staticmethod
    def url(name: str) -> str:
        """The address of a served file, as the browser asks for it."""
        return f"{ORIGIN}/{name}"

    def __enter__(self) -> PageServer:
        files, fetched, refused = self._files, self._fetched, self.refused

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                self._answer(with_body=True)

            def do_HEAD(self) -> None:  # noqa: N802
                self._answer(with_body=False)

            def __getattr__(self, name: str) -> Any:
                # Every other method (POST, CONNECT for https, ...) is refused, not "501".
                if name.startswith("do_"):
                    return self._refuse_method
                raise AttributeError(name)

            def _refuse_method(self) -> None:
                refused.append(f"{self.command} {self.path}")
                self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

            def _answer(self, *, with_body: bool) -> None:
                address = urlsplit(self.path)
                served = None
                if address.hostname in (HOST, None) and not address.query:
                    served = files.get(address.path.lstrip("/"))
                if served is None:
                    refused.append(f"{self.command} {self.path}")
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
                fetched.add(address.path.lstrip("/"))
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", served.content_type)
                self.send_header("Content-Length", str(len(served.body)))
                self.send_header(
                    "Cache-Control",
                    "public, max-age=31536000, immutable" if served.immutable else "no-cache",
                )
                self.end_headers()
                if with_body:
                    self.wfile.write(served.body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass  # the browser's requests are not the speaker's business

        try:
            self._server = _QuietServer(("127.0.0.1", 0), Handler)
        except OSError as error:
            raise EnvironmentProblem(
                Problem(
                    None,
                    None,
                    "cannot start the local server Chrome loads the charts' page from: "
                    f"{error.strerror or error}",
                    "check that the loopback address 127.0.0.1 is up (in a container: "
                    "`ip link set lo up`)",
                )
            ) from None
        self._server.daemon_threads = True
        self._server.handle_error = _quiet_handle_error(self._server)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="talkgen-page-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = self._thread = None



def _quiet_handle_error(server: ThreadingHTTPServer):
    """The page server's `handle_error`, silent when Chrome goes away mid-request (stopped
    after Ctrl-C or a time-out): socketserver would print that reset connection's traceback on
    standard error. Anything else is reported as socketserver does."""
    report = server.handle_error

    def handle_error(request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        report(request, client_address)

    return handle_error
