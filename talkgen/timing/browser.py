"""The browser rehearsal view: a page on 127.0.0.1 that shows the slides as the audience sees
them, the notes in large type and the clocks, while this process keeps the time and the log.

The server is the rehearsal's single source of truth: the page (and the projector window) only
send actions (`next`, `back`, `pause`, `finish`) and ask for the state a few times a second, so a
reloaded or closed tab loses nothing and two windows never disagree. Every event is appended to
the same JSONL log as the terminal view writes (`RehearsalSession`), flushed and synced at once.

Safety: the server listens on 127.0.0.1 only, on a free port; every address carries a secret
token (`http://127.0.0.1:PORT/<token>/`) and anything without it is refused (403) with nothing
else said; a request naming another host (DNS rebinding) is refused too; actions must be JSON
POSTs (a form on another site cannot send them); the pages load nothing from elsewhere (a
Content-Security-Policy of 'self' only, no CDN). The server stops when the rehearsal ends.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from talkgen.content.model import format_duration
from talkgen.errors import EnvironmentProblem, Problem, TalkgenError
from talkgen.plan import Plan, checkpoints
from talkgen.processes import stop_tools
from talkgen.timing.pictures import SlidePictures
from talkgen.timing.rehearsal import ACTIONS, RehearsalSession
from talkgen.timing.views import (
    NEARING,
    checkpoint_text,
    next_checkpoint,
    notes_paragraphs,
    quote_lines,
    standing,
)

HOST = "127.0.0.1"
# The page asks for the state this often (ms); the server moves auto-advanced slides this often.
POLL_MS = 200
TICK_SECONDS = 0.05
# An action is a few bytes of JSON; anything bigger is not from our page.
MAX_BODY = 1024
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
WEB_FILES = {
    "": ("rehearse.html", "text/html; charset=utf-8"),
    "projector": ("rehearse.html", "text/html; charset=utf-8"),
    "rehearse.js": ("rehearse.js", "text/javascript; charset=utf-8"),
    "rehearse.css": ("rehearse.css", "text/css; charset=utf-8"),
}

PicturesSource = Callable[[], SlidePictures]
# The name of the thread that draws the slides' pictures.
DRAWING = "talkgen-slide-pictures"


def _web_file(name: str) -> bytes:
    return resources.files("talkgen.timing").joinpath("web", name).read_bytes()


def talk_record(
    plan: Plan, auto_advance: bool, after: str = "", warning: str = ""
) -> dict[str, Any]:
    """What the page needs to know about the talk, once: its slides (title, points, a quote
    slide's quote, notes as paragraphs, planned and start seconds), its checkpoints, `after`,
    what to do when the rehearsal is over, and `warning`, shown at the top of the page."""
    slides = []
    for slide in plan.slides:
        quote = quote_lines(plan, slide)
        slides.append(
            {
                "number": slide.number,
                "key": slide.key,
                "kind": slide.kind,
                "title": slide.title,
                "points": list(slide.points),
                "quote": {"text": quote[0], "attribution": quote[1]} if quote else None,
                "notes": notes_paragraphs(slide.notes),
                "planned": slide.planned_seconds,
                "start": slide.start_seconds,
            }
        )
    info = plan.talk.info
    return {
        "title": info.title,
        "language": info.language,
        "format": info.format,
        "duration": plan.duration_seconds,
        "auto_advance": auto_advance,
        "nearing": NEARING,
        "poll_ms": POLL_MS,
        "after": after,
        "warning": warning,
        "slides": slides,
        "checkpoints": [
            {"at": c.at_seconds, "number": c.number, "text": str(c)} for c in checkpoints(plan)
        ],
    }


class RehearsalServer:
    """A browser rehearsal of `plan`, logged to a new file in `rehearsals_dir`, served while in
    a `with` block. `pictures` draws the deck's slides (run in the background; it may raise
    `TalkgenError`, whose message the page then shows beside each slide's text); `note` is
    shown when there are no pictures to draw; `after` says what to do when it is over (the
    report's command); `warning` stands at the top of the presenter page (a deck older than
    the content); `rebuild` is the command that rebuilds the deck, for a deck without a
    picture of some slide. `clock` is any monotonic clock in seconds."""

    def __init__(
        self,
        plan: Plan,
        rehearsals_dir: Path,
        *,
        pictures: PicturesSource | None = None,
        note: str = "",
        clock: Callable[[], float] = time.monotonic,
        auto_advance: bool = False,
        after: str = "",
        warning: str = "",
        rebuild: str = "talkgen build",
    ) -> None:
        self.plan = plan
        self.token = secrets.token_urlsafe(24)
        self.session = RehearsalSession(
            plan, rehearsals_dir, clock=clock, view="browser", auto_advance=auto_advance
        )
        self._lock = threading.Lock()
        self._ended = threading.Event()
        self._stop = threading.Event()
        self._pictures_source = pictures
        self._rebuild = rebuild
        self._pictures: SlidePictures | None = None
        self._pictures_state = "drawing" if pictures else "text"
        self._pictures_note = "drawing the slides with LibreOffice…" if pictures else note
        self._talk = json.dumps(
            talk_record(plan, self.session.advance_after is not None, after, warning),
            ensure_ascii=False,
        ).encode("utf-8")
        self._server: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    # -- the address -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port the server listens on (a free one, chosen by the system)."""
        if self._server is None:
            raise RuntimeError("the rehearsal server is not running")
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        """The presenter page's address, token included."""
        return f"http://{HOST}:{self.port}/{self.token}/"

    @property
    def projector_url(self) -> str:
        """The projector window's address (only the slide)."""
        return f"{self.url}projector"

    # -- running -----------------------------------------------------------------------------

    def __enter__(self) -> RehearsalServer:
        try:
            self._server = ThreadingHTTPServer((HOST, 0), self._handler())
        except OSError as error:
            raise EnvironmentProblem(
                Problem(
                    None,
                    None,
                    f"cannot start the rehearsal page's server on {HOST}: "
                    f"{error.strerror or error}",
                    "check that the loopback interface (127.0.0.1) is up, or rehearse in the "
                    "terminal (leave out --browser)",
                )
            ) from None
        self._server.daemon_threads = True
        self._threads = [
            threading.Thread(target=self._server.serve_forever, daemon=True),
            threading.Thread(target=self._tick, daemon=True),
        ]
        if self._pictures_source is not None:
            self._threads.append(threading.Thread(target=self._draw, daemon=True, name=DRAWING))
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """End the rehearsal (a `finish` is logged if it had begun) and stop the server."""
        with self._lock:
            self.session.close()
        self._ended.set()
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            if thread.name == DRAWING:
                # Still drawing the slides: stop LibreOffice rather than leave it running.
                stop_tools(thread)
            thread.join(timeout=5)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the rehearsal ends (finished on the page or by the clock); False when
        `timeout` seconds pass first. Ctrl-C raises KeyboardInterrupt here as usual."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._ended.wait(0.2):
            if deadline is not None and time.monotonic() > deadline:
                return False
        return True

    @property
    def log_path(self) -> Path | None:
        """The log file, once the rehearsal has begun."""
        return self.session.log_path

    def _tick(self) -> None:
        while not self._stop.wait(TICK_SECONDS):
            with self._lock:
                self.session.tick()
                if self.session.finished:
                    self._ended.set()

    def _draw(self) -> None:
        assert self._pictures_source is not None
        try:
            pictures = self._pictures_source()
        except TalkgenError as error:
            with self._lock:
                self._pictures_state = "text"
                self._pictures_note = "; ".join(p.message for p in error.problems)
            return
        except Exception as error:  # noqa: BLE001 - the rehearsal goes on with the text
            with self._lock:
                self._pictures_state = "text"
                self._pictures_note = f"the slides could not be drawn ({error})"
            return
        missing = [s.number for s in self.plan.slides if s.key not in pictures.by_key]
        with self._lock:
            self._pictures = pictures
            self._pictures_state = "ready"
            self._pictures_note = (
                f"the deck has no picture of slide(s) {', '.join(map(str, missing))} (it is "
                f"older than the outline): rebuild it (`{self._rebuild}`) to see them"
                if missing
                else ""
            )

    # -- answers -----------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Where the rehearsal stands now, as the page reads it."""
        with self._lock:
            self.session.tick()
            progress = self.session.progress()
            record: dict[str, Any] = {
                "started": progress is not None,
                "finished": self.session.finished,
                "pictures": self._pictures_state,
                "pictures_note": self._pictures_note,
                "pictures_version": self._pictures.fingerprint[:12] if self._pictures else "",
                "pictured": sorted(
                    s.number
                    for s in self.plan.slides
                    if self._pictures and s.key in self._pictures.by_key
                ),
                "log": str(self.session.log_path) if self.session.log_path else None,
            }
            if progress is None:
                return record
            where = standing(self.plan, progress)
            record.update(
                current=progress.current,
                on_slide=round(progress.on_slide, 2),
                elapsed=round(progress.elapsed, 2),
                paused=progress.paused,
                expected=round(where.expected, 2),
                drift=round(where.drift, 2),
                drift_text=where.text,
                checkpoint=checkpoint_text(next_checkpoint(self.plan, progress.elapsed)),
            )
            if self.session.finished:
                record["summary"] = [
                    {
                        "number": s.number,
                        "title": s.title,
                        "seconds": round(progress.seconds[s.number], 1)
                        if s.number in progress.seconds
                        else None,
                        "planned": s.planned_seconds,
                    }
                    for s in self.plan.slides
                ]
                record["total"] = format_duration(progress.elapsed)
            return record

    def act(self, action: str, slide: int | None = None) -> dict[str, Any]:
        """Do an action from the page (`go` with the `slide` to go to) and answer with the
        new state."""
        with self._lock:
            self.session.act(action, slide)
            if self.session.finished:
                self._ended.set()
        return self.state()

    def picture(self, number: int) -> Path | None:
        """The picture of slide `number`, if drawn."""
        with self._lock:
            if self._pictures is None or not 1 <= number <= len(self.plan.slides):
                return None
            return self._pictures.by_key.get(self.plan.slides[number - 1].key)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            server_version = "talkgen"
            sys_version = ""

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # the terminal shows the rehearsal, not every request

            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                route = self._route()
                if route is None:
                    return
                if route in WEB_FILES:
                    name, kind = WEB_FILES[route]
                    self._send(HTTPStatus.OK, _web_file(name), kind)
                elif route == "talk.json":
                    self._send(HTTPStatus.OK, server._talk, "application/json")
                elif route == "state.json":
                    self._json(server.state())
                elif route.startswith("slides/") and route.endswith(".png"):
                    number = route[len("slides/") : -len(".png")]
                    path = server.picture(int(number)) if number.isdigit() else None
                    if path is None:
                        self._refuse(HTTPStatus.NOT_FOUND)
                    else:
                        self._send(HTTPStatus.OK, path.read_bytes(), "image/png")
                else:
                    self._refuse(HTTPStatus.NOT_FOUND)

            def do_POST(self) -> None:  # noqa: N802
                route = self._route()
                if route is None:
                    return
                if route != "action":
                    self._refuse(HTTPStatus.NOT_FOUND)
                    return
                length = self.headers.get("Content-Length", "")
                kind = self.headers.get("Content-Type", "").split(";")[0].strip()
                if not length.isdigit() or int(length) > MAX_BODY or kind != "application/json":
                    self._refuse(HTTPStatus.BAD_REQUEST)
                    return
                try:
                    body = json.loads(self.rfile.read(int(length)))
                    action, slide = body.get("action"), body.get("slide")
                except (ValueError, AttributeError):
                    action, slide = None, None
                wanted = type(slide) is int and 1 <= slide <= len(server.plan.slides)
                if action not in ACTIONS or (action == "go") != wanted:
                    self._refuse(HTTPStatus.BAD_REQUEST)
                    return
                self._json(server.act(action, slide))

            def _route(self) -> str | None:
                """The path after the token, or None (refused) without the right token or
                when the request names another host."""
                host = self.headers.get("Host", "")
                allowed = {f"{HOST}:{server.port}", f"localhost:{server.port}"}
                parts = urlsplit(self.path).path.split("/", 2)
                token = parts[1] if len(parts) > 1 else ""
                if host not in allowed or not secrets.compare_digest(
                    token.encode(), server.token.encode()
                ):
                    self._refuse(HTTPStatus.FORBIDDEN)
                    return None
                if len(parts) < 3:  # /<token> without the slash: the page's relative links
                    self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                    self.send_header("Location", f"/{server.token}/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                return parts[2]

            def _refuse(self, status: HTTPStatus) -> None:
                self._send(status, b"", "text/plain")

            def _json(self, record: dict[str, Any]) -> None:
                body = json.dumps(record, ensure_ascii=False).encode("utf-8")
                self._send(HTTPStatus.OK, body, "application/json")

            def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Security-Policy", CSP)
                self.send_header("X-Content-Type-Options", "nosniff")
                self.send_header("Referrer-Policy", "no-referrer")
                self.end_headers()
                self.wfile.write(body)

        return Handler
