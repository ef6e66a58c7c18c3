"""Counting words the way a speaker (and an audience) would, for estimates and slide limits.

`don't`, `peer-mentoring`, `3.5` and `1,300` are one word each; punctuation alone, such as the
`·` in an attribution line, is none.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+(?:['’.,\-][^\W_]+)*")


def count_words(text: str | None) -> int:
    """The number of words in `text`."""
    return len(_WORD.findall(text or ""))
