"""One study, several talks: talks/*.yaml share the research, choose their themes, and keep
their outputs and rehearsals apart (talkgen/content/study.py and the commands' --talk)."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pypdf import PdfReader

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.content.study import choose_talks, talk_names
from talkgen.errors import ContentError
from talkgen.plan import plan_talk

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "content"
IGNITE = REPO / "tests" / "fixtures" / "lianza-study" / "talks" / "ignite.yaml"
# The theme the Ignite version leaves out, as the research files name it.
LEFT_OUT_ID = "peer-mentoring"


def _left_out_words() -> list[str]:
    """The left-out theme's title and the text of the one featured quote only it has."""
    theme = (EXAMPLE / "themes" / "04-peer-mentoring.md").read_text()
    title = next(line for line in theme.splitlines() if line.startswith("title:"))
    return [title.removeprefix("title:").strip(), "just out of library school"]


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """The LIANZA study as a study folder: content/'s research, content/talk.yaml as
    talks/lightning.yaml, and the Ignite version of the docs' worked example."""
    root = tmp_path / "study"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("talk.yaml", "README.md"))
    (root / "talks").mkdir()
    shutil.copy(EXAMPLE / "talk.yaml", root / "talks" / "lightning.yaml")
    shutil.copy(IGNITE, root / "talks" / "ignite.yaml")
    return root


def test_a_study_has_its_talks_by_name(study: Path) -> None:
    assert talk_names(study) == ["ignite", "lightning"]
    assert choose_talks(study) == ["ignite", "lightning"]
    assert choose_talks(study, "ignite") == ["ignite"]
    assert talk_names(EXAMPLE) is None
    assert choose_talks(EXAMPLE) == [None]


def test_a_talk_shows_only_its_themes(study: Path) -> None:
    ignite = load_talk(study, talk="ignite")
    assert ignite.name == "ignite"
    assert ignite.talk_file == study / "talks" / "ignite.yaml"
    assert [t.id for t in ignite.themes] == [
        "informal-mentoring",
        "personal-learning-network",
        "supportive-relationships",
        "understandings",
    ]
    assert ignite.themes_in_study == 5
    assert all(LEFT_OUT_ID not in q.themes for q in ignite.quotes)
    assert "q10" not in {q.id for q in ignite.quotes}  # linked to the left-out theme only
    assert "q11" in {q.id for q in ignite.quotes}  # also linked to a chosen theme
    assert all(c.theme != LEFT_OUT_ID for c in ignite.codings)
    assert LEFT_OUT_ID not in ignite.raised_by()
    lightning = load_talk(study, talk="lightning")
    assert len(lightning.themes) == lightning.themes_in_study == 5


def test_the_ignite_version_keeps_its_format(study: Path) -> None:
    plan = plan_talk(load_talk(study, talk="ignite"))
    assert len(plan.slides) == 20
    assert {s.planned_seconds for s in plan.slides} == {15}


def test_validate_checks_every_talk(study: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(study)])
    assert result.exit_code == 0, result.output
    assert "talk ignite (talks/ignite.yaml)" in result.output
    assert "talk lightning (talks/lightning.yaml)" in result.output
    assert "4 of the study's 5" in result.output
    one = CliRunner().invoke(cli, ["validate", str(study), "--talk", "ignite"])
    assert one.exit_code == 0
    assert "lightning" not in one.output


def test_an_unknown_talk_is_named_with_the_talks_there_are(study: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(study), "--talk", "ingite"])
    assert result.exit_code == 2
    assert "no talk named 'ingite'" in result.stderr
    assert "did you mean 'ignite'?" in result.stderr
    assert "ignite, lightning" in result.stderr


def test_talk_on_a_single_talk_folder_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(EXAMPLE), "--talk", "lightning"])
    assert result.exit_code == 2
    assert "holds a single talk" in result.stderr
    assert "move talk.yaml to talks/NAME.yaml" in result.stderr


@pytest.mark.parametrize("command", ["timing", "rehearse"])
def test_one_talk_commands_ask_which_talk(study: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [command, str(study), "--out", str(out)])
    assert result.exit_code == 2
    assert "this study has 2 talks (ignite, lightning)" in result.stderr
    assert "--talk ignite" in result.stderr
    assert not out.exists()


def test_outline_naming_a_left_out_theme_is_located(study: Path) -> None:
    talk_file = study / "talks" / "ignite.yaml"
    text = talk_file.read_text().replace("theme: understandings", f"theme: {LEFT_OUT_ID}")
    talk_file.write_text(text)
    line = text.splitlines().index(f"    theme: {LEFT_OUT_ID}") + 1
    with pytest.raises(ContentError) as caught:
        load_talk(study, talk="ignite")
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == (talk_file, line)
    assert f"theme '{LEFT_OUT_ID}' is left out of this talk by `themes:`" in problem.message
    assert "add it to themes:" in problem.hint


