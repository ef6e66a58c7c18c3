"""The planner: slides in order, planned seconds adding up exactly, format rules, checkpoints."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from talk_variants import ignite_outline

from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.errors import ContentError
from talkgen.plan import allocate_seconds, checkpoints, plan_talk


def _talk_yaml(folder: Path) -> dict:
    return yaml.safe_load((folder / "talk.yaml").read_text(encoding="utf-8"))


def _write_talk(folder: Path, data: dict) -> None:
    (folder / "talk.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_example_plan_adds_up_to_exactly_ten_minutes(example_dir: Path) -> None:
    plan = plan_talk(load_talk(example_dir))
    raw = _talk_yaml(example_dir)
    assert plan.duration_seconds == 600
    assert sum(s.planned_seconds for s in plan.slides) == 600
    assert len(plan.slides) == len(raw["outline"])
    # Slides follow the outline, and the fixed times written in talk.yaml are kept.
    assert [s.kind for s in plan.slides] == [e["kind"] for e in raw["outline"]]
    for slide, entry in zip(plan.slides, raw["outline"], strict=True):
        if "seconds" in entry:
            assert slide.fixed and slide.planned_seconds == entry["seconds"]
    # Start times run on without gaps.
    assert [s.start_seconds for s in plan.slides] == [
        sum(p.planned_seconds for p in plan.slides[:i]) for i in range(len(plan.slides))
    ]
    assert len({s.title.casefold() for s in plan.slides}) == len(plan.slides)
    assert len({s.key for s in plan.slides}) == len(plan.slides)


def test_shared_time_follows_the_weights(example_copy: Path) -> None:
    data = _talk_yaml(example_copy)
    data["outline"] = [
        {"kind": "title", "seconds": 60},
        {"kind": "method", "weight": 3},
        {"kind": "conclusion", "weight": 1},
        {"kind": "contact", "weight": 1},
    ]
    _write_talk(example_copy, data)
    plan = plan_talk(load_talk(example_copy))
    assert [s.planned_seconds for s in plan.slides] == [60, 324, 108, 108]


@pytest.mark.slow
@given(
    duration=st.integers(1, 7200),
    fixed=st.lists(st.one_of(st.none(), st.floats(0.5, 60)), min_size=1, max_size=25),
    data=st.data(),
)
def test_allocation_never_loses_or_invents_a_second(duration: int, fixed: list, data) -> None:
    weights = data.draw(st.lists(st.floats(0.1, 5), min_size=len(fixed), max_size=len(fixed)))
    if sum(round(s) for s in fixed if s is not None) > duration or all(
        s is not None for s in fixed
    ):
        fixed = [None] * len(fixed)
    planned = allocate_seconds(duration, fixed, weights)
    assert sum(planned) == duration
    for given_seconds, seconds in zip(fixed, planned, strict=True):
        if given_seconds is not None:
            assert seconds == round(given_seconds)
        else:
            assert seconds >= 0


def test_ignite_variant_plans_twenty_slides_of_fifteen_seconds(example_copy: Path) -> None:
    data = _talk_yaml(example_copy)
    data.update(format="ignite", duration="5:00", outline=ignite_outline())
    _write_talk(example_copy, data)
    plan = plan_talk(load_talk(example_copy))
    assert [s.planned_seconds for s in plan.slides] == [15] * 20
    assert plan.slides[-1].start_seconds == 285


def test_ignite_without_a_duration_lasts_five_minutes(example_copy: Path) -> None:
    data = _talk_yaml(example_copy)
    data.update(format="ignite", outline=ignite_outline())
    del data["duration"]
    _write_talk(example_copy, data)
    plan = plan_talk(load_talk(example_copy))
    assert plan.duration_seconds == 300 and plan.planned_total == 300


def test_pechakucha_is_twenty_slides_of_twenty_seconds(example_copy: Path) -> None:
    data = _talk_yaml(example_copy)
    data.update(format="pechakucha", duration="6:40", outline=ignite_outline())
    _write_talk(example_copy, data)
    assert {s.planned_seconds for s in plan_talk(load_talk(example_copy)).slides} == {20}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"format": "ignite", "duration": "5:00"},
            "ignite talks have exactly 20 slides of 15 s; this outline has 12",
        ),
        ({"format": "ignite"}, "ignite talks last 5:00, not 10:00"),
        (
            {"format": "pechakucha", "duration": "6:40"},
            "pechakucha talks have exactly 20 slides of 20 s; this outline has 12",
        ),
    ],
)
def test_fixed_formats_refuse_an_outline_that_breaks_their_rules(
    example_copy: Path, change: dict, expected: str
) -> None:
    data = _talk_yaml(example_copy)
    data.update(change)
    _write_talk(example_copy, data)
    with pytest.raises(ContentError) as caught:
        plan_talk(load_talk(example_copy))
    assert any(expected in p.message for p in caught.value.problems), caught.value


def test_ignite_without_an_outline_asks_for_one(example_copy: Path) -> None:
    data = _talk_yaml(example_copy)
    data.update(format="ignite")
    del data["outline"], data["duration"]
    _write_talk(example_copy, data)
    with pytest.raises(ContentError) as caught:
        plan_talk(load_talk(example_copy))
    (problem,) = caught.value.problems
    assert problem.message.startswith("ignite talks have exactly 20 slides of 15 s; the default")
    assert problem.hint == "write an outline of 20 slides in talk.yaml"


def test_ignite_slide_asking_for_other_seconds_is_named(example_copy: Path) -> None:
    data = _talk_yaml(example_copy)
    outline = ignite_outline()
    outline[2]["seconds"] = 30
    data.update(format="ignite", duration="5:00", outline=outline)
    _write_talk(example_copy, data)
    with pytest.raises(ContentError, match=r"slide\(s\) 3 ask for other times"):
        plan_talk(load_talk(example_copy))


def test_fixed_times_beyond_the_duration_name_the_slides(example_copy: Path) -> None:
    data = _talk_yaml(example_copy)
    data["outline"][0]["seconds"] = 400
    data["outline"][3]["seconds"] = 300
    _write_talk(example_copy, data)
    with pytest.raises(ContentError) as caught:
        plan_talk(load_talk(example_copy))
    text = str(caught.value)
    assert "fixed times add up to 12:10 for a 10:00 talk" in text
    assert "slide 1 (6:40)" in text and "slide 4 (5:00)" in text and "slide 12 (0:30)" in text


def test_plan_of_a_talk_built_in_code_reports_a_missing_theme(example_dir: Path) -> None:
    talk = load_talk(example_dir)
    outline = [*talk.info.outline]
    outline[3] = outline[3].model_copy(update={"theme": "no-such-theme"})
    talk = talk.model_copy(update={"info": talk.info.model_copy(update={"outline": outline})})
    with pytest.raises(ContentError, match="outline slide 4: unknown theme 'no-such-theme'"):
        plan_talk(talk)


def test_two_slides_on_one_theme_get_distinct_keys(example_copy: Path) -> None:
    data = _talk_yaml(example_copy)
    data["outline"].insert(
        4, {"kind": "theme", "theme": "informal-mentoring", "title": "More on informal mentoring"}
    )
    _write_talk(example_copy, data)
    keys = [s.key for s in plan_talk(load_talk(example_copy)).slides]
    assert keys[3] == "theme:informal-mentoring" and keys[4] == "theme:informal-mentoring#2"


def test_default_outline_covers_every_theme(example_copy: Path) -> None:
    data = _talk_yaml(example_copy)
    del data["outline"]
    _write_talk(example_copy, data)
    talk = load_talk(example_copy)
    plan = plan_talk(talk)
    kinds = [s.kind for s in plan.slides]
    assert kinds[:3] == ["title", "method", "overview"] and kinds[-2:] == ["conclusion", "contact"]
    assert [s.theme.id for s in plan.slides if s.kind == "theme"] == [t.id for t in talk.themes]
    assert plan.planned_total == 600


def test_checkpoints_say_which_slide_to_be_on_each_minute(example_dir: Path) -> None:
    plan = plan_talk(load_talk(example_dir))
    marks = checkpoints(plan)
    assert [m.at_seconds for m in marks] == list(range(60, 600, 60))
    for mark in marks:
        slide = plan.slides[mark.number - 1]
        assert slide.start_seconds <= mark.at_seconds < slide.start_seconds + slide.planned_seconds
        assert mark.starting == (slide.start_seconds == mark.at_seconds)
        assert str(mark).startswith(f"at {mark.at_seconds // 60}:00 you should be")
    # A plan where a slide starts exactly on the minute says "starting".
    assert str(checkpoints(plan, every=25)[0]).startswith("at 0:25 you should be starting slide 2")


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ("10 minutes", "'10 minutes' is not a duration"),
        ("-5:00", "'-5:00' is not a duration"),
        ("0", "'0' is not a duration"),
        ("0:00", "no time at all"),
    ],
)
def test_bad_durations_stop_timing_with_a_located_message(
    example_copy: Path, tmp_path: Path, duration: str, message: str
) -> None:
    text = (example_copy / "talk.yaml").read_text(encoding="utf-8")
    (example_copy / "talk.yaml").write_text(
        text.replace('duration: "10:00"', f'duration: "{duration}"'), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["timing", str(example_copy), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "talk.yaml:" in result.stderr
    assert not out.exists()


def test_pace_zero_is_refused(example_copy: Path, tmp_path: Path) -> None:
    text = (example_copy / "talk.yaml").read_text(encoding="utf-8")
    (example_copy / "talk.yaml").write_text(text.replace("pace: 130", "pace: 0"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["timing", str(example_copy), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "talk.yaml:10: pace: 0 is out of range — give words per minute from 60 to 300" in (
        result.stderr
    )


def test_outline_naming_a_missing_theme_is_refused(example_copy: Path, tmp_path: Path) -> None:
    text = (example_copy / "talk.yaml").read_text(encoding="utf-8")
    (example_copy / "talk.yaml").write_text(
        text.replace("theme: peer-mentoring", "theme: peer-mentor"), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["timing", str(example_copy), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown theme 'peer-mentor'" in result.stderr
    assert "did you mean 'peer-mentoring'?" in result.stderr


def test_chart_and_image_slides_get_real_titles(example_copy) -> None:
    from PIL import Image

    from talkgen.content import load_talk
    from talkgen.plan import plan_talk

    Image.new("RGB", (4, 3)).save(example_copy / "photo.png")
    talk_file = example_copy / "talk.yaml"
    talk_file.write_text(
        talk_file.read_text().replace(
            "  - kind: conclusion\n",
            "  - kind: chart\n    chart: matrix\n"
            "  - kind: image\n    image: photo.png\n"
            "    alt: A crowded conference room listening to a lightning talk\n"
            "  - kind: conclusion\n",
        )
    )
    titles = {s.kind: s.title for s in plan_talk(load_talk(example_copy)).slides}
    assert titles["chart"] == "Who raised what"
    assert titles["image"] == "A crowded conference room listening to a lightning …"


def test_fixed_times_that_starve_the_other_slides_are_refused(example_copy) -> None:
    from click.testing import CliRunner

    from talkgen.cli import cli

    talk_file = example_copy / "talk.yaml"
    text = talk_file.read_text()
    talk_file.write_text(
        text.replace(
            "    title: Questions?\n    seconds: 30", "    title: Questions?\n    seconds: 545"
        )
    )
    result = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert result.exit_code == 2
    assert "too little for the other slides" in result.stderr
    assert "slide 2 (4 s)" in result.stderr and "slide 11 (3 s)" in result.stderr
    assert "at least 5 s" in result.stderr
    assert result.stderr.startswith(
        f"{example_copy / 'talk.yaml'}:{text.count(chr(10), 0, text.index('seconds: 30')) + 1}:"
    )


def test_markdown_in_a_summary_is_plain_text_on_the_slide(example_copy) -> None:
    from talkgen.content import load_talk
    from talkgen.plan import plan_talk

    theme_file = example_copy / "themes" / "04-peer-mentoring.md"
    text = theme_file.read_text()
    head, _, _ = text.partition("points:")
    body = text.split("\n---\n", 1)[1]
    notes = text[text.index("notes:") : text.index("\n---\n")]
    theme_file.write_text(
        head
        + notes
        + "\n---\nPeers **mentor** each other, see [the study](https://x.org).\n"
        + body
    )
    slide = next(
        s for s in plan_talk(load_talk(example_copy)).slides if s.key == "theme:peer-mentoring"
    )
    assert slide.points[0] == "Peers mentor each other, see the study."


# ---- issue 12, finding 2: no empty slides -----------------------------------------------------


def test_the_default_outline_leaves_out_what_would_be_empty(example_copy: Path) -> None:
    # Finding 2: no `conclusion:` gave a title-only "Conclusion" slide; no `method.points` gave
    # a method slide with an empty left half; validate said OK.
    data = _talk_yaml(example_copy)
    del data["outline"], data["conclusion"]
    data["method"].pop("points")
    _write_talk(example_copy, data)
    plan = plan_talk(load_talk(example_copy))
    kinds = [s.kind for s in plan.slides]
    assert "conclusion" not in kinds and "method" not in kinds
    method = plan.slides[1]
    assert (method.kind, method.chart, method.title) == (
        "chart",
        "participants",
        data["method"]["title"],
    )
    assert plan.left_out == ("conclusion (no conclusion points)",)
    assert not [w for w in plan.warnings if "empty" in w.message]
    result = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert result.exit_code == 0, result.stderr
    assert "  left out:        conclusion (no conclusion points)" in result.output


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "- kind: conclusion\n",
            "would be an empty slide: it shows only its title — add points under conclusion:",
        ),
        (
            "- kind: text\n  title: Why\n",
            "would be an empty slide: it shows only its title — add points: to the entry",
        ),
        (
            "- kind: method\n",
            "has a chart but no points: half of the slide would be empty — add points under",
        ),
    ],
)
def test_an_outline_entry_that_would_be_empty_is_a_located_warning(
    example_copy: Path, entry: str, expected: str
) -> None:
    data = _talk_yaml(example_copy)
    data.pop("conclusion", None)
    data["method"].pop("points")
    _write_talk(example_copy, data)
    talk_file = example_copy / "talk.yaml"
    text = talk_file.read_text()
    start = text.index("outline:\n") + len("outline:\n")
    # yaml.safe_dump writes the outline's items at the key's own indentation.
    talk_file.write_text(text[:start] + entry + text[start:])
    line = text[:start].count("\n") + 1
    result = CliRunner().invoke(cli, ["validate", str(example_copy)])
    assert result.exit_code == 0
    assert any(
        warning.startswith(f"{talk_file}:{line}: warning: slide 1 (") and expected in warning
        for warning in result.stderr.splitlines()
    ), result.stderr
    strict = CliRunner().invoke(cli, ["validate", str(example_copy), "--strict"])
    assert strict.exit_code == 2
