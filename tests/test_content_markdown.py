"""The Markdown subset that summaries use in the handout, parsed into data (no Typst involved)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from talkgen.content.markdown import (
    markdown_blocks,
    markdown_inlines,
    plain_paragraphs,
    plain_text,
)


def kinds(pieces):
    return [p["kind"] for p in pieces]


def test_paragraphs_are_split_on_blank_lines_and_joined_within():
    blocks = markdown_blocks("One line\ncontinues here.\n\nSecond paragraph.")
    assert [b["kind"] for b in blocks] == ["paragraph", "paragraph"]
    assert plain_text(blocks[0]["inlines"]) == "One line continues here."
    assert plain_text(blocks[1]["inlines"]) == "Second paragraph."


def test_emphasis_strong_code_and_links():
    pieces = markdown_inlines(
        "a *b* and **c** and _d_ and `e #f` [g](https://g.example) <https://h.example>"
    )
    assert kinds(pieces) == [
        "text",
        "emph",
        "text",
        "strong",
        "text",
        "emph",
        "text",
        "code",
        "text",
        "link",
        "text",
        "link",
    ]
    assert pieces[7]["text"] == "e #f"
    assert pieces[9]["url"] == "https://g.example"
    assert plain_text(pieces[9]["children"]) == "g"
    assert pieces[11]["url"] == "https://h.example"


def test_nested_emphasis_inside_strong_and_the_reverse():
    outer = markdown_inlines("*a **b** c*")
    assert kinds(outer) == ["emph"]
    assert kinds(outer[0]["children"]) == ["text", "strong", "text"]
    outer = markdown_inlines("**a *b* c**")
    assert kinds(outer) == ["strong"]
    assert kinds(outer[0]["children"]) == ["text", "emph", "text"]


def test_stars_and_underscores_that_are_not_emphasis_stay_as_written():
    for text in ("2 * 3 * 4", "a * b", "*unclosed", "snake_case_name", "file_1_2.txt", "**"):
        assert markdown_inlines(text) == [{"kind": "text", "text": text}], text


def test_backslash_escapes_print_the_character():
    assert markdown_inlines(r"\*not emphasis\* and \_x\_") == [
        {"kind": "text", "text": "*not emphasis* and _x_"}
    ]


def test_lists_numbered_lists_and_headings():
    blocks = markdown_blocks("- one\n- two *x*\n  more\n\n1. first\n2. second\n\n## Aside")
    assert [b["kind"] for b in blocks] == ["list", "list", "heading"]
    assert blocks[0]["ordered"] is False
    assert [plain_text(i) for i in blocks[0]["items"]] == ["one", "two x more"]
    assert blocks[1]["ordered"] is True
    assert plain_text(blocks[2]["inlines"]) == "Aside"


def test_empty_text_has_no_blocks():
    assert markdown_blocks(None) == []
    assert markdown_blocks("  \n\n ") == []


PLAIN = st.text(
    # NUL never reaches Markdown (the readers refuse it); CommonMark would replace it.
    st.characters(blacklist_characters="*_`[<\\\n\r\x00", blacklist_categories=("Cs",)),
    max_size=60,
)


@given(PLAIN)
def test_text_without_markup_comes_back_unchanged(text):
    assert plain_text(markdown_inlines(text)) == text


@given(st.text(max_size=120))
def test_any_text_parses_to_json_and_keeps_its_letters(text):
    blocks = markdown_blocks(text)
    json.dumps(blocks)  # must be JSON-ready for sys_inputs
    kept = "".join(
        plain_text(b["inlines"]) if "inlines" in b else "".join(plain_text(i) for i in b["items"])
        for b in blocks
    )
    for letter in text:
        if letter.isalpha():  # list numbers and markers go, words stay
            assert letter in kept


def test_blocks_come_from_commonmark():
    text = (
        "Intro\n---\n"  # a setext heading
        "> a quote\n> runs on\n\n"  # a block quote's paragraph is a paragraph
        "    indented four spaces is words, not code\n\n"
        "3. third\n4. fourth\n   - nested\n\n"
        "***\n\n"  # a thematic break shows nothing
        "[ref]: https://example.org\n\n"  # reference definitions are off: printed as written
        "- \n- kept\n"
    )
    blocks = markdown_blocks(text)
    assert [b["kind"] for b in blocks] == [
        "heading",
        "paragraph",
        "paragraph",
        "list",
        "list",
        "paragraph",
        "list",
    ]
    assert plain_text(blocks[1]["inlines"]) == "a quote runs on"
    assert plain_text(blocks[2]["inlines"]) == "indented four spaces is words, not code"
    numbered, nested = blocks[3], blocks[4]
    assert (numbered["ordered"], numbered["start"], numbered["markers"]) == (True, 3, ["3.", "4."])
    assert [plain_text(i) for i in nested["items"]] == ["nested"]
    assert plain_text(blocks[5]["inlines"]) == "[ref]: https://example.org"
    assert blocks[6]["items"] == [[{"kind": "text", "text": "kept"}]]  # the empty item is dropped


def test_a_list_item_with_two_paragraphs_is_one_item():
    (block,) = markdown_blocks("- first part\n\n  second part\n- next")
    assert [plain_text(i) for i in block["items"]] == ["first part second part", "next"]


WORD = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1, max_size=8)
LINE = st.lists(WORD, min_size=1, max_size=6).map(" ".join).filter(lambda s: not s[0].isdigit())
PARAGRAPH = st.lists(LINE, min_size=1, max_size=4)


@given(st.lists(PARAGRAPH, min_size=1, max_size=4))
def test_a_line_break_is_a_space_and_a_blank_line_a_paragraph(paragraphs):
    text = "\n\n".join("\n".join(lines) for lines in paragraphs)
    assert plain_paragraphs(text) == [" ".join(lines) for lines in paragraphs]


@given(st.lists(PARAGRAPH, min_size=1, max_size=5), st.sampled_from(["-", "*", "+", "1."]))
def test_list_items_stay_items_however_they_wrap(items, marker):
    ordered = marker == "1."
    text = "Steps:\n" + "\n".join(
        f"{f'{n}.' if ordered else marker} " + "\n   ".join(lines)
        for n, lines in enumerate(items, start=1)
    )
    expected = [
        f"{f'{n}.' if ordered else marker} " + " ".join(lines)
        for n, lines in enumerate(items, start=1)
    ]
    assert plain_paragraphs(text) == ["Steps:", *expected]


@given(st.text(max_size=200))
def test_plain_paragraphs_are_single_lines_with_words(text):
    for paragraph in plain_paragraphs(text):
        assert paragraph and paragraph == " ".join(paragraph.split())