def test_unknown_theme_in_themes_is_located(study: Path) -> None:
    talk_file = study / "talks" / "ignite.yaml"
    text = talk_file.read_text().replace("  - understandings\n", "  - understanding\n")
    talk_file.write_text(text)
    line = text.splitlines().index("  - understanding") + 1
    with pytest.raises(ContentError) as caught:
        load_talk(study, talk="ignite")
    messages = [(p.line, p.message, p.hint) for p in caught.value.problems]
    assert (line, "themes: unknown theme 'understanding'") in [(m[0], m[1]) for m in messages]
    assert any("did you mean 'understandings'?" in m[2] for m in messages)


def test_an_empty_theme_choice_is_an_error(study: Path) -> None:
    talk_file = study / "talks" / "lightning.yaml"
    talk_file.write_text(talk_file.read_text() + "themes: []\n")
    with pytest.raises(ContentError) as caught:
        load_talk(study, talk="lightning")
    assert any("the list is empty" in p.message for p in caught.value.problems)


def test_talk_yaml_beside_talks_is_an_error(study: Path) -> None:
    shutil.copy(EXAMPLE / "talk.yaml", study / "talk.yaml")
    result = CliRunner().invoke(cli, ["validate", str(study)])
    assert result.exit_code == 2
    assert "talk.yaml: a talk.yaml beside a talks/ folder" in result.stderr


def test_a_talk_file_name_must_suit_a_folder(study: Path) -> None:
    shutil.copy(IGNITE, study / "talks" / "My Ignite.yaml")
    result = CliRunner().invoke(cli, ["validate", str(study)])
    assert result.exit_code == 2
    assert "'My Ignite' cannot name a talk" in result.stderr


def test_an_empty_talks_folder_says_what_to_add(tmp_path: Path) -> None:
    root = tmp_path / "study"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("talk.yaml"))
    (root / "talks").mkdir()
    (root / "talks" / ".#lightning.yaml").write_text("an editor's lock file")
    result = CliRunner().invoke(cli, ["validate", str(root)])
    assert result.exit_code == 2
    assert "talks: no talk files" in result.stderr


def test_init_study_makes_two_talks_that_validate(tmp_path: Path) -> None:
    folder = tmp_path / "my-study"
    made = CliRunner().invoke(cli, ["init", str(folder), "--study"])
    assert made.exit_code == 0, made.output
    assert "talks/lightning.yaml" in made.output
    assert not (folder / "talk.yaml").exists()
    assert talk_names(folder) == ["ignite", "lightning"]
    result = CliRunner().invoke(cli, ["validate", str(folder), "--strict"])
    assert result.exit_code == 0, result.output + result.stderr
    assert "2 of the study's 3" in result.output
    plan = plan_talk(load_talk(folder, talk="ignite"))
    assert len(plan.slides) == 20


def _deck_text(path: Path) -> str:
    """Every word of a deck: slide text, notes and alt text (descr) of every part."""
    with zipfile.ZipFile(path) as package:
        return " ".join(
            package.read(name).decode()
            for name in package.namelist()
            if name.startswith(("ppt/slides/", "ppt/notesSlides/")) and name.endswith(".xml")
        )


