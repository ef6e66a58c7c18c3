"""Property: every reader of files from elsewhere takes any bytes and gives a result or a located
problem (a `TalkgenError` or the reader's problem list), never another exception.

Readers: rehearsal logs, decks given to `--from-pptx`, templates, charts.yaml and its CSV files,
.qdpx projects and highlight CSV exports. Mutations start from real files (our template, a
tiny project, a real log) so that most examples get past the first check.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qda_samples import selection, text_source, tiny_project, write_zip

from talkgen.content import load_talk
from talkgen.errors import ContentError, TalkgenError
from talkgen.style import TEMPLATES
from talkgen.timing.rehearsal import read_rehearsal

EXAMPLE = Path(__file__).resolve().parents[1] / "content"
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
pytestmark = pytest.mark.slow  # each test runs its reader dozens of times

LOG = "\n".join(
    [
        json.dumps(
            {
                "event": "start",
                "started": "2026-11-25T18:30:05+00:00",
                "talk": "t",
                "slides": [{"number": 1, "key": "a", "title": "A"}, {"number": 2, "title": "B"}],
            }
        ),
        '{"event": "show", "slide": 2, "t": 10.5}',
        '{"event": "pause", "t": 12}',
        '{"event": "resume", "t": 14}',
        '{"event": "finish", "t": 20}',
    ]
).encode()


def _mutate(data: st.DataObject, original: bytes, alphabet: bytes) -> bytes:
    """`original` with a few spans replaced by bytes drawn from `alphabet`."""
    result = bytearray(original)
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(result)))
        end = data.draw(st.integers(start, min(len(result), start + 30)))
        insert = data.draw(
            st.binary(max_size=12).map(lambda b: bytes(alphabet[x % len(alphabet)] for x in b))
        )
        result[start:end] = insert
    return bytes(result)


@SETTINGS
@given(content=st.binary(max_size=600))
def test_a_rehearsal_log_of_any_bytes(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "x.jsonl"
        path.write_bytes(content)
        rehearsal, problems = read_rehearsal(path)
        assert rehearsal is not None or problems


@SETTINGS
@given(data=st.data())
def test_a_mutated_rehearsal_log(data: st.DataObject) -> None:
    content = _mutate(data, LOG, b'{}[]":,0123456789.eE-+ntfalsruINaxy\n\\')
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "x.jsonl"
        path.write_bytes(content)
        rehearsal, problems = read_rehearsal(path)
        assert rehearsal is not None or problems
        for problem in problems:
            assert problem.path == path and problem.format()


def _zip_with(source: Path, edit) -> bytes:
    """The zip at `source` with each member's bytes replaced by `edit(name, bytes)`."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, edit(info.filename, old.read(info.filename)))
    return out.getvalue()


def _pptx_example(data: st.DataObject) -> bytes:
    template = TEMPLATES / "default.pptx"
    choice = data.draw(st.sampled_from(["bytes", "part", "raw"]))
    if choice == "bytes":
        return data.draw(st.binary(max_size=400))
    if choice == "raw":
        return _mutate(data, template.read_bytes(), bytes(range(256)))
    with zipfile.ZipFile(template) as package:
        names = sorted(n for n in package.namelist() if n.endswith(".xml"))
    target = data.draw(st.sampled_from(names))
    return _zip_with(
        template,
        lambda name, raw: (
            _mutate(data, raw, b"<>/=\"' abcpx:0123456789&;") if name == target else raw
        ),
    )


@SETTINGS
@given(data=st.data())
def test_a_deck_given_to_from_pptx(data: st.DataObject) -> None:
    from talkgen.timing.pptx_times import read_pptx_times

    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "deck.pptx"
        path.write_bytes(_pptx_example(data))
        try:
            read_pptx_times(path)
        except TalkgenError as error:
            assert error.problems and error.problems[0].path == path


@SETTINGS
@given(data=st.data())
def test_a_template(data: st.DataObject) -> None:
    from talkgen.geometry.template import describe_template, open_template

    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "corporate.pptx"
        path.write_bytes(_pptx_example(data))
        try:
            describe_template(open_template(path), path)
        except TalkgenError as error:
            assert error.problems and error.problems[0].path == path


