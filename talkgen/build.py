"""`build_talk`: the whole talk in one call — load, plan, charts, deck, handout, timing report.

Outputs are staged in a private folder under `out/` and moved into place only when every stage
has succeeded, so a failed build leaves the previous good files exactly as they were. An output
whose inputs have not changed since the last build (same content files, templates, options and
talkgen version) is not made again; charts have their own per-figure cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from talkgen import __version__
from talkgen.content import load_talk
from talkgen.content.model import Talk
from talkgen.errors import ContentError, Problem
from talkgen.plan import Plan, plan_talk

STAGES = ("charts", "deck", "handout", "timing")
STATE_FILE = ".talkgen-build.json"
TIMING_SUFFIXES = ("md", "csv", "json", "html")
Report = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how: the CLI's options as a plain value."""

    out_dir: Path = Path("out")
    template: Path | None = None
    handout_template: Path | None = None
    auto_advance: bool = False
    only: frozenset[str] = frozenset(STAGES)
    strict: bool = False
    paper: str | None = None


@dataclass(frozen=True)
class BuiltFile:
    """An output of the build: where it is, how big, and whether this run wrote it."""

    path: Path
    size: int
    rebuilt: bool


@dataclass
class BuildResult:
    """What a build made and noticed."""

    talk: Talk
    plan: Plan
    files: list[BuiltFile] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    estimated_seconds: float | None = None
    charts_rendered: int = 0
    browser_started: bool = False


def build_talk(
    folder: Path | str, options: BuildOptions = BuildOptions(), report: Report | None = None
) -> BuildResult:
    """Build the talk in `folder` into `options.out_dir`; `report(line)` hears each stage.

    Raises `ContentError` (nothing written) for bad content, and for warnings under `strict`.
    """
    say = report or (lambda line: None)
    folder = Path(folder)
    out_dir = Path(options.out_dir)
    unknown = options.only - set(STAGES)
    if unknown:
        raise ContentError(
            Problem(
                None,
                None,
                f"unknown stage(s): {', '.join(sorted(unknown))}",
                f"use some of: {', '.join(STAGES)}",
            )
        )
    for given in (options.template, options.handout_template):
        if given is not None and not Path(given).is_file():
            raise ContentError(
                Problem(
                    Path(given),
                    None,
                    "template not found",
                    "check the path given to --template/--handout-template",
                )
            )
    talk = load_talk(folder)
    plan = plan_talk(talk)
    result = BuildResult(talk, plan, warnings=[*talk.warnings, *plan.warnings])
    say(f"content: {len(talk.themes)} themes, {len(talk.quotes)} quotes, {len(plan.slides)} slides")
    _fail_if_strict(options, result.warnings)

    slug = talk.info.file_slug
    targets = {"deck": out_dir / f"{slug}.pptx", "handout": out_dir / f"{slug}-handout.pdf"}
    state = _read_state(out_dir)
    fingerprints = _fingerprints(folder, options)
    out_dir.mkdir(parents=True, exist_ok=True)

    charts = None
    if options.only & {"charts", "deck", "handout"}:
        from talkgen.charts import render_charts
        from talkgen.console import progress
        from talkgen.deck import chart_boxes

        # Each chart is laid out for the box the deck shows it in, on the deck's template.
        boxes = chart_boxes(plan, options.template)
        with progress("charts", total=len(_chart_count(talk))) as advance:
            charts = render_charts(talk, out_dir, boxes=boxes, progress=advance)
        result.charts_rendered = charts.rendered
        result.browser_started = charts.browser_started
        say(
            f"charts: {len(charts)} charts, {charts.rendered} rendered"
            + (" (all cached, no browser started)" if not charts.browser_started else "")
        )
        for chart in charts.values():
            for path in (*(png.path for png in chart.slide_pngs), chart.svg, chart.html):
                result.files.append(BuiltFile(path, path.stat().st_size, charts.rendered > 0))

    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    staged: dict[Path, Path] = {}
    try:
        for stage in ("deck", "handout"):
            if stage not in options.only:
                continue
            target = targets[stage]
            if state.get(stage) == fingerprints[stage] and target.is_file():
                say(f"{stage}: unchanged, kept {target.name}")
                result.files.append(_kept(target))
                continue
            built = _build_stage(stage, plan, charts, staging / target.name, options)
            result.warnings += built.warnings
            staged[staging / target.name] = target
            say(f"{stage}: {target.name}")
        if "timing" in options.only:
            from talkgen.timing import build_report, load_rehearsals
            from talkgen.timing.writers import write_timing_files

            rehearsals, problems = load_rehearsals(out_dir / "rehearsals")
            result.warnings += problems
            timing = build_report(plan, rehearsals)
            result.estimated_seconds = timing.estimated_total
            if state.get("timing") == fingerprints["timing"] and all(
                (out_dir / f"timing.{suffix}").is_file() for suffix in TIMING_SUFFIXES
            ):
                say("timing: unchanged")
                result.files += [_kept(out_dir / f"timing.{s}") for s in TIMING_SUFFIXES]
            else:
                written = write_timing_files(timing, staging)
                for path in written:
                    staged[path] = out_dir / path.name
                say(f"timing: {', '.join(path.name for path in written)}")
        _fail_if_strict(options, result.warnings)
        for source, target in staged.items():
            os.replace(source, target)
            result.files.append(BuiltFile(target, target.stat().st_size, True))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    written_now = set(staged.values())
    for stage in ("deck", "handout"):
        if stage in options.only and targets[stage] in written_now:
            state[stage] = fingerprints[stage]
    if "timing" in options.only:
        state["timing"] = fingerprints["timing"]
    _write_state(out_dir, state)
    return result


