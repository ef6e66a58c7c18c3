"""The PDF handout: the talk in full sentences, typeset with Typst from the plan and charts.

`build_handout` is the stage's entry point: plan + rendered charts -> `<slug>-handout.pdf`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from talkgen.charts.model import RenderedChart
from talkgen.errors import Problem
from talkgen.handout.compile import DEFAULT_TEMPLATE, typeset_handout
from talkgen.handout.document import HandoutDocument, handout_document
from talkgen.handout.slides import slide_images
from talkgen.plan import Plan

__all__ = [
    "DEFAULT_TEMPLATE",
    "HandoutDocument",
    "HandoutResult",
    "build_handout",
    "handout_document",
]


@dataclass(frozen=True)
class HandoutResult:
    """A handout written to disk, and what the reader of the build log should know about it."""

    path: Path
    warnings: list[Problem] = field(default_factory=list)


def build_handout(
    plan: Plan,
    charts: Mapping[str, RenderedChart],
    out_path: Path | str,
    *,
    template: Path | str | None = None,
    paper: str | None = None,
    slides_pdf: Path | str | None = None,
) -> HandoutResult:
    """Write the handout of `plan` to `out_path` (atomically) and return where, with warnings.

    `charts` are the rendered charts by id (their SVGs are shown); `template` replaces our
    `templates/handout.typ`; `paper` (`a4` or `letter`) overrides the talk file; `slides_pdf`,
    a PDF of the deck, adds pages of slides three to a page with lines for notes."""
    out_path = Path(out_path)
    with tempfile.TemporaryDirectory(prefix="talkgen-slides-") as folder:
        images = slide_images(Path(slides_pdf), Path(folder)) if slides_pdf else None
        document = handout_document(plan, charts, paper=paper, slide_images=images)
        warnings = typeset_handout(
            document, out_path, template=Path(template) if template else None
        )
    return HandoutResult(out_path, [*document.warnings, *warnings])
