"""Reading REFI-QDA projects: the real exports in ../shared/data/qdpx, and hand-made ones for
line endings, byte-order marks, characters outside the BMP, cases and bad input."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from qda_samples import (
    find,
    qc_expected,
    rewrite_qde,
    selection,
    text_source,
    tiny_project,
    write_zip,
    zip_members,
)

from talkgen.errors import TalkgenError
from talkgen.qda.offsets import Counting, SourceText, slice_text
from talkgen.qda.refi import read_qdpx

EMOJI_TEXT = (
    "Line one \U0001f600 says hello there.\r\nSecond line: I trust my peers on "
    "Twitter \U0001f426 every day.\r\nThird \U0001f389 line is about networks and more."
)


def _messages(excinfo: pytest.ExceptionInfo) -> str:
    return "\n".join(p.format() for p in excinfo.value.problems)


def test_qc_demo_gives_top_level_codes_as_themes_and_every_selection_as_a_segment(qc_demo):
    study = read_qdpx(qc_demo)
    expected = qc_expected(qc_demo)
    assert len(expected) == 158
    assert [t.name for t in study.themes] == [
        "rq1_definition",
        "rq2_curriculum_and_instruction",
        "rq3_process",
    ]
    names = {t.key: t.name for t in study.themes}
    got = sorted((s.key, s.text, frozenset(names[k] for k in s.themes)) for s in study.segments)
    assert got == sorted(expected)
    assert study.origin == "qc 1.3.2" and study.participants_from == "sources"
    assert [p.name for p in study.participants] == ["board_2017", "admin-1"]


def test_theme_level_two_takes_the_codes_one_level_down(qc_demo):
    study = read_qdpx(qc_demo, theme_level=2)
    names = [t.name for t in study.themes]
    assert "competencies" in names and "curriculum" in names and "identity" in names
    assert "rq1_definition" not in names
    # `rationales` (level 2) was itself used to code one selection and has children folded in.
    rationales = next(t for t in study.themes if t.name == "rationales")
    assert "equity" in rationales.folded


def test_codebook_only_export_gives_themes_and_a_note(shared_data: Path):
    study = read_qdpx(shared_data / "qdpx" / "atlasti-codebook-only.qdpx")
    assert [t.name for t in study.themes] == ["Commits"]
    assert study.segments == () and study.participants == ()
    assert any("no coded text" in note for note in study.notes)


def _tiny(
    tmp_path: Path, units: str = "code points", bom: bool = True, name: str = "tiny.qdpx", **extra
) -> Path:
    text = EMOJI_TEXT
    peers = "I trust my peers on Twitter \U0001f426 every day."
    across = "says hello there.\r\nSecond line"
    nets = "Third \U0001f389 line is about networks"
    selections = [
        selection("sel-peers", *find(text, peers, units), ["c-peers"], name=peers),
        selection(
            "sel-across",
            *find(text, across, units),
            ["c-trust", "c-net"],
            name=across.replace("\r\n", " "),
        ),
        selection("sel-nets", *find(text, nets, units), ["c-net"], name=nets),
    ]
    raw = ("\ufeff" if bom else "") + text
    sources = text_source("s1", "Interview with Jane Roe", selections, path="internal://s1.txt")
    members = {"project.qde": tiny_project(sources, **extra), "sources/s1.txt": raw}
    return write_zip(tmp_path / name, members)


def test_offsets_in_code_points_with_bom_crlf_and_emoji(tmp_path):
    study = read_qdpx(_tiny(tmp_path))
    texts = {s.key: s.text for s in study.segments}
    assert texts == {
        "sel-peers": "I trust my peers on Twitter \U0001f426 every day.",
        "sel-across": "says hello there.\nSecond line",
        "sel-nets": "Third \U0001f389 line is about networks",
    }
    assert study.warnings == ()
    themes = {t.key: t for t in study.themes}
    assert themes["c-trust"].color == "#E69F00"
    assert themes["c-trust"].description == "People rely on those they follow."
    assert dict((s.key, s.themes) for s in study.segments)["sel-across"] == ("c-trust", "c-net")


def test_offsets_counted_in_utf16_units_are_recognised_and_reported(tmp_path):
    study = read_qdpx(_tiny(tmp_path, units="utf-16"))
    assert {s.key: s.text for s in study.segments}["sel-nets"] == (
        "Third \U0001f389 line is about networks"
    )
    assert len(study.warnings) == 1
    assert "UTF-16 code units" in study.warnings[0].message


def test_offsets_counting_crlf_as_one_character_are_recognised(tmp_path):
    study = read_qdpx(_tiny(tmp_path, units="crlf-as-one"))
    assert {s.key: s.text for s in study.segments}["sel-nets"] == (
        "Third \U0001f389 line is about networks"
    )
    assert "CRLF as one character" in study.warnings[0].message


def test_offsets_that_match_no_counting_are_reported_as_mismatches(tmp_path):
    path = _tiny(tmp_path)
    start, end = find(EMOJI_TEXT, "Third \U0001f389 line is about networks")

    def shift(qde: str) -> str:  # three characters late, as no counting convention explains
        return qde.replace(
            f'startPosition="{start}" endPosition="{end}"',
            f'startPosition="{start + 3}" endPosition="{end + 3}"',
        )

    broken = rewrite_qde(path, tmp_path / "broken.qdpx", shift)
    with pytest.raises(TalkgenError) as excinfo:
        read_qdpx(broken)
    message = _messages(excinfo)
    assert "is 'rd \U0001f389 line is about networks an' but the selection says 'Third" in message
    assert "Interview with Jane Roe" in message


def test_cases_give_participants_with_variables_and_names_stay_out(tmp_path):
    variables = (
        '<Variables><Variable guid="v1" name="Country" typeOfVariable="Text"/>'
        '<Variable guid="v2" name="Full name" typeOfVariable="Text"/></Variables>'
    )
    cases = (
        '<Cases><Case guid="k1" name="Jane Roe"><VariableValue><VariableRef targetGUID="v1"/>'
        "<TextValue>New Zealand</TextValue></VariableValue><VariableValue>"
        '<VariableRef targetGUID="v2"/><TextValue>Jane Roe</TextValue></VariableValue>'
        '<SourceRef targetGUID="s1"/></Case></Cases>'
    )
    study = read_qdpx(_tiny(tmp_path, variables=variables, cases=cases))
    assert study.participants_from == "cases"
    assert [(p.name, p.attributes) for p in study.participants] == [
        ("Jane Roe", {"country": "New Zealand"})
    ]
    assert {s.participant for s in study.segments} == {"Jane Roe"}
    assert any("Full name" in note for note in study.notes)


def test_inline_plain_text_content(tmp_path):
    text = "We met on Twitter and kept talking for years."
    sources = text_source(
        "s9", "Inline", [selection("x", *find(text, "kept talking"), ["c-net"])], inline=text
    )
    study = read_qdpx(write_zip(tmp_path / "inline.qdpx", {"project.qde": tiny_project(sources)}))
    assert [s.text for s in study.segments] == ["kept talking"]


# Bad input: every case is a TalkgenError whose message says what is wrong.


def test_not_a_zip(tmp_path):
    path = tmp_path / "notes.qdpx"
    path.write_text("just some text")
    with pytest.raises(TalkgenError, match="not a zip archive"):
        read_qdpx(path)


def test_zip_without_project_qde(tmp_path):
    path = write_zip(tmp_path / "empty.qdpx", {"sources/a.txt": "hello"})
    with pytest.raises(TalkgenError, match="holds no project.qde"):
        read_qdpx(path)


def test_xml_that_is_not_refi_qda(tmp_path):
    path = write_zip(tmp_path / "html.qdpx", {"project.qde": "<html><body>hi</body></html>"})
    with pytest.raises(TalkgenError, match="root element is <html>"):
        read_qdpx(path)


def test_malformed_xml(tmp_path):
    path = write_zip(tmp_path / "cut.qdpx", {"project.qde": '<Project xmlns="x"><CodeBook>'})
    with pytest.raises(TalkgenError, match="not well-formed XML"):
        read_qdpx(path)


def test_coderef_to_a_missing_code(qc_demo, tmp_path):
    path = rewrite_qde(
        qc_demo,
        tmp_path / "ref.qdpx",
        lambda qde: qde.replace(
            'targetGUID="37613432-3130-6635-3839-613934656566"',
            'targetGUID="00000000-dead-beef-0000-000000000000"',
            1,
        ),
    )
    with pytest.raises(TalkgenError) as excinfo:
        read_qdpx(path)
    assert "refers to a code that is not in the codebook" in _messages(excinfo)
    assert "00000000-dead-beef-0000-000000000000" in _messages(excinfo)


def test_offsets_outside_the_text(qc_demo, tmp_path):
    path = rewrite_qde(
        qc_demo,
        tmp_path / "far.qdpx",
        lambda qde: qde.replace(
            'startPosition="320" endPosition="400"', 'startPosition="320" endPosition="99999"', 1
        ),
    )
    with pytest.raises(TalkgenError) as excinfo:
        read_qdpx(path)
    assert "characters 320-99999 is outside the text (52543 characters)" in _messages(excinfo)


def test_missing_source_file(qc_demo, tmp_path):
    members = zip_members(qc_demo)
    del members["sources/board_2017.txt"]
    path = write_zip(tmp_path / "nosource.qdpx", members)
    with pytest.raises(TalkgenError, match="source file 'board_2017.txt' is not in the export"):
        read_qdpx(path)


def test_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", b" " * (20 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    with pytest.raises(TalkgenError, match="zip bomb"):
        read_qdpx(path)


def test_xml_entity_bomb_is_refused(tmp_path):
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    qde = (
        f'<?xml version="1.0"?><!DOCTYPE Project [{entities}]>'
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="&i;"/>'
    )
    path = write_zip(tmp_path / "laughs.qdpx", {"project.qde": qde})
    with pytest.raises(TalkgenError, match="declares XML entities"):
        read_qdpx(path)


_ALPHABET = st.sampled_from(list("ab c\u00e9\u4e2d") + ["\r\n", "\n", "\U0001f600", "\U0001f426"])


@pytest.mark.slow
@given(st.lists(_ALPHABET, min_size=1, max_size=40), st.data())
def test_slicing_by_utf16_units_gives_the_same_text_as_by_characters(pieces, data):
    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    units = [len(text[:i].encode("utf-16-le")) // 2 for i in (start, end)]
    source = SourceText(text)
    assert slice_text(source, start, end) == text[start:end]
    assert slice_text(source, *units, Counting(utf16=True)) == text[start:end]
