"""Hostile files from elsewhere that are not content: .pptx templates and decks (zip bombs),
.qdpx projects nested without end, rehearsal logs, and an output folder holding the user's own
things. Each is a located exit 2 that leaves out/, HOME and the working folder alone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hostile import Sandbox, pptx_with_bomb, snapshot
from qda_samples import NS, write_zip

from talkgen import limits
from talkgen.style import TEMPLATES
from talkgen.timing.rehearsal import read_rehearsal

# -- zip packages ------------------------------------------------------------------------------


def test_a_template_holding_a_zip_bomb_is_refused(sandbox: Sandbox) -> None:
    template = pptx_with_bomb(sandbox.root / "corporate.pptx", 8 << 20)
    err = sandbox.refused("deck", "{c}", "--out", "{o}", "--template", str(template))
    assert "corporate.pptx: corporate.pptx!ppt/media/bomb.bin unpacks" in err
    assert "compression ratio of a zip part (200 to 1)" in err


def test_a_template_part_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    from talkgen.errors import TalkgenError
    from talkgen.geometry.template import open_template
    from talkgen.inputs import check_zip

    template = tmp_path / "video.pptx"
    shutil.copy(TEMPLATES / "default.pptx", template)
    with zipfile.ZipFile(template, "a", zipfile.ZIP_STORED) as package:
        package.writestr("ppt/media/video.bin", os.urandom(1 << 16))
    small = limits.Limit("size of one part of a .pptx", 60_000, "bytes")
    with pytest.raises(TalkgenError) as caught:
        check_zip(template, small, limits.PPTX_TOTAL, "template")
    assert "video.pptx!ppt/media/video.bin unpacks to 65,536 bytes" in str(caught.value)
    assert "size of one part of a .pptx (60,000 bytes)" in str(caught.value)
    open_template(template)  # within the real limits it opens


def test_a_deck_from_elsewhere_holding_a_zip_bomb_is_refused(sandbox: Sandbox) -> None:
    deck = pptx_with_bomb(sandbox.root / "rehearsed.pptx", 8 << 20)
    err = sandbox.refused("timing", "{c}", "--out", "{o}", "--from-pptx", str(deck))
    assert "rehearsed.pptx:" in err and "looks like a zip bomb" in err


def test_a_qdpx_whose_codes_nest_five_thousand_deep_is_refused(sandbox: Sandbox) -> None:
    codes = "".join(f'<Code guid="c{n}" name="Code {n}" isCodable="true">' for n in range(5000))
    codes += "</Code>" * 5000
    project = (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="deep">'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook><Sources/></Project>"
    )
    qdpx = write_zip(sandbox.root / "deep.qdpx", {"project.qde": project})
    target = sandbox.root / "imported"
    err = sandbox.refused("import", "qdpx", str(qdpx), "--into", str(target))
    assert "deep.qdpx:" in err and "nesting depth (40 levels)" in err
    assert not target.exists()


# -- rehearsal logs ------------------------------------------------------------------------------

START = {
    "event": "start",
    "started": "2026-11-25T18:30:05+00:00",
    "talk": "t",
    "slides": [{"number": 1, "key": "title", "title": "Hello"}],
}


def _log(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "line",
    [
        '{"event": "show", "slide": 1, "t": Infinity}',
        '{"event": "show", "slide": 1, "t": NaN}',
        '{"event": "show", "slide": 1, "t": 1e999}',
        '{"event": "finish", "t": 1e308}',
        '{"event": "show", "slide": 1, "t": ' + "1" * 5000 + "}",
        "[" * 200_000 + "]" * 200_000,
        '{"event": "show", "slide": ["x"], "t": 1}',
        "x" * (limits.LOG_LINE.value + 1),
    ],
)
def test_hostile_log_lines_are_reported_and_skipped(tmp_path: Path, line: str) -> None:
    path = _log(tmp_path, json.dumps(START), line, '{"event": "finish", "t": 3}')
    rehearsal, problems = read_rehearsal(path)
    assert rehearsal is not None and rehearsal.complete
    assert [p.line for p in problems] == [2]
    assert all(p.path == path and p.hint for p in problems)


@pytest.mark.parametrize(
    "slides",
    [
        [{"number": 1, "key": ["x"], "title": "T"}],
        [{"number": True, "title": "T"}],
        [{"number": 10**30, "title": "T"}],
        [{"number": n, "title": "T"} for n in range(1, limits.SLIDES.value + 2)],
    ],
)
def test_a_start_record_of_the_wrong_shape_gives_no_rehearsal(tmp_path: Path, slides) -> None:
    path = _log(tmp_path, json.dumps({**START, "slides": slides}))
    rehearsal, problems = read_rehearsal(path)
    assert rehearsal is None and problems[0].line == 1


def test_a_fifo_and_an_oversize_log_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "a.jsonl"
    os.mkfifo(fifo)
    rehearsal, problems = read_rehearsal(fifo)
    assert rehearsal is None and "named pipe" in problems[0].message
    big = tmp_path / "b.jsonl"
    with big.open("w") as handle:
        handle.write(json.dumps(START) + "\n")
        handle.truncate(limits.FILE_SIZES[".jsonl"].value + 1)
    rehearsal, problems = read_rehearsal(big)
    assert rehearsal is None and "rehearsal log size (16 MB)" in problems[0].message


def test_timing_reports_a_hostile_log_with_exit_2(sandbox: Sandbox) -> None:
    logs = sandbox.out / "rehearsals"
    logs.mkdir()
    (logs / "x.jsonl").write_text(
        json.dumps(START) + '\n{"event": "show", "t": Infinity}\n{"event": "finish", "t": 2}\n'
    )
    result = sandbox.talkgen("timing", "{c}", "--out", "{o}")
    assert result.exit_code == 2, result.stderr
    assert "x.jsonl:2: not a JSON record" in result.stderr
    assert "Traceback" not in result.stderr


# -- the output folder ---------------------------------------------------------------------------


@pytest.mark.parametrize("where", [".", "themes", "data/out"])
def test_out_inside_the_content_folder_is_refused(sandbox: Sandbox, where: str) -> None:
    before = snapshot(sandbox.content)
    out = sandbox.content / where
    for command in ("build", "timing"):
        result = sandbox.talkgen(command, "{c}", "--out", str(out))
        assert result.exit_code == 2, result.output
        assert "the output folder is inside the content folder" in result.stderr
    assert snapshot(sandbox.content) == before


def test_a_users_file_named_charts_is_never_deleted(sandbox: Sandbox) -> None:
    shutil.rmtree(sandbox.out / "charts")
    (sandbox.out / "charts").write_text("my own notes")
    err = sandbox.refused("build", "{c}", "--out", "{o}")
    assert "charts: is not the charts folder talkgen made" in err
    assert (sandbox.out / "charts").read_text() == "my own notes"


def test_a_users_folder_inside_charts_is_never_deleted(sandbox: Sandbox) -> None:
    (sandbox.out / "charts" / "drafts").mkdir()
    (sandbox.out / "charts" / "drafts" / "mine.txt").write_text("mine")
    err = sandbox.refused("build", "{c}", "--out", "{o}")
    assert "drafts: is not a chart talkgen made" in err


@pytest.mark.parametrize("name", ["mentoring-on-twitter.pptx", "timing.md", ".talkgen-build.json"])
def test_a_folder_where_an_output_goes_is_a_located_error(sandbox: Sandbox, name: str) -> None:
    from talkgen.content import load_talk

    slug = load_talk(sandbox.content).info.file_slug
    name = name.replace("mentoring-on-twitter", slug)
    (sandbox.out / name).mkdir()
    (sandbox.out / name / "keep.txt").write_text("mine")
    err = sandbox.refused("build", "{c}", "--out", "{o}")
    assert f"{name}: is a folder; talkgen writes" in err


def test_a_stale_staging_folder_is_removed_and_a_live_ones_kept(sandbox: Sandbox) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    stale = sandbox.out / f".staging-{dead}-abc"
    old_style = sandbox.out / ".staging-xyz123"
    live = sandbox.out / f".staging-{os.getpid()}-def"
    for folder in (stale, old_style, live):
        folder.mkdir()
    result = sandbox.talkgen("build", "{c}", "--out", "{o}", "--only", "timing")
    assert result.exit_code in (0, 2), result.stderr
    assert not stale.exists() and not old_style.exists() and live.exists()


def test_a_build_stopped_by_sigterm_removes_its_staging_folder(sandbox: Sandbox) -> None:
    script = (
        "import os, signal, sys\n"
        "from talkgen.cli import _stop_on_signals\n"
        "from talkgen.build import BuildOptions, build_talk\n"
        "import talkgen.timing.writers as writers\n"
        "_stop_on_signals()\n"
        "write = writers.write_timing_files\n"
        "def staged_then_stopped(*args, **kwargs):\n"
        "    written = write(*args, **kwargs)  # into the staging folder\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    return written\n"
        "writers.write_timing_files = staged_then_stopped\n"
        "try:\n"
        f"    build_talk({str(sandbox.content)!r}, BuildOptions(out_dir={str(sandbox.out)!r},"
        " only=frozenset({'timing'})))\n"
        "except KeyboardInterrupt:\n"
        "    sys.exit(130)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 130, done.stderr
    assert not list(sandbox.out.glob(".staging-*"))
    assert not (sandbox.out / "timing.md").exists()


def test_the_fingerprint_skips_files_the_talk_does_not_use(sandbox: Sandbox) -> None:
    from talkgen.content import load_talk

    recording = sandbox.content / "recording.wav"
    with recording.open("wb") as handle:
        handle.truncate(600 << 20)  # sparse: 600 MB that take no disk space
    os.mkfifo(sandbox.content / "notes.md")
    files = load_talk(sandbox.content).source_files
    assert recording not in files and sandbox.content / "talk.yaml" in files
    assert sandbox.content / "quotes.yaml" in files


def test_a_qdpx_declaring_an_unknown_encoding_is_a_located_error(tmp_path: Path) -> None:
    # Found by tests/test_readers_fuzz.py: ElementTree raised LookupError (exit 1).
    from talkgen.errors import TalkgenError
    from talkgen.qda.refi import read_qdpx

    project = f'<?xml version="1.0" encoding="autf-8"?><Project xmlns="{NS}" name="x"/>'
    qdpx = write_zip(tmp_path / "odd.qdpx", {"project.qde": project})
    with pytest.raises(TalkgenError) as caught:
        read_qdpx(qdpx)
    assert "declares an encoding talkgen cannot read" in str(caught.value)


def test_a_template_with_a_damaged_layout_is_a_located_error(tmp_path: Path) -> None:
    # Found by tests/test_readers_fuzz.py: a layout without its shape tree (AttributeError).
    from talkgen.errors import TalkgenError
    from talkgen.geometry.template import describe_template, open_template

    template = tmp_path / "damaged.pptx"
    with (
        zipfile.ZipFile(TEMPLATES / "default.pptx") as source,
        zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            raw = source.read(info.filename)
            if info.filename == "ppt/slideLayouts/slideLayout1.xml":
                raw = raw.replace(b"p:spTree", b"p:spTreX")
            target.writestr(info.filename, raw)
    with pytest.raises(TalkgenError) as caught:
        describe_template(open_template(template), template)
    assert "layout 1 of master 1 of the template is damaged" in str(caught.value)
