"""The file readers keep line numbers and refuse what is not text."""

from __future__ import annotations

from pathlib import Path

import pytest

from talkgen.content.reader import (
    ReadError,
    line_of,
    parse_yaml,
    read_csv,
    read_front_matter,
    read_text,
)


def test_yaml_values_remember_their_lines() -> None:
    value = parse_yaml("a: 1\nb:\n  - x: 1\n  - x: 2\n    y: no\n", Path("f.yaml"))
    assert line_of(value, ("b", 1, "y")) == 5
    assert line_of(value, ("b", 0)) == 3
    assert line_of(value, ("missing",)) == 1


def test_yaml_times_and_dates_stay_text() -> None:
    value = parse_yaml("d: 10:00\nday: 2013-10-22\nn: 12\nf: 1.5\n", Path("f.yaml"))
    assert value == {"d": "10:00", "day": "2013-10-22", "n": 12, "f": 1.5}


def test_yaml_numbers_with_a_leading_zero_are_text() -> None:
    # YAML 1.1 took `08` for a broken octal number: an internal error instead of a value. Kept as
    # written instead, so `id: 007` is the id "007"; a number field still reads "08" as 8.
    value = parse_yaml("a: 08\nb: 007\nc: 0o8\n", Path("f.yaml"))
    assert value == {"a": "08", "b": "007", "c": "0o8"}


def test_duplicate_yaml_key_is_an_error() -> None:
    with pytest.raises(ReadError) as caught:
        parse_yaml("title: a\npace: 1\ntitle: b\n", Path("t.yaml"))
    assert caught.value.problem.line == 3
    assert "appears twice" in caught.value.problem.message


def test_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes("\ufeffid,country\nP01,Aotearoa New Zealand\n".encode())
    table = read_csv(path)
    rows = table.rows
    assert table.header == ["id", "country"]
    assert rows[0].values == {"id": "P01", "country": "Aotearoa New Zealand"} and rows[0].line == 2


def test_csv_lines_count_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('id,text\nq1,"two\nlines"\nq2,one\n')
    rows = read_csv(path).rows
    assert [(r.values["id"], r.line) for r in rows] == [("q1", 2), ("q2", 4)]


def test_csv_with_another_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("id;text\nq1;one, two\n")
    table = read_csv(path, delimiter=";")
    assert table.header == ["id", "text"]
    assert table.rows[0].values == {"id": "q1", "text": "one, two"}


def test_latin1_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "t.md"
    path.write_bytes("---\nid: a\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    with pytest.raises(ReadError) as caught:
        read_text(path)
    assert caught.value.problem.line == 3


def test_front_matter_lines_are_file_lines(tmp_path: Path) -> None:
    path = tmp_path / "t.md"
    path.write_text("---\nid: a\ntitle: [unclosed\n---\nBody\n")
    with pytest.raises(ReadError) as caught:
        read_front_matter(path)
    assert caught.value.problem.line == 3
    path.write_text("---\nid: a\ntitle: T\n---\n\nBody text.\n")
    document = read_front_matter(path)
    assert document.body == "Body text." and line_of(document.meta, ("title",)) == 3
