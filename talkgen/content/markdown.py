"""A small Markdown subset turned into plain, JSON-ready blocks (handout) or plain text (slides).

User text must never be pasted into Typst source (a `#` or `$` would be code there), so the
Markdown a researcher writes in summaries is parsed here into data, and the template turns the
data into content with Typst's own functions. Supported: paragraphs, `*emphasis*`,
`**strong**`, `` `code` ``, `[links](https://…)`, `<https://…>`, bullet and numbered lists,
backslash escapes; a Markdown heading becomes a bold paragraph so the handout's heading order is
kept. Anything else prints as the characters it is.
"""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt

from talkgen.content.model import LINK_SCHEMES

Inline = dict[str, Any]
Block = dict[str, Any]

_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s{0,3}\d{1,9}[.)]\s+(.*)$")
# A heading's text; its closing #s are stripped in code (a lazy group before `\s*#*\s*$` took
# time quadratic in a line of spaces).
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")


def markdown_blocks(text: str | None) -> list[Block]:
    """The blocks of a Markdown text: `{"kind": "paragraph", "inlines": [...]}`,
    `{"kind": "heading", ...}` or `{"kind": "list", "ordered": bool, "items": [[inline...]]}`."""
    if not text or not text.strip():
        return []
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[list[str]] = []
    markers: list[str] = []  # each item's marker as written: `-`, `*`, `1.`, `2)`
    ordered = False

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append({"kind": "paragraph", "inlines": markdown_inlines(" ".join(paragraph))})
            paragraph.clear()

    def flush_list() -> None:
        if items:
            blocks.append(
                {
                    "kind": "list",
                    "ordered": ordered,
                    "items": [markdown_inlines(" ".join(item)) for item in items],
                    "markers": list(markers),
                }
            )
            items.clear()
            markers.clear()

    for raw in text.splitlines():
        line = raw.strip()
        bullet, numbered, heading = _BULLET.match(raw), _NUMBERED.match(raw), _HEADING.match(raw)
        if not line:
            flush_paragraph()
            flush_list()
        elif heading:
            flush_paragraph()
            flush_list()
            title = heading.group(1).rstrip().rstrip("#").rstrip()
            blocks.append({"kind": "heading", "inlines": markdown_inlines(title)})
        elif bullet or numbered:
            flush_paragraph()
            is_ordered = numbered is not None and bullet is None
            if items and is_ordered != ordered:
                flush_list()
            ordered = is_ordered
            items.append([(bullet or numbered).group(1).strip()])
            markers.append(line.split(None, 1)[0])
        elif items and raw[:1].isspace():
            items[-1].append(line)  # an indented line continues the list item
        else:
            flush_list()
            paragraph.append(line)
    flush_paragraph()
    flush_list()
    return blocks


def plain_paragraphs(text: str | None) -> list[str]:
    """Markdown text as the plain paragraphs a reader sees, for speaker notes, the rehearsal
    views and word counts: a single line break is a space (notes are written wrapped to the
    editor's width), a blank line starts a paragraph, each list item is a paragraph of its own
    that keeps its marker as written (`- one`, `2. two`), and a heading is a paragraph.
    Emphasis marks and link addresses are dropped (`**a** [b](c)` -> `a b`)."""
    paragraphs: list[str] = []
    for block in markdown_blocks(text):
        if block["kind"] == "list":
            for marker, item in zip(block["markers"], block["items"], strict=True):
                paragraphs.append(f"{marker} {plain_text(item)}")
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
    pieces: list[Inline] = []
    stack: list[list[Inline]] = [pieces]
    for token in _INLINE.parseInline(text)[0].children or []:
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
# CommonMark inlines; raw HTML, entities and images stay text. markdown-it-py caps nesting at 20.
_INLINE = MarkdownIt("commonmark", {"html": False}).disable(["entity", "image"])


def _live(url: str) -> bool:
    """Whether a link to `url` may be live in the deck and the handout."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    return scheme in LINK_SCHEMES


def plain_text(pieces: list[Inline]) -> str:
    """The words of inline pieces without their marks (for alt text and PDF metadata)."""
    return "".join(p["text"] if "text" in p else plain_text(p["children"]) for p in pieces)


def _append_text(pieces: list[Inline], text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1]["kind"] == "text":
        pieces[-1]["text"] += text
    else:
        pieces.append({"kind": "text", "text": text})
