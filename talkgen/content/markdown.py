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

Inline = dict[str, Any]
Block = dict[str, Any]

_BULLET = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s{0,3}\d{1,9}[.)]\s+(.*)$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_ESCAPABLE = set("\\`*_{}[]()#+-.!<>$@=~|\"'")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")


def markdown_blocks(text: str | None) -> list[Block]:
    """The blocks of a Markdown text: `{"kind": "paragraph", "inlines": [...]}`,
    `{"kind": "heading", ...}` or `{"kind": "list", "ordered": bool, "items": [[inline...]]}`."""
    if not text or not text.strip():
        return []
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[list[str]] = []
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
                }
            )
            items.clear()

    for raw in text.splitlines():
        line = raw.strip()
        bullet, numbered, heading = _BULLET.match(raw), _NUMBERED.match(raw), _HEADING.match(raw)
        if not line:
            flush_paragraph()
            flush_list()
        elif heading:
            flush_paragraph()
            flush_list()
            blocks.append({"kind": "heading", "inlines": markdown_inlines(heading.group(1))})
        elif bullet or numbered:
            flush_paragraph()
            is_ordered = numbered is not None and bullet is None
            if items and is_ordered != ordered:
                flush_list()
            ordered = is_ordered
            items.append([(bullet or numbered).group(1).strip()])
        elif items and raw[:1].isspace():
            items[-1].append(line)  # an indented line continues the list item
        else:
            flush_list()
            paragraph.append(line)
    flush_paragraph()
    flush_list()
    return blocks


def markdown_inlines(text: str) -> list[Inline]:
    """The inline pieces of one paragraph: `{"kind": "text", "text": ...}`, `emph`, `strong`
    (with `children`), `code` (with `text`) and `link` (with `url` and `children`)."""
    pieces: list[Inline] = []
    buffer: list[str] = []
    i = 0

    def flush() -> None:
        if buffer:
            _append_text(pieces, "".join(buffer))
            buffer.clear()

    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
            buffer.append(text[i + 1])
            i += 2
            continue
        if char == "`":
            end = text.find("`", i + 1)
            if end > i + 1:
                flush()
                pieces.append({"kind": "code", "text": text[i + 1 : end]})
                i = end + 1
                continue
        if char == "[":
            link = _LINK.match(text, i)
            if link:
                flush()
                pieces.append(
                    {
                        "kind": "link",
                        "url": link.group(2),
                        "children": markdown_inlines(link.group(1)),
                    }
                )
                i = link.end()
                continue
        if char == "<":
            auto = _AUTOLINK.match(text, i)
            if auto:
                flush()
                url = auto.group(1)
                pieces.append(
                    {
                        "kind": "link",
                        "url": url,
                        "children": [{"kind": "text", "text": url.removeprefix("mailto:")}],
                    }
                )
                i = auto.end()
                continue
        if char in "*_":
            span = _emphasis(text, i)
            if span:
                kind, inner, end = span
                flush()
                pieces.append({"kind": kind, "children": markdown_inlines(inner)})
                i = end
                continue
        buffer.append(char)
        i += 1
    flush()
    return pieces


def plain_text(pieces: list[Inline]) -> str:
    """The words of inline pieces without their marks (for alt text and PDF metadata)."""
    return "".join(p["text"] if "text" in p else plain_text(p["children"]) for p in pieces)


def _emphasis(text: str, start: int) -> tuple[str, str, int] | None:
    """`(kind, inner text, end)` when an emphasis or strong span opens at `start`."""
    mark = text[start]
    run = _run_length(text, start)
    # `_` inside a word (snake_case) is not emphasis, as in CommonMark.
    if mark == "_" and start > 0 and text[start - 1].isalnum():
        return None
    for width, kind in ((2, "strong"), (1, "emph")):
        if run < width:
            continue
        opening = start + width
        if opening >= len(text) or text[opening].isspace():
            continue
        j = opening
        while j < len(text):
            if text[j] == "\\":
                j += 2
                continue
            if text[j] != mark:
                j += 1
                continue
            length = _run_length(text, j)
            after = j + length
            closes = (
                length == width
                and not text[j - 1].isspace()
                and not (mark == "_" and after < len(text) and text[after].isalnum())
            )
            if closes and j > opening:
                return kind, text[opening:j], after
            j = after  # a run of another width belongs to a span inside this one
    return None


def _run_length(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] == text[start]:
        end += 1
    return end - start


def _append_text(pieces: list[Inline], text: str) -> None:
    if pieces and pieces[-1]["kind"] == "text":
        pieces[-1]["text"] += text
    else:
        pieces.append({"kind": "text", "text": text})
