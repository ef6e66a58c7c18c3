"""Variants of the example talk for tests: an Ignite outline of its themes and quotes, and a
three-slide lightning talk short enough to rehearse in real time."""

from __future__ import annotations

from pathlib import Path

import yaml


def ignite_outline() -> list[dict]:
    """Twenty outline entries over the example's themes and quotes (Ignite: 20 x 15 s)."""
    themes = [
        "informal-mentoring",
        "personal-learning-network",
        "supportive-relationships",
        "peer-mentoring",
        "understandings",
    ]
    quotes = ["q01", "q04", "q07", "q08", "q10", "q12", "q14"]
    return (
        [{"kind": "title"}, {"kind": "agenda"}, {"kind": "method"}, {"kind": "overview"}]
        + [{"kind": "theme", "theme": t} for t in themes]
        + [{"kind": "quote", "quote": q} for q in quotes]
        + [
            {"kind": "conclusion"},
            {"kind": "text", "title": "Future research"},
            {"kind": "text", "title": "Thank you"},
            {"kind": "contact"},
        ]
    )


def make_ignite(folder: Path) -> Path:
    """Turn the copy of the example talk in `folder` into an Ignite talk; returns `folder`."""
    talk = folder / "talk.yaml"
    data = yaml.safe_load(talk.read_text(encoding="utf-8"))
    data.pop("duration", None)
    data.update(format="ignite", outline=ignite_outline())
    talk.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def make_short(folder: Path) -> Path:
    """Turn the copy of the example talk in `folder` into the shortest lightning talk the plan
    allows for three slides (0:24: title 5 s, a theme 10 s, conclusion 9 s); returns `folder`.
    For end-to-end rehearsals whose slides move on by themselves in real time."""
    talk = folder / "talk.yaml"
    data = yaml.safe_load(talk.read_text(encoding="utf-8"))
    outline = [{"kind": "title"}, {"kind": "theme", "theme": "peer-mentoring"}]
    data.update(duration="0:24", outline=[*outline, {"kind": "conclusion"}])
    talk.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder
