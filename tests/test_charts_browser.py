"""How Chrome is started for charts: the page served over HTTP (so its plotly.js can stay
compiled), the browser cache folder kept between runs and its lock, and Chrome's command line."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from choreographer.channels import Pipe
from PIL import Image

from talkgen.charts import browser_cache, export, kaleido_adapter, pageserver
from talkgen.charts.chrome import QUIET_SWITCHES, find_browser, quiet_chromium_class
from talkgen.charts.pageserver import PageServer, Served
from talkgen.charts.plotlyjs import plotly_js


def _opener(server: PageServer) -> urllib.request.OpenerDirector:
    """A client that goes through the server as its proxy, as Chrome does."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({"http": server.proxy}))


def _files() -> dict[str, Served]:
    return {
        "index.html": Served(b"<p>page</p>", "text/html"),
        "lib-1.js": Served(b"var x = 1;", "text/javascript", immutable=True),
    }


def test_the_server_answers_its_own_addresses_through_the_proxy():
    with PageServer(_files()) as server:
        client = _opener(server)
        with client.open(server.url("index.html")) as page:
            assert page.read() == b"<p>page</p>"
            assert page.headers["Cache-Control"] == "no-cache"
        assert not server.scripts_fetched()
        with client.open(server.url("lib-1.js")) as script:
            assert script.read() == b"var x = 1;"
            assert script.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert script.headers["Content-Type"] == "text/javascript"
        assert server.scripts_fetched()


def test_the_server_never_fetches_anything_else():
    with PageServer(_files()) as server:
        client = _opener(server)
        for address in (
            server.url("missing.js"),
            server.url("../../etc/passwd"),
            "http://example.com/index.html",
        ):
            with pytest.raises(urllib.error.HTTPError) as caught:
                client.open(address)
            caught.value.close()
            assert caught.value.code == 404, address


def test_the_server_stops_with_its_block():
    with PageServer(_files()) as server:
        proxy = server.proxy
    with pytest.raises(urllib.error.URLError):
        urllib.request.build_opener(urllib.request.ProxyHandler({"http": proxy})).open(
            server.url("index.html"), timeout=2
        )
    with pytest.raises(RuntimeError):
        server.proxy  # noqa: B018 - the property raises when the server is down


@pytest.mark.slow
def test_kaleido_page_names_its_scripts_by_their_bytes(monkeypatch):
    monkeypatch.delenv(kaleido_adapter.ENV, raising=False)
    plotly = plotly_js().encode("utf-8")
    files = kaleido_adapter.page_files(plotly)
    page = files["index.html"].body.decode("utf-8")
    scripts = {n: served for n, served in files.items() if n.endswith(".js")}
    digest = hashlib.sha256(plotly).hexdigest()[:16]
    assert f"plotly-{digest}.js" in scripts
    assert scripts[f"plotly-{digest}.js"].body == plotly
    assert all(served.immutable for served in scripts.values())
    for name in scripts:
        assert f'src="http://talkgen.invalid/{name}"' in page
    assert "file://" not in page and "cdn" not in page
    changed = {n for n in kaleido_adapter.page_files(plotly + b"\n") if n.endswith(".js")}
    assert f"plotly-{digest}.js" not in changed
    assert {n for n in changed if n.startswith("kaleido_scopes-")} == {
        n for n in scripts if n.startswith("kaleido_scopes-")
    }


