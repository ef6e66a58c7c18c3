"""The one CSV reader: every CSV talkgen reads accepts what spreadsheets save (comma, semicolon
or tab, a byte-order mark, CRLF, a header in any case), and says when the separator was a guess."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.content.reader import ReadError, read_csv, sniff_delimiter
from talkgen.qda.highlights import read_highlights


def _excel(rows: list[list[str]], delimiter: str = ";") -> bytes:
    """A CSV as a European Excel saves it: BOM, semicolons, CRLF."""
    lines = [delimiter.join(cells) for cells in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def test_participants_from_a_european_excel_load(example_copy: Path) -> None:
    # Finding 8: semicolons, CRLF, a BOM and the header `ID` gave "missing column(s): id".
    source = (example_copy / "participants.csv").read_text().splitlines()
    rows = [line.split(",") for line in source]
    rows[0] = ["ID", "Country", "Channel", "Role"]
    (example_copy / "participants.csv").write_bytes(_excel(rows))
    talk = load_talk(example_copy)
    assert len(talk.participants) == 14
    assert talk.participant("P07").attributes["Country"] == "New Zealand"
    assert talk.warnings == []
    result = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert result.exit_code == 0, result.stderr


def test_highlights_with_semicolons_crlf_and_a_quoted_semicolon(tmp_path: Path) -> None:
    # Finding 8: a highlights CSV with semicolons, CRLF and a quoted `;` gave "no column
    # 'document'".
    path = tmp_path / "highlights.csv"
    path.write_bytes(
        b'id;document;tag;content\r\n1;Interview A;support;"We met; then we talked"\r\n'
        b"2;Interview B;support;Plain words\r\n"
    )
    study = read_highlights(path)
    assert [t.name for t in study.themes] == ["support"]
    assert sorted(s.text for s in study.segments) == ["Plain words", "We met; then we talked"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_each_separator_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(_excel([["Id", "Text"], ["q1", '"one, two; three"'], ["q2", "x"]], delimiter))
    table = read_csv(path, required=("id",))
    assert table.delimiter == delimiter
    assert table.header == ["id", "Text"]
    assert [r.values["Text"] for r in table.rows] == ["one, two; three", "x"]
    assert [r.line for r in table.rows] == [2, 3]
    assert table.warnings == []


def test_an_ambiguous_separator_is_named(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("a;b,c\n1;2,3\n")
    table = read_csv(path)
    assert table.delimiter in ",;"
    (warning,) = table.warnings
    assert warning.severity == "warning" and warning.line == 1
    assert "-separated, though" in warning.message and " — " in warning.format()


def test_an_excel_sep_line_names_the_separator(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("sep=;\nid;text\nq1;a,b\n")
    table = read_csv(path)
    assert table.delimiter == ";" and table.rows[0].values == {"id": "q1", "text": "a,b"}
    assert table.rows[0].line == 3


def test_a_missing_column_names_the_header_as_read(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("name;country\nA;NZ\n")
    with pytest.raises(ReadError) as caught:
        read_csv(path, required=("id",))
    problem = caught.value.problem
    assert problem.line == 1
    assert problem.message == (
        "missing column(s): id (the header row, read as semicolon-separated, has: name, country)"
    )


def test_a_repeated_column_in_another_case_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id,Country,country\nP1,a,b\n")
    with pytest.raises(ReadError, match="repeated column names"):
        read_csv(path)


def test_chart_csv_columns_match_in_any_case(example_copy: Path) -> None:
    # Saved where the comma is the decimal mark: `3,5` is three and a half.
    table = [["Year", "Posts"], ["2012", "3,5"], ["2013", "1.300,5"]]
    (example_copy / "data.csv").write_bytes(_excel(table))
    (example_copy / "charts.yaml").write_text(
        "- id: posts\n  type: bar\n  csv: data.csv\n  x: year\n  y: [posts]\n"
    )
    spec = load_talk(example_copy).chart("posts")
    assert spec.categories == ["2012", "2013"]
    assert [(s.name, s.values) for s in spec.series] == [("Posts", [3.5, 1300.5])]


def test_a_non_finite_chart_value_is_refused(example_copy: Path) -> None:
    # Finding 7: `nan` or `inf` in a chart CSV put "nan" into the alt text.
    (example_copy / "data.csv").write_text("year,posts\n2012,nan\n2013,inf\n")
    (example_copy / "charts.yaml").write_text("- id: posts\n  type: bar\n  csv: data.csv\n")
    result = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert result.exit_code == 2
    assert "data.csv:2: chart 'posts': 'nan' in column 'posts' is not a number — " in result.stderr


cells = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=12
)


@pytest.mark.slow
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_any_table_written_by_the_csv_module_reads_back(
    tmp_path_factory, rows, delimiter, crlf, bom
):
    import csv
    import io

    folder = tmp_path_factory.mktemp("csv")
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_ALL
    )
    header = ["id", "alpha", "beta"]
    writer.writerow(header)
    writer.writerows(rows)
    path = folder / "t.csv"
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode())
    table = read_csv(path, required=("id",))
    kept = [[c.strip() for c in row] for row in rows if any(c.strip() for c in row)]
    assert table.header == header
    assert [list(r.values.values()) for r in table.rows] == kept


def test_sniffing_prefers_the_separator_that_splits_evenly() -> None:
    assert sniff_delimiter('id;text\r\nq1;"a, b, c"\r\nq2;"d, e"\r\n') == (";", [])
    assert sniff_delimiter("id\tname\nP1\tA, B\n")[0] == "\t"


def test_the_private_mapping_is_read_by_the_same_reader(tmp_path: Path) -> None:
    from talkgen.qda.mapping import read_mapping

    path = tmp_path / "participants.csv"
    path.write_bytes(_excel([["ID", "Name"], ["P01", "Ana Smith"]]))
    assert read_mapping(path) == {"Ana Smith": "P01"}


def test_an_unquoted_comma_in_a_chart_csv_says_to_quote_the_cell(example_copy: Path) -> None:
    """The review's "2 fields where the header has 3 — check the path" (the path was fine)."""
    data = example_copy / "data"
    data.mkdir()
    (data / "c.csv").write_text(
        "channel,answers,posts\nBlog,3,1\nE-mail, private,2,4\n", encoding="utf-8"
    )
    (example_copy / "charts.yaml").write_text(
        "- id: c\n  type: bar\n  csv: data/c.csv\n", encoding="utf-8"
    )
    before = example_copy / "out"
    result = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert result.exit_code == 2
    assert " ".join(result.stderr.split()) == (
        f"{data / 'c.csv'}:3: chart 'c': 4 fields where the header has 3 (comma-separated) — "
        "put text holding a comma in double quotes"
    )
    assert not before.exists()
