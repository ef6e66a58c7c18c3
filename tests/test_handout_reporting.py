"""The handout's reporting appendix (COREQ/SRQR items from `method:`), read back from the PDF:
its words, its tags, and only the items the content gives; and `validate` naming the rest."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader
from test_handout import structure

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.content.reporting import REPORTING_ITEMS, missing_items
from talkgen.handout import build_handout, handout_document
from talkgen.plan import plan_talk

APPENDIX = "Appendix: how the study was done"
ITEM_TEXT = {
    "team": "Two librarians interviewed; neither knew the participants beforehand.",
    "sampling": "Purposive sampling through a call on the researcher's blog.",
    "data_collection": "Written answers in blog comments, blog posts and e-mails.",
    "analysis": "Inductive thematic analysis, themes derived from the data.",
    "coding": "Coded by both researchers in QualCoder 3.5.",
    "saturation": "No new themes appeared in the last three answers.",
    "ethics": "Approved by the Example University ethics committee (ref. 2013/042).",
}


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(path).pages))


def heading_tags(path: Path) -> list[str]:
    """The heading tags (/H1, /H2, ...) of the PDF's structure tree, in reading order."""
    return [tag for tag, _ in structure(path) if re.fullmatch(r"/H\d", tag)]


def talk_with(folder: Path, example: Path, items: dict[str, str]):
    shutil.copytree(example, folder)
    talk_file = folder / "talk.yaml"
    text = talk_file.read_text(encoding="utf-8")
    # Replace the example's own reporting fields with the ones given.
    text = re.sub(r"\n  # What the handout's appendix.*?(?=\nconclusion:)", "", text, flags=re.S)
    extra = "".join(f"  {key}: {value!r}\n" for key, value in items.items())
    text = text.replace("\nconclusion:", "\n" + extra + "conclusion:", 1)
    talk_file.write_text(text, encoding="utf-8")
    return load_talk(folder)


@pytest.fixture
def handout_of(tmp_path, example_dir):
    def build(items: dict[str, str]) -> Path:
        name = "-".join(items) or "none"
        talk = talk_with(tmp_path / name, example_dir, items)
        out = tmp_path / f"{name}.pdf"
        build_handout(plan_talk(talk), {}, out)
        return out

    return build


def test_the_document_lists_only_the_items_given_in_checklist_order(tmp_path, example_dir):
    talk = talk_with(tmp_path / "c", example_dir, {"ethics": "Yes.", "team": "Me."})
    reporting = handout_document(plan_talk(talk), {}).content["reporting"]
    assert [(r["heading"], r["guidelines"]) for r in reporting] == [
        ("Research team and reflexivity", "COREQ 1–8 · SRQR 6"),
        ("Ethics approval and consent", "SRQR 9"),
    ]
    assert [i.key for i in missing_items(talk.info.method)] == [
        "sampling",
        "data_collection",
        "analysis",
        "coding",
        "saturation",
    ]


def test_every_item_given_is_printed_under_its_own_tagged_heading(handout_of):
    everything = handout_of(ITEM_TEXT)
    nothing = handout_of({})
    text = pdf_text(everything)
    assert APPENDIX in text
    for item in REPORTING_ITEMS:
        assert item.heading in text
        assert ITEM_TEXT[item.key] in text
    assert APPENDIX not in pdf_text(nothing)
    with_tags = heading_tags(everything)
    without = heading_tags(nothing)
    # One H1 for the appendix and one H2 per item, added to the handout's own headings.
    assert with_tags.count("/H1") == without.count("/H1") + 1
    assert with_tags.count("/H2") == without.count("/H2") + len(REPORTING_ITEMS)
    assert with_tags[-len(REPORTING_ITEMS) - 1 :] == ["/H1"] + ["/H2"] * len(REPORTING_ITEMS)


def test_only_the_items_the_content_gives_are_printed(handout_of):
    some = handout_of({"coding": ITEM_TEXT["coding"], "ethics": ITEM_TEXT["ethics"]})
    text = pdf_text(some)
    assert "Who coded, and with what software" in text and ITEM_TEXT["coding"] in text
    assert "Ethics approval and consent" in text
    for item in REPORTING_ITEMS:
        if item.key not in ("coding", "ethics"):
            assert item.heading not in text
    assert heading_tags(some)[-3:] == ["/H1", "/H2", "/H2"]


def test_validate_lists_what_the_example_leaves_out_and_not_what_it_gives(example_dir):
    result = CliRunner().invoke(cli, ["validate", str(example_dir)])
    assert result.exit_code == 0
    listed = re.findall(r"\(method\.(\w+)\)", result.output)
    assert listed == ["team", "coding", "saturation", "ethics"]
    assert "reporting items left out" in result.output
