"""The export engine's guards, with stand-ins for Chrome where a real one cannot be made to
misbehave on cue: a render that never finishes, a browser that dies mid-way; and the cache."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from choreographer.errors import BrowserClosedError

from talkgen.charts import export
from talkgen.charts.cache import RenderCache, spec_key
from talkgen.charts.export import ImageJob
from talkgen.errors import EnvironmentProblem


def _jobs(tmp_path: Path, count: int = 2) -> list[ImageJob]:
    figure = {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {}}
    return [ImageJob(f"c{i}", figure, tmp_path / f"c{i}.png", "png", 100, 50) for i in range(count)]


class _Session:
    """Answers `calc_fig` the way it is told to."""

    def __init__(self, answer):
        self.answer = answer
        self.calls = 0

    async def calc_fig(self, figure, opts):
        self.calls += 1
        return await self.answer(self.calls)


def _render_all(session, jobs, timeout=0.5):
    written = []
    asyncio.run(export._render_all(session, jobs, Path("/opt/chrome"), timeout, written.append))
    return written


def test_renders_that_stop_arriving_are_a_time_out_not_a_hang(tmp_path):
    async def first_then_silence(call):
        if call == 1:
            return b"png"
        await asyncio.sleep(3600)

    with pytest.raises(EnvironmentProblem) as caught:
        _render_all(_Session(first_then_silence), _jobs(tmp_path, 3), timeout=0.3)
    message = caught.value.problems[0].message
    assert message.startswith("Chrome (/opt/chrome) stopped answering: no chart finished in 0.3 s")
    assert "waiting for c1, c2" in message
    assert (tmp_path / "c0.png").read_bytes() == b"png"


def test_a_browser_that_dies_while_rendering_names_the_chart(tmp_path):
    async def closed(call):
        raise BrowserClosedError("gone")

    with pytest.raises(EnvironmentProblem) as caught:
        _render_all(_Session(closed), _jobs(tmp_path, 1))
    assert caught.value.problems[0].message == (
        "Chrome (/opt/chrome) crashed while rendering chart 'c0'"
    )
    assert not (tmp_path / "c0.png").exists()


def test_one_slow_figure_is_reported_with_its_format(tmp_path):
    async def too_slow(call):
        raise TimeoutError

    with pytest.raises(EnvironmentProblem) as caught:
        _render_all(_Session(too_slow), _jobs(tmp_path, 1))
    assert "chart 'c0': Chrome took longer than 0.5 s to render the PNG" in (
        caught.value.problems[0].message
    )


def test_every_file_written_is_reported(tmp_path):
    async def fine(call):
        return f"image {call}".encode()

    written = _render_all(_Session(fine), _jobs(tmp_path, 3))
    assert sorted(job.chart_id for job in written) == ["c0", "c1", "c2"]
    assert sorted(p.read_bytes() for p in tmp_path.glob("*.png")) == [
        b"image 1",
        b"image 2",
        b"image 3",
    ]


def test_svg_gets_a_title_and_description_for_screen_readers(tmp_path):
    job = ImageJob(
        "c", {}, tmp_path / "c.svg", "svg", 10, 10, title="A & B", description="Bar chart. <x>: 1."
    )
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10"><g/></svg>'
    assert job.finish(svg) == (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" role="img">'
        b"<title>A &amp; B</title><desc>Bar chart. &lt;x&gt;: 1.</desc><g/></svg>"
    )


def test_a_coroutine_runs_even_inside_a_running_event_loop():
    ran = []

    async def work():
        ran.append(True)

    async def notebook():
        export._run(work)

    asyncio.run(notebook())
    assert ran == [True]


def test_cache_key_changes_with_figure_format_size_and_versions(tmp_path):
    figure = {"data": [{"type": "bar", "y": [1]}]}
    job = ImageJob("c", figure, tmp_path / "c.png", "png", 100, 50)
    keys = {
        job.key(),
        ImageJob("c", {"data": [{"type": "bar", "y": [2]}]}, job.path, "png", 100, 50).key(),
        ImageJob("c", figure, job.path, "svg", 100, 50).key(),
        ImageJob("c", figure, job.path, "png", 101, 50).key(),
        ImageJob("c", figure, job.path, "png", 100, 50, scale=2).key(),
    }
    assert len(keys) == 5
    assert (
        ImageJob("c", dict(figure), tmp_path / "elsewhere.png", "png", 100, 50).key() == job.key()
    )
    assert spec_key(a=1, kaleido="1.5.0") != spec_key(a=1, kaleido="1.6.0")


def test_cache_notices_an_edited_or_deleted_file(tmp_path):
    path = tmp_path / "c.png"
    path.write_bytes(b"one")
    cache = RenderCache(tmp_path)
    cache.record(path, "k")
    cache.save()
    again = RenderCache(tmp_path)
    assert again.is_fresh(path, "k")
    assert not again.is_fresh(path, "other key")
    path.write_bytes(b"edited!")
    assert not again.is_fresh(path, "k")
    path.unlink()
    assert not again.is_fresh(path, "k")


def test_a_damaged_cache_record_means_render_again(tmp_path):
    (tmp_path / ".talkgen-cache.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"x")
    assert not RenderCache(tmp_path).is_fresh(tmp_path / "c.png", "k")


def test_the_installed_browser_is_found(monkeypatch):
    from talkgen.charts.chrome import find_browser

    monkeypatch.delenv("BROWSER_PATH", raising=False)
    found = find_browser()
    assert found.is_file() and "chrom" in found.name.lower()


def test_browser_path_and_the_plotly_get_chrome_copy_come_first(monkeypatch, tmp_path):
    from talkgen.charts import chrome

    private = tmp_path / "chrome-linux64" / "chrome"
    private.parent.mkdir()
    private.write_text("#!/bin/sh\n", encoding="utf-8")
    private.chmod(0o755)
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(chrome, "_downloaded_copy", lambda: private)
    assert chrome.find_browser() == private
    chosen = tmp_path / "my-chrome"
    chosen.write_text("#!/bin/sh\n", encoding="utf-8")
    chosen.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(chosen))
    assert chrome.find_browser() == chosen


def test_a_render_task_failing_after_its_browser_closed_is_not_reported(caplog) -> None:
    # Found in CI: Ctrl-C during a render; a kaleido task whose channel was closed under it is
    # collected after the loop ended, and asyncio printed "Task exception was never retrieved"
    # with its traceback after "talkgen: interrupted".
    import asyncio
    import logging

    from choreographer.errors import ChannelClosedError

    from talkgen.charts.export import _quiet_after_interrupt

    loop = asyncio.new_event_loop()
    try:
        with caplog.at_level(logging.DEBUG):
            message = "Task exception was never retrieved"
            _quiet_after_interrupt(
                loop, {"message": message, "exception": ChannelClosedError("Executor is closed.")}
            )
            assert [r.levelno for r in caplog.records] == [logging.DEBUG]
            caplog.clear()
            # Anything else is reported as asyncio would (an error in its log).
            _quiet_after_interrupt(loop, {"message": message, "exception": ValueError("x")})
            assert [r.levelno for r in caplog.records] == [logging.ERROR]
    finally:
        loop.close()
