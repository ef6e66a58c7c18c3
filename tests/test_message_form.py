"""Every message talkgen gives has the form `file:line: what — how to fix` (or, for the machine,
`talkgen: what — how to fix`): a scan of every problem the code can make, and the exact words
of the messages outside the content readers that lacked a fix or a file."""

from __future__ import annotations

import ast
import asyncio
import errno
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pptx import Presentation

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.errors import TalkgenError
from talkgen.plan import plan_talk

PACKAGE = Path(__file__).resolve().parents[1] / "talkgen"
WORDS = ast.Constant | ast.JoinedStr
ERRORS = ("TalkgenError", "ContentError", "EnvironmentProblem", "InputError", "ReadError")


def _called(node: ast.Call) -> str | None:
    return node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)


def _unfixable(path: Path) -> list[str]:
    """`file:line` of each problem made in `path` with no "how to fix": a `Problem(...)` with no
    hint (unless it is made only for its `.location()`), or an error raised with bare words."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for_location = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "location"
    }
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _called(node)
        if name == "Problem" and id(node) not in for_location:
            hint = node.args[3] if len(node.args) > 3 else None
            hint = next((k.value for k in node.keywords if k.arg == "hint"), hint)
            if hint is None or (isinstance(hint, ast.Constant) and not str(hint.value).strip()):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
        elif name in ERRORS and node.args and isinstance(node.args[0], WORDS):
            found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_every_problem_the_code_makes_says_how_to_fix_it() -> None:
    modules = [p for p in sorted(PACKAGE.rglob("*.py")) if "vendor" not in p.parts]
    assert len(modules) > 100  # the whole package was read
    found = [where for path in modules for where in _unfixable(path)]
    # The one place that turns a bare string into a problem is the error class itself.
    assert found == ["talkgen/errors.py:119"], found


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))}


def test_a_file_that_cannot_be_read_says_how_to_fix_it(example_copy, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "kept.txt").write_text("an earlier build")
    talk_file = example_copy / "talk.yaml"
    real_open = os.open

    def refuse(path, *args, **kwargs):  # root reads any file, so the refusal is staged here
        if Path(path) == talk_file:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("talkgen.inputs.os.open", refuse)
    for command in ("validate", "build"):
        result = CliRunner().invoke(cli, [command, str(example_copy), "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert result.stderr.splitlines() == [
            f"{talk_file}: cannot read: Permission denied — check that you may read it "
            "(`ls -l` shows who may) and that its disk is mounted"
        ]
    assert _snapshot(out) == {"kept.txt": b"an earlier build"}


def test_malformed_yaml_of_any_other_kind_says_how_to_fix_it(monkeypatch, tmp_path):
    from talkgen.content.reader import ReadError, parse_yaml

    def fails(*args, **kwargs):
        raise yaml.YAMLError("something YAML could not place")

    monkeypatch.setattr("talkgen.content.reader.yaml.load", fails)
    with pytest.raises(ReadError) as caught:
        parse_yaml("a: b\n", tmp_path / "talk.yaml")
    assert caught.value.problem.format() == (
        f"{tmp_path / 'talk.yaml'}: malformed YAML: something YAML could not place — check the "
        "indentation and that each `key:` has a value (docs/content-format.md)"
    )


def test_a_slide_whose_chart_was_not_rendered_names_its_outline_line(example_dir, tmp_path):
    from talkgen.deck import build_deck

    plan = plan_talk(load_talk(example_dir))
    slide = next(s for s in plan.slides if s.chart)
    line = plan.talk.info.outline[slide.number - 1].line
    with pytest.raises(TalkgenError) as caught:
        build_deck(plan, {}, tmp_path / "deck.pptx")
    assert caught.value.problems[0].format() == (
        f"{example_dir / 'talk.yaml'}:{line}: slide {slide.number} ({slide.title}) shows chart "
        f"'{slide.chart}', which was not rendered — build the charts first (talkgen build "
        "renders them), or show one of the rendered charts: none"
    )
    assert not (tmp_path / "deck.pptx").exists()


def test_a_template_without_layouts_says_what_to_do(example_copy, tmp_path):
    from talkgen.geometry import DEFAULT_TEMPLATE

    presentation = Presentation(str(DEFAULT_TEMPLATE))
    assert len(presentation.slides) == 0  # so every layout can be removed (none is in use)
    for master in presentation.slide_masters:
        for layout in list(master.slide_layouts):
            master.slide_layouts.remove(layout)
    template = tmp_path / "bare.pptx"
    presentation.save(str(template))
    result = CliRunner().invoke(cli, ["validate", str(example_copy), "--template", str(template)])
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [
        f"{template}: the template has no slide layouts — use another template, or add layouts "
        "in PowerPoint's Slide Master view"
    ]


def test_a_chart_picture_that_cannot_be_written_is_named_as_the_file(tmp_path):
    from talkgen.charts.export import ImageJob, _raise_failure

    job = ImageJob(
        chart_id="prevalence",
        figure={},
        path=tmp_path / "charts" / "prevalence.png",
        format="png",
        width=10,
        height=10,
        scale=1.0,
    )
    loop = asyncio.new_event_loop()
    try:
        task = loop.create_future()
        task.set_exception(OSError(errno.ENOSPC, "No space left on device"))
        with pytest.raises(TalkgenError) as caught:
            _raise_failure(task, job, Path("/usr/bin/chromium"), 30)
    finally:
        loop.close()
    assert [p.format() for p in caught.value.problems] == [
        f"{job.path}: cannot write: No space left on device — check that the output folder is "
        "writable and the disk has room"
    ]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["build", "{content}", "--out", "{out}", "--only", "slides"],
            "talkgen: build: Invalid value for '--only': unknown slides; use some of charts, "
            "deck, handout, timing — run `talkgen build --help` for what it takes",
        ),
        (
            ["import", "qdpx", "x.qdpx", "--into", "{out}/talk", "--theme-level", "0"],
            "talkgen: import qdpx: Invalid value for '--theme-level': 0 is not in the range "
            "x>=1 — run `talkgen import qdpx --help` for what it takes",
        ),
        (
            ["validate", "{content}", "--stict"],
            "talkgen: validate: No such option '--stict'. Did you mean '--strict'? — run "
            "`talkgen validate --help` for what it takes",
        ),
        (["buidl"], "talkgen: No such command 'buidl' — run `talkgen --help` for what it takes"),
    ],
)
def test_a_bad_option_is_one_line_with_the_fix(example_dir, tmp_path, args, line):
    # click's own "Usage: … Error: Invalid value …" block, in talkgen's one-line form.
    out = tmp_path / "out"
    out.mkdir()
    (out / "kept.txt").write_text("an earlier build")
    filled = [a.format(content=example_dir, out=out) for a in args]
    result = CliRunner().invoke(cli, filled)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [line]
    assert result.stdout == ""
    assert _snapshot(out) == {"kept.txt": b"an earlier build"}
