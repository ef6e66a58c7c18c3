"""Importing research from qualitative-analysis tools: REFI-QDA projects (`.qdpx`) and
highlight spreadsheets, written as a talkgen content folder."""

from __future__ import annotations

from talkgen.qda.importer import import_study
from talkgen.qda.refi import read_qdpx
from talkgen.qda.report import ImportReport

__all__ = ["ImportReport", "import_study", "read_qdpx"]
