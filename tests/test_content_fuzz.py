"""Property: whatever the content folder holds, the loader returns a Talk or a ContentError."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talkgen.content import load_talk
from talkgen.content.model import Talk
from talkgen.errors import ContentError

EXAMPLE = Path(__file__).resolve().parents[1] / "content"
FILES = [
    "talk.yaml",
    "quotes.yaml",
    "participants.csv",
    "coding.csv",
    "themes/01-informal-mentoring.md",
    "charts.yaml",
    "deny-list.txt",
]


def _check(root: Path) -> None:
    try:
        talk = load_talk(root)
    except ContentError as error:
        assert error.problems, "a ContentError always carries at least one problem"
        for problem in error.problems:
            assert problem.format()
    else:
        assert isinstance(talk, Talk)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(FILES), content=st.binary(max_size=400))
def test_random_bytes_in_any_file(name: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "content"
        shutil.copytree(EXAMPLE, root)
        (root / name).write_bytes(content)
        _check(root)


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(FILES[:5]), data=st.data())
def test_mutated_example_files(name: str, data: st.DataObject) -> None:
    original = (EXAMPLE / name).read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(original)))
    end = data.draw(st.integers(start, min(len(original), start + 40)))
    insert = data.draw(
        st.text(alphabet=st.sampled_from(list(":-[]{}\"',#\n \t|>&*!%@`0aZ€\x00")), max_size=8)
    )
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "content"
        shutil.copytree(EXAMPLE, root)
        (root / name).write_text(original[:start] + insert + original[end:], encoding="utf-8")
        _check(root)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=st.one_of(
        st.text(max_size=12),
        st.integers(),
        st.floats(allow_nan=True),
        st.booleans(),
        st.none(),
        st.lists(st.integers(), max_size=3),
    )
)
def test_any_duration_value(value: object) -> None:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "content"
        shutil.copytree(EXAMPLE, root)
        talk_file = root / "talk.yaml"
        text = talk_file.read_text(encoding="utf-8")
        import json

        talk_file.write_text(
            text.replace('duration: "10:00"', f"duration: {json.dumps(value)}"), encoding="utf-8"
        )
        _check(root)