def test_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TALKGEN_CACHE_DIR", str(tmp_path / "cache"))
    with browser_cache.browser_cache() as folder:
        assert folder == tmp_path / "cache" / "chromium"
        assert folder.is_dir()
    monkeypatch.setenv("TALKGEN_CACHE_DIR", "")
    with browser_cache.browser_cache() as folder:
        assert folder is None
    monkeypatch.delenv("TALKGEN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert browser_cache.cache_root() == tmp_path / "xdg" / "talkgen"


def test_a_second_run_at_the_same_time_goes_without_the_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("TALKGEN_CACHE_DIR", str(tmp_path))
    with browser_cache.browser_cache() as first:
        with browser_cache.browser_cache() as second:
            assert first == tmp_path / "chromium"
            assert second is None
    with browser_cache.browser_cache() as after:
        assert after == tmp_path / "chromium", "the lock is let go"


def test_an_unusable_cache_folder_is_no_cache_not_an_error(monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TALKGEN_CACHE_DIR", str(blocker))
    with browser_cache.browser_cache() as folder:
        assert folder is None


def _command_line(disk_cache: Path | None) -> list[str]:
    """The command line talkgen starts Chrome with (nothing is started)."""
    channel = Pipe()
    chromium_class = quiet_chromium_class(disk_cache, browser_cache.MAX_BYTES)
    chromium = kaleido_adapter._shell_started(chromium_class)(channel, str(find_browser()))
    chromium.pre_open()
    try:
        return chromium.get_cli()
    finally:
        chromium.clean()
        channel.close()


@pytest.mark.slow
def test_chrome_starts_through_a_shell_with_the_cache_folder(tmp_path):
    cli = _command_line(tmp_path)
    assert cli[:4] == ["/bin/sh", "-c", 'exec "$@" 3<&0 4>&1', "sh"]
    assert cli[4] == str(find_browser())
    assert f"--disk-cache-dir={tmp_path}" in cli
    assert "--remote-debugging-pipe" in cli
    assert not any(part.endswith(".py") for part in cli)
    assert not any(part.startswith("--disk-cache-dir") for part in _command_line(None))


def _render_one(folder: Path) -> bytes:
    from talkgen.charts.export import ImageJob, render_images

    figure = {"data": [{"type": "bar", "x": ["a", "b"], "y": [2, 3]}], "layout": {}}
    job = ImageJob("c", figure, folder / "c.png", "png", 300, 200, scale=2)
    folder.mkdir(parents=True, exist_ok=True)
    render_images([job], find_browser(), timeout=60)
    return job.path.read_bytes()


@pytest.mark.slow
@pytest.mark.tuned_path
def test_the_browser_cache_outlives_the_run_and_changes_no_chart(monkeypatch, tmp_path):
    fetched = []

    class Watched(PageServer):
        def __exit__(self, *exc):
            fetched.append(self.scripts_fetched())
            return super().__exit__(*exc)

    monkeypatch.setattr(export, "PageServer", Watched)
    monkeypatch.setenv("TALKGEN_CACHE_DIR", str(tmp_path / "cache"))
    first = _render_one(tmp_path / "first")
    code_cache = tmp_path / "cache" / "chromium" / "Default" / "Code Cache"
    # Chrome marks a script the first time it loads it and keeps its compiled code the second;
    # the first run loads the page twice, so plotly.js (about 1 MB compiled) is kept at once.
    sizes = [p.stat().st_size for p in (code_cache / "js").iterdir() if p.name.endswith("_0")]
    assert max(sizes) > 500_000, sizes
    warm = _render_one(tmp_path / "warm")
    monkeypatch.setenv("TALKGEN_CACHE_DIR", "")
    without = _render_one(tmp_path / "without")
    # A fresh profile each run, yet the second run found the scripts in the kept cache.
    assert fetched == [True, False, True]
    assert first == warm == without
    with Image.open(tmp_path / "warm" / "c.png") as image:
        assert image.size == (600, 400)


@pytest.mark.slow
@pytest.mark.tuned_path
def test_chrome_runs_only_the_chart_page():
    """No address-bar pages or anything else beside the one page the charts are drawn in."""
    import asyncio

    async def targets() -> list[tuple[str, str]]:
        with PageServer(export.page_files()) as server:
            session = export._new_session(server, None, find_browser(), 60, 1)
            await session.open()
            try:
                answer = await session.send_command("Target.getTargets")
            finally:
                await export._stop(session)
        return [(t["type"], t["url"]) for t in answer["result"]["targetInfos"]]

    assert asyncio.run(targets()) == [("page", "http://talkgen.invalid/index.html")]


@pytest.mark.slow
def test_no_loopback_for_the_page_server_is_one_clear_problem(monkeypatch, tmp_path):
    from talkgen.errors import EnvironmentProblem

    def refuse(*args, **kwargs):
        raise OSError(99, "Cannot assign requested address")

    monkeypatch.setattr(pageserver, "_QuietServer", refuse)
    with pytest.raises(EnvironmentProblem) as caught:
        _render_one(tmp_path)
    problem = caught.value.problems[0]
    assert problem.message == (
        "cannot start the local server Chrome loads the charts' page from: "
        "Cannot assign requested address"
    )
    assert "127.0.0.1" in problem.hint
    assert not list(tmp_path.iterdir()), "nothing written"


def test_chrome_is_started_quiet_and_private(tmp_path):
    cli = _command_line(tmp_path)
    for switch in QUIET_SWITCHES:
        assert cli.count(switch) == 1, switch
    features = [part for part in cli if part.startswith("--disable-features=")]
    assert len(features) == 1, "Chrome keeps only the last --disable-features"
    assert "Translate" in features[0] and "OptimizationHints" in features[0]
    # The services no switch stops are sent to talkgen's own page server; the first tab is
    # blank (not the search engine's new-tab page).
    assert "--gaia-url=http://talkgen.invalid" in cli
    assert "--component-updater=url-source=http://talkgen.invalid/update" in cli
    assert cli[-1] == "about:blank"


def test_chrome_gets_a_home_inside_its_throw_away_profile(tmp_path):
    channel = Pipe()
    chromium = quiet_chromium_class(None, 1)(channel, str(find_browser()), tmp_dir=str(tmp_path))
    chromium.pre_open()
    try:
        env = chromium.get_env()
        profile = chromium.tmp_dir.path
        assert profile.parent == tmp_path
        for name in ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            assert Path(env[name]).is_relative_to(profile), name
        assert f"--crash-dumps-dir={profile / 'crashes'}" in chromium.get_cli()
    finally:
        chromium.clean()
        channel.close()
    assert not profile.exists(), "the profile goes with the run"


@pytest.mark.slow
def test_a_render_writes_nothing_in_home_and_leaves_no_profile(monkeypatch, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("TALKGEN_CACHE_DIR", str(tmp_path / "cache"))
    refused: list[list[str]] = []

    class Watched(PageServer):
        def __exit__(self, *exc):
            refused.append(list(self.refused))
            return super().__exit__(*exc)

    monkeypatch.setattr(export, "PageServer", Watched)
    _render_one(tmp_path / "out")
    assert not list(home.rglob("*")), "nothing in $HOME"
    assert not list((tmp_path / "cache" / "chromium-profiles").iterdir()), "profile removed"
    # Chrome 156 still knocks on its update and sign-in services with every switch off
    # (Debian's build); both are sent to the page server, which turns them away. No request
    # names another host (a CONNECT would), and nothing of the page's own (its GETs) is refused.
    assert len(refused) == 1
    for request in refused[0]:
        method, address = request.split(" ", 1)
        assert method == "POST" and urlsplit(address).hostname == "talkgen.invalid", refused


def test_the_server_refuses_other_methods_and_queries_quietly(capfd):
    with PageServer(_files()) as server:
        client = _opener(server)
        post = urllib.request.Request(server.url("index.html"), data=b"x", method="POST")
        for request, code in ((post, 405), (server.url("index.html?x=1"), 404)):
            with pytest.raises(urllib.error.HTTPError) as caught:
                client.open(request)
            caught.value.close()
            assert caught.value.code == code
        assert len(server.refused) == 2
    assert capfd.readouterr() == ("", "")


def test_a_browser_hanging_up_mid_answer_prints_nothing(capfd):
    import socket

    big = {"big.js": Served(b"x" * 20_000_000, "text/javascript", immutable=True)}
    with PageServer(big) as server:
        host, port = server.proxy.removeprefix("http://").split(":")
        for _ in range(5):
            with socket.create_connection((host, int(port))) as raw:
                raw.sendall(f"GET {server.url('big.js')} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                raw.recv(100)
                raw.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
    assert capfd.readouterr() == ("", "")


@pytest.mark.slow
def test_the_public_path_renders_the_same_image(monkeypatch, tmp_path):
    """kaleido's public API alone (no private hook): what CI runs beside the tuned path."""
    monkeypatch.setenv("TALKGEN_CACHE_DIR", "")
    monkeypatch.delenv(kaleido_adapter.ENV, raising=False)
    assert kaleido_adapter.export_path() == "tuned"
    tuned = _render_one(tmp_path / "tuned")
    monkeypatch.setenv(kaleido_adapter.ENV, "public")
    assert kaleido_adapter.export_path() == "public"
    assert "index.html" not in export.page_files()
    public = _render_one(tmp_path / "public")
    with (
        Image.open(tmp_path / "tuned" / "c.png") as a,
        Image.open(tmp_path / "public" / "c.png") as b,
    ):
        assert a.size == b.size == (600, 400)
        assert a.tobytes() == b.tobytes()
    assert tuned and public


def test_a_kaleido_without_the_hooks_takes_the_public_path(monkeypatch):
    monkeypatch.delenv(kaleido_adapter.ENV, raising=False)
    monkeypatch.setattr(kaleido_adapter, "TESTED", {"kaleido": "0.9", "choreographer": "1.4"})
    kaleido_adapter.tuned_hooks_present.cache_clear()
    try:
        assert kaleido_adapter.export_path() == "public"
    finally:
        kaleido_adapter.tuned_hooks_present.cache_clear()
