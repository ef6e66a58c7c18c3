"""Typesetting the handout: stage the template and its images, run Typst, write the PDF.

Typst only reads files inside its project root, so each build gets a private root (a temporary
folder) holding a copy of the template and the images under `assets/`. The document reaches the
template as JSON in `sys.inputs.handout`. Fonts come only from the files the document names (the
fallback chain cut to what its text needs, docs/fonts.md), linked into the root's `fonts/`, and
Typst's own embedded fonts; the creation date is fixed, so the same input gives the same bytes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import typst

from talkgen.atomic import write_bytes
from talkgen.errors import Problem, TalkgenError
from talkgen.handout.document import HandoutDocument
from talkgen.style import FONTS, TEMPLATES

DEFAULT_TEMPLATE = TEMPLATES / "handout.typ"

# The PDF's creation date when SOURCE_DATE_EPOCH is not set: a fixed moment, because a date
# that changes with every build would make identical handouts differ (2000-01-01T00:00:00Z).
FIXED_TIMESTAMP = 946_684_800

# Aim for PDF/UA-1: Typst then checks alt text, the title and tag structure as it exports.
PDF_STANDARDS = ["ua-1"]

_STAGED_TEMPLATE = "handout.typ"
_DIAGNOSTIC = re.compile(r"^(error|warning): (.*?)\n\s*┌─ (.*?):(\d+):(\d+)", re.MULTILINE)


def typeset_handout(
    document: HandoutDocument, out_path: Path, *, template: Path | None = None
) -> list[Problem]:
    """Typeset `document` with `template` (ours by default) into `out_path`, atomically.

    Returns Typst's warnings as problems; raises `TalkgenError` (naming the template's file and
    line) when the template does not compile, leaving any earlier handout in place."""
    template = Path(template) if template is not None else DEFAULT_TEMPLATE
    if not template.is_file():
        raise TalkgenError(
            Problem(
                template,
                None,
                "handout template not found",
                "pass an existing .typ file to --handout-template",
            )
        )
    with tempfile.TemporaryDirectory(prefix="talkgen-handout-") as folder:
        root = Path(folder)
        shutil.copyfile(template, root / _STAGED_TEMPLATE)
        assets = root / "assets"
        assets.mkdir()
        for name, source in document.assets.items():
            if isinstance(source, bytes):
                (assets / name).write_bytes(source)
            else:
                shutil.copyfile(source, assets / name)
        fonts = _stage_fonts(document.fonts, root / "fonts")
        try:
            pdf, warnings = typst.compile_with_warnings(
                root / _STAGED_TEMPLATE,
                root=root,
                font_paths=[fonts],
                ignore_system_fonts=True,
                sys_inputs={
                    "handout": json.dumps(document.content, ensure_ascii=False, sort_keys=True)
                },
                pdf_standards=PDF_STANDARDS,
                timestamp=creation_timestamp(),
            )
        except typst.TypstError as error:
            raise TalkgenError(template_problems(error, template, root)) from None
    write_bytes(out_path, pdf)
    return [
        problem
        for warning in warnings
        for problem in template_problems(warning, template, root, severity="warning")
    ]


def _stage_fonts(files: list[Path], folder: Path) -> Path:
    """Links to the font files the document needs (or talkgen's own fonts when it names none),
    so Typst reads only those: fast, and the same fonts on every build."""
    folder.mkdir()
    for number, source in enumerate(files or sorted(FONTS.glob("*.ttf"))):
        target = folder / f"{number:02d}-{source.name}"
        try:
            target.symlink_to(source)
        except OSError:  # a file system without symbolic links
            shutil.copyfile(source, target)
    return folder


def creation_timestamp() -> int:
    """The PDF's creation time: `SOURCE_DATE_EPOCH` when set (reproducible builds), else fixed."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else FIXED_TIMESTAMP


def template_problems(
    error: Exception, template: Path, root: Path, severity: str = "error"
) -> list[Problem]:
    """Typst's diagnostics as problems pointing at the user's template and line."""
    diagnostic = getattr(error, "diagnostic", "") or ""
    level = "warning" if severity == "warning" else "error"
    problems: list[Problem] = []
    for block in re.split(r"\n(?=(?:error|warning): )", diagnostic):
        match = _DIAGNOSTIC.search(block)
        if not match or match.group(1) != severity:
            continue
        _, message, where, line, col = match.groups()
        path = _source_path(where, template, root)
        typst_hints = re.findall(r"= hint: (.*)", block)
        hint = "; ".join(typst_hints) or _hint(message, path == template)
        problem = Problem(
            path, int(line), f"handout template: {message}", hint, col=int(col), severity=level
        )
        if problem not in problems:
            problems.append(problem)
    if not problems:
        message = getattr(error, "message", None) or str(error)
        problems.append(
            Problem(
                template, None, f"handout template: {message}", _hint(message, True), severity=level
            )
        )
    return problems[:5]  # later syntax errors are usually echoes of the first


def _source_path(where: str, template: Path, root: Path) -> Path:
    name = Path(where).name
    if name == _STAGED_TEMPLATE or where.endswith(_STAGED_TEMPLATE):
        return template
    return root / where if not Path(where).is_absolute() else Path(where)


def _hint(message: str, in_template: bool) -> str:
    lowered = message.lower()
    if "pdf/ua" in lowered and "title" in lowered:
        return "set it in the template: #set document(title: doc.title)"
    if "pdf/ua" in lowered and "alt" in lowered:
        return "give every image and figure alt text (alt: ...); the handout is PDF/UA-1"
    if "pdf/ua" in lowered:
        return "the handout is exported as accessible PDF/UA-1; see docs/handout.md"
    if "file not found" in lowered or "failed to load" in lowered:
        return "a template may read only the files talkgen stages under /assets/"
    if in_template:
        return "fix the template at this line (see docs/handout.md for the data it receives)"
    return "see docs/handout.md"
