"""The personal-data check: what it flags in a quote, and what it must leave alone."""

from __future__ import annotations

import pytest

from talkgen.content.privacy import personal_data


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("write to jo.bloggs@library.govt.nz", "an e-mail address (jo.bloggs@library.govt.nz)"),
        ("call me on 021 555 0199", "a phone number (021 555 0199)"),
        ("ring +64 9 555 0199 after five", "a phone number (+64 9 555 0199)"),
        ("ask (09) 555-0199", "a phone number ((09) 555-0199)"),
        ("ask @jo_lib about it", "a social-media handle (@jo_lib)"),
        ("see www.example.org/me", "a web address (www.example.org/me)"),
        ("as Hemi Example said", "the name 'Hemi Example' from deny-list.txt"),
    ],
)
def test_flags(text: str, kind: str) -> None:
    assert personal_data(text, ["Hemi Example"]) == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "I tweeted every day from 1999-2003 and again 2012–2013.",
        "The handbook (ISBN 978-0-12-345678-9) helped.",
        "14 of 14 people, 140 characters, 2013.",
        "A hemisphere away, an example of support.",
    ],
)
def test_leaves_ordinary_text_alone(text: str) -> None:
    assert personal_data(text, ["Hemi Example"]) == []
