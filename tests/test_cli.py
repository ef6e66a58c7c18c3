"""The command-line shell: version, init, validate, and how errors and bugs are shown."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import talkgen
from talkgen.cli import cli
from talkgen.content import load_talk


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert talkgen.__version__ in result.output


def test_init_then_validate_round_trip(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = tmp_path / "my-talk"
    created = runner.invoke(cli, ["init", str(folder)])
    assert created.exit_code == 0, created.output
    assert (folder / "talk.yaml").is_file() and len(list((folder / "themes").glob("*.md"))) == 3
    checked = runner.invoke(cli, ["validate", str(folder)])
    assert checked.exit_code == 0, checked.output + checked.stderr
    talk = load_talk(folder)
    assert len(talk.themes) == 3 and talk.featured_quotes
    assert "planned length:  10:00 of 10:00" in checked.output


@pytest.mark.slow
def test_init_as_a_subprocess(tmp_path: Path) -> None:
    folder = tmp_path / "talk"
    done = subprocess.run(
        [sys.executable, "-m", "talkgen", "init", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert load_talk(folder).info.title


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert "already exists and is not empty" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert not (tmp_path / "talk.yaml").exists()


def test_validate_defaults_to_content_folder(example_dir: Path, monkeypatch) -> None:
    monkeypatch.chdir(example_dir.parent)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0
    assert "Mentoring on Twitter" in result.output
    assert "quotes:          16 (6 featured)" in result.output


def test_a_bug_is_one_line_without_debug_and_a_traceback_with(
    example_dir: Path, monkeypatch
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("talkgen.build.plan_talk", broken)
    plain = CliRunner().invoke(cli, ["validate", str(example_dir)])
    assert plain.exit_code == 1
    assert "internal error: RuntimeError: boom" in plain.stderr
    assert "Traceback" not in plain.stderr
    debug = CliRunner().invoke(cli, ["--debug", "validate", str(example_dir)])
    assert isinstance(debug.exception, RuntimeError)


@pytest.mark.parametrize("command", ["init", "validate"])
def test_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert re.search(r"Examples?:", result.output)


def test_init_where_nothing_can_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(cli, ["init", str(blocker / "talk")])
    assert result.exit_code == 2, result.output
    assert "cannot create it" in result.stderr
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_init_into_an_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    assert CliRunner().invoke(cli, ["init", str(folder)]).exit_code == 0
    assert load_talk(folder).info.title
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.8, 1.6, 2.4, 3.2])
def test_ctrl_c_during_a_chart_render_stops_quietly(example_dir: Path, tmp_path: Path, delay):
    # Finding 10: Ctrl-C during a chart render printed a 35-line asyncio traceback after
    # "talkgen: interrupted" (and could leave the process waiting on Chrome for ever).
    import os
    import signal
    import time

    cache = tmp_path / "cache"
    env = {**os.environ, "TALKGEN_CACHE_DIR": str(cache)}
    process = subprocess.Popen(
        [sys.executable, "-m", "talkgen", "charts", str(example_dir), "--out", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    time.sleep(delay)
    # As a terminal does: the interrupt goes to the whole foreground process group.
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    # 130, or death by SIGINT itself (-2) when the interrupt lands while Python shuts down:
    # both are how a shell expects a program stopped by Ctrl-C to end.
    assert process.returncode in (0, 130, -signal.SIGINT), err
    assert "Traceback" not in err and "Error" not in err, err
    if process.returncode == 130:
        assert err.strip().splitlines()[-1] == "talkgen: interrupted"
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-f", str(cache)], capture_output=True, text=True).stdout
    assert left.split() == [], "Chrome was left running"
