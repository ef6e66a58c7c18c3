"""Spotting personal data in quotes: research quotes must stay anonymous.

The checks are deliberately simple and explainable (a pattern, a name from the speaker's own
deny-list); each hit is a warning that names the quote, or an error under `--strict`.
"""

from __future__ import annotations

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
