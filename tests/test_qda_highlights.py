"""`talkgen import highlights`: a spreadsheet of highlights (Taguette's CSV export and others
with their own column names) written as a content folder."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.errors import TalkgenError
from talkgen.qda.highlights import HighlightColumns, html_cell_text, read_highlights

TAGUETTE = (
    "id,document,tag,content\n"
    '11,Interview Aroha,trust,"I trust the people I follow, mostly."\n'
    '11,Interview Aroha,networks,"I trust the people I follow, mostly."\n'
    "12,Interview Ben,networks,<p>My network is <b>always</b> awake &amp; kind.</p>\n"
    "13,Interview Ben,,a highlight nobody tagged\n"
    '14,Interview Ben,trust,"Write to me at ben@example.org, Aroha knows."\n'
)


def _write(tmp_path: Path, text: str, name: str = "highlights.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _run(*args: str):
    return CliRunner().invoke(cli, ["import", "highlights", *args], catch_exceptions=False)


def test_taguette_export_becomes_a_content_folder(tmp_path):
    table = _write(tmp_path, TAGUETTE)
    result = _run(str(table), "--into", str(tmp_path / "talk"))
    assert result.exit_code == 0, result.output
    talk = load_talk(tmp_path / "talk")
    assert [t.title for t in talk.themes] == ["trust", "networks"]
    quotes = {q.text: q for q in talk.quotes}
    assert set(quotes) == {
        "I trust the people I follow, mostly.",
        "My network is always awake & kind.",
        "Write to me at ben@example.org, Aroha knows.",
    }
    assert quotes["I trust the people I follow, mostly."].themes == ["trust", "networks"]
    assert quotes["My network is always awake & kind."].participant == "P02"
    assert "1 highlight row(s) without a tag were skipped" in result.output
    # The quote holding an e-mail address is flagged in the summary.
    assert "flagged:       1 quote(s) may hold personal data" in result.output
    assert "an e-mail address (ben@example.org)" in result.output
    mapping = tmp_path / "talk.private" / "participants.csv"
    with open(mapping, newline="") as handle:
        assert [(r["id"], r["name"], r["from"]) for r in csv.DictReader(handle)] == [
            ("P01", "Interview Aroha", "document"),
            ("P02", "Interview Ben", "document"),
        ]
    with open(tmp_path / "talk" / "coding.csv", newline="") as handle:
        assert sorted(map(tuple, csv.reader(handle))) == sorted(
            [
                ("participant", "theme"),
                ("P01", "trust"),
                ("P01", "networks"),
                ("P02", "networks"),
                ("P02", "trust"),
            ]
        )


def test_other_column_names_semicolons_and_a_bom(tmp_path):
    table = _write(
        tmp_path,
        "\ufeffSource;Code;Excerpt\nA;Growth;We grew together.\nB;Growth;It took years.\n",
        name="excel.csv",
    )
    study = read_highlights(table, HighlightColumns("Source", "Code", "Excerpt"))
    assert [s.text for s in study.segments] == ["We grew together.", "It took years."]
    assert [p.name for p in study.participants] == ["A", "B"]
    # With no id column, a highlight is known by its document and text.
    assert len({s.key for s in study.segments}) == 2


def test_a_missing_column_names_the_option_and_leaves_nothing(tmp_path):
    table = _write(tmp_path, "document,tag,excerpt\nA,Growth,We grew.\n")
    result = _run(str(table), "--into", str(tmp_path / "talk"))
    assert result.exit_code == 2
    assert "no column 'content' for the text (columns: document, tag, excerpt)" in result.output
    assert "--text-column" in result.output
    assert not (tmp_path / "talk").exists()
    result = _run(str(table), "--into", str(tmp_path / "talk"), "--text-column", "excerpt")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'document,tag,content\nA,T,"unclosed\n', "malformed CSV"),
        (b"document,tag,content\nA,T,caf\xe9\n", "not UTF-8 text"),
        (b"", "the file is empty"),
        (b"document,tag,content\nA,,no tag\n", "no tagged highlights"),
    ],
)
def test_unreadable_spreadsheets(tmp_path, raw, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(raw)
    with pytest.raises(TalkgenError, match=message):
        read_highlights(path)


def test_tabs_and_a_row_with_too_many_fields(tmp_path):
    table = _write(tmp_path, "document\ttag\tcontent\nA\tGrowth\tWe grew, together.\n")
    assert [s.text for s in read_highlights(table).segments] == ["We grew, together."]
    table = _write(tmp_path, "document,tag,content\nA,Growth,We grew.\nB,Growth,It took, years.\n")
    with pytest.raises(TalkgenError, match=r"bad.csv:3: 4 fields where the header has 3"):
        read_highlights(table.rename(tmp_path / "bad.csv"))


def test_html_snippets_become_plain_text():
    assert html_cell_text("<p>One</p><p>Two &amp; <em>three</em></p>") == "One\nTwo & three"
    assert html_cell_text("a < b and c > d") == "a < b and c > d"


def test_reimport_of_a_newer_spreadsheet_keeps_edits(tmp_path):
    folder = tmp_path / "talk"
    assert _run(str(_write(tmp_path, TAGUETTE)), "--into", str(folder)).exit_code == 0
    quotes = folder / "quotes.yaml"
    quotes.write_text(
        quotes.read_text().replace(
            "My network is always awake & kind.", "My network is always awake."
        )
    )
    newer = TAGUETTE.replace("mostly.", "mostly, and they trust me.") + (
        "15,Interview Cai,growth,We grew together.\n"
    )
    result = _run(str(_write(tmp_path, newer, "highlights-later.csv")), "--into", str(folder))
    assert result.exit_code == 0, result.output
    talk = load_talk(folder)
    texts = {q.text for q in talk.quotes}
    assert "My network is always awake." in texts  # edited: kept
    assert "I trust the people I follow, mostly, and they trust me." in texts  # updated
    assert "We grew together." in texts
    assert [t.id for t in talk.themes] == ["trust", "networks", "growth"]
    assert talk.participant("P03")