def _kept(path: Path) -> BuiltFile:
    return BuiltFile(path, path.stat().st_size, False)


def _chart_count(talk: Talk) -> list[str]:
    from talkgen.charts.figures import chart_ids

    return chart_ids(talk)


def _build_stage(stage: str, plan: Plan, charts, target: Path, options: BuildOptions):
    if stage == "deck":
        from talkgen.deck import build_deck

        return build_deck(
            plan, charts, target, template=options.template, auto_advance=options.auto_advance
        )
    from talkgen.handout import build_handout

    return build_handout(
        plan, charts, target, template=options.handout_template, paper=options.paper
    )


def _fail_if_strict(options: BuildOptions, warnings: list[Problem]) -> None:
    if options.strict and warnings:
        raise ContentError([w.as_error() for w in warnings])


def _digest_files(paths: list[Path], root: Path | None = None) -> str:
    digest = hashlib.sha256()
    for path in paths:
        name = str(path.relative_to(root)) if root else str(path)
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _fingerprints(folder: Path, options: BuildOptions) -> dict[str, str]:
    """For each of deck, handout and timing report, a digest of everything that goes into it."""
    from talkgen.style import TEMPLATES

    content_files = sorted(p for p in folder.rglob("*") if p.is_file())
    content = _digest_files(content_files, folder)
    package = _digest_files(sorted(Path(__file__).parent.rglob("*.py")))
    common = [__version__, content, package, _digest_files([TEMPLATES / "style.yaml"])]
    deck_template = options.template or TEMPLATES / "default.pptx"
    handout_template = options.handout_template or TEMPLATES / "handout.typ"
    rehearsals = sorted((Path(options.out_dir) / "rehearsals").glob("*.jsonl"))
    return {
        "timing": _hash([*common, _digest_files(rehearsals)]),
        "deck": _hash([*common, _digest_files([deck_template]), str(options.auto_advance)]),
        "handout": _hash([*common, _digest_files([handout_template]), str(options.paper)]),
    }


def _hash(parts: list[str]) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _read_state(out_dir: Path) -> dict[str, str]:
    try:
        state = json.loads((out_dir / STATE_FILE).read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _write_state(out_dir: Path, state: dict[str, str]) -> None:
    from talkgen.atomic import write_text

    write_text(out_dir / STATE_FILE, json.dumps(state, indent=2, sort_keys=True))
