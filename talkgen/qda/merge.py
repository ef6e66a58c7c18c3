"""Re-import: bring a newer export into a content folder without losing the speaker's edits.

A three-way merge, field by field. The base is what the last import wrote (kept in the folder's
`.talkgen-import.json`); the current folder is what the speaker has now; the new export is what
came in. A field the speaker has not changed since the import takes the export's new value; a
field they changed keeps their version. Fields the importer never writes (notes, points, short,
featured, order, ...) are always the speaker's. What the speaker deleted stays deleted, what they
added stays, and what left the export is removed unless the speaker edited it or still uses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from talkgen.content.model import Talk
from talkgen.qda.writer import ImportedContent

THEME_FIELDS = ("title", "summary", "color")
QUOTE_FIELDS = ("participant", "themes", "text")
_QUOTE_ID = re.compile(r"^q(\d+)$")
_THEME_FILE = re.compile(r"^(\d+)-")


@dataclass
class Content:
    """A content folder's records as plain values: what a merge reads and what is written."""

    themes: list[dict[str, Any]] = field(default_factory=list)  # with "_file": themes/NN-x.md
    quotes: list[dict[str, Any]] = field(default_factory=list)
    participants: list[dict[str, str]] = field(default_factory=list)  # "id" and attributes
    codings: list[tuple[str, str]] = field(default_factory=list)  # (participant, theme)
    in_outline: set[str] = field(default_factory=set)  # theme and quote ids talk.yaml names


@dataclass
class Changes:
    """What a merge did, for the import summary."""

    added: dict[str, int] = field(default_factory=lambda: {"themes": 0, "quotes": 0})
    updated: dict[str, int] = field(default_factory=lambda: {"themes": 0, "quotes": 0})
    removed: dict[str, int] = field(default_factory=lambda: {"themes": 0, "quotes": 0})
    kept_edits: list[str] = field(default_factory=list)  # "quote q012: text"
    kept_deleted: int = 0


@dataclass
class MergeResult:
    """The merged content, the ids given to the export's themes, and the next base."""

    content: Content
    theme_ids: dict[str, str]
    base: dict[str, Any]
    new_theme_ids: list[str]
    changes: Changes


def content_from_talk(talk: Talk) -> Content:
    """A loaded content folder as plain records."""
    drop = {"path", "line", "key_lines"}
    themes = []
    for theme in talk.themes:
        record = theme.model_dump(exclude=drop)
        record["_file"] = theme.path.relative_to(talk.root).as_posix() if theme.path else None
        themes.append(record)
    return Content(
        themes=themes,
        quotes=[q.model_dump(exclude=drop) for q in talk.quotes],
        participants=[{"id": p.id, **p.attributes} for p in talk.participants],
        codings=[(c.participant, c.theme) for c in talk.codings],
        in_outline={
            ref for entry in talk.info.outline or [] for ref in (entry.theme, entry.quote) if ref
        },
    )


def _same(a: Any, b: Any) -> bool:
    def norm(value: Any) -> Any:
        if value in (None, "", [], {}):
            return None
        return value.strip() if isinstance(value, str) else value

    return norm(a) == norm(b)


def _three_way(current: dict, base: dict, new: dict, fields: tuple[str, ...]) -> list[str]:
    """Update `current` in place from `new` where it still equals `base`; the fields kept."""
    kept = []
    for name in fields:
        if _same(current.get(name), base.get(name)):
            current[name] = new.get(name)
        elif not _same(current.get(name), new.get(name)):
            kept.append(name)
    return kept


def _update(
    kind: str,
    record_id: str,
    records: dict[str, dict],
    base: dict,
    new: dict,
    fields: tuple[str, ...],
    changes: Changes,
) -> None:
    """A record imported before and in the export again: merged three ways when the speaker
    still has it (their edits kept and listed), counted as kept deleted when they removed it."""
    if record_id not in records:
        changes.kept_deleted += 1
        return
    before = dict(records[record_id])
    kept = _three_way(records[record_id], base, new, fields)
    changes.kept_edits += [f"{kind} {record_id}: {f}" for f in kept]
    changes.updated[f"{kind}s"] += records[record_id] != before


