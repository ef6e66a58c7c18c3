"""`import_study`: an export's `Study` written into a content folder, all or nothing.

The folder is assembled in a temporary sibling folder (a copy of the existing one on
re-import), checked with `load_talk` and `plan_talk`, and only then moved into place, so a
failed import never leaves a half-written content folder. The private pseudonym mapping is
written outside the folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from talkgen.atomic import write_text
from talkgen.content import load_talk
from talkgen.content.privacy import personal_data
from talkgen.errors import ContentError, Problem, TalkgenError
from talkgen.inputs import read_bytes
from talkgen.plan import plan_talk
from talkgen.qda import writer
from talkgen.qda.mapping import (
    assign_ids,
    check_outside,
    default_mapping_path,
    read_mapping,
    write_mapping,
)
from talkgen.qda.merge import Content, content_from_talk, merge
from talkgen.qda.report import ImportReport
from talkgen.qda.study import Study

STATE_FILE = ".talkgen-import.json"
# The files an import writes; --force replaces them and leaves everything else in the folder.
OWNED = (
    "talk.yaml",
    "quotes.yaml",
    "quotes.csv",
    "participants.csv",
    "coding.csv",
    "charts.yaml",
    writer.COUNTS_FILE,
    writer.PARTICIPANT_COUNTS_FILE,
    STATE_FILE,
)
_PARTICIPANT_KIND = {"cases": "case", "sources": "source", "documents": "document"}


def import_study(
    study: Study, into: Path | str, *, force: bool = False, mapping_path: Path | str | None = None
) -> ImportReport:
    """Write `study` into the content folder `into` (new, or made by an earlier import of the
    same project, whose speaker's edits are kept); with `force`, replace the files an import
    writes in any folder. Raises `TalkgenError` and leaves `into` untouched on any problem."""
    into = Path(into)
    mapping_path = Path(mapping_path) if mapping_path else default_mapping_path(into)
    check_outside(mapping_path, into)
    state = _read_state(into, study, force)
    reimport = state is not None and not force

    mapping = read_mapping(mapping_path)
    notes = list(study.notes)
    if reimport and not mapping and study.participants:
        notes.append(
            f"no participant mapping at {mapping_path}: pseudonyms were given afresh "
            "and may not match the earlier import's"
        )
    mapping = assign_ids(mapping, [p.name for p in study.participants])
    imported = writer.imported_content(study, mapping)

    current = content_from_talk(_load_current(into)) if reimport else Content()
    result = merge(state.get("records") if reimport else None, current, imported)

    into.absolute().parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{into.name}.import-", dir=into.absolute().parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp, 0o777 & ~umask)  # mkdtemp's private 0700 would stick to the content folder
    try:
        if into.is_dir():
            shutil.copytree(into, temp, dirs_exist_ok=True, symlinks=True)
        if force:
            _remove_owned(temp)
        kept = _write(temp, study, imported, result, current, state if reimport else None)
        talk = _check(temp, into)
        warnings = [*study.warnings, *_left_off_slides(talk, into)]
        try:
            write_mapping(
                mapping_path,
                mapping,
                {p.name: _PARTICIPANT_KIND[study.participants_from] for p in study.participants},
            )
        except (OSError, TalkgenError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else exc.problems[0].message
            raise TalkgenError(
                Problem(
                    mapping_path,
                    None,
                    f"cannot write the private participant mapping: {reason}; nothing was imported",
                    "give --mapping a file path you can write",
                )
            ) from exc
        _swap(temp, into)
    finally:
        shutil.rmtree(temp, ignore_errors=True)

    new_ids = {record["id"] for record in result.base["quotes"].values()}
    real_names = [p.name for p in study.participants]
    flagged = [
        (q.id, what)
        for q in talk.quotes
        if q.id in new_ids
        for what in _personal(q.text, talk.deny_names, real_names)
    ]
    return ImportReport(
        study=study,
        into=into,
        mapping_path=mapping_path,
        reimport=reimport,
        themes=len(talk.themes),
        quotes=len(talk.quotes),
        participants=len(talk.participants),
        featured=len(talk.featured_quotes),
        flagged=flagged,
        changes=result.changes,
        kept_files=kept,
        notes=notes,
        warnings=warnings,
    )


def _left_off_slides(talk, into: Path) -> list[Problem]:
    """A warning when the outline shows only some of the themes (more than fit the slot)."""
    shown = {e.theme for e in talk.info.outline or [] if e.kind == "theme"}
    left_off = [t for t in talk.themes if t.id not in shown]
    if not shown or not left_off:
        return []
    return [
        Problem(
            into / "talk.yaml",
            talk.info.line_of("outline"),
            f"{len(left_off)} of the {len(talk.themes)} themes are not on a slide: the "
            f"outline shows the {len(shown)} with the most coded segments (the handout keeps "
            "them all; a chart shows the 10 or so largest and says how many more there are)",
            "choose others under outline: in talk.yaml, or import with a lower --theme-level",
            severity="warning",
        )
    ]


def _personal(text: str, deny_names: list[str], real_names: list[str]) -> list[str]:
    found = personal_data(text, deny_names)
    for name in real_names:
        if len(name) >= 3 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I):
            found.append(f"the name a participant has in the export ('{name}')")
    return found


def _read_state(into: Path, study: Study, force: bool) -> dict[str, Any] | None:
    if into.exists() and not into.is_dir():
        raise TalkgenError(
            Problem(
                into,
                None,
                "is a file, not a folder",
                "give --into a folder (new, or made by an earlier import)",
            )
        )
    if not into.exists() or not any(into.iterdir()):
        return None
    path = into / STATE_FILE
    if not path.is_file():
        if force:
            return None
        raise TalkgenError(
            Problem(
                into,
                None,
                "already holds files that talkgen import did not write; nothing was changed",
                "import into a new folder, or add --force to replace its "
                "talk.yaml, themes, quotes, participants and codings",
            )
        )
    try:
        state = json.loads(read_bytes(path).decode("utf-8"))
        kind, project = state["kind"], state["project"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError, TalkgenError) as exc:
        if force:
            return None
        raise TalkgenError(
            Problem(
                path,
                None,
                f"the record of the last import is unreadable ({exc})",
                "add --force to import afresh (your edits to imported files are then replaced)",
            )
        ) from exc
    # A spreadsheet has no project name of its own (its file name changes with each export), so
    # for highlights only the kind of file must match.
    same = kind == study.kind and (kind == "highlights" or project == study.name)
    if not same and not force:
        raise TalkgenError(
            Problem(
                into,
                None,
                f"was imported from another project ({kind} "
                f"'{project}'), not from {study.kind} '{study.name}'; "
                "nothing was changed",
                "import into a new folder, or add --force to replace the imported files",
            )
        )
    return state


def _load_current(into: Path):
    try:
        return load_talk(into)
    except ContentError as exc:
        raise ContentError(
            [
                *exc.problems,
                Problem(
                    into,
                    None,
                    "a re-import merges into the folder, so it must validate first; "
                    "nothing was changed",
                    f"fix the problems above (talkgen validate {into})",
                ),
            ]
        ) from exc


def _remove_owned(folder: Path) -> None:
    for name in OWNED:
        (folder / name).unlink(missing_ok=True)
    for theme in (folder / "themes").glob("*.md"):
        theme.unlink()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write(
    folder: Path,
    study: Study,
    imported: writer.ImportedContent,
    result,
    current: Content,
    state: dict[str, Any] | None,
) -> list[str]:
    """Write the merged content into `folder`; returns the derived files kept as edited."""
    content = result.content
    if (folder / "quotes.csv").exists():
        raise TalkgenError(
            Problem(
                folder / "quotes.csv",
                None,
                "an import writes quotes.yaml, and this folder keeps its quotes in quotes.csv",
                "move your quotes into quotes.yaml, or use --force",
            )
        )
    before = {t["id"]: t for t in current.themes}
    for theme in content.themes:
        if before.get(theme["id"]) != theme:
            write_text(folder / theme["_file"], writer.render_theme(theme))
    kept_paths = {t["_file"] for t in content.themes}
    for theme in current.themes:
        if theme["_file"] not in kept_paths:
            (folder / theme["_file"]).unlink(missing_ok=True)
    if content.quotes != current.quotes or state is None:
        write_text(
            folder / "quotes.yaml", writer.render_quotes(content.quotes, study.source_file.name)
        )
    if content.participants != current.participants or state is None:
        write_text(folder / "participants.csv", writer.render_participants(content.participants))
    if content.codings != current.codings or state is None:
        write_text(
            folder / "coding.csv", writer.render_table(["participant", "theme"], content.codings)
        )

    files = _derived_files(study, imported, result)
    base_files: dict[str, str] = (state or {}).get("files", {})
    kept = []
    for name, text in files.items():
        target = folder / name
        if state is not None and target.exists():
            now = _digest(read_bytes(target).decode("utf-8", "replace"))
            if now != base_files.get(name) and now != _digest(text):
                kept.append(name)
                continue
        elif state is not None and name in base_files and name != "talk.yaml":
            continue  # the speaker deleted it after the last import
        write_text(target, text)
    record = {
        "version": 1,
        "kind": study.kind,
        "project": study.name,
        "source": study.source_file.name,
        "records": result.base,
        "files": {name: _digest(text) for name, text in files.items()},
    }
    write_text(folder / STATE_FILE, json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    return kept


def _derived_files(study: Study, imported: writer.ImportedContent, result) -> dict[str, str]:
    """talk.yaml, and the charts of code counts with their data when anything was coded."""
    themes = [t for t in result.content.themes]
    counted = bool(study.segments)
    segments = {
        tid: imported.segments_per_theme.get(key, 0) for key, tid in result.theme_ids.items()
    }
    on_slides = writer.slide_themes(themes, segments)
    files = {"talk.yaml": writer.render_talk(study, themes, counted, on_slides)}
    if counted:
        by_id = {t["id"]: t for t in themes}
        rows = [
            (
                by_id[tid].get("short") or by_id[tid]["title"],
                imported.segments_per_theme[key],
                imported.participants_per_theme[key],
            )
            for key, tid in result.theme_ids.items()
            if tid in by_id
        ]
        people = sorted(imported.segments_per_participant.items())
        files[writer.COUNTS_FILE] = writer.render_table(
            ["theme", "segments", "participants"], [list(r) for r in rows]
        )
        files[writer.PARTICIPANT_COUNTS_FILE] = writer.render_table(
            ["participant", "segments"], [list(p) for p in people]
        )
        files["charts.yaml"] = writer.render_charts(
            study, [r[0] for r in rows], [r[1] for r in rows], people
        )
    return files


def _check(folder: Path, into: Path):
    """Load and plan the assembled folder; its problems are reported against `into`."""

    # A re-import's problems are in files the speaker has; a first import's would be in files
    # never written, so they are named as parts of the import, with no folder that is not there.
    written = into.is_dir()

    def moved(problem: Problem) -> Problem:
        path = problem.path
        if path is not None and (path == folder or folder in path.parents):
            relative = path.relative_to(folder)
            if not written:
                where = f"{relative}:{problem.line}" if problem.line else str(relative)
                return Problem(None, None, f"the imported {where}: {problem.message}", problem.hint)
            path = into / relative
        return Problem(
            path, problem.line, problem.message, problem.hint, problem.col, problem.severity
        )

    try:
        talk = load_talk(folder)
        plan_talk(talk)
    except ContentError as exc:
        raise ContentError(
            [
                *(moved(p) for p in exc.problems),
                Problem(
                    into,
                    None,
                    "the imported content would not validate, so nothing was changed",
                    "fix the problems above in the folder (or the export) and import again",
                )
                if written
                else Problem(
                    None,
                    None,
                    f"the import would make content that does not validate, so {into} was "
                    "not written",
                    "change the export or the import's options (such as --theme-level), then "
                    "import again",
                ),
            ]
        ) from exc
    return talk.model_copy(update={"root": into})


def _swap(temp: Path, into: Path) -> None:
    """Put the assembled folder where `into` is, keeping the old one until the new is in."""
    if not into.exists():
        os.replace(temp, into)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{into.name}.old-", dir=into.absolute().parent))
    os.rmdir(old)
    os.replace(into, old)
    try:
        os.replace(temp, into)
    except OSError:
        os.replace(old, into)
        raise
    shutil.rmtree(old, ignore_errors=True)
