"""Spotting personal data in quotes: research quotes must stay anonymous.

The checks are deliberately simple and explainable (a pattern, a name from the speaker's own
deny-list); each hit is a warning that names the quote, or an error under `--strict`.
"""

from __future__ import annotations

import functools
import re

# The patterns run in time linear in the text, however hostile: a match may start only where
# a run of its characters starts (the look-behinds), and every repeat is bounded, so no start
# scans more than a few hundred characters (a 90,000-character token takes milliseconds).
# An address's local part is at most 64 characters, each label of its domain at most 63.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}(?![\w-])")
# Eight to sixteen digits, allowing spaces, dots, dashes and brackets between them: phone
# numbers in NZ/AU/international forms, not years or counts.
PHONE = re.compile(r"(?<![\w])\+?\(?\d(?:[\s.()-]{0,3}\d){7,15}(?![\w])")
# Digit runs that are not phone numbers: year ranges ("1999-2003", "2012–2013") and the
# numbers of books, serials and articles.
YEAR_RANGE = re.compile(r"^(1[89]|20)\d\d\s*(?:[-–—/]|to)\s*(1[89]|20)\d\d$")
IDENTIFIER_BEFORE = re.compile(r"(ISBN|ISSN|DOI|ISBN-1[03])[:\s]*$", re.I)
HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{2,15}\b")
URL = re.compile(r"https?://\S+|www\.\S+", re.I)


def personal_data(text: str, deny_names: list[str]) -> list[str]:
    """What in `text` looks like personal data, each as a short description."""
    found: list[str] = []
    if match := EMAIL.search(text):
        found.append(f"an e-mail address ({match.group(0)})")
    without_emails = EMAIL.sub(" ", text)
    for match in PHONE.finditer(without_emails):
        number = match.group(0).strip()
        before = without_emails[max(0, match.start() - 12) : match.start()]
        if not YEAR_RANGE.match(number) and not IDENTIFIER_BEFORE.search(before):
            found.append(f"a phone number ({number})")
            break
    if match := HANDLE.search(without_emails):
        found.append(f"a social-media handle ({match.group(0)})")
    if match := URL.search(text):
        found.append(f"a web address ({match.group(0)})")
    for name in deny_names:
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I):
            found.append(f"the name '{name}' from deny-list.txt")
    return found


def private_names_in(text: str, names: dict[str, str]) -> list[str]:
    """The participants (ids) whose real name, kept in an import's private mapping as
    `{name: id}`, appears in `text`: the whole name in any case and spacing, and for a name that
    looks like a person's ("Anna Schmidt") each capitalised part of it. Only ids are returned,
    so that no message ever prints a name."""
    found: list[str] = []
    for name, participant in names.items():
        if participant not in found and any(p.search(text) for p in _name_patterns(name)):
            found.append(participant)
    return found


@functools.lru_cache(maxsize=4096)
def _name_patterns(name: str) -> list[re.Pattern[str]]:
    words = name.split()
    if not words:
        return []
    # Bounded like the patterns above: a match starts only at the name, and the space between
    # its words is a few characters at most.
    whole = r"\s{1,8}".join(re.escape(w) for w in words)
    patterns = [re.compile(rf"(?<!\w){whole}(?!\w)", re.I)]
    # Two to four capitalised words ("Anna Schmidt") are a person's name: each part of three or
    # more letters is looked for on its own too ("Anna said ..."), capitalised as names are; a
    # source called "interview_3" or "Group A" is only looked for whole.
    if 2 <= len(words) <= 4 and all(_is_capitalised(w) for w in words):
        for word in words:
            if len(word) >= 3:
                patterns.append(re.compile(rf"(?<!\w){re.escape(word)}(?!\w)"))
    return patterns


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() and word[1:].replace("-", "").replace("'", "").islower()
