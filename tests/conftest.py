"""Fixtures shared by the test modules: the example talk, copies of it, the shared data."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

# tests/hostile.py: the `sandbox` fixture for hostile-input tests.
pytest_plugins = ("hostile",)

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "content"
# The project's shared folder (third-party test data): beside the repository, or TALKGEN_SHARED.
SHARED = Path(os.environ.get("TALKGEN_SHARED") or REPO.parent / "shared")


# The Ctrl-C tests send SIGINT to the processes they start. A shell that starts a job in the
# background (`nohup scripts/test &`, some CI runners) hands it SIGINT ignored, and every child
# would inherit that; give the children the default again, as a terminal would.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# Fixtures that start Chrome or read ../shared: a test using one (even through another fixture)
# is slow, whatever its own decorators say. Tests that start Chrome or LibreOffice themselves
# carry `@pytest.mark.slow` (or a module's `pytestmark`).
SLOW_FIXTURES = {"shared_data", "qc_demo", "example_charts"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a slow fixture as slow, so `pytest -m "not slow"` is fast."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def example_dir() -> Path:
    """The example talk in the repository (read it, never write to it)."""
    return EXAMPLE


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example talk to change."""
    target = tmp_path / "content"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """`../shared/data` (or `$TALKGEN_SHARED/data`): third-party files for tests, read in place."""
    path = SHARED / "data"
    assert path.is_dir(), (
        f"{path} is missing: the tests need shared/ beside the repository, or TALKGEN_SHARED "
        "set to it"
    )
    return path


@pytest.fixture(scope="session")
def qc_demo(shared_data: Path) -> Path:
    """The shared qc-demo REFI-QDA export."""
    return shared_data / "qdpx" / "qc-demo.qdpx"


@pytest.fixture(scope="session")
def example_charts(tmp_path_factory: pytest.TempPathFactory):
    """The example talk's charts, rendered once per test session into a tmp `out/` folder as
    `talkgen build` renders them (each PNG laid out for its box in our deck template): a
    `talkgen.charts.ChartSet` (id -> RenderedChart with .png/.svg/.html paths). Read only."""
    from talkgen.charts import render_charts
    from talkgen.content import load_talk
    from talkgen.geometry import lay_out
    from talkgen.plan import plan_talk

    out = tmp_path_factory.mktemp("example-out")
    talk = load_talk(EXAMPLE)
    return render_charts(talk, out, boxes=lay_out(plan_talk(talk)).chart_boxes())


@pytest.fixture(scope="session", autouse=True)
def private_browser_cache(tmp_path_factory: pytest.TempPathFactory):
    """Chrome's kept cache (TALKGEN_CACHE_DIR) in a folder of this test session's, not in the
    user's ~/.cache; subprocesses the tests start inherit it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TALKGEN_CACHE_DIR", str(tmp_path_factory.mktemp("talkgen-cache")))
        yield
