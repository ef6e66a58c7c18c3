"""How a participant is named and described wherever talkgen shows them, and how a quote is
set in quotation marks.

One label everywhere (slides, charts, handout, alt text): `Participant 8` for the id `P08`,
`N08` or `8`. The attribution line under a quote is that label followed by the participant
attributes the talk shows: the columns `attribution:` in talk.yaml names, in its order, or by
default the descriptive columns of participants.csv (see `default_attribution`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model imports nothing from here; keep it that way
    from talkgen.content.model import Participant, Talk

# Columns that, by their name, would identify someone or are free text: never shown by default.
_PRIVATE_COLUMN = re.compile(
    r"name|e-?mail|phone|mobile|address|handle|twitter|age|birth|dob|note|comment|contact|url",
    re.I,
)
# How many attribute columns an attribution line shows by default: a lightning-talk slide has
# room for a short line, and each extra attribute narrows down who is speaking.
DEFAULT_ATTRIBUTES = 2
SEPARATOR = " · "

_NUMBERED = re.compile(r"^[A-Za-z]*[-_.]?0*(\d+)$")
# Quotation marks a quote may already be wrapped in: opening -> closing.
_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "„": "“", "«": "»", "‘": "’", "‚": "‘", "「": "」"}


def participant_number(participant_id: str) -> str:
    """The participant's number as a reader counts (`P08` -> `8`), or the id when it has none."""
    match = _NUMBERED.match(participant_id)
    return match.group(1) if match else participant_id


def participant_label(participant_id: str) -> str:
    """How a participant is named everywhere: `Participant 8` for `P08`, `N08` or `8`; an id
    without a number is shown as it is (`Participant kea`)."""
    return f"Participant {participant_number(participant_id)}"


def attribute_columns(participants: Sequence[Participant]) -> list[str]:
    """The attribute columns of participants.csv (all but `id`), in the order first met."""
    columns: list[str] = []
    for participant in participants:
        columns += [name for name in participant.attributes if name not in columns]
    return columns


def default_attribution(participants: Sequence[Participant]) -> tuple[str, ...]:
    """The columns an attribution line shows when talk.yaml has no `attribution:`: the first
    two columns of participants.csv that describe a group rather than a person, that is, whose
    name does not suggest personal data (name, e-mail, age …) and whose values are shared by at
    least two participants (a column with a different value for each person would single them
    out)."""
    chosen = []
    for column in attribute_columns(participants):
        if _PRIVATE_COLUMN.search(column):
            continue
        values = [p.attributes[column] for p in participants if p.attributes.get(column)]
        if len(participants) > 2 and len(set(values)) == len(values):
            continue
        chosen.append(column)
    return tuple(chosen[:DEFAULT_ATTRIBUTES])


def shown_columns(talk: Talk) -> tuple[str, ...]:
    """The participant columns the talk shows, in order: `attribution:` or the default."""
    if talk.info.attribution is not None:
        return tuple(talk.info.attribution)
    return default_attribution(talk.participants)


def attribution_values(talk: Talk, participant_id: str) -> list[str]:
    """The attribute values shown for a participant, in the order of `shown_columns` (columns
    matched in any case; empty values left out), e.g. `["New Zealand", "blog comment"]`.
    A participant the talk does not list shows none."""
    participant = next((p for p in talk.participants if p.id == participant_id), None)
    if participant is None:
        return []
    by_name = {name.casefold(): value for name, value in participant.attributes.items()}
    values = [by_name.get(column.casefold(), "") for column in shown_columns(talk)]
    return [value for value in values if value]


def attribution_line(talk: Talk, participant_id: str) -> str:
    """The line under a quote: `Participant 7 · New Zealand · blog comment`."""
    return SEPARATOR.join(
        [participant_label(participant_id), *attribution_values(talk, participant_id)]
    )


def unquoted(text: str) -> str:
    """A quote's words without the quotation marks it may already be wrapped in, and without
    surrounding space, so the deck and handout add exactly one pair."""
    words = text.strip()
    while len(words) >= 2 and _QUOTE_PAIRS.get(words[0]) == words[-1]:
        inner = words[1:-1].strip()
        # `"A" and "B"` starts and ends with marks that do not enclose it: keep those.
        if _QUOTE_PAIRS[words[0]] in inner:
            break
        words = inner
    return words


def quoted(text: str) -> str:
    """A quote set in one pair of curly double quotation marks: `“…”`."""
    return f"“{unquoted(text)}”"
