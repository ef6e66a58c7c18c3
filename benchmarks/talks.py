"""Generated talks of any size, for the benchmarks: N slides over themes, quotes and charts."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

WORDS = (
    "mentor network support advice librarian twitter learning peer colleague question "
    "answer blog reading career study encouragement relationship informal formal"
).split()


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def write_talk(
    root: Path,
    slides: int,
    themes: int | None = None,
    quotes: int | None = None,
    charts: int | None = None,
    seed: int = 7,
) -> Path:
    """Write a valid content folder whose outline has exactly `slides` slides."""
    rng = random.Random(seed)
    themes = themes or max(3, slides // 3)
    quotes = quotes or themes * 4
    charts = charts if charts is not None else max(1, slides // 10)
    participants = max(14, quotes // 4)
    (root / "themes").mkdir(parents=True, exist_ok=True)
    for t in range(themes):
        meta = {
            "id": f"t{t:03d}",
            "title": f"Theme {t}: {_sentence(rng, 4)}",
            "short": f"Theme {t}",
            "points": [_sentence(rng, 5), _sentence(rng, 5)],
            "notes": " ".join(_sentence(rng, 12) for _ in range(8)),
        }
        (root / "themes" / f"{t:03d}.md").write_text(
            f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n{_sentence(rng, 40)}\n"
        )
    (root / "participants.csv").write_text(
        "id,country,channel\n"
        + "".join(
            f"P{p:03d},{rng.choice(['Australia', 'New Zealand'])},"
            f"{rng.choice(['blog comment', 'blog post', 'e-mail'])}\n"
            for p in range(participants)
        )
    )
    (root / "quotes.yaml").write_text(
        yaml.safe_dump(
            [
                {
                    "id": f"q{q:04d}",
                    "participant": f"P{rng.randrange(participants):03d}",
                    "themes": [f"t{q % themes:03d}"],
                    "featured": q < themes * 2,
                    "text": _sentence(rng, rng.randint(8, 30)),
                }
                for q in range(quotes)
            ],
            sort_keys=False,
        )
    )
    (root / "charts.yaml").write_text(
        yaml.safe_dump(
            [
                {
                    "id": f"c{c:03d}",
                    "type": rng.choice(["bar", "stacked-bar", "line", "donut"]),
                    "title": f"Chart {c}",
                    "categories": ["a", "b", "c", "d"],
                    "series": [
                        {"name": s, "values": [rng.randint(1, 20) for _ in range(4)]}
                        for s in ("one", "two")
                    ],
                }
                for c in range(charts)
            ],
            sort_keys=False,
        )
    )
    middle = slides - 5
    outline: list[dict] = [{"kind": "title"}, {"kind": "method"}, {"kind": "overview"}]
    for i in range(middle):
        if i < charts:
            outline.append({"kind": "chart", "chart": f"c{i:03d}"})
        elif i % 3 == 2:
            outline.append({"kind": "quote", "quote": f"q{i % quotes:04d}"})
        else:
            outline.append({"kind": "theme", "theme": f"t{i % themes:03d}"})
    outline += [{"kind": "conclusion"}, {"kind": "contact"}]
    minutes = max(10, slides)  # a minute a slide keeps the plan sensible at any size
    talk = {
        "title": f"A generated talk of {slides} slides",
        "speaker": "Bench Mark",
        "event": "Benchmarks",
        "duration": f"{minutes}:00",
        "slug": "generated",
        "notes": {k: _sentence(rng, 60) for k in ("title", "overview", "contact")},
        "method": {"title": "Method", "points": ["One", "Two"], "notes": _sentence(rng, 60)},
        "conclusion": {"title": "Conclusion", "points": ["One"], "notes": _sentence(rng, 60)},
        "outline": outline,
    }
    (root / "talk.yaml").write_text(yaml.safe_dump(talk, sort_keys=False))
    return root
