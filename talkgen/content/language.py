"""Language tags (BCP 47) for the talk and its quotes: checked, normalised, and named.

The check uses `langcodes` (with its `language_data` names), which knows the IANA subtag
registry: `en`, `en-NZ`, `mi`, `zh-Hant`, `sr-Latn` are tags; `english` is not, and the
suggestion comes from the registry's language names (`english` -> `en`, `Māori` -> `mi`).
"""

from __future__ import annotations

import langcodes

# Country codes written where a language code belongs, a mistake the names cannot catch.
_COUNTRY_FOR_LANGUAGE = {
    "jp": "ja",
    "cn": "zh",
    "kr": "ko",
    "gr": "el",
    "dk": "da",
    "se": "sv",
    "cz": "cs",
    "ua": "uk",
    "vn": "vi",
    "il": "he",
    "ir": "fa",
}
_NAMES = {"te reo": "mi", "te reo maori": "mi", "te reo māori": "mi", "reo māori": "mi"}


def language_tag(value: object) -> str:
    """`value` as a normalised BCP 47 tag (`en-nz` -> `en-NZ`, `iw` -> `he`).

    Raises ValueError("'english' is not a BCP 47 language tag; write language: en (English)")
    with a suggestion when one can be found."""
    text = str(value).strip()
    if text and langcodes.tag_is_valid(text.replace("_", "-")):
        return langcodes.standardize_tag(text.replace("_", "-"))
    suggestion = _suggest(text)
    if suggestion:
        name = langcodes.Language.get(suggestion).display_name()
        raise ValueError(
            f"'{text}' is not a BCP 47 language tag; write language: {suggestion} ({name})"
        )
    raise ValueError(
        f"'{text}' is not a BCP 47 language tag; write a tag such as en, en-NZ, mi, zh-Hant or ar"
    )


def language_name(tag: str) -> str:
    """The language's English name for messages and the handout (`mi` -> `Māori`)."""
    return langcodes.Language.get(tag).display_name()


def _suggest(text: str) -> str | None:
    lowered = text.lower()
    if lowered in _COUNTRY_FOR_LANGUAGE:
        return _COUNTRY_FOR_LANGUAGE[lowered]
    if lowered in _NAMES:
        return _NAMES[lowered]
    if len(text) < 3:
        return None
    try:
        return str(langcodes.find(text))
    except LookupError:
        return None