@pytest.fixture(scope="module")
def no_chart_plan_(tmp_path_factory: pytest.TempPathFactory):
    from template_damage import no_chart_plan

    return no_chart_plan(tmp_path_factory.mktemp("talk"))


@SETTINGS
@given(data=st.data())
def test_a_damaged_real_template_through_the_whole_deck_build(
    data: st.DataObject, shared_data: Path, no_chart_plan_
) -> None:
    """A real template, damaged in one to three known ways (tests/template_damage.py) and then
    perhaps garbled in one of its XML parts, gives a deck or one located error naming it."""
    from template_damage import DAMAGE, both, deck_or_located_error, rezip
    from test_geometry import REAL_TEMPLATES

    sources = [shared_data / "templates" / f"{n}.pptx" for n in REAL_TEMPLATES]
    source = data.draw(st.sampled_from([*sources, TEMPLATES / "default.pptx"]))
    kinds = data.draw(st.lists(st.sampled_from(sorted(DAMAGE)), min_size=1, max_size=3))
    edit = DAMAGE[kinds[0]]
    for kind in kinds[1:]:
        edit = both(edit, DAMAGE[kind])
    with zipfile.ZipFile(source) as package:
        names = sorted(n for n in package.namelist() if n.endswith((".xml", ".rels")))
    garbled = data.draw(st.sampled_from([None, *names]))
    garble = b"<>/=\"' abcpx:0123456789&;"
    with tempfile.TemporaryDirectory() as temp:
        template = Path(temp) / "corporate.pptx"
        template.write_bytes(
            rezip(
                source,
                both(
                    edit,
                    lambda name, raw: _mutate(data, raw, garble) if name == garbled else raw,
                ),
            )
        )
        deck_or_located_error(no_chart_plan_, template, Path(temp))


CHARTS = b"- id: d\n  type: bar\n  csv: data/d.csv\n  x: x\n  y: [y]\n  x_label: X\n"
CHART_CSV = b"x,y\na,1\nb,2.5\n"


@SETTINGS
@given(data=st.data())
def test_charts_yaml_and_its_csv(data: st.DataObject) -> None:
    charts = _mutate(data, CHARTS, b"-: []{}'\"\n abcdxy.,/*&!%@0123456789")
    table = data.draw(
        st.one_of(
            st.binary(max_size=200),
            st.just(CHART_CSV).map(lambda b: _mutate(data, b, b',;\t"\n\r x1.e-nan')),
        )
    )
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "content"
        import shutil

        shutil.copytree(EXAMPLE, root)
        (root / "charts.yaml").write_bytes(charts)
        (root / "data").mkdir()
        (root / "data" / "d.csv").write_bytes(table)
        try:
            load_talk(root)
        except ContentError as error:
            assert error.problems and all(p.format() for p in error.problems)


PROJECT = tiny_project(
    text_source("s1", "Interview 1", [selection("x1", 0, 5, ["c-trust"])], inline="Hello world")
).encode()


@SETTINGS
@given(data=st.data())
def test_a_qdpx_project(data: st.DataObject) -> None:
    from talkgen.qda.refi import read_qdpx

    choice = data.draw(st.sampled_from(["bytes", "project"]))
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "p.qdpx"
        if choice == "bytes":
            path.write_bytes(data.draw(st.binary(max_size=400)))
        else:
            project = _mutate(data, PROJECT, b"<>/=\"' abcdefgCodeSrx0123456789&;#!-")
            write_zip(path, {"project.qde": project})
        try:
            read_qdpx(path)
        except TalkgenError as error:
            assert error.problems and error.problems[0].format()


HIGHLIGHTS = (
    b"document,tag,content\nInterview 1,trust,We rely on each other\n"
    b'Interview 2,networks,"Twitter, mostly"\n'
)


@SETTINGS
@given(data=st.data())
def test_a_highlights_csv(data: st.DataObject) -> None:
    from talkgen.qda.highlights import read_highlights

    content = data.draw(
        st.one_of(
            st.binary(max_size=300),
            st.just(HIGHLIGHTS).map(
                lambda b: _mutate(data, b, b',;\t"\n\r abc<>&=+@-\xef\xbb\xbf')
            ),
        )
    )
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "highlights.csv"
        path.write_bytes(content)
        try:
            read_highlights(path)
        except TalkgenError as error:
            assert error.problems and error.problems[0].format()
