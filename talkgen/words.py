"""Counting words the way a speaker (and an audience) would, for estimates and slide limits.

Words are found by Unicode word segmentation (UAX #29, default word boundaries) as implemented
by the `regex` package (`\\b` under its WORD flag): a maintained C library, already a wheel on
every platform, that follows each Unicode release, and whose `\\X` also gives the grapheme
clusters the font lookup uses. (PyICU adds dictionary-based breaking for Thai and Chinese but
needs ICU's headers and a compiler; uniseg is pure Python and about a hundred times slower.)

`don't`, `3.5` and `1,300` are one word each by UAX #29; a hyphenated compound
(`peer-mentoring`) is kept as one word, as a slide's reader takes it in; punctuation and emoji
alone are none. Korean, Vietnamese, Devanagari, Arabic and Hebrew put spaces between words and are
counted the same way.

Scripts written without spaces between words cannot be counted so. Their text is converted to
**word equivalents**: the time it takes to say, expressed in words at talkgen's reference pace of
130 words per minute, so that `pace` stays words per minute for the whole talk:

- Japanese (kana, and Han in a text with kana): 300 characters per minute. Source: NHK's
  guidance for news read aloud, about 300 characters a minute.
- Chinese (Han without kana): 250 characters per minute. Source: Pellegrino, Coupé & Marsico
  (2011), Language 87(3): Mandarin read at 5.18 syllables (= characters) a second without
  pauses, about 310 a minute; 250 with a speaker's pauses.
- Thai, Lao, Khmer, Myanmar: one word per 4 grapheme clusters, an assumed average word length
  (no published speaking rate was found).

So a Japanese note of 250 characters is 108 word equivalents (50 s at 130 wpm), a Chinese one
130 (60 s).
"""

from __future__ import annotations

import regex

# The pace the character rates above are matched to (talkgen's default `pace`).
REFERENCE_PACE = 130.0
JAPANESE_CHARACTERS_PER_MINUTE = 300.0
CHINESE_CHARACTERS_PER_MINUTE = 250.0
SOUTHEAST_ASIAN_CLUSTERS_PER_WORD = 4.0

_BOUNDARY = regex.compile(r"\b", flags=regex.WORD | regex.V1)
_WORDLIKE = regex.compile(r"[\p{L}\p{N}]")
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
_HAN_OR_KANA = regex.compile(r"^[\p{Han}\p{Hiragana}\p{Katakana}\u30fc\u3005]+$")
_SOUTHEAST_ASIAN = regex.compile(r"^[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{M}]+$")
_HYPHENS = {"-", "\u2010", "\u2011"}
_CLUSTER = regex.compile(r"\X")


def count_words(text: str | None) -> int:
    """The number of words in `text`, with text in scripts written without spaces counted as
    word equivalents (see the module's table), rounded to a whole number."""
    return round(word_equivalents(text))


def word_equivalents(text: str | None) -> float:
    """Words in `text` (UAX #29), plus the word equivalents of its Japanese, Chinese, Thai, Lao,
    Khmer and Myanmar text (characters at the rates in the module docstring)."""
    if not text:
        return 0.0
    segments = [s for s in _BOUNDARY.split(text) if s]
    japanese = bool(_KANA.search(text))
    words = 0.0
    previous: list[str] = []  # the last two segments, to join hyphenated compounds
    for segment in segments:
        if _HAN_OR_KANA.match(segment):
            rate = JAPANESE_CHARACTERS_PER_MINUTE if japanese else CHINESE_CHARACTERS_PER_MINUTE
            words += len(segment) * REFERENCE_PACE / rate
        elif _SOUTHEAST_ASIAN.match(segment):
            words += len(_CLUSTER.findall(segment)) / SOUTHEAST_ASIAN_CLUSTERS_PER_WORD
        elif _WORDLIKE.search(segment):
            joined = (
                len(previous) == 2 and previous[1] in _HYPHENS and _WORDLIKE.search(previous[0])
            )
            if not joined:
                words += 1
        previous = [*previous[-1:], segment]
    return words
