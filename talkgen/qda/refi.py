"""`read_qdpx`: a REFI-QDA project (`.qdpx`, as NVivo, ATLAS.ti, MAXQDA and QualCoder export it)
read into a `Study`.

The XML is parsed with defusedxml, which refuses entity declarations (the "billion laughs") and
external references. Codes become themes at a chosen depth of the codebook, coded text selections
become segments sliced from their source's text, and cases (or, without cases, the sources)
become participants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeXml
from defusedxml import DefusedXmlException

from talkgen import limits
from talkgen.errors import Problem, TalkgenError
from talkgen.qda.archive import QdpxArchive
from talkgen.qda.offsets import (
    CODE_POINTS,
    OffsetError,
    SourceText,
    find_counting,
    name_holds_text,
    slice_text,
)
from talkgen.qda.sources import TextSource, child, children, local_name, text_of
from talkgen.qda.study import Study, StudyParticipant, StudySegment, StudyTheme

NS = "urn:QDA-XML:project:1.0"
# Variables that would put a participant's identity into the shared content.
_PERSONAL_VARIABLE = re.compile(r"(name|e-?mail|phone|address|birth ?date|dob)\b", re.I)
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_MAX_REPORTED = 10


@dataclass
class _Code:
    guid: str
    name: str
    color: str | None
    description: str
    children: list[_Code] = field(default_factory=list)


def parse_project(xml: bytes, path: Path) -> Element:
    """The `<Project>` element of a `project.qde`, parsed safely; TalkgenError otherwise."""
    try:
        root = SafeXml.fromstring(xml)
    except DefusedXmlException as exc:
        raise TalkgenError(
            Problem(
                path,
                None,
                f"project.qde declares XML entities or external references ({exc}); "
                "talkgen refuses them because they can exhaust memory or read local files",
                "export the project again from your QDA tool",
            )
        ) from exc
    except LookupError as exc:  # the XML declaration names an encoding Python does not know
        raise TalkgenError(
            Problem(
                path,
                None,
                f"project.qde declares an encoding talkgen cannot read ({exc})",
                "export the project again (REFI-QDA projects are UTF-8)",
            )
        ) from exc
    except ParseError as exc:
        line, col = exc.position
        raise TalkgenError(
            Problem(
                path,
                None,
                f"project.qde is not well-formed XML (line {line}, column {col + 1}): {exc}",
                "export the project again",
            )
        ) from exc
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if local_name(root) != "Project" or namespace not in (NS, ""):
        raise TalkgenError(
            Problem(
                path,
                None,
                f"project.qde is not a REFI-QDA project: its root element is "
                f"<{local_name(root)}>{f' in namespace {namespace}' if namespace else ''}, "
                f"not <Project> in {NS}",
                "export the project as REFI-QDA Project Exchange",
            )
        )
    return root


def read_qdpx(path: Path | str, theme_level: int = 1) -> Study:
    """Read a `.qdpx` file into a `Study`; codes at depth `theme_level` (1 = top level) become
    themes with their descendants folded in. Raises `TalkgenError` listing every problem."""
    path = Path(path)
    if theme_level < 1:
        raise TalkgenError(
            Problem(None, None, "--theme-level must be 1 or more", "1 takes the top-level codes")
        )
    with QdpxArchive(path) as archive:
        root = parse_project(archive.project_xml(), path)
        return _Reader(path, archive, root, theme_level).study()


class _Reader:
    """One pass over a parsed project, collecting problems as it goes."""

    def __init__(self, path: Path, archive: QdpxArchive, root: Element, theme_level: int):
        self.path, self.archive, self.root, self.level = path, archive, root, theme_level
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.notes: list[str] = []

    def problem(self, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, None, message, hint))

    def study(self) -> Study:
        codes = self._codes()
        theme_of, themes = self._themes(codes)
        sources = [*self._text_sources()]
        segments = self._segments(sources, theme_of)
        participants, participant_of, from_cases = self._participants(sources)
        segments = [
            StudySegment(s.key, participant_of[s.participant], s.themes, s.text, s.where)
            for s in segments
        ]
        if self.problems:
            shown = self.problems[:_MAX_REPORTED]
            if len(self.problems) > _MAX_REPORTED:
                shown.append(
                    Problem(
                        self.path,
                        None,
                        f"... and {len(self.problems) - _MAX_REPORTED} more",
                        "fix the ones above and import again to see the rest",
                    )
                )
            raise TalkgenError(shown)
        if not segments:
            self.notes.append(
                "the export holds no coded text, so the themes have no quotes "
                "and nobody is counted as raising them; code the sources in your "
                "QDA tool and import again, or add quotes to quotes.yaml"
            )
        if not themes:
            self.problem(
                "the project's codebook has no codes, so there are no themes",
                "export a project that has a codebook",
            )
            raise TalkgenError(self.problems)
        return Study(
            kind="qdpx",
            name=self.root.get("name") or self.path.stem,
            origin=self.root.get("origin") or "",
            source_file=self.path,
            themes=tuple(themes),
            participants=tuple(participants),
            segments=tuple(segments),
            participants_from="cases" if from_cases else "sources",
            notes=tuple(self.notes),
            warnings=tuple(self.warnings),
        )

    def _codes(self) -> list[_Code]:
        def read(element: Element) -> list[_Code]:
            codes = []
            for code in children(element, "Code"):
                color = code.get("color")
                codes.append(
                    _Code(
                        code.get("guid", ""),
                        code.get("name", "").strip() or "Unnamed code",
                        color if color and _COLOR.match(color) else None,
                        text_of(child(code, "Description")),
                        read(code),
                    )
                )
            return codes

        book = child(self.root, "CodeBook")
        top = child(book, "Codes") if book is not None else None
        if top is None:
            return []
        # Codes nest as deep as the researcher made them; reading them recursively needs a bound.
        stack = [(top, 0)]
        while stack:
            element, depth = stack.pop()
            for code in children(element, "Code"):
                if depth + 1 > limits.NESTING.value:
                    raise TalkgenError(
                        limits.NESTING.problem(
                            self.path,
                            None,
                            f"code '{_short(code.get('name', ''))}' is nested "
                            f"{limits.NESTING.value + 1} codes deep",
                            "group the codes in fewer levels in your QDA tool, then export again",
                        )
                    )
                stack.append((code, depth + 1))
        return read(top)

    def _themes(self, codes: list[_Code]) -> tuple[dict[str, str], list[StudyTheme]]:
        """Which theme each code's GUID counts towards, and the themes in codebook order."""
        coded = {ref.get("targetGUID") for ref in self.root.iter(f"{{{NS}}}CodeRef")}
        coded |= {ref.get("targetGUID") for ref in self.root.iter("CodeRef")}
        theme_of: dict[str, str] = {}
        themes: list[StudyTheme] = []

        def descendants(code: _Code) -> list[_Code]:
            return [d for c in code.children for d in (c, *descendants(c))]

        def visit(code: _Code, depth: int) -> None:
            if depth == self.level or not code.children:
                folded = descendants(code)
                themes.append(
                    StudyTheme(
                        code.guid,
                        code.name,
                        code.description,
                        code.color,
                        tuple(c.name for c in folded),
                    )
                )
                for c in (code, *folded):
                    theme_of[c.guid] = code.guid
                return
            if code.guid in coded:
                # Text coded with a grouping code itself: keep it as a theme of its own.
                themes.append(StudyTheme(code.guid, code.name, code.description, code.color))
                theme_of[code.guid] = code.guid
            for inner in code.children:
                visit(inner, depth + 1)

        for code in codes:
            visit(code, 1)
        return theme_of, themes

    def _text_sources(self):
        """(guid, label, element holding the selections, text loader) for each text source."""
        sources = child(self.root, "Sources")
        skipped = 0
        for source in list(sources) if sources is not None else []:
            kind = local_name(source)
            holder = source if kind == "TextSource" else child(source, "Representation")
            if kind not in ("TextSource", "PDFSource") or holder is None:
                skipped += len([e for e in source.iter() if local_name(e).endswith("Selection")])
                continue
            yield TextSource(source, holder, self.archive, self.problem)
        if skipped:
            self.notes.append(
                f"{skipped} coded selection(s) in pictures, audio or video were "
                "skipped: only text becomes quotes"
            )

    def _segments(self, sources: list[TextSource], theme_of: dict[str, str]) -> list[StudySegment]:
        theme_order = {key: i for i, key in enumerate(dict.fromkeys(theme_of.values()))}
        segments: list[StudySegment] = []
        for source in sources:
            selections = children(source.holder, "PlainTextSelection")
            if not selections:
                continue
            text = source.text()
            if text is None:
                continue
            checks, pending = [], []
            for selection in selections:
                label = f"selection {selection.get('guid', '?')} ({selection.get('name', '')!r})"
                try:
                    start = int(selection.get("startPosition", ""))
                    end = int(selection.get("endPosition", ""))
                except ValueError:
                    self.problem(
                        f"{source.label}: {label} has no whole-number startPosition and "
                        "endPosition",
                        "export the project again",
                    )
                    continue
                refs = [
                    ref.get("targetGUID", "")
                    for coding in children(selection, "Coding")
                    for ref in children(coding, "CodeRef")
                ]
                missing = [r for r in refs if r not in theme_of]
                if missing:
                    self.problem(
                        f"{source.label}: {label} refers to a code that is not in the "
                        f"codebook (CodeRef targetGUID={missing[0]})",
                        "export the project again, or check it in your QDA tool",
                    )
                    continue
                name = selection.get("name", "")
                if name and name_holds_text(name, text):
                    checks.append((start, end, name))
                pending.append((selection, label, start, end, refs))
            counting = find_counting(text, checks)
            if counting is None:
                self._report_mismatches(source, text, checks)
                continue
            if counting != CODE_POINTS:
                self.warnings.append(
                    Problem(
                        self.path,
                        None,
                        f"{source.label}: the offsets "
                        f"count {counting.describe()}; quotes were sliced "
                        "that way so that they match the selections' text",
                        "nothing to do if the quotes read right; if not, export the project again",
                        severity="warning",
                    )
                )
            for selection, label, start, end, refs in pending:
                try:
                    quote = slice_text(text, start, end, counting)
                except OffsetError as exc:
                    self.problem(
                        f"{source.label}: {label} at characters {start}-{end} is {exc}",
                        "export the project again; the source text and the codings "
                        "do not belong together",
                    )
                    continue
                quote = quote.replace("\r\n", "\n").replace("\r", "\n").strip()
                if not refs or not quote:
                    continue
                themes = tuple(sorted({theme_of[r] for r in refs}, key=theme_order.__getitem__))
                segments.append(
                    StudySegment(
                        selection.get("guid") or f"{source.guid}:{start}",
                        source.guid,
                        themes,
                        quote,
                        f"{source.label}, characters {start}-{end}",
                    )
                )
        return segments

    def _report_mismatches(
        self, source: TextSource, text: SourceText, checks: list[tuple[int, int, str]]
    ) -> None:
        for start, end, name in checks:
            try:
                got = slice_text(text, start, end)
            except OffsetError as exc:
                got = f"<{exc}>"
            if got.split() != name.split():
                self.problem(
                    f"{source.label}: the text at characters {start}-{end} is "
                    f"{_short(got)!r} but the selection says {_short(name)!r}",
                    "the export's offsets do not match its text (line endings, "
                    "byte-order mark or emoji counted differently); export again",
                )

    def _participants(self, sources: list[TextSource]):
        """The participants, a map from source GUID to participant name, and whether they came
        from cases."""
        variables = {v.get("guid"): v.get("name", "") for v in self.root.iter(f"{{{NS}}}Variable")}
        cases_element = child(self.root, "Cases")
        cases = children(cases_element, "Case") if cases_element is not None else []
        names: set[str] = set()
        participants: list[StudyParticipant] = []
        participant_of: dict[str, str] = {}
        dropped: set[str] = set()

        def unique(name: str) -> str:
            candidate, n = name, 2
            while candidate in names:
                candidate, n = f"{name} ({n})", n + 1
            names.add(candidate)
            return candidate

        for case in cases:
            name = unique(case.get("name") or case.get("guid", "case"))
            attributes: dict[str, str] = {}
            for value in children(case, "VariableValue"):
                ref = child(value, "VariableRef")
                variable = variables.get(ref.get("targetGUID") if ref is not None else None, "")
                held = [text_of(c) for c in value if local_name(c) != "VariableRef"]
                if not variable or not any(held):
                    continue
                if _PERSONAL_VARIABLE.search(variable):
                    dropped.add(variable)
                    continue
                attributes[_column(variable)] = next(h for h in held if h)
            participants.append(StudyParticipant(name, attributes))
            for ref in children(case, "SourceRef"):
                participant_of.setdefault(ref.get("targetGUID", ""), name)
        if dropped:
            self.notes.append(
                f"case variable(s) {', '.join(sorted(dropped))} were not imported: "
                "they may identify people"
            )
        for source in sources:
            if source.guid not in participant_of:
                name = unique(source.label)
                participants.append(StudyParticipant(name))
                participant_of[source.guid] = name
        return participants, participant_of, bool(cases)


def _column(variable: str) -> str:
    column = re.sub(r"[^0-9a-z]+", "_", variable.strip().lower()).strip("_") or "variable"
    return "id_" if column == "id" else column


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
