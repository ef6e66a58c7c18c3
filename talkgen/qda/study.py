"""What an import reads from a qualitative-analysis tool, before it becomes talkgen content.

Both importers (REFI-QDA projects and highlight spreadsheets) produce a `Study`: the themes
(codes or tags), the people who took part under their real names or labels (private: only the
pseudonym mapping keeps them), and the coded segments of their words. The writer turns a `Study`
into a content folder; nothing here touches files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from talkgen.errors import Problem


@dataclass(frozen=True)
class StudyTheme:
    """A code (or tag) that becomes a theme, with the codes folded into it."""

    key: str  # stable across exports: the code's GUID, or the tag's name
    name: str
    description: str = ""
    color: str | None = None
    folded: tuple[str, ...] = ()  # names of the child codes counted with this one


@dataclass(frozen=True)
class StudyParticipant:
    """A person (a case, a source or a document) under the name the tool gives them: private."""

    name: str
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class StudySegment:
    """A coded stretch of a participant's words, and the themes it was coded with."""

    key: str  # stable across exports: the selection's GUID, or a hash of the highlight
    participant: str  # a `StudyParticipant.name`
    themes: tuple[str, ...]  # `StudyTheme.key`s, in codebook order
    text: str
    where: str = ""  # where it came from, for messages: "board_2017.txt, characters 320-400"


@dataclass(frozen=True)
class Study:
    """Everything one export holds that a talk can use."""

    kind: str  # "qdpx" or "highlights": a re-import must come from the same kind of file
    name: str  # the project's name
    origin: str  # the tool that made the export, when it says
    source_file: Path
    themes: tuple[StudyTheme, ...]
    participants: tuple[StudyParticipant, ...]
    segments: tuple[StudySegment, ...]
    participants_from: str = "sources"  # "cases", "sources" or "documents"
    notes: tuple[str, ...] = ()  # facts worth telling the speaker, e.g. "no coded segments"
    warnings: tuple[Problem, ...] = ()