def _unique(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 2
    while candidate in taken:
        candidate, n = f"{wanted}-{n}", n + 1
    taken.add(candidate)
    return candidate


def merge(base: dict[str, Any] | None, current: Content, imported: ImportedContent) -> MergeResult:
    """Merge a new export into the current content; an empty base and content is a fresh
    import."""
    base = base or {}
    base_themes: dict[str, dict] = base.get("themes", {})
    base_quotes: dict[str, dict] = base.get("quotes", {})
    base_people: dict[str, dict] = base.get("participants", {})
    changes = Changes()

    # Themes: settle ids first; quotes and codings refer to them.
    themes = {t["id"]: dict(t) for t in current.themes}  # copies: `current` stays as read
    taken = set(themes) | {b["id"] for b in base_themes.values()}
    theme_ids = {
        key: base_themes[key]["id"] if key in base_themes else _unique(t["slug"], taken)
        for key, t in imported.themes.items()
    }
    new_theme_ids = []
    for key, new in imported.themes.items():
        tid, values = theme_ids[key], {**new, "id": theme_ids[key]}
        if key not in base_themes:
            themes[tid] = {"id": tid, **{f: new[f] for f in THEME_FIELDS}}
            new_theme_ids.append(tid)
            changes.added["themes"] += 1
        else:
            _update("theme", tid, themes, base_themes[key], values, THEME_FIELDS, changes)

    # Participants, by pseudonym; attributes merge one column at a time.
    people = {p["id"]: dict(p) for p in current.participants}
    for pid, attributes in imported.participants.items():
        if pid not in base_people:
            people.setdefault(pid, {"id": pid, **attributes})
        elif pid in people:
            columns = tuple(dict.fromkeys([*base_people[pid], *attributes]))
            kept = _three_way(people[pid], base_people[pid], attributes, columns)
            changes.kept_edits += [f"participant {pid}: {c}" for c in kept]
            for column in columns:
                if people[pid].get(column) is None:
                    people[pid].pop(column, None)

    # Quotes.
    quotes = {q["id"]: dict(q) for q in current.quotes}
    numbers = [
        int(m.group(1))
        for i in [*quotes, *(b["id"] for b in base_quotes.values())]
        if (m := _QUOTE_ID.match(i))
    ]
    next_number = max(numbers, default=0) + 1
    width = max(3, len(str(next_number + len(imported.quotes))))
    base_record: dict[str, dict] = {}
    quote_ids_taken = set(quotes) | {b["id"] for b in base_quotes.values()}
    added_quotes: set[str] = set()
    for key, new in imported.quotes.items():
        values = {
            "participant": new["participant"],
            "text": new["text"],
            "themes": [theme_ids[k] for k in new["theme_keys"] if theme_ids[k] in themes],
        }
        if key in base_quotes:
            qid = base_quotes[key]["id"]
        else:
            while (qid := f"q{next_number:0{width}d}") in quote_ids_taken:
                next_number += 1
            quote_ids_taken.add(qid)
        base_record[key] = {
            "id": qid,
            "participant": new["participant"],
            "text": new["text"],
            "themes": [theme_ids[k] for k in new["theme_keys"]],
        }
        if key not in base_quotes:
            if values["themes"] and values["participant"] in people:
                quotes[qid] = {"id": qid, **values}
                added_quotes.add(qid)
                changes.added["quotes"] += 1
        else:
            _update("quote", qid, quotes, base_quotes[key], values, QUOTE_FIELDS, changes)

    # What left the export goes, unless the speaker edited it or uses it.
    for key, old in base_quotes.items():
        quote = quotes.get(old["id"])
        if (
            key not in imported.quotes
            and quote
            and _untouched(quote, old, QUOTE_FIELDS, current.in_outline)
        ):
            del quotes[old["id"]]
            changes.removed["quotes"] += 1
    for qid in [qid for qid, q in quotes.items() if not q.get("themes")]:
        # Every theme it was linked to has gone (deleted by the speaker, or from the export).
        del quotes[qid]
        changes.removed["quotes"] += 1
    used = {t for q in quotes.values() for t in q.get("themes", [])}
    for key, old in base_themes.items():
        tid = old["id"]
        if key not in imported.themes and tid in themes and tid not in used:
            if _untouched(themes[tid], old, THEME_FIELDS, current.in_outline):
                del themes[tid]
                changes.removed["themes"] += 1
    speaking = {q["participant"] for q in quotes.values()}
    for pid in base_people:
        if pid not in imported.participants and pid in people and pid not in speaking:
            del people[pid]

    # Codings are a set: the export's rows replace the last export's, the speaker's own rows
    # stay, and rows the speaker deleted stay deleted.
    now = set(current.codings)
    before = {tuple(row) for row in base.get("codings", [])}
    incoming = {(pid, theme_ids[key]) for pid, key in imported.codings}
    codings = (now - before) | (incoming - (before - now))
    codings = {(p, t) for p, t in codings if p in people and t in themes}
    order = {tid: i for i, tid in enumerate(themes)}

    content = Content(
        themes=list(themes.values()),
        quotes=list(quotes.values()),
        participants=list(people.values()),
        codings=sorted(codings, key=lambda c: (c[0], order[c[1]])),
    )
    _place_theme_files(content)
    _feature_first_quotes(content, new_theme_ids, added_quotes)
    next_base = {
        "themes": {
            key: {"id": theme_ids[key], **{f: t[f] for f in THEME_FIELDS}}
            for key, t in imported.themes.items()
        },
        "quotes": base_record,
        "participants": imported.participants,
        "codings": sorted([list(c) for c in incoming]),
    }
    return MergeResult(content, theme_ids, next_base, new_theme_ids, changes)


def _filled(value: Any) -> bool:
    return value is not None and value is not False and value not in ("", [], {})


def _untouched(record: dict, base: dict, fields: tuple[str, ...], in_outline: set[str]) -> bool:
    """Whether the speaker has left a record as imported: its imported fields unchanged, none
    of her own (featured, notes, points, ...) filled in, and not named in the outline."""
    own = [k for k in record if k not in (*fields, "id", "summary", "_file")]
    return (
        all(_same(record.get(f), base.get(f)) for f in fields)
        and not any(_filled(record[k]) for k in own)
        and record["id"] not in in_outline
    )


def _place_theme_files(content: Content) -> None:
    """Give new themes a file after the existing ones: themes/NN-id.md."""
    numbers = [
        int(m.group(1))
        for t in content.themes
        if t.get("_file")
        if (m := _THEME_FILE.match(Path(t["_file"]).name))
    ]
    next_number = max(numbers, default=0) + 1
    width = max(2, len(str(next_number + len(content.themes))))
    for theme in content.themes:
        if not theme.get("_file"):
            theme["_file"] = f"themes/{next_number:0{width}d}-{theme['id']}.md"
            next_number += 1


def _feature_first_quotes(content: Content, new_theme_ids: list[str], new_quotes: set[str]) -> None:
    """Feature the first new quote of each new theme that has none, so its slide shows one
    (the speaker's own quotes are left as they are)."""
    for tid in new_theme_ids:
        linked = [q for q in content.quotes if tid in q.get("themes", []) and q["id"] in new_quotes]
        if linked and not any(q.get("featured") for q in linked):
            linked[0]["featured"] = True
