"""How long the participant checks take (re-identification, chart cells, voice balance,
percentages) on the example and on generated studies of 100 to 10,000 participants with three
attribute columns and 500 featured quotes. Run: `python benchmarks/bench_disclosure.py`."""

from __future__ import annotations

import sys
from pathlib import Path

from talkgen.content import load_talk
from talkgen.content.model import Participant, Quote
from talkgen.disclosure import protection_warnings
from talkgen.plan import plan_talk

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timer import best_of  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "content"
COUNTRIES = ("New Zealand", "Australia", "Samoa", "Fiji", "Tonga", "Canada", "Ireland")
CHANNELS = ("blog comment", "blog post", "e-mail")


def generated(plan, people: int, featured: int):
    """The example's plan with `people` participants and `featured` featured quotes."""
    talk = plan.talk
    participants = [
        Participant(
            id=f"G{n:05d}",
            attributes={
                "country": COUNTRIES[n % len(COUNTRIES)],
                "channel": CHANNELS[(n // 7) % len(CHANNELS)],
                "role": f"role {n % 11}",
            },
            line=n + 2,
        )
        for n in range(people)
    ]
    themes = [t.id for t in talk.themes]
    quotes = [
        Quote(
            id=f"g{n:05d}",
            participant=participants[(n * 37) % people].id,
            themes=[themes[n % len(themes)]],
            text="Words.",
            featured=True,
            line=n + 1,
        )
        for n in range(featured)
    ]
    # The example's own participants and quotes stay: its outline names them.
    big = talk.model_copy(
        update={
            "participants": [*talk.participants, *participants],
            "quotes": [*talk.quotes, *quotes],
        }
    )
    return plan_talk(big)


def main() -> None:
    plan = plan_talk(load_talk(EXAMPLE))
    print(
        f"example (14 people, 6 featured): {best_of(50, lambda: protection_warnings(plan)):8.2f} ms"
    )
    for people in (100, 1000, 10000):
        big = generated(plan, people, 500)
        found = len(protection_warnings(big))
        took = best_of(5, lambda big=big: protection_warnings(big))
        print(f"{people:>6} people, 500 featured:   {took:8.2f} ms  ({found} warnings)")


if __name__ == "__main__":
    main()
