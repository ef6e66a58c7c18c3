"""Timing a talk: estimates from the notes, rehearsals, and the timing report.

`estimate` says how long each slide's words take at the talk's pace, `rehearsal` records and
reads real rehearsals, `report` compares them with the plan, `writers` saves the report,
`screen` is the live rehearsal view and `pptx_times` reads PowerPoint's rehearsed timings.
"""

from talkgen.timing.estimate import count_words, estimate_slide_seconds, spoken_words
from talkgen.timing.rehearsal import Rehearsal, load_rehearsals
from talkgen.timing.report import TimingReport, build_report

__all__ = [
    "Rehearsal",
    "TimingReport",
    "build_report",
    "count_words",
    "estimate_slide_seconds",
    "load_rehearsals",
    "spoken_words",
]
