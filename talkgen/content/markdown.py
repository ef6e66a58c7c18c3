"""Markdown turned into plain, JSON-ready blocks (handout) or plain text (slides, notes, counts).

User text must never be pasted into Typst source (a `#` or `$` would be code there), so the
Markdown a researcher writes in summaries and notes is parsed here, by markdown-it-py (CommonMark),
into data, and the template turns the data into content with Typst's own functions. Every place
that shows or counts multi-line text (the deck's notes, the handout, the rehearsal views and the
timing report's word counts) reads it through this module. Supported: paragraphs, `*emphasis*`,
`**strong**`, `` `code` ``, `[links](https://…)`, `<https://…>`, bullet and numbered lists,
backslash escapes; a Markdown heading becomes a bold paragraph so the handout's heading order is
kept. Anything else prints as the characters it is.
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from talkgen.content.model import LINK_SCHEMES

Inline = dict[str, Any]
Block = dict[str, Any]


def markdown_blocks(text: str | None) -> list[Block]:
    """The blocks of a Markdown text, as markdown-it-py (CommonMark) reads them:
    `{"kind": "paragraph", "inlines": [...]}`, `{"kind": "heading", "inlines": [...]}` or
    `{"kind": "list", "ordered": bool, "start": int, "items": [[inline...]], "markers": [str]}`.

    A blank line separates paragraphs and a single line break is a space; a list item may run on
    over several lines; each item keeps its marker as written (`-`, `*`, `3.`, `2)`). A nested list
    is shown flat, after its parent item; a block quote's paragraphs are paragraphs; a thematic
    break (`---`) separates blocks and shows nothing. Indented and fenced code, raw HTML and
    reference definitions are off, so such lines print as the characters they are."""
    if not text or not text.strip():
        return []
    blocks: list[Block] = []
    ordered_stack: list[bool] = []  # the lists the walk is inside, innermost last
    items: list[list[Inline]] = []  # the list items the walk is inside, innermost last
    current: Block | None = None  # the list block items are being added to
    heading = False
    for token in _BLOCKS.parse(text):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered_stack.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            ordered_stack.pop()
            if not ordered_stack:
                current = None
        elif kind == "list_item_open":
            ordered = ordered_stack[-1]
            if current is None or current["ordered"] != ordered:
                start = int(token.info) if ordered and token.info.isdigit() else 1
                current = {"kind": "list", "ordered": ordered, "start": start, "items": []}
                current["markers"] = []
                blocks.append(current)
            current["items"].append([])
            current["markers"].append(f"{token.info}{token.markup}" if ordered else token.markup)
            items.append(current["items"][-1])
        elif kind == "list_item_close":
            items.pop()
        elif kind == "heading_open":
            heading = True
        elif kind == "inline":
            pieces = _inline_pieces(token.children or [])
            if items:  # a second paragraph of a list item runs on in the same item
                if items[-1] and pieces:
                    _append_text(items[-1], " ")
                _extend(items[-1], pieces)
            elif pieces:
                blocks.append({"kind": "heading" if heading else "paragraph", "inlines": pieces})
            heading = False
    for block in blocks:  # an item with no words (`- ` alone) shows nothing
        if block["kind"] == "list":
            kept = [(m, i) for m, i in zip(block["markers"], block["items"], strict=True) if i]
            block["markers"], block["items"] = [m for m, _ in kept], [i for _, i in kept]
    return [b for b in blocks if b["kind"] != "list" or b["items"]]


def plain_paragraphs(text: str | None, *, markers: bool = True) -> list[str]:
    """Markdown text as the plain paragraphs a reader sees, for speaker notes, the rehearsal
    views and word counts: a single line break is a space (notes are written wrapped to the
    editor's width), a blank line starts a paragraph, each list item is a paragraph of its own
    that keeps its marker as written (`- one`, `2. two`), and a heading is a paragraph.
    Emphasis marks and link addresses are dropped (`**a** [b](c)` -> `a b`); `markers=False`
    drops the list markers too (for the words of a summary)."""
    paragraphs: list[str] = []
    for block in markdown_blocks(text):
        if block["kind"] == "list":
            for marker, item in zip(block["markers"], block["items"], strict=True):
                paragraphs.append(f"{marker} {plain_text(item)}" if markers else plain_text(item))
        else:
            paragraphs.append(plain_text(block["inlines"]))
    # Runs of spaces are the file's layout, not the speaker's.
    return [" ".join(paragraph.split()) for paragraph in paragraphs if paragraph.strip()]


def markdown_inlines(text: str) -> list[Inline]:
    """The inline pieces of one paragraph: `{"kind": "text", "text": ...}`, `emph`, `strong`
    (with `children`), `code` (with `text`) and `link` (with `url` and `children`).

    Parsed by markdown-it-py (CommonMark, in time linear in the text, nesting capped) with raw
    HTML, entities and images off, so `<b>` or `&amp;` print as written. A link becomes live only
    for an `http:`, `https:` or `mailto:` address; any other (`javascript:`, `file:`, a relative
    path) is shown as its text."""
    if not text:
        return []
    return _inline_pieces(_BLOCKS.parseInline(text)[0].children or [])


def _inline_pieces(tokens: list[Token]) -> list[Inline]:
    """Inline pieces from markdown-it-py's inline tokens (see `markdown_inlines`)."""
    pieces: list[Inline] = []
    stack: list[list[Inline]] = [pieces]
    for token in tokens:
        into = stack[-1]
        if token.type == "text":
            _append_text(into, token.content)
        elif token.type in ("softbreak", "hardbreak"):
            _append_text(into, " ")
        elif token.type == "code_inline":
            into.append({"kind": "code", "text": token.content})
        elif token.type in _OPENING:
            children: list[Inline] = []
            href = str(token.attrs.get("href", ""))
            if token.type == "link_open" and not _live(href):
                children = into  # not a link: its text joins the surrounding text
            else:
                piece: Inline = {"kind": _OPENING[token.type], "children": children}
                if token.type == "link_open":
                    piece["url"] = href
                into.append(piece)
            stack.append(children)
        elif token.type.endswith("_close") and len(stack) > 1:
            stack.pop()
        else:
            _append_text(into, token.content)
    return pieces


_OPENING = {"em_open": "emph", "strong_open": "strong", "link_open": "link"}
# CommonMark; raw HTML, entities and images stay text, and so do indented code, code fences and
# reference definitions (a notes line indented by four spaces is words, not code). markdown-it-py
# caps nesting at 20 and parses in time linear in the text.
_BLOCKS = MarkdownIt("commonmark", {"html": False}).disable(
    ["entity", "image", "code", "fence", "reference"]
)


def _live(url: str) -> bool:
    """Whether a link to `url` may be live in the deck and the handout."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    return scheme in LINK_SCHEMES


def plain_text(pieces: list[Inline]) -> str:
    """The words of inline pieces without their marks (for alt text and PDF metadata)."""
    return "".join(p["text"] if "text" in p else plain_text(p["children"]) for p in pieces)


def _extend(pieces: list[Inline], more: list[Inline]) -> None:
    for piece in more:
        if piece["kind"] == "text":
            _append_text(pieces, piece["text"])
        else:
            pieces.append(piece)


def _append_text(pieces: list[Inline], text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1]["kind"] == "text":
        pieces[-1]["text"] += text
    else:
        pieces.append({"kind": "text", "text": text})