@pytest.mark.slow
def test_build_makes_each_talk_in_its_own_folder(study: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(study), "--out", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    ignite, lightning = out / "ignite", out / "lightning"
    assert (lightning / "twitter-mentoring.pptx").is_file()
    assert (lightning / "twitter-mentoring-handout.pdf").is_file()
    assert (ignite / "twitter-mentoring-ignite.pptx").is_file()
    assert (ignite / "twitter-mentoring-ignite-handout.pdf").is_file()
    assert not (out / "timing.md").exists() and not (out / "charts").exists()

    # The Ignite deck keeps its format: 20 slides that advance by themselves after 15 s.
    deck = Presentation(str(ignite / "twitter-mentoring-ignite.pptx"))
    assert len(deck.slides) == 20
    advance = [
        slide.element.find(
            "{http://schemas.openxmlformats.org/presentationml/2006/main}transition"
        ).get("advTm")
        for slide in deck.slides
    ]
    assert advance == ["15000"] * 20

    # The theme the Ignite version leaves out is nowhere in its outputs.
    texts = {
        "deck": _deck_text(ignite / "twitter-mentoring-ignite.pptx"),
        "handout": " ".join(
            page.extract_text()
            for page in PdfReader(ignite / "twitter-mentoring-ignite-handout.pdf").pages
        ),
        "charts": " ".join(path.read_text() for path in (ignite / "charts").glob("*.svg")),
        "timing": (ignite / "timing.md").read_text(),
    }
    for where, text in texts.items():
        flat = " ".join(text.split())
        for words in _left_out_words():
            assert words not in flat, f"{words!r} in the Ignite {where}"
    assert "4 of the study's 5 themes" in " ".join(texts["handout"].split())
    manifest = json.loads((ignite / ".talkgen-build.json").read_text())["chart_manifest"]
    prevalence = next(c for c in manifest if c["id"] == "prevalence")
    assert prevalence["alt"].startswith("Bar chart of 4 of the study's 5 themes.")
    # The lightning talk shows them all.
    lightning_text = " ".join(_deck_text(lightning / "twitter-mentoring.pptx").split())
    assert _left_out_words()[0] in lightning_text


def _log(folder: Path, talk: str) -> Path:
    """A short finished rehearsal of `talk` in the study, written as `talkgen rehearse` does."""
    from datetime import UTC, datetime

    from talkgen.timing.rehearsal import RehearsalLog, start_record

    plan = plan_talk(load_talk(folder.parents[2] / "study", talk=talk))
    path = folder / "2026-11-30T10-00-00Z.jsonl"
    log = RehearsalLog(path)
    log.write(start_record(plan, datetime(2026, 11, 30, 10, tzinfo=UTC)))
    t = 0.0
    for number, slide in enumerate(plan.slides, start=1):
        if number > 1:
            log.write({"event": "show", "t": t, "slide": number})
        t += slide.planned_seconds
    log.write({"event": "finish", "t": t})
    log.close()
    return path


def test_rehearsals_stay_with_their_talk(study: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _log(out / "ignite" / "rehearsals", "ignite")
    ignite = CliRunner().invoke(cli, ["timing", str(study), "--talk", "ignite", "--out", str(out)])
    assert ignite.exit_code == 0, ignite.output + ignite.stderr
    lightning = CliRunner().invoke(
        cli, ["timing", str(study), "--talk", "lightning", "--out", str(out)]
    )
    assert lightning.exit_code == 0, lightning.output + lightning.stderr
    ignite_report = json.loads((out / "ignite" / "timing.json").read_text())
    lightning_report = json.loads((out / "lightning" / "timing.json").read_text())
    assert len(ignite_report["rehearsals"]) == 1
    assert lightning_report["rehearsals"] == []
    assert not (out / "timing.json").exists()


def test_a_rehearsal_of_another_talk_is_never_applied(study: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    # A lightning rehearsal copied into the Ignite's folder, as a copied out/ would hold it.
    _log(out / "ignite" / "rehearsals", "lightning")
    result = CliRunner().invoke(cli, ["timing", str(study), "--talk", "ignite", "--out", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    assert "is left out: it is a rehearsal of talk 'lightning', not of talk 'ignite'" in (
        " ".join(result.output.split())
    )
    report = json.loads((out / "ignite" / "timing.json").read_text())
    assert report["rehearsals"] == []


def test_a_log_that_names_no_talk_is_known_by_its_slot(study: Path, tmp_path: Path) -> None:
    """Logs written before they named their talk: the ten-minute talk's rehearsal, copied into
    its Ignite version's folder, is known by the slot it was rehearsed for."""
    out = tmp_path / "out"
    path = _log(out / "ignite" / "rehearsals", "lightning")
    lines = path.read_text().splitlines()
    start = json.loads(lines[0])
    del start["talk_name"]
    path.write_text("\n".join([json.dumps(start), *lines[1:]]) + "\n")
    from talkgen.timing import build_report, load_rehearsals

    plan = plan_talk(load_talk(study, talk="ignite"))
    rehearsals, problems = load_rehearsals(out / "ignite" / "rehearsals")
    assert problems == [] and len(rehearsals) == 1
    report = build_report(plan, rehearsals)
    assert report.rehearsals == ()
    assert any("rehearsed for a 10:00 slot, and this talk has 5:00" in w for w in report.warnings)


def test_a_log_whose_slides_are_not_the_talks_is_left_out(study: Path) -> None:
    from talkgen.timing import build_report
    from talkgen.timing.rehearsal import Rehearsal, RehearsedSlide

    plan = plan_talk(load_talk(study, talk="lightning"))
    strange = tuple(RehearsedSlide(n, f"other-{n}", f"Other slide {n}", 30.0) for n in range(1, 9))
    foreign = Rehearsal("other", "2026-11-30T10:00:00+00:00", strange, complete=True)
    report = build_report(plan, [foreign])
    assert report.rehearsals == ()
    assert any("only 0 of its 8 slides are in this talk's outline" in w for w in report.warnings)


def test_a_rehearsal_of_an_older_outline_says_what_it_lacks(study: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _log(out / "lightning" / "rehearsals", "lightning")
    talk_file = study / "talks" / "lightning.yaml"
    # A slide added after the rehearsal: the rehearsal still counts, by key, and says so.
    talk_file.write_text(
        talk_file.read_text().replace(
            "  - kind: conclusion\n",
            "  - kind: text\n    title: A new slide\n    notes: Said since.\n"
            "  - kind: conclusion\n",
        )
    )
    result = CliRunner().invoke(
        cli, ["timing", str(study), "--talk", "lightning", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output + result.stderr
    flat = " ".join(result.output.split())
    assert "is of an older outline: it has no time for slide(s) 11 (A new slide)" in flat
    report = json.loads((out / "lightning" / "timing.json").read_text())
    assert len(report["rehearsals"]) == 1
