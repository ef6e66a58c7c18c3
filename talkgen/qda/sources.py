"""A REFI-QDA project's text sources, and the few XML helpers reading the project needs.

A source's text is inline (`PlainTextContent`) or a file in the zip named by `plainTextPath`
(`internal://<guid>.txt` means `sources/<guid>.txt`); a path pointing outside the export is
reported, never followed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath
from xml.etree.ElementTree import Element

from talkgen.qda.archive import QdpxArchive
from talkgen.qda.offsets import SourceText, decode_source


def local_name(element: Element) -> str:
    """An element's tag without its namespace."""
    return element.tag.rsplit("}", 1)[-1]


def children(element: Element, name: str) -> list[Element]:
    """The element's children with this local name."""
    return [child for child in element if local_name(child) == name]


def child(element: Element, name: str) -> Element | None:
    """The element's first child with this local name, or None."""
    return next(iter(children(element, name)), None)


def text_of(element: Element | None) -> str:
    """All the text inside an element, stripped (empty for None)."""
    return "".join(element.itertext()).strip() if element is not None else ""


class TextSource:
    """A text source of the project: where its text is, and loading it once."""

    def __init__(
        self,
        element: Element,
        holder: Element,
        archive: QdpxArchive,
        problem: Callable[[str, str], None],
    ):
        self.element, self.holder, self.archive, self.problem = element, holder, archive, problem
        self.guid = element.get("guid", "")
        path = holder.get("plainTextPath") or ""
        stem = PurePosixPath(path.removeprefix("internal://")).stem if path else ""
        self.label = element.get("name") or stem or f"source {self.guid}"
        self._text: SourceText | None = None

    def text(self) -> SourceText | None:
        """The decoded text, or None after reporting why it cannot be had."""
        if self._text is not None:
            return self._text
        inline = child(self.holder, "PlainTextContent")
        path = self.holder.get("plainTextPath")
        if inline is not None and not path:
            self._text = SourceText(inline.text or "")
            return self._text
        if not path:
            self.problem(
                f"{self.label}: the source has neither PlainTextContent nor plainTextPath",
                "export the project again with its sources",
            )
            return None
        relative = path.removeprefix("internal://").lstrip("/")
        member = None
        if not re.match(r"^[a-z][a-z0-9+.-]*:", relative, re.I):
            member = self.archive.find(f"sources/{relative}", relative)
        if member is None:
            self.problem(
                f"{self.label}: source file {path!r} is not in the export",
                "export the project again with its sources included",
            )
            return None
        try:
            self._text = decode_source(self.archive.read(member))
        except UnicodeDecodeError as exc:
            self.problem(
                f"{self.label}: {member} is not UTF-8 text ({exc.reason} at byte {exc.start})",
                "export the project again",
            )
            return None
        return self._text
