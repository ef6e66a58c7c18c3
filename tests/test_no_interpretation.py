"""User text is shown, never run: spreadsheet formulas in the CSV files talkgen writes, markup in
chart labels, and link addresses in Markdown."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from qda_samples import NS, TINY_CODES, selection, text_source, write_zip

from talkgen.charts import builtin, declared
from talkgen.charts.look import plotly_text, slide_look
from talkgen.content import load_talk
from talkgen.content.markdown import markdown_inlines
from talkgen.spreadsheet import csv_text, read_cell, safe_cell

FORMULAS = ['=HYPERLINK("http://x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_formula_cell_gets_a_quote_and_reads_back(cell: str) -> None:
    text = csv_text(["name"], [[cell]])
    written = list(csv.reader(io.StringIO(text, newline="")))[1][0]
    shown = cell.replace("\r", "\n")  # a line break in a cell is written as \n
    assert written == "'" + shown
    assert read_cell(written) == shown


@pytest.mark.parametrize("value", ["-3.5", "+4", "12", "1e3", "plain", "", 7, None])
def test_numbers_and_plain_text_are_left_alone(value) -> None:
    assert safe_cell(value) == value


@given(st.text(max_size=30))
def test_no_written_cell_starts_a_formula_and_every_one_reads_back(text: str) -> None:
    cell = safe_cell(text)
    assert not (isinstance(cell, str) and cell[:1] in "=@\t\r" and cell == text) or cell == ""
    assert read_cell(cell) == text or text.startswith("'")


def test_the_import_neutralises_names_and_codes_in_every_csv(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from talkgen.cli import cli

    project = (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="s">'
        + TINY_CODES.replace('name="Networks"', 'name="=HYPERLINK(&quot;http://x&quot;)"')
        + '<Variables><Variable guid="v1" name="role" typeOfVariable="Text"/></Variables>'
        + '<Cases><Case guid="k1" name="=cmd|calc"><VariableValue><VariableRef targetGUID="v1"/>'
        + '<TextValue>@evil</TextValue></VariableValue><SourceRef targetGUID="s1"/></Case>'
        + "</Cases><Sources>"
        + text_source("s1", "=Interview", [selection("x1", 0, 5, ["c-net"])], inline="Hello world")
        + "</Sources></Project>"
    )
    qdpx = write_zip(tmp_path / "s.qdpx", {"project.qde": project})
    into = tmp_path / "talk"
    result = CliRunner().invoke(cli, ["import", "qdpx", str(qdpx), "--into", str(into)])
    assert result.exit_code in (0, 2), result.output + result.stderr
    written = [*into.rglob("*.csv"), *tmp_path.glob("*.private/*.csv")]
    assert written, "the import wrote no CSV"
    for path in written:
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, cell)
                assert not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit()


def test_timing_csv_neutralises_slide_titles(example_copy: Path) -> None:
    from talkgen.plan import plan_talk
    from talkgen.timing import build_report
    from talkgen.timing.writers import timing_csv

    talk_file = example_copy / "talk.yaml"
    talk_file.write_text(
        talk_file.read_text().replace(
            "  - kind: conclusion\n", '  - kind: conclusion\n    title: "=1+2"\n'
        )
    )
    text = timing_csv(build_report(plan_talk(load_talk(example_copy)), []))
    assert "'=1+2" in text and ",=1+2" not in text


# -- chart text ----------------------------------------------------------------------------------

MARKUP = '<b>bold</b> <br> <a href="javascript:alert(1)">x</a> &amp;'


def test_plotly_text_escapes_markup_and_entities() -> None:
    assert plotly_text(MARKUP) == (
        '&lt;b&gt;bold&lt;/b&gt; &lt;br&gt; &lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt; '
        "&amp;amp;"
    )
    # A wrapped label is escaped line by line: its own `<br>` breaks stay, the user's tags show.
    wrapped = slide_look().label("<b>a long label that wraps onto lines</b>", 120).text
    assert wrapped.count("<br>") >= 1
    assert "<b>" not in wrapped and "&lt;b&gt;" in wrapped


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def test_no_user_markup_reaches_a_figure(example_copy: Path) -> None:
    theme = example_copy / "themes" / "01-informal-mentoring.md"
    theme.write_text(theme.read_text().replace("short: Informal mentoring", f"short: '{MARKUP}'"))
    (example_copy / "participants.csv").write_text(
        (example_copy / "participants.csv").read_text().replace("New Zealand", "<i>NZ</i>")
    )
    (example_copy / "charts.yaml").write_text(
        "- id: d\n  type: bar\n  x_label: '<b>x</b>'\n  y_label: '<a href=\"x\">y</a>'\n"
        "  categories: ['<br>one', two]\n  series:\n    - name: '<sup>s</sup>'\n"
        "      values: [1, 2]\n"
    )
    talk = load_talk(example_copy)
    look = slide_look()
    figures = [
        builtin.prevalence(talk, look),
        builtin.participants(talk, look),
        builtin.matrix(talk, look),
        builtin.cooccurrence(talk, look),
        declared.figure(talk.chart("d"), look),
    ]
    for chart in figures:
        for text in _strings(json.loads(json.dumps(chart.figure))):
            without_breaks = text.replace("<br>", "").replace("<extra></extra>", "")
            assert "<" not in without_breaks, (chart.id, text)
    assert any("&lt;b&gt;bold" in s for s in _strings(figures[0].figure))


# -- Markdown links ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "page.html", "vbscript:x"],
)
def test_a_markdown_link_to_another_scheme_is_shown_as_text(url: str) -> None:
    pieces = markdown_inlines(f"see [the page]({url}) now")
    assert all(p["kind"] != "link" for p in pieces)
    assert "the page" in "".join(p.get("text", "") for p in pieces)


@pytest.mark.parametrize("url", ["https://x.example", "http://x.example", "mailto:a@x.example"])
def test_web_and_mail_links_stay_live(url: str) -> None:
    pieces = markdown_inlines(f"see [it]({url})")
    assert pieces[-1]["kind"] == "link" and pieces[-1]["url"] == url


@pytest.mark.parametrize(
    "text",
    ["*a" * 10_000, "[a" * 10_000, "_a " * 7_000, "**a " * 5_000, "`a" * 10_000, "*" * 20_000],
)
def test_pathological_markdown_parses_quickly(text: str) -> None:
    # The hand-written parser took up to 160 s on these; markdown-it-py is linear.
    assert markdown_inlines(text) is not None


def test_raw_html_and_entities_print_as_written() -> None:
    assert markdown_inlines("<b>x</b> &amp;") == [{"kind": "text", "text": "<b>x</b> &amp;"}]
