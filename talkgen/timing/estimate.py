"""How long a slide takes to say: the words the speaker speaks on it, at the talk's pace.

What counts as spoken (decided once, here, and documented in docs/timing.md):
- the slide's speaker notes: they are the script;
- on a quote slide, the quote itself: a pull quote is read aloud before the notes comment on it;
- not the title or bullet points: the audience reads them while the speaker talks, and the
  notes already say what the bullets say.
"""

from __future__ import annotations

from talkgen.content.markdown import plain_paragraphs
from talkgen.plan import SlidePlan
from talkgen.words import count_words

# Words are counted by talkgen.words (UAX #29, with word equivalents for scripts without spaces).


def spoken_text(slide: SlidePlan) -> str:
    """What the speaker says on a slide: the quote (on a quote slide), then the notes."""
    parts = []
    if slide.kind == "quote" and slide.quote is not None:
        parts.append(slide.quote.text)
    # The notes as the words said: Markdown marks and link addresses are not spoken.
    parts += plain_paragraphs(slide.notes)
    return "\n".join(p for p in parts if p)


def spoken_words(slide: SlidePlan) -> int:
    """The number of words the speaker says on a slide (see `spoken_text`)."""
    return count_words(spoken_text(slide))


def seconds_for_words(words: float, pace: float) -> float:
    """Seconds to say `words` at `pace` words per minute."""
    if pace <= 0:
        raise ValueError(f"a pace of {pace} words per minute never finishes")
    return words * 60.0 / pace


def estimate_slide_seconds(slide: SlidePlan, pace: float) -> float:
    """Seconds the speaker needs for a slide at `pace` words per minute (not rounded)."""
    return seconds_for_words(spoken_words(slide), pace)
