"""Real templates (../shared/data/templates) damaged in every way tests/template_damage.py
knows, taken through the whole deck build (load → plan → geometry → deck) of a talk without
charts: each gives a deck python-pptx reads back, or one located error naming the template,
never another exception. From the command line: exit 2, one `template.pptx: what — how to fix`
line, out/ untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import Sandbox
from pptx import Presentation
from template_damage import DAMAGE, deck_or_located_error, no_chart_plan, no_chart_talk, rezip
from test_geometry import REAL_TEMPLATES

from talkgen.plan import Plan
from talkgen.style import TEMPLATES


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    return no_chart_plan(tmp_path_factory.mktemp("talk"))


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_real_template_gives_a_deck_or_one_located_error(
    plan: Plan, shared_data: Path, tmp_path: Path, damage: str
) -> None:
    # Each kind of damage on a real template (a different one in turn), then on ours.
    name = REAL_TEMPLATES[list(DAMAGE).index(damage) % len(REAL_TEMPLATES)]
    for source in (shared_data / "templates" / f"{name}.pptx", TEMPLATES / "default.pptx"):
        template = tmp_path / f"damaged-{source.stem}.pptx"
        template.write_bytes(rezip(source, DAMAGE[damage]))
        deck_or_located_error(plan, template, tmp_path)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("slide size zero", "its slides are 0 × 0 inches, outside the 1 to 56 inches"),
        ("slide size past 56 inches", "outside the 1 to 56 inches PowerPoint allows"),
        ("slide size missing", "does not say how big its slides are"),
        ("placeholder idx not a number", "master 1 of the template is damaged"),
        ("placeholders of an unknown orientation", 'has orient="diagonal"'),
        ("the theme missing", "its theme (the part that names its colours and fonts) is damaged"),
        ("masters without layouts", "the template has no slide layouts"),
        ("no masters", "the template has no slide layouts"),
        ("layouts without a shape tree", "layout 1 of master 1 of the template is damaged"),
    ],
)
def test_a_damaged_template_names_what_is_wrong(
    plan: Plan, shared_data: Path, tmp_path: Path, damage: str, message: str
) -> None:
    template = tmp_path / "corporate.pptx"
    template.write_bytes(rezip(shared_data / "templates" / "Focus.pptx", DAMAGE[damage]))
    assert message in deck_or_located_error(plan, template, tmp_path)


@pytest.mark.parametrize(
    "damage",
    [
        "font sizes not numbers",  # was ValueError in the deck stage (exit 1)
        "sizes negative",  # python-pptx refused the negative box copied onto the slide
        "a slide entry dangling",  # KeyError while the sample slides were dropped
        "slide size 56 x 1 inches",  # the title card's font fitting never ran (exit 1)
        "placeholders without type or idx",
        "no title placeholder anywhere",
    ],
)
def test_a_template_python_pptx_fails_on_late_still_gives_a_deck(
    plan: Plan, shared_data: Path, tmp_path: Path, damage: str
) -> None:
    template = tmp_path / "corporate.pptx"
    template.write_bytes(rezip(shared_data / "templates" / "Metropolis.pptx", DAMAGE[damage]))
    assert deck_or_located_error(plan, template, tmp_path) == "deck"


@pytest.mark.parametrize(
    "damage", ["slide size zero", "placeholder idx not a number", "the theme missing"]
)
def test_talkgen_deck_on_a_damaged_template_exits_2_and_leaves_out_alone(
    sandbox: Sandbox, shared_data: Path, damage: str
) -> None:
    no_chart_talk(sandbox.content)
    template = sandbox.root / "corporate.pptx"
    template.write_bytes(rezip(shared_data / "templates" / "Vintage.pptx", DAMAGE[damage]))
    err = sandbox.refused("deck", "{c}", "--out", "{o}", "--template", str(template))
    located = [line for line in err.splitlines() if line.startswith(f"{template}: ")]
    assert len(located) == 1, err
    assert "internal error" not in err


def test_talkgen_deck_on_a_template_damaged_but_usable_writes_the_deck(
    sandbox: Sandbox, shared_data: Path
) -> None:
    no_chart_talk(sandbox.content)
    template = sandbox.root / "corporate.pptx"
    template.write_bytes(
        rezip(shared_data / "templates" / "Vintage.pptx", DAMAGE["font sizes not numbers"])
    )
    result = sandbox.talkgen("deck", "{c}", "--out", "{o}", "--template", str(template))
    assert result.exit_code == 0, result.stderr
    assert len(Presentation(str(sandbox.out / "twitter-mentoring.pptx")).slides) == 6
