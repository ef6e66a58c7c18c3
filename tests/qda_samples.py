"""Builders for REFI-QDA test projects: small hand-written ones, and rewritten copies of the
shared qc-demo export (read in place, written only under tmp_path)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NS = "urn:QDA-XML:project:1.0"


def write_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    """A zip file holding `members` (text is written as UTF-8)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return path


def zip_members(path: Path) -> dict[str, bytes]:
    """Every member of a zip file, by name."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite_qde(source: Path, target: Path, edit) -> Path:
    """A copy of the .qdpx `source` whose project.qde is `edit(text)`."""
    members = zip_members(source)
    members["project.qde"] = edit(members["project.qde"].decode("utf-8")).encode("utf-8")
    return write_zip(target, members)


def selection(guid: str, start: int, end: int, codes: list[str], name: str = "") -> str:
    """A PlainTextSelection element coded with `codes`."""
    codings = "".join(
        f'<Coding guid="{guid}-{c}"><CodeRef targetGUID="{c}"/></Coding>' for c in codes
    )
    return (
        f"<PlainTextSelection guid={quoteattr(guid)} name={quoteattr(name)} "
        f'startPosition="{start}" endPosition="{end}">{codings}</PlainTextSelection>'
    )


TINY_CODES = (
    "<CodeBook><Codes>"
    '<Code guid="c-trust" name="Trust" isCodable="true" color="#E69F00">'
    "<Description>People rely on those they follow.</Description>"
    '<Code guid="c-peers" name="Trust in peers" isCodable="true"/></Code>'
    '<Code guid="c-net" name="Networks" isCodable="true" color="#56b4e9"/>'
    "</Codes></CodeBook>"
)


def tiny_project(sources: str, cases: str = "", variables: str = "") -> str:
    """A project.qde with the tiny codebook (Trust > Trust in peers, Networks)."""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="tiny study" '
        f'origin="hand-written test">{TINY_CODES}{variables}{cases}<Sources>{sources}'
        "</Sources></Project>"
    )


def text_source(
    guid: str, name: str, selections: list[str], path: str | None = None, inline: str | None = None
) -> str:
    """A TextSource with its text in the zip (`path`) or inline."""
    where = f" plainTextPath={quoteattr(path)}" if path else ""
    content = f"<PlainTextContent>{escape(inline)}</PlainTextContent>" if inline else ""
    return (
        f"<TextSource guid={quoteattr(guid)} name={quoteattr(name)}{where}>{content}"
        f"{''.join(selections)}</TextSource>"
    )


def find(text: str, part: str, units: str = "code points") -> tuple[int, int]:
    """Offsets of `part` in `text`, counted in code points, in UTF-16 units, or in code points
    with each CRLF counted as one character."""
    if units == "crlf-as-one":
        text, part = text.replace("\r\n", "\n"), part.replace("\r\n", "\n")
    start = text.index(part)
    end = start + len(part)
    if units == "utf-16":
        return len(text[:start].encode("utf-16-le")) // 2, len(text[:end].encode("utf-16-le")) // 2
    return start, end


def qc_expected(qdpx: Path) -> list[tuple[str, str, frozenset[str]]]:
    """From the qc-demo export, read with the standard library: for each coded selection, its
    guid, the text between its offsets and the names of the top-level codes it was coded with."""
    import xml.etree.ElementTree as ET  # the shared file is trusted; the importer uses defusedxml

    members = zip_members(qdpx)
    root = ET.fromstring(members["project.qde"])
    top: dict[str, str] = {}
    for code in root.find(f"{{{NS}}}CodeBook/{{{NS}}}Codes"):
        for inner in code.iter(f"{{{NS}}}Code"):
            top[inner.get("guid")] = code.get("name")
    expected = []
    for source in root.iter(f"{{{NS}}}TextSource"):
        text = members[f"sources/{source.get('plainTextPath')}"].decode("utf-8")
        for sel in source.iter(f"{{{NS}}}PlainTextSelection"):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            codes = frozenset(top[r.get("targetGUID")] for r in sel.iter(f"{{{NS}}}CodeRef"))
            expected.append((sel.get("guid"), text[start:end].strip(), codes))
    return expected


def drop_selection(text: str, guid: str) -> str:
    """project.qde text without the selection `guid`."""
    return re.sub(
        rf'<PlainTextSelection guid="{guid}".*?</PlainTextSelection>', "", text, count=1, flags=re.S
    )
