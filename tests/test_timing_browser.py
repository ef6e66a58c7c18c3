"""The browser rehearsal view, driven in a real headless Chromium through choreographer (the
maintained DevTools client kaleido already brings): key presses, clicks, what the page shows,
the log it leaves, the report after it, and the server's refusals."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from talk_variants import make_ignite, make_short

from talkgen.charts.chrome import find_browser
from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.content.model import format_duration
from talkgen.plan import plan_talk
from talkgen.timing.browser import RehearsalServer
from talkgen.timing.rehearsal import load_rehearsals
from talkgen.timing.views import notes_paragraphs

pytestmark = pytest.mark.slow

EXAMPLE = Path(__file__).resolve().parents[1] / "content"
KEYS = {
    "ArrowRight": ("ArrowRight", 39, ""),
    "ArrowLeft": ("ArrowLeft", 37, ""),
    "PageDown": ("PageDown", 34, ""),
    " ": ("Space", 32, " "),
    "p": ("KeyP", 80, "p"),
    "q": ("KeyQ", 81, "q"),
    "x": ("KeyX", 88, "x"),
    "Enter": ("Enter", 13, "\r"),
    "Escape": ("Escape", 27, ""),
    "Backspace": ("Backspace", 8, ""),
    "Home": ("Home", 36, ""),
    "End": ("End", 35, ""),
    **{str(d): (f"Digit{d}", 48 + d, str(d)) for d in range(10)},
}


@pytest.fixture(scope="module")
def plan():
    return plan_talk(load_talk(EXAMPLE))


@pytest.fixture(scope="module")
def pictures(plan, example_charts, tmp_path_factory):
    """The example deck's slides drawn by the real LibreOffice, once for this module."""
    from talkgen.deck import build_deck
    from talkgen.timing.pictures import slide_pictures

    folder = tmp_path_factory.mktemp("deck")
    deck = build_deck(plan, example_charts, folder / "talk.pptx").path
    return slide_pictures(deck, folder / "cache")


