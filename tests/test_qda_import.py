"""`talkgen import qdpx`: the content folder it writes validates and holds the export's real
quotes and counts; bad input leaves nothing behind; a re-import keeps the speaker's edits."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from qda_samples import (
    NS,
    drop_selection,
    find,
    qc_expected,
    rewrite_qde,
    selection,
    text_source,
    write_zip,
    zip_members,
)

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.plan import plan_talk


@pytest.fixture(scope="module")
def imported(tmp_path_factory, qc_demo: Path) -> Path:
    """qc-demo imported once through the real command line (a subprocess)."""
    work = tmp_path_factory.mktemp("qc")
    result = subprocess.run(
        [sys.executable, "-m", "talkgen", "import", "qdpx", str(qc_demo), "--into", "talk"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (work / "summary.txt").write_text(result.stdout)
    return work / "talk"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_qc_demo_validates_and_plans(imported: Path):
    talk = load_talk(imported)
    plan = plan_talk(talk)
    assert [t.title for t in talk.themes] == [
        "rq1_definition",
        "rq2_curriculum_and_instruction",
        "rq3_process",
    ]
    assert [s.kind for s in plan.slides] == [
        "title",
        "method",
        "overview",
        "theme",
        "theme",
        "theme",
        "conclusion",
        "contact",
    ]
    assert plan.slides[2].chart == "code-counts"
    summary = (imported.parent / "summary.txt").read_text()
    assert "quotes:        158" in summary and "flagged:       0 quote(s)" in summary


def test_quotes_equal_the_source_text_slices_with_their_themes(imported: Path, qc_demo: Path):
    talk = load_talk(imported)
    titles = {t.id: t.title for t in talk.themes}
    got = Counter((q.text, frozenset(titles[t] for t in q.themes)) for q in talk.quotes)
    expected = Counter((text, codes) for _, text, codes in qc_expected(qc_demo))
    assert got == expected
    assert {q.participant for q in talk.quotes} == {"P01"}


def test_charts_show_the_real_code_counts(imported: Path, qc_demo: Path):
    expected = Counter(code for _, _, codes in qc_expected(qc_demo) for code in codes)
    with open(imported / "data" / "code-counts.csv", newline="") as handle:
        rows = {r["theme"]: int(r["segments"]) for r in csv.DictReader(handle)}
    assert rows == dict(expected)
    assert rows == {"rq1_definition": 58, "rq2_curriculum_and_instruction": 85, "rq3_process": 36}
    talk = load_talk(imported)
    chart = talk.chart("code-counts")
    assert chart.type == "bar"
    assert dict(zip(chart.categories, chart.series[0].values, strict=True)) == {
        k: float(v) for k, v in expected.items()
    }
    per_theme = {t.title: len(talk.quotes_for(t.id)) for t in talk.themes}
    assert per_theme == dict(expected)
    with open(imported / "data" / "participant-counts.csv", newline="") as handle:
        assert list(csv.reader(handle)) == [
            ["participant", "segments"],
            ["P01", "158"],
            ["P02", "0"],
        ]


def test_participants_are_pseudonymous_and_the_mapping_stays_outside(imported: Path):
    mapping = imported.parent / "talk.private" / "participants.csv"
    with open(mapping, newline="") as handle:
        assert [(r["id"], r["name"]) for r in csv.DictReader(handle)] == [
            ("P01", "board_2017"),
            ("P02", "admin-1"),
        ]
    assert (imported.parent / "talk.private" / ".gitignore").read_text().splitlines()[-1] == "*"
    for path in imported.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "board_2017" not in text and "admin-1" not in text, path
    assert (imported / "participants.csv").read_text() == "id\nP01\nP02\n"


def test_codebook_only_gives_themes_no_quotes_and_a_clear_note(shared_data: Path, tmp_path):
    result = _run(
        "import",
        "qdpx",
        str(shared_data / "qdpx" / "atlasti-codebook-only.qdpx"),
        "--into",
        str(tmp_path / "atlas"),
    )
    assert result.exit_code == 0, result.output
    assert "Note: the export holds no coded text, so the themes have no quotes" in result.output
    talk = load_talk(tmp_path / "atlas")
    assert [t.title for t in talk.themes] == ["Commits"]
    assert talk.quotes == [] and talk.participants == []
    assert [s.kind for s in plan_talk(talk).slides] == [
        "title",
        "text",
        "theme",
        "conclusion",
        "contact",
    ]


def test_existing_folder_is_not_overwritten_without_force(qc_demo: Path, example_copy: Path):
    before = _snapshot(example_copy)
    result = _run("import", "qdpx", str(qc_demo), "--into", str(example_copy))
    assert result.exit_code == 2
    assert "already holds files that talkgen import did not write" in result.output
    assert _snapshot(example_copy) == before
    result = _run("import", "qdpx", str(qc_demo), "--into", str(example_copy), "--force")
    assert result.exit_code == 0, result.output
    after = _snapshot(example_copy)
    assert after["deny-list.txt"] == before["deny-list.txt"]  # not an imported file: kept
    assert not any(name.startswith("themes/01-informal") for name in after)
    assert len(load_talk(example_copy).quotes) == 158


BAD_INPUTS = {
    "not a zip": (lambda qc, tmp: _text_file(tmp), "not a zip archive"),
    "no project.qde": (
        lambda qc, tmp: write_zip(tmp / "x.qdpx", {"a.txt": "hi"}),
        "holds no project.qde",
    ),
    "not REFI": (
        lambda qc, tmp: write_zip(tmp / "x.qdpx", {"project.qde": "<html/>"}),
        "not a REFI-QDA project",
    ),
    "missing code": (
        lambda qc, tmp: rewrite_qde(
            qc,
            tmp / "x.qdpx",
            lambda q: q.replace(
                'targetGUID="37613432-3130-6635-3839-613934656566"', 'targetGUID="nope"', 1
            ),
        ),
        "refers to a code that is not in the codebook",
    ),
    "offsets outside": (
        lambda qc, tmp: rewrite_qde(
            qc, tmp / "x.qdpx", lambda q: q.replace('endPosition="400"', 'endPosition="60000"', 1)
        ),
        "is outside the text",
    ),
    "missing source": (
        lambda qc, tmp: write_zip(
            tmp / "x.qdpx", {k: v for k, v in zip_members(qc).items() if "board" not in k}
        ),
        "is not in the export",
    ),
    "zip bomb": (lambda qc, tmp: _bomb(tmp), "this looks like a zip bomb"),
    "entity bomb": (
        lambda qc, tmp: rewrite_qde(
            qc,
            tmp / "x.qdpx",
            lambda q: '<!DOCTYPE Project [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + q,
        ),
        "declares XML entities",
    ),
}


def _bomb(tmp: Path) -> Path:
    path = tmp / "x.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", b" " * (20 * 1024 * 1024))
    return path


def _text_file(tmp: Path) -> Path:
    path = tmp / "x.qdpx"
    path.write_text("hello")
    return path


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_exit_2_and_leaves_the_good_folder_untouched(
    case, qc_demo, tmp_path, imported
):
    make, message = BAD_INPUTS[case]
    bad = make(qc_demo, tmp_path)
    target = tmp_path / "talk"
    import shutil

    shutil.copytree(imported, target)
    before = _snapshot(target)
    result = _run("import", "qdpx", str(bad), "--into", str(target))
    assert result.exit_code == 2
    assert message in result.output
    assert _snapshot(target) == before
    fresh = _run("import", "qdpx", str(bad), "--into", str(tmp_path / "new"))
    assert fresh.exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["talk", bad.name])


def test_a_failure_after_assembly_leaves_nothing_behind(qc_demo, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = _run(
        "import",
        "qdpx",
        str(qc_demo),
        "--into",
        str(tmp_path / "talk"),
        "--mapping",
        str(blocker / "participants.csv"),
    )
    assert result.exit_code == 2
    assert "cannot write the private participant mapping" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_mapping_inside_the_content_folder_is_refused(qc_demo, tmp_path):
    result = _run(
        "import",
        "qdpx",
        str(qc_demo),
        "--into",
        str(tmp_path / "talk"),
        "--mapping",
        str(tmp_path / "talk" / "names.csv"),
    )
    assert result.exit_code == 2
    assert "must not be inside the content folder" in result.output
    assert not (tmp_path / "talk").exists()


def test_another_project_is_not_merged_without_force(qc_demo, shared_data, tmp_path):
    assert _run("import", "qdpx", str(qc_demo), "--into", str(tmp_path / "t")).exit_code == 0
    result = _run(
        "import",
        "qdpx",
        str(shared_data / "qdpx" / "atlasti-codebook-only.qdpx"),
        "--into",
        str(tmp_path / "t"),
    )
    assert result.exit_code == 2
    assert "was imported from another project (qdpx 'qc project')" in result.output


def test_personal_data_in_quotes_is_flagged_in_the_summary(qc_demo, tmp_path):
    def plant(qde: str) -> str:
        return qde  # the source text is changed instead

    members = zip_members(qc_demo)
    text = members["sources/board_2017.txt"].decode()
    # Same length, so every offset still fits: an e-mail address inside the first selection.
    members["sources/board_2017.txt"] = (text[:320] + "Mail ab@cd.nz" + text[333:]).encode()
    path = write_zip(tmp_path / "pd.qdpx", members)
    result = _run("import", "qdpx", str(path), "--into", str(tmp_path / "t"))
    assert result.exit_code == 0, result.output
    assert "flagged:       1 quote(s) may hold personal data" in result.output
    assert "q001: an e-mail address (ab@cd.nz)" in result.output


def test_reimport_updates_the_export_and_keeps_the_speakers_edits(qc_demo, tmp_path):
    folder = tmp_path / "talk"
    assert _run("import", "qdpx", str(qc_demo), "--into", str(folder)).exit_code == 0
    expected = {guid: text for guid, text, _ in qc_expected(qc_demo)}
    guids = [guid for guid, _, _ in qc_expected(qc_demo)]
    talk = load_talk(folder)
    by_text = {q.text: q.id for q in talk.quotes}
    first, second, third, fifth = (
        by_text[expected[g]] for g in (guids[0], guids[1], guids[2], guids[4])
    )

    # The speaker edits: a theme's title and notes, a quote's text, deletes a quote, features
    # one, adds one of her own, and fills in talk.yaml.
    rq1 = folder / "themes" / "01-rq1-definition.md"
    rq1.write_text(
        rq1.read_text().replace("title: rq1_definition", "title: What CS is\nnotes: My own words.")
    )
    quotes = yaml.safe_load((folder / "quotes.yaml").read_text())
    for quote in quotes:
        if quote["id"] == second:
            quote["text"] = "My trimmed version."
        if quote["id"] == fifth:
            quote["featured"] = True
    quotes = [q for q in quotes if q["id"] != third]
    quotes.append(
        {
            "id": "mine",
            "participant": "P02",
            "themes": ["rq3-process"],
            "text": "A quote I typed in myself.",
        }
    )
    (folder / "quotes.yaml").write_text(yaml.safe_dump(quotes, sort_keys=False))
    talk_yaml = folder / "talk.yaml"
    talk_yaml.write_text(talk_yaml.read_text().replace("Your Name", "Dr Speaker"))

    # A newer export: the first selection is shorter, the fifth is gone, rq2 gained a
    # description and rq3 a new name.
    def newer(qde: str) -> str:
        qde = qde.replace(
            'startPosition="320" endPosition="400"', 'startPosition="320" endPosition="350"', 1
        )
        qde = drop_selection(qde, guids[4])
        qde = qde.replace(
            'name="rq2_curriculum_and_instruction" guid="36326233-3131-3934-3933-'
            '636439333536" isCodable="true">',
            'name="rq2_curriculum_and_instruction" guid="36326233-3131-3934-3933-'
            '636439333536" isCodable="true"><Description>What is taught, and how.'
            "</Description>",
            1,
        )
        return qde.replace('name="rq3_process"', 'name="Process"', 1)

    newer_path = rewrite_qde(qc_demo, tmp_path / "newer.qdpx", newer)
    assert 'name="Process"' in zip_members(newer_path)["project.qde"].decode()
    result = _run("import", "qdpx", str(newer_path), "--into", str(folder))
    assert result.exit_code == 0, result.output
    assert "Re-imported" in result.output and "kept your edited talk.yaml" in result.output

    talk = load_talk(folder)
    themes = {t.id: t for t in talk.themes}
    assert themes["rq1-definition"].title == "What CS is"  # edited: kept
    assert themes["rq1-definition"].notes == "My own words."
    assert themes["rq2-curriculum-and-instruction"].summary == "What is taught, and how."
    assert themes["rq3-process"].title == "Process"  # not edited: updated, id unchanged
    quotes = {q.id: q for q in talk.quotes}
    assert quotes[first].text == expected[guids[0]][:30].strip()  # updated from the export
    assert quotes[second].text == "My trimmed version."  # edited: kept
    assert third not in quotes  # deleted by the speaker: stays deleted
    # The fifth left the export, but the speaker had featured it: hers now, kept.
    assert quotes[fifth].featured and quotes[fifth].text == expected[guids[4]]
    assert quotes["mine"].text == "A quote I typed in myself."
    assert talk.info.speaker == "Dr Speaker"
    assert len(talk.quotes) == 158 - 1 + 1

    # And again with no change: nothing moves.
    before = _snapshot(folder)
    assert _run("import", "qdpx", str(newer_path), "--into", str(folder)).exit_code == 0
    assert _snapshot(folder) == before


def test_unedited_quote_that_left_the_export_is_removed(qc_demo, tmp_path):
    folder = tmp_path / "talk"
    assert _run("import", "qdpx", str(qc_demo), "--into", str(folder)).exit_code == 0
    guid, text, _ = qc_expected(qc_demo)[7]
    newer = rewrite_qde(qc_demo, tmp_path / "newer.qdpx", lambda q: drop_selection(q, guid))
    result = _run("import", "qdpx", str(newer), "--into", str(folder))
    assert result.exit_code == 0, result.output
    assert "quotes: 0 added, 0 updated, 1 removed" in result.output
    assert text not in [q.text for q in load_talk(folder).quotes]


def test_import_help_has_an_example():
    result = _run("import", "qdpx", "--help")
    assert "talkgen import qdpx interviews.qdpx --into my-talk" in result.output
    assert os.linesep or True


# ---- issue 12, finding 9: a theme level with more themes than the slot shows -------------------


def _many_codes_project(path: Path, count: int) -> Path:
    """A project with `count` top-level codes; code i is coded (count - i) times, so the first
    codes have the most coded segments."""
    codes = "".join(
        f'<Code guid="c{i:03d}" name="Code {i:03d}" isCodable="true"/>' for i in range(count)
    )
    words = [f"word{n}" for n in range(count * (count + 1) // 2 + 1)]
    text = " ".join(words)
    selections, n = [], 0
    for i in range(count):
        for _ in range(count - i):
            start, end = find(text, words[n])
            selections.append(selection(f"s{n:05d}", start, end, [f"c{i:03d}"]))
            n += 1
    project = (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="many codes" '
        f'origin="hand-written test"><CodeBook><Codes>{codes}</Codes></CodeBook><Sources>'
        + text_source("src-1", "Interview 1", selections, inline=text)
        + "</Sources></Project>"
    )
    return write_zip(path, {"project.qde": project})


def test_a_theme_level_with_too_many_themes_still_imports(tmp_path: Path) -> None:
    # Finding 9: 118 codes at --theme-level 3 exited 2 with "the fixed times leave too little
    # for the other slides" (there were none), on one line of about 5,000 characters.
    project = _many_codes_project(tmp_path / "many.qdpx", 20)
    into = tmp_path / "talk"
    result = CliRunner().invoke(cli, ["import", "qdpx", str(project), "--into", str(into)])
    assert result.exit_code == 0, result.stderr
    talk = load_talk(into)
    assert len(talk.themes) == 20
    on_slides = [e.theme for e in talk.info.outline if e.kind == "theme"]
    titles = {t.id: t.title for t in talk.themes}
    assert [titles[t] for t in on_slides] == [f"Code {i:03d}" for i in range(8)]
    (warning,) = [line for line in result.stderr.splitlines() if "not on a slide" in line]
    assert warning.startswith(f"{into / 'talk.yaml'}:")
    assert "12 of the 20 themes are not on a slide" in warning and " — " in warning
    assert len(warning) < 400
    assert plan_talk(talk).planned_total == 600


def test_a_failed_first_import_names_no_folder_that_was_not_written(tmp_path: Path) -> None:
    from talkgen.errors import ContentError
    from talkgen.qda.importer import _check

    assembled = tmp_path / ".assembled"
    shutil.copytree(Path(__file__).resolve().parents[1] / "content", assembled)
    talk_file = assembled / "talk.yaml"
    talk_file.write_text(talk_file.read_text().replace("pace: 130", "pace: 10000"))
    into = tmp_path / "never-written"
    with pytest.raises(ContentError) as caught:
        _check(assembled, into)
    lines = [p.format() for p in caught.value.problems]
    assert not any(str(into) + "/" in line for line in lines), lines
    assert lines[0].startswith("talkgen: the imported talk.yaml:10: pace: 10000 is out of range")
    assert lines[-1].startswith(
        f"talkgen: the import would make content that does not validate, so {into} was not written"
    )
    assert not into.exists()


def _level_with_most_codes(qdpx: Path) -> tuple[int, int]:
    """The depth of the export's codebook that holds the most codes, and how many (read with the
    standard library, not the importer)."""
    import xml.etree.ElementTree as ET  # the shared file is trusted

    root = ET.fromstring(zip_members(qdpx)["project.qde"])
    depths: Counter[int] = Counter()

    def walk(element, depth: int) -> None:
        for code in element.findall(f"{{{NS}}}Code"):
            depths[depth] += 1
            walk(code, depth + 1)

    walk(root.find(f"{{{NS}}}CodeBook/{{{NS}}}Codes"), 1)
    return max(depths.items(), key=lambda item: item[1])


@pytest.fixture(scope="module")
def many_themes(tmp_path_factory, qc_demo: Path):
    """qc-demo imported at the codebook level with the most codes, through the real command line."""
    level, codes = _level_with_most_codes(qc_demo)
    assert codes > 100  # the shared export's level 3: the "118 codes at level 3"
    work = tmp_path_factory.mktemp("qc-many")
    result = subprocess.run(
        [sys.executable, "-m", "talkgen", "import", "qdpx", str(qc_demo), "--into", "talk"]
        + ["--theme-level", str(level)],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    return work, result


def test_the_real_export_at_its_largest_level_imports_with_the_most_coded_on_slides(many_themes):
    # Finding 9 on real material: the shared qc export at the level with the most codes.
    work, result = many_themes
    assert result.returncode == 0, result.stderr
    into = work / "talk"
    with open(into / "data" / "code-counts.csv", newline="") as handle:
        segments = {r["theme"]: int(r["segments"]) for r in csv.DictReader(handle)}
    talk = load_talk(into)
    assert len(talk.themes) == len(list((into / "themes").glob("*.md"))) > 100
    on_slides = [e.theme for e in talk.info.outline if e.kind == "theme"]
    titles = {t.id: t.title for t in talk.themes}
    assert len(on_slides) == 8
    least_shown = min(segments[titles[t]] for t in on_slides)
    # Every theme left off has no more coded segments than the least coded one on a slide.
    assert all(segments[t.title] <= least_shown for t in talk.themes if t.id not in on_slides)
    (warning,) = [line for line in result.stderr.splitlines() if "not on a slide" in line]
    left_off = len(talk.themes) - 8
    assert warning.startswith("talk/talk.yaml:") or warning.startswith(f"{into}/talk.yaml:")
    assert f"{left_off} of the {len(talk.themes)} themes are not on a slide" in warning
    assert " — " in warning and len(warning) < 400
    # Every file or folder the messages name was written.
    named = [
        re.search(r" into (\S+)/$", result.stdout.splitlines()[0]).group(1),
        re.search(r"private mapping of participants: (\S+) ", result.stdout).group(1),
        re.match(r"(\S+):\d+: warning", warning).group(1),
        re.search(r"Next: talkgen validate (\S+)$", result.stdout, re.MULTILINE).group(1),
    ]
    assert all((work / path).exists() for path in named), named
    plan = plan_talk(talk)
    assert plan.planned_total == 600 and len(plan.slides) <= 14


def test_the_real_export_at_its_largest_level_validates(many_themes):
    work, _ = many_themes
    result = subprocess.run(
        [sys.executable, "-m", "talkgen", "validate", "talk"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr
