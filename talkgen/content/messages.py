"""Pydantic's validation errors in the speaker's words: where, what is wrong, how to fix it.

`explain(error, model, prefix)` turns one entry of `ValidationError.errors()` into the field as
the speaker counts it (`outline entry 12: kind`, positions from 1), the message and the fix, with
a did-you-mean for a misspelt key or value (`pase` -> `pace`, `conclusions` -> `conclusion`).
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel

from talkgen.content.model import MIN_SLIDE_SECONDS, PACE_MAX, PACE_MIN
from talkgen.errors import choose_from, did_you_mean

# Hints for the keys whose values have a form of their own.
_PATTERN_HINTS = {
    "slug": "use lower-case letters, digits and '-' only, e.g. my-talk",
    "color": 'write a colour as "#RRGGBB" in quotes, e.g. "#0072B2"',
}
_NUMBER_HINTS = {
    "pace": "write the words per minute as a number, e.g. pace: 140",
    "seconds": "write the seconds as a number, e.g. seconds: 30",
    "weight": "write a number such as 0.5 or 2 (1 is a theme slide's share)",
}
_RANGE_HINTS = {
    "pace": f"give words per minute from {PACE_MIN} to {PACE_MAX}; most speakers talk at 120-160",
    "seconds": f"give at least {MIN_SLIDE_SECONDS} s: a shorter slide cannot even be read",
    "weight": "give a share above 0 and at most 100 (1 is a theme slide's share)",
}


def field_label(loc: tuple[str | int, ...]) -> str:
    """A pydantic location as the speaker counts: `("outline", 11, "kind")` ->
    `outline entry 12: kind` (list positions counted from 1)."""
    text = ""
    after_number = False
    for part in loc:
        if isinstance(part, int):
            text += f" entry {part + 1}"
            after_number = True
            continue
        if text:
            text += ": " if after_number else "."
        text += str(part)
        after_number = False
    return text


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class whose field the last part of `loc` names (None if it cannot be told)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(str(part))
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    if isinstance(annotation, types.UnionType):
        return None
    return None


def _keys(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [name for name, field in model.model_fields.items() if not field.exclude]


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def explain(
    error: dict, model: type[BaseModel], prefix: tuple[str, ...] = ()
) -> tuple[str, str, str]:
    """(field, message, hint) for one pydantic error on `model` (see the module's docstring)."""
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    key = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    field = ": ".join(part for part in (*prefix, field_label(loc)) if part) or model.__name__
    if kind == "extra_forbidden":
        known = _keys(_model_at(model, loc[:-1]) if len(loc) > 1 else model)
        close = did_you_mean(key, known)
        hint = f"did you mean '{close}'?" if close else "remove it or check its spelling"
        return field, "unknown key", hint + " (the keys are listed in docs/content-format.md)"
    if kind == "missing":
        return field, "missing", "add it"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = choose_from(_shown(value), allowed)
        if not hint.startswith("did you mean"):
            hint = f"use one of: {', '.join(allowed)}"
        return field, f"'{_shown(value)}' is not one of the choices", hint
    if kind == "string_type":
        if value is None:
            return field, "is empty", "write it after the colon, or remove the key"
        if isinstance(value, bool):
            return (
                field,
                f"{_shown(value)} is read as a yes-or-no value, not text",
                f'put the text in quotes: {key}: "{_shown(value)}"',
            )
        return field, "should be text", f'put it in quotes: {key}: "..."'
    if kind in ("string_too_short", "too_short"):
        if isinstance(value, str):
            return field, "is empty", "write some text, or remove the key"
        return field, "is empty", "give at least one"
    if kind == "string_too_long":
        return field, "is too long", "shorten it (see docs/limits.md)"
    if kind == "too_long":
        return field, "has too many entries", "split the talk or remove some (see docs/limits.md)"
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(key, "use letters, digits, '-', '_' or '.' and no spaces")
        return field, f"'{value}' is not allowed here", hint
    if kind in ("float_parsing", "int_parsing", "float_type", "int_type", "int_from_float"):
        hint = _NUMBER_HINTS.get(key, "write a plain number, e.g. 12 or 3.5")
        return field, f"'{_shown(value)}' is not a number", hint
    if kind == "finite_number":
        return field, f"'{_shown(value)}' is not a finite number", "write an ordinary number"
    if kind == "bool_parsing" or kind == "bool_type":
        return field, f"'{_shown(value)}' is not yes or no", "write yes or no (or true/false)"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        hint = _RANGE_HINTS.get(key) or _generic_range(ctx, kind)
        return field, f"{_shown(value)} is out of range", hint
    if kind == "dict_type" or kind == "list_type" or kind == "model_type":
        what = {"dict_type": "`key: value` lines", "model_type": "`key: value` lines"}.get(
            kind, "a list (one `- item` per line, or [a, b])"
        )
        return field, f"should be {what}", f"write {what} under {key or 'it'}"
    if kind == "value_error":
        # Our validators write "what is wrong; how to fix it".
        message, _, hint = error["msg"].removeprefix("Value error, ").partition("; ")
        return field, message, hint
    return field, error["msg"], ""


def _generic_range(ctx: dict, kind: str) -> str:
    words = {
        "greater_than": "above",
        "greater_than_equal": "at least",
        "less_than": "below",
        "less_than_equal": "at most",
    }[kind]
    limit = next(iter(ctx.values()), "")
    return f"give a number {words} {_shown(limit)}"
