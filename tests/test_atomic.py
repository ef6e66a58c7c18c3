"""Atomic output: the target is replaced whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from talkgen.atomic import atomic_path, write_text
from talkgen.errors import EnvironmentProblem


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = write_text(tmp_path / "deck.pptx", "good")
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_text("half")
        raise RuntimeError("crash mid-write")
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_an_unwritable_folder_is_an_environment_problem(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(EnvironmentProblem) as caught:
        write_text(blocker / "out" / "timing.md", "text")
    assert "cannot write here" in caught.value.problems[0].message
    assert caught.value.exit_code == 2