class Page:
    """One tab of a headless Chromium, driven over the DevTools protocol."""

    def __init__(self, tab) -> None:
        self.tab = tab

    async def evaluate(self, expression: str):
        answer = await self.tab.send_command(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        result = answer["result"]
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    async def until(self, expression: str, limit: float = 20.0) -> None:
        """Wait until `expression` is truthy in the page."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if await self.evaluate(f"!!({expression})"):
                return
            await asyncio.sleep(0.05)
        state = await self.evaluate("document.body.innerText")
        raise AssertionError(f"never true: {expression}\npage said:\n{state}")

    async def begun(self) -> None:
        """Wait until talkgen has begun the rehearsal (the page drops keys pressed before)."""
        deadline = time.monotonic() + 20
        ask = "fetch('state.json').then((r) => r.json()).then((s) => s.started)"
        while not await self.evaluate(ask):
            assert time.monotonic() < deadline, "the rehearsal never began"
            await asyncio.sleep(0.05)
        # ... and the page has heard so: until then it takes a key for the one that begins.
        await self.until("!document.getElementById('status').textContent.startsWith('Ready')")

    async def press(self, key: str) -> None:
        code, number, text = KEYS[key]
        down = {"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": number}
        if text:
            down["text"] = text
        await self.tab.send_command("Input.dispatchKeyEvent", down)
        await self.tab.send_command(
            "Input.dispatchKeyEvent",
            {"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": number},
        )

    async def click(self, selector: str) -> None:
        box = await self.centre(selector)
        for kind in ("mousePressed", "mouseReleased"):
            await self.tab.send_command(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1},
            )

    async def touch(self, start: tuple[float, float], end: tuple[float, float]) -> None:
        """One finger down at `start`, moved to `end` in a few steps, lifted: a swipe, or a tap
        when both are the same point (as a touch screen sends them)."""
        (x0, y0), (x1, y1) = start, end
        send = self.tab.send_command
        await send(
            "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]}
        )
        for step in range(1, 6):
            point = {"x": x0 + (x1 - x0) * step / 5, "y": y0 + (y1 - y0) * step / 5}
            await send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        await send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    async def centre(self, selector: str) -> tuple[float, float]:
        x, y = await self.evaluate(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
            ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        return x, y

    async def screenshot(self, path: Path) -> Path:
        answer = await self.tab.send_command("Page.captureScreenshot", {"format": "png"})
        path.write_bytes(base64.b64decode(answer["result"]["data"]))
        return path

    async def where(self) -> str:
        return await self.evaluate("document.getElementById('where').textContent")


async def _in_chromium(url: str, script, width: int = 1600, height: int = 900):
    """Open `url` in a fresh headless Chromium and run `await script(page)`."""
    from choreographer import Browser

    async with Browser(path=str(find_browser()), headless=True) as browser:
        tab = await browser.create_tab("about:blank")
        page = Page(tab)
        await tab.send_command(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        await tab.send_command("Page.enable")
        await tab.send_command("Page.navigate", {"url": url})
        await page.until("document.readyState === 'complete' && !!window.fetch")
        return await script(page)


def _events(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def _only_log(folder: Path) -> Path:
    (log,) = folder.glob("*.jsonl")
    return log


def test_a_rehearsal_in_chromium_shows_the_slides_and_logs_every_key(
    plan, pictures, tmp_path: Path
) -> None:
    logs = tmp_path / "out" / "rehearsals"
    shot = tmp_path / "presenter.png"
    total = len(plan.slides)

    async def rehearse(page: Page) -> None:
        # Ready: the first slide's picture, the overlay, and nothing logged yet.
        await page.until("document.querySelector('#current img')?.naturalWidth > 0")
        assert await page.evaluate(
            "document.querySelector('#current img').src.includes('slides/1.png')"
        )
        assert not await page.evaluate("document.getElementById('overlay').hidden")
        assert not logs.exists()
        await page.press("x")  # any key begins
        await page.until("document.getElementById('overlay').hidden")
        log = _only_log(logs)
        assert [e["event"] for e in _events(log)] == ["start", "show"]
        first_words = notes_paragraphs(plan.slides[0].notes)[0][:40]
        assert first_words in await page.evaluate("document.getElementById('notes').innerText")

        await page.press("ArrowRight")
        await page.until(
            f"document.getElementById('where').textContent.startsWith('Slide 2 of {total}')"
        )
        # The event is in the log the moment it happened, not at the end.
        assert _events(log)[-1] == {"event": "show", "t": _events(log)[-1]["t"], "slide": 2}
        await page.until("document.querySelector('#current img').src.includes('slides/2.png')")
        await page.until("document.querySelector('#next img')?.src.includes('slides/3.png')")
        notes = await page.evaluate("document.getElementById('notes').innerText")
        assert notes_paragraphs(plan.slides[1].notes)[0][:40] in notes
        assert await page.evaluate("document.querySelector('#next img').naturalWidth") > 0

        await page.click("#current")  # a click on the slide moves on
        await page.until(
            f"document.getElementById('where').textContent.startsWith('Slide 3 of {total}')"
        )
        await page.press("p")
        await page.until("document.getElementById('status').textContent.includes('PAUSED')")
        await page.press("p")
        await page.until("!document.getElementById('status').textContent.includes('PAUSED')")
        await page.press("PageDown")  # what a presentation clicker sends
        await page.until(
            f"document.getElementById('where').textContent.startsWith('Slide 4 of {total}')"
        )
        await page.press("ArrowLeft")
        await page.until(
            f"document.getElementById('where').textContent.startsWith('Slide 3 of {total}')"
        )
        # The clocks and the plan: this slide's time against its own plan, the next checkpoint.
        planned = plan.slides[2].planned_seconds
        assert await page.evaluate("document.getElementById('slide-plan').textContent") == (
            f"/ {planned // 60}:{planned % 60:02d}"
        )
        assert await page.evaluate("document.getElementById('on-slide').className") == "time ok"
        checkpoint = await page.evaluate("document.getElementById('checkpoint').textContent")
        assert checkpoint.startswith("at 1:00 be on slide 2") or checkpoint.startswith("at 2:00")
        await page.screenshot(shot)
        await page.press("q")
        await page.until(
            "document.getElementById('overlay-title').textContent.startsWith('Rehearsal saved')"
        )
        summary = await page.evaluate("document.getElementById('summary').innerText")
        assert plan.slides[2].title in summary

    with RehearsalServer(
        plan, logs, pictures=lambda: pictures, after="run `talkgen timing` for the report."
    ) as server:
        asyncio.run(_in_chromium(server.url, rehearse))
        assert server.wait(timeout=5), "q on the page ends the rehearsal"

    events = _events(_only_log(logs))
    assert events[0]["event"] == "start" and events[0]["view"] == "browser"
    assert events[0]["slug"] == "twitter-mentoring" and events[0]["format"] == "lightning"
    assert [(e["event"], e.get("slide")) for e in events[1:]] == [
        ("show", 1),
        ("show", 2),
        ("show", 3),
        ("pause", None),
        ("resume", None),
        ("show", 4),
        ("show", 3),
        ("finish", None),
    ]
    with Image.open(shot) as image:
        assert image.size == (1600, 900)

    # The report reads the browser's log like the terminal's.
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["timing", str(EXAMPLE), "--out", str(out), "--all-rehearsals"]
    )
    assert result.exit_code == 0, result.output
    record = json.loads((out / "timing.json").read_text(encoding="utf-8"))
    assert record["rehearsals"][0]["name"] == _only_log(logs).stem
    assert [s["latest_partial"] for s in record["slides"][:4]] == [False, False, True, False]
    assert all(s["rehearsed_seconds"][0] is None for s in record["slides"][4:])


def test_swipes_and_taps_on_a_touch_screen_move_the_slides_and_are_logged(
    plan, tmp_path: Path
) -> None:
    logs = tmp_path / "rehearsals"
    total = len(plan.slides)

    async def on_slide(page: Page, number: int) -> None:
        await page.until(
            f"document.getElementById('where').textContent.startsWith('Slide {number} of {total}')"
        )

    async def swipe(page: Page) -> None:
        await page.tab.send_command(
            "Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5}
        )
        await page.until("document.querySelector('#current .text-slide h2')")
        address = await page.evaluate("location.href")
        x, y = await page.centre("#current")
        left, right = (x + 150, y), (x - 150, y)
        await page.touch(left, right)  # the first swipe begins
        await page.until("document.getElementById('overlay').hidden")
        await on_slide(page, 1)
        await page.touch(left, right)  # a swipe to the left: next
        await on_slide(page, 2)
        assert _events(_only_log(logs))[-1]["slide"] == 2, "logged as it happened"
        await page.touch(left, right)
        await on_slide(page, 3)
        await page.touch(right, left)  # to the right: back, and not back in the history
        await on_slide(page, 2)
        assert await page.evaluate("location.href") == address
        await page.touch((x, y), (x, y))  # a tap on the slide: next, once
        await on_slide(page, 3)
        notes = await page.centre("#notes")
        await page.touch(notes, (notes[0] + 20, notes[1] - 200))  # scrolling the notes: nothing
        back = await page.centre("button[data-action='back']")
        await page.touch(back, back)  # a tap on a button does what it says
        await on_slide(page, 2)
        await page.press("q")
        await page.until(
            "document.getElementById('overlay-title').textContent.startsWith('Rehearsal saved')"
        )
        assert await page.evaluate("location.href") == address

    with RehearsalServer(plan, logs) as server:
        asyncio.run(_in_chromium(server.url, swipe))
    events = _events(_only_log(logs))
    assert [(e["event"], e.get("slide")) for e in events[1:]] == [
        ("show", 1),
        ("show", 2),
        ("show", 3),
        ("show", 2),
        ("show", 3),
        ("show", 2),
        ("finish", None),
    ]
    assert [e["t"] for e in events[1:]] == sorted(e["t"] for e in events[1:])


def test_a_typed_slide_number_home_and_end_jump_and_are_logged(plan, tmp_path: Path) -> None:
    logs = tmp_path / "rehearsals"
    total = len(plan.slides)

    async def jump(page: Page) -> None:
        await page.until("document.querySelector('#current .text-slide h2')")

        async def on(number: int) -> None:
            where = f"Slide {number} of {total}"
            await page.until(f"document.getElementById('where').textContent.startsWith('{where}')")

        await page.press(" ")
        await page.until("document.getElementById('overlay').hidden")  # begun
        await page.press("1")
        await page.press("0")
        status = "document.getElementById('status').textContent"
        await page.until(f"{status} === 'Go to slide 10: Enter (Esc: never mind)'")
        await page.press("Enter")
        await on(10)
        await page.until(f"{status} === ''")
        await page.press("Home")
        await on(1)
        await page.press("End")
        await on(total)
        await page.press("5")
        await page.press("Escape")  # never mind: the next key does what it always does
        await page.press("ArrowLeft")
        await on(total - 1)
        await page.press("9")
        await page.press("Backspace")  # takes back the digit, not a slide
        await page.press("3")
        await page.press("Enter")
        await on(3)
        await page.press("q")

    with RehearsalServer(plan, logs) as server:
        asyncio.run(_in_chromium(server.url, jump))
    events = _events(_only_log(logs))
    assert [e.get("slide") for e in events[1:]] == [1, 10, 1, total, total - 1, 3, None]


def test_without_libreoffice_the_page_shows_each_slides_text_and_says_why(
    plan, tmp_path: Path
) -> None:
    note = "LibreOffice is not installed, so the page shows each slide's text"
    quote_slide = next(s for s in plan.slides if s.kind == "quote")

    async def look(page: Page) -> None:
        await page.until("document.querySelector('#current .text-slide h2')")
        assert note in await page.evaluate("document.getElementById('note').textContent")
        await page.press(" ")
        await page.begun()
        for _ in range(quote_slide.number - 1):
            await page.press("ArrowRight")
        where = f"Slide {quote_slide.number} of"
        await page.until(f"document.getElementById('where').textContent.startsWith('{where}')")
        # The page redraws the slide as it polls: read its quote in one evaluation, and wait
        # for it (drawn a moment after the slide's number on a busy machine).
        shown = "(document.querySelector('#current blockquote')?.innerText || '')"
        words = json.dumps(" ".join(quote_slide.quote.text.split())[:40])
        await page.until(f"{shown}.includes({words})")
        await page.until(f"{shown}.includes('Participant')")  # the attribution, as on the slide
        await page.press("q")

    with RehearsalServer(plan, tmp_path / "rehearsals", note=note) as server:
        asyncio.run(_in_chromium(server.url, look))


def test_an_ignite_talk_moves_on_by_itself(tmp_path: Path) -> None:
    """20 x 15 s, on a clock running 30 times fast: no key after the first."""
    folder = make_ignite(shutil.copytree(EXAMPLE, tmp_path / "content"))
    ignite = plan_talk(load_talk(folder))
    origin = time.monotonic()

    def fast() -> float:
        return origin + (time.monotonic() - origin) * 30

    async def watch(page: Page) -> None:
        await page.until("document.querySelector('#current .text-slide')")
        await page.press(" ")
        await page.until("document.getElementById('where').textContent.startsWith('Slide 3 of 20')")
        assert "move on by themselves" in await page.evaluate(
            "document.getElementById('status').textContent"
        )

    with RehearsalServer(ignite, tmp_path / "rehearsals", clock=fast) as server:
        asyncio.run(_in_chromium(server.url, watch))
        assert server.wait(timeout=20), "the last slide's time up ends the rehearsal"
    events = _events(_only_log(tmp_path / "rehearsals"))
    assert events[0]["auto_advance"] is True
    shows = [e for e in events if e["event"] == "show"]
    assert [e["slide"] for e in shows] == list(range(1, 21))
    # Each slide moved on exactly at its 15 s, however late the server noticed.
    assert [e["t"] for e in shows[1:]] == pytest.approx([15.0 * n for n in range(1, 20)])
    assert all(e.get("auto") for e in shows[1:]) and events[-1] == {
        "event": "finish",
        "t": 300.0,
        "auto": True,
    }
    # An Ignite run moved on by the clock says nothing about pace or time: no advice from it.
    rehearsals, problems = load_rehearsals(tmp_path / "rehearsals")
    assert problems == [] and rehearsals[0].complete
    from talkgen.timing.report import build_report

    report = build_report(ignite, rehearsals)
    assert report.measured_pace is None
    assert all("give its time" not in w and "drop it" not in w for w in report.warnings)


def _get(url: str, host: str | None = None, data: bytes | None = None, kind: str = "") -> int:
    request = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    if host:
        request.add_header("Host", host)
    if kind:
        request.add_header("Content-Type", kind)
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        body = error.read()
        error.close()
        assert body == b"", "a refusal says nothing"
        return error.code


def test_the_server_answers_nothing_without_its_token(plan, tmp_path: Path) -> None:
    with RehearsalServer(plan, tmp_path / "rehearsals") as server:
        root = f"http://127.0.0.1:{server.port}"
        assert server.url.startswith(root + "/") and len(server.token) >= 32
        assert _get(server.url) == 200
        assert _get(f"{server.url}state.json") == 200
        for address in (
            f"{root}/",
            f"{root}/state.json",
            f"{root}/talk.json",
            f"{root}/{server.token[:-1]}/state.json",
            f"{root}/../{server.token}/state.json",
        ):
            assert _get(address) == 403, address
        # Another host name pointing here (DNS rebinding) is refused even with the token.
        assert _get(server.url, host=f"evil.example:{server.port}") == 403
        # An action must be JSON from our page: a cross-site form post is refused.
        action = f"{server.url}action"
        assert _get(action, data=b"action=next", kind="application/x-www-form-urlencoded") == 400
        assert _get(f"{root}/action", data=b'{"action": "next"}', kind="application/json") == 403
        # Going to a slide needs a slide of this talk, as a number; nothing else takes one.
        for body in (
            b'{"action": "go"}',
            b'{"action": "go", "slide": 0}',
            b'{"action": "go", "slide": 13}',
            b'{"action": "go", "slide": "3"}',
            b'{"action": "go", "slide": true}',
            b'{"action": "next", "slide": 3}',
        ):
            assert _get(action, data=body, kind="application/json") == 400, body
        assert not (tmp_path / "rehearsals").exists(), "nothing refused began a rehearsal"
        with urllib.request.urlopen(server.url, timeout=5) as answer:
            page = answer.read().decode("utf-8")
            assert "default-src 'none'" in answer.headers["Content-Security-Policy"]
        # Nothing from a CDN or anywhere else: every address in the page is relative.
        assert not re.search(r"(src|href)=\"(https?:)?//", page)
        port = server.port
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)


def _start(args: list[str]) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "talkgen", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "BROWSER": "false"},
    )
    url = process.stdout.readline().strip()
    return process, url


def test_the_command_prints_the_address_and_stops_when_the_rehearsal_ends(tmp_path: Path) -> None:
    out = tmp_path / "out15"
    process, url = _start(["rehearse", str(EXAMPLE), "--browser", "--no-open", "--out", str(out)])
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/[A-Za-z0-9_-]{32}/", url), url
        post = {"data": b'{"action": "next"}', "kind": "application/json"}
        assert _get(f"{url}action", **post) == 200  # begins
        assert _get(f"{url}action", **post) == 200  # slide 2
        assert _get(f"{url}action", data=b'{"action": "finish"}', kind="application/json") == 200
        stdout, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert "Ctrl-C here ends the rehearsal" in stderr
    # The hint repeats --out, so the report reads the same folder.
    assert f"run `talkgen timing {EXAMPLE} --out {out}` for the report" in stdout
    events = [e["event"] for e in _events(_only_log(out / "rehearsals"))]
    assert events == ["start", "show", "show", "finish"]
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)


def test_rehearse_auto_advance_moves_a_lightning_talk_on_and_the_report_reads_it(
    tmp_path: Path,
) -> None:
    """`talkgen rehearse --browser --auto-advance` as a subprocess, on a lightning talk (not a
    fixed-time format) of three slides planned 5 s, 10 s and 9 s, the page in headless
    Chromium: one key to begin, slide 1 moves on by itself, a key still moves on early, the
    last slide's time up ends the rehearsal, and `talkgen timing` reads the log."""
    folder = make_short(shutil.copytree(EXAMPLE, tmp_path / "content"))
    short = plan_talk(load_talk(folder))
    assert short.talk.info.format == "lightning"
    planned = [s.planned_seconds for s in short.slides]
    out = tmp_path / "out"
    logs = out / "rehearsals"
    args = ["rehearse", str(folder), "--browser", "--no-open", "--auto-advance", "--out", str(out)]
    process, url = _start(args)

    async def rehearse(page: Page) -> None:
        await page.until("document.getElementById('where').textContent.startsWith('Slide 1 of 3')")
        await page.press(" ")  # begins
        await page.until(
            "document.getElementById('status').textContent === 'Slides move on by themselves'"
        )
        await page.until(
            "document.getElementById('where').textContent.startsWith('Slide 2 of 3')",
            limit=planned[0] + 30,
        )
        shows = [e for e in _events(_only_log(logs)) if e["event"] == "show"]
        assert shows[-1] == {"event": "show", "t": float(planned[0]), "slide": 2, "auto": True}
        # Speak a little (a moment under a fifth of the plan would be a click-through), then a
        # key still moves on before the slide's time is up.
        await asyncio.sleep(planned[1] * 0.3)
        await page.press("ArrowRight")
        await page.until("document.getElementById('where').textContent.startsWith('Slide 3 of 3')")

    try:
        asyncio.run(_in_chromium(url, rehearse))
        stdout, stderr = process.communicate(timeout=planned[2] + 60)
    finally:
        process.kill()
    assert process.returncode == 0, stderr

    events = _events(_only_log(logs))
    start, *moves = events
    assert start["format"] == "lightning" and start["auto_advance"] is True
    assert [(e["event"], e.get("slide"), e.get("auto", False)) for e in moves] == [
        ("show", 1, False),
        ("show", 2, True),  # by itself, at slide 1's planned time
        ("show", 3, False),  # the key
        ("finish", None, True),  # by itself, at slide 3's planned time after it was shown
    ]
    assert moves[1]["t"] == planned[0]
    assert planned[0] + 0.3 * planned[1] <= moves[2]["t"] < sum(planned[:2]), "key before clock"
    assert moves[3]["t"] == pytest.approx(moves[2]["t"] + planned[2], abs=0.01)
    # The command's summary of the run, and the report's command with the same --out.
    assert f"Total {format_duration(moves[3]['t'])} of 0:24" in stdout
    assert f"run `talkgen timing {folder} --out {out}` for the report" in stdout

    result = CliRunner().invoke(cli, ["timing", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    record = json.loads((out / "timing.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in record["rehearsals"]] == [_only_log(logs).stem]
    (run,) = record["rehearsals"]
    assert run["plausible"] and run["counted"] and run["complete"]
    assert run["pace_wpm"] is None, "a few seconds of speech measure no pace"
    (first,), (second,), (third,) = (s["rehearsed_seconds"] for s in record["slides"])
    assert first == planned[0] and third == planned[2]  # the clock's, exactly
    assert second == pytest.approx(moves[2]["t"] - planned[0], abs=0.1)
    assert record["measured_pace_wpm"] is None
    assert record["latest_rehearsal_seconds"] == pytest.approx(moves[3]["t"], abs=0.1)


def _rehearse_briefly(folder: Path, out: Path) -> tuple[dict, str]:
    """`talkgen rehearse --browser --no-open` as a subprocess, begun and finished at once over
    HTTP: what the page was told (talk.json) and what the command said on standard error."""
    process, url = _start(["rehearse", str(folder), "--browser", "--no-open", "--out", str(out)])
    try:
        with urllib.request.urlopen(f"{url}talk.json", timeout=10) as answer:
            record = json.loads(answer.read())
        for action in (b'{"action": "next"}', b'{"action": "finish"}'):
            assert _get(f"{url}action", data=action, kind="application/json") == 200
        stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    return record, stderr


def test_a_deck_older_than_the_content_is_named_before_the_view_and_on_the_page(
    tmp_path: Path,
) -> None:
    """Build, change a theme's points (on its slide), rehearse: a warning in the terminal and
    at the top of the page, with the command that rebuilds the deck; run that command and
    rehearse again: no warning. Editing only the notes (not on the slides) warns of nothing."""
    from talkgen.build import stale_deck

    folder = make_short(shutil.copytree(EXAMPLE, tmp_path / "content"))
    out = tmp_path / "out 2"  # not the default, and a space: the hint must repeat and quote it
    built = CliRunner().invoke(cli, ["deck", str(folder), "--out", str(out)])
    assert built.exit_code == 0, built.output
    theme = folder / "themes" / "04-peer-mentoring.md"
    text = theme.read_text(encoding="utf-8")
    theme.write_text(text.replace("The fourth theme", "The fourth theme, I argue,"), "utf-8")
    assert stale_deck(load_talk(folder), out) is None, "notes are not on the slides"
    theme.write_text(text.replace("- It goes both ways", "- Both ways, often"), "utf-8")

    record, stderr = _rehearse_briefly(folder, out)
    deck = out / "twitter-mentoring.pptx"
    rebuild = f"talkgen build {folder} --out '{out}'"
    warning = (
        f"{deck}: warning: the deck was built before the content last changed, so the "
        "rehearsal page shows its old slides (the notes, clocks and plan are the new ones) — "
        f"rebuild it: `{rebuild}`, and rehearse again"
    )
    assert warning in stderr.splitlines()
    assert stderr.index(warning) < stderr.index("Projector window"), "said before the view"
    assert record["warning"] == warning

    async def look(page: Page) -> None:
        await page.until("!document.getElementById('warning').hidden")
        shown = await page.evaluate("document.getElementById('warning').innerText")
        assert rebuild in shown
        box = await page.evaluate(
            "(() => { const r = document.getElementById('warning').getBoundingClientRect();"
            " return [r.top, r.height]; })()"
        )
        assert box[0] < 100 and box[1] > 20, "at the top of the page, where it is seen"

    with RehearsalServer(plan_talk(load_talk(folder)), tmp_path / "r", warning=warning) as server:
        asyncio.run(_in_chromium(server.url, look))

    # The command it gave, run as given, brings the deck up to date: no warning after it.
    again = CliRunner().invoke(cli, shlex.split(rebuild)[1:])
    assert again.exit_code == 0, again.output
    record, stderr = _rehearse_briefly(folder, out)
    assert record["warning"] == "" and "warning" not in stderr


def test_ctrl_c_ends_a_browser_rehearsal_and_keeps_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    process, url = _start(["rehearse", str(EXAMPLE), "--browser", "--no-open", "--out", str(out)])
    try:
        assert _get(f"{url}action", data=b'{"action": "next"}', kind="application/json") == 200
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, stderr
    assert [e["event"] for e in _events(_only_log(out / "rehearsals"))] == [
        "start",
        "show",
        "finish",
    ]
    assert "Saved" in stdout


def test_the_projector_window_shows_only_the_slide_and_follows_the_rehearsal(
    plan, tmp_path: Path
) -> None:
    async def project(page: Page) -> None:
        await page.until("document.querySelector('#current .text-slide h2')")
        for hidden in ("bar", "clocks", "notes-pane", "help", "overlay"):
            assert await page.evaluate(
                f"getComputedStyle(document.getElementById('{hidden}')).display"
            ) == "none" or not await page.evaluate(
                f"document.getElementById('{hidden}').offsetParent"
            ), hidden
        await page.press(" ")  # keys work in the projector window too
        await page.begun()
        await page.press("ArrowRight")
        title = plan.slides[1].title
        await page.until(
            f"document.querySelector('#current h2')?.textContent === {json.dumps(title)}"
        )
        # An action from another window (the presenter's) shows here too.
        _get(f"{server.url}action", data=b'{"action": "next"}', kind="application/json")
        title = plan.slides[2].title
        await page.until(
            f"document.querySelector('#current h2')?.textContent === {json.dumps(title)}"
        )

    with RehearsalServer(plan, tmp_path / "rehearsals") as server:
        asyncio.run(_in_chromium(server.projector_url, project))


def test_slide_pictures_are_drawn_once_per_deck(plan, pictures, monkeypatch, tmp_path) -> None:
    from pptx import Presentation

    from talkgen.handout import slides as converters
    from talkgen.timing.pictures import deck_fingerprint, slide_pictures

    folder = next(iter(pictures.by_key.values())).parent
    deck = folder.parent.parent.parent / "talk.pptx"
    assert folder.name == deck_fingerprint(deck)[:32]
    # Each picture is found by its slide's key, and is that slide's page.
    assert {s.key: f"slide-{s.number:02d}.png" for s in plan.slides} == {
        key: path.name for key, path in pictures.by_key.items()
    }
    with Image.open(pictures.by_key[plan.slides[0].key]) as image:
        assert image.width == 1600 and 890 <= image.height <= 910

    def no_libreoffice(*args, **kwargs):
        raise AssertionError("LibreOffice was started for a deck already drawn")

    monkeypatch.setattr(converters, "deck_to_pdf", no_libreoffice)
    again = slide_pictures(deck, folder.parent.parent)
    assert again == pictures
    # Another deck (any change to its bytes) is drawn again, not taken from the cache.
    changed = Presentation(str(deck))
    changed.core_properties.title = "rebuilt"
    changed.save(str(tmp_path / "changed.pptx"))
    with pytest.raises(AssertionError, match="LibreOffice was started"):
        slide_pictures(tmp_path / "changed.pptx", folder.parent.parent)


def _processes_naming(text: str) -> list[int]:
    """The processes whose command line holds `text`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if entry.name.isdigit() and text in line:
            found.append(int(entry.name))
    return found


def test_a_rehearsal_ended_while_the_slides_are_drawn_leaves_no_libreoffice(
    plan, pictures, tmp_path: Path
) -> None:
    """q before LibreOffice has drawn the deck: it is stopped, not left running, and its
    unfinished drawing is not left in the cache."""
    from talkgen.timing.pictures import slide_pictures

    deck = next(iter(pictures.by_key.values())).parent.parent.parent.parent / "talk.pptx"
    cache = tmp_path / "cache"
    with RehearsalServer(
        plan, tmp_path / "rehearsals", pictures=lambda: slide_pictures(deck, cache)
    ) as server:
        server.act("next")
        deadline = time.monotonic() + 30
        while not _processes_naming(str(cache)):
            assert time.monotonic() < deadline, "LibreOffice never started"
            time.sleep(0.05)
        server.act("finish")
    assert _processes_naming(str(cache)) == []
    assert list((cache / "slides").iterdir()) == []
    assert server.state()["pictures"] == "text", "stopped, not drawn"


def test_without_libreoffice_the_command_says_so_and_shows_text(monkeypatch, tmp_path) -> None:
    from talkgen import processes
    from talkgen.commands import timing as command

    monkeypatch.setattr(processes, "find_libreoffice", lambda: None)
    plan = plan_talk(load_talk(EXAMPLE))
    source, note = command._pictures_source(plan, EXAMPLE, tmp_path, None)
    assert source is None
    assert note.startswith(
        "LibreOffice is not installed, so the page shows each slide's text instead of its "
        "picture: install it (Debian/Ubuntu: sudo apt-get install libreoffice-impress;"
    )


def test_no_open_without_browser_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["rehearse", str(EXAMPLE), "--no-open", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "--no-open goes with --browser — add --browser, or drop --no-open" in result.stderr
    assert not (tmp_path / "rehearsals").exists()
