"""`build_talk`: the whole talk in one call — load, plan, charts, deck, handout, timing report.

Everything a build writes, charts included, is staged in a private folder under `out/` and moved
into place only when every stage has succeeded, so a failed build leaves the previous good files
exactly as they were. An output whose inputs have not changed since the last build (same content
files, templates, options and talkgen version) is not made again; charts have their own
per-figure cache, which the staged charts folder starts from (hard links, so nothing is copied).
`talkgen deck`, `talkgen handout` and `talkgen charts` are this function with `only` set.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from talkgen import __version__
from talkgen.atomic import check_output_folder, check_target, unwritable
from talkgen.content import load_talk
from talkgen.content.model import Talk
from talkgen.content.study import output_folder
from talkgen.disclosure import protection_warnings
from talkgen.errors import ContentError, EnvironmentProblem, Problem
from talkgen.plan import Plan, plan_talk
from talkgen.processes import process_running

if TYPE_CHECKING:
    from talkgen.geometry import Geometry

STAGES = ("charts", "deck", "handout", "timing")
STATE_FILE = ".talkgen-build.json"
# In the build record: what the deck in out/ was built from (`DeckRecord`).
DECK_RECORD = "deck_built_from"
# A build's private folder under out/: `.staging-<process id>-<random>`.
STAGING_PREFIX = ".staging-"
CHARTS_DIR = "charts"
TIMING_SUFFIXES = ("md", "csv", "json", "html")
Report = Callable[[str], None]
Advance = Callable[..., None]
# Makes a progress display for a stage: (description, total steps) -> context yielding advance.
Progress = Callable[[str, int | None], AbstractContextManager[Advance]]


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
    with_slides: bool = False


@dataclass(frozen=True)
class BuiltFile:
    """An output of the build: what it is, where, how big, and whether this run wrote it."""

    kind: str
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
    geometry: Geometry | None = None
    charts_rendered: int = 0
    browser_started: bool = False

    def file(self, kind: str) -> BuiltFile | None:
        """The first output of this kind (`deck`, `handout`, …), if the build made or kept one."""
        return next((f for f in self.files if f.kind == kind), None)

    def path(self, kind: str) -> Path | None:
        """Where the first output of this kind is, if the build made or kept one."""
        built = self.file(kind)
        return built.path if built else None


@dataclass(frozen=True)
class DeckRecord:
    """What the build that wrote the deck in out/ recorded: the digest of what the talk's
    slides could show (`shown_fingerprint`), the SHA-256 of the deck it wrote and of its
    template, and the options that shaped it (`template`: an absolute path, or None for
    talkgen's own; `auto_advance`)."""

    shown: str
    deck_sha256: str
    template: str | None
    template_sha256: str
    auto_advance: bool


def shown_fingerprint(talk: Talk) -> str:
    """A SHA-256 (hex) of what the talk's slides can show: the talk as loaded without its
    speaker notes (the rehearsal view shows the current notes itself, so editing them between
    rehearsals needs no new deck), and the bytes of the files its slides draw from (chart
    CSVs, images). Any other edit — a quote, a theme's points, a title, a participant — changes
    it."""
    loaded = talk.model_dump(mode="json", exclude={"warnings", "source_files", "root", "talk_path"})
    drawn = [
        *(talk.root / chart.csv for chart in talk.charts if chart.csv),
        *(talk.root / entry.image for entry in talk.info.outline or [] if entry.image),
    ]
    return _hash(
        [json.dumps(_without_notes(loaded), sort_keys=True), _digest_files(drawn, talk.root)]
    )


def _without_notes(value):
    """`value` (JSON data) without any `notes` field, however deep."""
    if isinstance(value, dict):
        return {k: _without_notes(v) for k, v in value.items() if k != "notes"}
    if isinstance(value, list):
        return [_without_notes(v) for v in value]
    return value


def deck_record(out_dir: Path) -> DeckRecord | None:
    """What the last build that wrote the deck in `out_dir` (the talk's own output folder)
    recorded about it, or None (no build record, or one from before talkgen kept this)."""
    record = _read_state(out_dir).get(DECK_RECORD)
    if not isinstance(record, dict):
        return None
    try:
        return DeckRecord(
            shown=str(record["shown"]),
            deck_sha256=str(record["deck_sha256"]),
            template=str(record["template"]) if record.get("template") else None,
            template_sha256=str(record["template_sha256"]),
            auto_advance=bool(record.get("auto_advance")),
        )
    except KeyError:
        return None


def stale_deck(talk: Talk, out_dir: Path) -> DeckRecord | None:
    """The record of the deck talkgen built into `out_dir` (the talk's own output folder)
    when what its slides show has changed since (`shown_fingerprint`), or its template: the
    deck pictures older slides. None when the deck is current, and when it cannot tell: no
    deck, no record (a deck from before talkgen kept one), or a deck that is not the one the
    record describes (saved over by hand)."""
    deck = out_dir / f"{talk.info.file_slug}.pptx"
    built = deck_record(out_dir)
    if built is None or not deck.is_file() or built.deck_sha256 != _file_sha256(deck):
        return None
    template = Path(built.template) if built.template else _default_template()
    same_template = template.is_file() and _file_sha256(template) == built.template_sha256
    if same_template and built.shown == shown_fingerprint(talk):
        return None
    return built


def _default_template() -> Path:
    from talkgen.style import TEMPLATES

    return TEMPLATES / "default.pptx"


def _file_sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def check_talk(
    folder: Path | str, strict: bool = False, talk_name: str | None = None
) -> tuple[Talk, Plan, list[Problem]]:
    """Load and plan the talk (`talk_name`: which talk of a study); its warnings, or under
    `strict` a `ContentError` holding them."""
    talk = load_talk(folder, talk=talk_name)
    plan = plan_talk(talk)
    warnings = [*talk.warnings, *plan.warnings, *protection_warnings(plan)]
    _fail_if_strict(strict, warnings)
    return talk, plan, warnings


def validate_talk(
    folder: Path | str, options: BuildOptions = BuildOptions(), talk_name: str | None = None
):
    """Every check `build_talk(folder, options)` makes, without Chrome and writing nothing:
    the content and the plan, the plan laid out on `options.template`, the deck's text fit there
    (see `talkgen.deck.check`), the handout typeset with `options.handout_template` (Typst's
    warnings; see `talkgen.handout.check`), and the rehearsal logs in the output folder. Returns
    `(talk, plan, geometry, warnings)`, the warnings in the order a build lists them; under
    `options.strict` they raise `ContentError` instead, so `validate --strict` and
    `build --strict` give the same verdict.

    The charts are laid out as a build lays them out (a label too long to show whole is a
    warning here too) but not drawn; the deck and the handout are made in a private temporary
    folder with blank stand-ins for the chart pictures. Not checked: the slide pages of
    `options.with_slides` (they need LibreOffice)."""
    from talkgen.geometry import lay_out

    talk, plan, warnings = check_talk(folder, False, talk_name)
    geometry = lay_out(plan, options.template)
    from talkgen.charts.look import deck_look

    look = deck_look(geometry)
    if options.only & {"charts", "deck", "handout"}:
        from talkgen.charts import chart_warnings

        warnings += chart_warnings(talk, boxes=geometry.chart_boxes(), look=look)
    if "deck" in options.only:
        from talkgen.deck.check import deck_warnings

        warnings += deck_warnings(plan, geometry)
    if "handout" in options.only:
        from talkgen.handout.check import handout_warnings

        warnings += handout_warnings(
            plan,
            look,
            template=options.handout_template,
            paper=options.paper,
        )
    if "timing" in options.only:
        from talkgen.timing import build_report, load_rehearsals

        out_dir = output_folder(options.out_dir, talk.name)
        rehearsals, problems = load_rehearsals(out_dir / "rehearsals")
        warnings += [*problems, *build_report(plan, rehearsals).problems]
    _fail_if_strict(options.strict, warnings)
    return talk, plan, geometry, warnings


@contextlib.contextmanager
def _no_progress(description: str, total: int | None) -> Iterator[Advance]:
    yield lambda n=1, label=None: None


def build_talk(
    folder: Path | str,
    options: BuildOptions = BuildOptions(),
    report: Report | None = None,
    progress: Progress | None = None,
    talk_name: str | None = None,
) -> BuildResult:
    """Build the talk in `folder` into `options.out_dir` (a study's talk `talk_name` into
    `options.out_dir/<talk_name>/`, see `talkgen.content.study.output_folder`).

    `report(line)` hears one line per stage; `progress(description, total)` may show a bar for
    the charts. Raises `ContentError` (nothing written) for bad content, for warnings under
    `strict`, and a `TalkgenError` from any stage that fails (nothing written either).
    """
    say = report or (lambda line: None)
    bar = progress or _no_progress
    folder = Path(folder)
    _check_options(options)
    talk, plan, warnings = check_talk(folder, options.strict, talk_name)
    out_dir = output_folder(options.out_dir, talk.name)
    result = BuildResult(talk, plan, warnings=warnings)
    say(f"content: {len(talk.themes)} themes, {len(talk.quotes)} quotes, {len(plan.slides)} slides")
    geometry = None
    if options.only & {"charts", "deck", "handout"}:
        from talkgen.geometry import lay_out

        # Once, before anything is rendered: the charts and the deck both read these boxes.
        geometry = lay_out(plan, options.template)
        result.geometry = geometry
        say(f"layouts ({geometry.template.path.name}): " + "; ".join(geometry.mapping()))

    slug = talk.info.file_slug
    targets = {"deck": out_dir / f"{slug}.pptx", "handout": out_dir / f"{slug}-handout.pdf"}
    _check_targets(folder, out_dir, targets)
    state = _read_state(out_dir)
    fingerprints = _fingerprints(talk, options, out_dir, _chart_inputs(talk, plan))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=out_dir))
    except OSError as error:
        raise unwritable(out_dir, error) from None
    staged: dict[Path, tuple[str, Path]] = {}
    try:
        charts = None
        unchanged = {
            stage
            for stage in ("deck", "handout")
            if state.get(stage) == fingerprints[stage] and targets[stage].is_file()
        }
        if options.only & {"charts", "deck", "handout"}:
            if _charts_unchanged(out_dir, state, fingerprints):
                # The data the charts are drawn from is as last time (an edited quote's words
                # or notes change nothing in a chart): reuse them without asking the cache.
                say("charts: unchanged (no browser started)")
                result.files += [
                    _kept("chart", out_dir / CHARTS_DIR / name) for name in state["chart_files"]
                ]
                charts = _charts_from_manifest(out_dir / CHARTS_DIR, state["chart_manifest"])
                result.warnings += _problems(state.get("chart_warnings", []))
            else:
                charts = _render_charts(talk, geometry, out_dir, staging, bar)
                result.warnings += charts.warnings
                result.charts_rendered = charts.rendered
                result.browser_started = charts.browser_started
                say(
                    f"charts: {len(charts)} charts, {charts.rendered} rendered"
                    + ("" if charts.browser_started else " (all cached, no browser started)")
                )
        kept_warnings = state.get("warnings") if isinstance(state.get("warnings"), dict) else {}
        stage_warnings: dict[str, list[Problem]] = {}
        for stage in ("deck", "handout"):
            if stage not in options.only:
                continue
            target = targets[stage]
            if stage in unchanged and (kept := _kept_warnings(kept_warnings, stage)) is not None:
                # The warnings are part of the output: an unchanged deck warns as it did.
                stage_warnings[stage] = kept
                result.warnings += kept
                say(f"{stage}: unchanged, kept {target.name}")
                result.files.append(_kept(stage, target))
                continue
            built = _build_stage(
                stage, plan, geometry, charts, staging, target.name, options, staged
            )
            stage_warnings[stage] = list(built.warnings)
            result.warnings += built.warnings
            staged[built.path] = (stage, target)
        if "timing" in options.only:
            _timing(plan, out_dir, staging, state, fingerprints, result, staged, say)
        _fail_if_strict(options.strict, result.warnings)
        if (staging / CHARTS_DIR).is_dir():
            result.files += _promote_charts(staging, out_dir, result.charts_rendered > 0)
        for source, (kind, target) in staged.items():
            os.replace(source, target)
            result.files.append(BuiltFile(kind, target, target.stat().st_size, True))
            if kind != "timing":
                say(f"{kind}: {target.name}")
        # Named only now, once in place: a build that fails (or is refused by --strict) before
        # this point has written nothing, and says so.
        timing_names = [target.name for kind, target in staged.values() if kind == "timing"]
        if timing_names:
            say(f"timing: {', '.join(timing_names)}")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    written_now = {target for _, target in staged.values()}
    for stage in ("deck", "handout"):
        if stage in options.only and targets[stage] in written_now:
            state[stage] = fingerprints[stage]
        if stage in stage_warnings:
            kept_warnings[stage] = [w.as_record() for w in stage_warnings[stage]]
    state["warnings"] = kept_warnings
    if "deck" in options.only and (targets["deck"] in written_now or "deck" in unchanged):
        # What the deck now in place was built from, for `stale_deck` (the rehearsal's pictures).
        template = options.template.resolve() if options.template else None
        state[DECK_RECORD] = {
            "shown": shown_fingerprint(talk),
            "deck_sha256": _file_sha256(targets["deck"]),
            "template": str(template) if template else None,
            "template_sha256": _file_sha256(template or _default_template()),
            "auto_advance": options.auto_advance,
        }
    if "timing" in options.only:
        state["timing"] = fingerprints["timing"]
    if charts is not None:
        state["charts"] = fingerprints["charts"]
        state["chart_files"] = [f.path.name for f in result.files if f.kind == "chart"]
        state["chart_manifest"] = _chart_manifest(charts)
        state["chart_warnings"] = [
            [str(w.path) if w.path else None, w.line, w.message, w.hint]
            for w in getattr(charts, "warnings", None) or _problems(state.get("chart_warnings", []))
        ]
    _write_state(out_dir, state)
    return result


def _check_targets(folder: Path, out_dir: Path, targets: dict[str, Path]) -> None:
    """Before anything is written: the output folder is outside the content folder, and every
    place the build writes to holds nothing talkgen did not make (a user's own folder named
    like the deck, a file named `charts`, a folder inside `charts/`)."""
    check_output_folder(folder, out_dir)
    for kind, target in targets.items():
        check_target(target, f"the {kind}")
    for suffix in TIMING_SUFFIXES:
        check_target(out_dir / f"timing.{suffix}", "the timing report")
    check_target(out_dir / STATE_FILE, "its build record")
    charts = out_dir / CHARTS_DIR
    if charts.is_symlink() or (charts.exists() and not charts.is_dir()):
        raise EnvironmentProblem(
            Problem(
                charts,
                None,
                "is not the charts folder talkgen made; talkgen writes the charts here and will "
                "not replace it",
                "move it out of the way, or choose another --out",
            )
        )
    if charts.is_dir():
        for entry in charts.iterdir():
            if not entry.is_file() or entry.is_symlink():
                raise EnvironmentProblem(
                    Problem(
                        entry,
                        None,
                        "is not a chart talkgen made; the charts folder is replaced as a whole "
                        "on each build",
                        "move it out of the charts folder",
                    )
                )


def _remove_stale_staging(out_dir: Path) -> None:
    """Remove the staging folders of builds that were stopped before they could clean up
    (killed outright, or the machine went down): those whose process no longer runs."""
    for folder in out_dir.glob(f"{STAGING_PREFIX}*"):
        pid = folder.name.removeprefix(STAGING_PREFIX).split("-")[0]
        if folder.is_dir() and not folder.is_symlink() and not process_running(pid):
            shutil.rmtree(folder, ignore_errors=True)


def _check_options(options: BuildOptions) -> None:
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
    # The stages check their templates too; these come first because the fingerprints read them.
    missing = {
        options.template: (
            "no such template file",
            "give --template a .pptx file, or leave it out to use ours",
        ),
        options.handout_template: (
            "handout template not found",
            "pass an existing .typ file to --handout-template",
        ),
    }
    for given, (message, hint) in missing.items():
        if given is not None and not Path(given).is_file():
            raise ContentError(Problem(Path(given), None, message, hint))


def _render_charts(talk: Talk, geometry, out_dir: Path, staging: Path, bar: Progress):
    """Render into `staging/charts`, which starts as hard links to `out/charts` so that the
    charts' cache sees the last build's files, and nothing in `out/` changes until the end."""
    from talkgen.charts import render_charts
    from talkgen.charts.figures import chart_ids
    from talkgen.charts.look import deck_look

    live, staged = out_dir / CHARTS_DIR, staging / CHARTS_DIR
    staged.mkdir()
    if live.is_dir():
        for path in live.iterdir():
            if path.is_file():
                _link_or_copy(path, staged / path.name)
    # Each chart is laid out for the box the deck shows it in, on the deck's template.
    with bar("charts", len(chart_ids(talk))) as advance:
        return render_charts(
            talk,
            staging,
            boxes=geometry.chart_boxes(),
            progress=advance,
            look=deck_look(geometry),
        )


def _charts_unchanged(out_dir: Path, state: dict, fingerprints: dict[str, str]) -> bool:
    names = state.get("chart_files")
    return (
        state.get("charts") == fingerprints["charts"]
        and isinstance(names, list)
        and isinstance(state.get("chart_manifest"), list)
        and all((out_dir / CHARTS_DIR / str(name)).is_file() for name in names)
    )


def _chart_inputs(talk: Talk, plan: Plan) -> str:
    """Everything in the talk the charts are drawn from (see talkgen/charts/builtin.py), and
    which slides show which chart; not the quotes' words, the notes or the summaries."""
    inputs = {
        "themes": [[t.id, t.title, t.short, t.color, t.order] for t in talk.themes],
        "participants": [[p.id, p.attributes] for p in talk.participants],
        "raised": {theme: sorted(ids) for theme, ids in talk.raised_by().items()},
        "charts": [c.model_dump(mode="json") for c in talk.charts],
        "language": talk.info.language,
        "slides": [[s.kind, s.chart, s.layout] for s in plan.slides],
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def _chart_manifest(charts) -> list[dict]:
    """The rendered charts as JSON, their files named relative to the charts folder."""
    return [
        {
            "id": c.id,
            "title": c.title,
            "alt": c.alt,
            "caption": c.caption,
            "png": c.png.name,
            "svg": c.svg.name,
            "html": c.html.name,
            "handout": c.handout,
            "width_px": c.width_px,
            "height_px": c.height_px,
            "slide_pngs": [[p.path.name, list(p.box_px)] for p in c.slide_pngs],
            "native": c.native.to_json() if c.native else None,
        }
        for c in charts.values()
    ]


def _charts_from_manifest(folder: Path, manifest: list[dict]) -> dict:
    """The charts of the last build, from its manifest, with their files in `folder`."""
    from talkgen.charts.model import NativeChart, RenderedChart, SlidePNG

    return {
        entry["id"]: RenderedChart(
            id=entry["id"],
            title=entry["title"],
            alt=entry["alt"],
            caption=entry["caption"],
            png=folder / entry["png"],
            svg=folder / entry["svg"],
            html=folder / entry["html"],
            handout=entry["handout"],
            width_px=entry["width_px"],
            height_px=entry["height_px"],
            slide_pngs=tuple(
                SlidePNG(folder / name, (box[0], box[1])) for name, box in entry["slide_pngs"]
            ),
            native=NativeChart.from_json(entry.get("native")),
        )
        for entry in manifest
    }


def _problems(stored: list) -> list[Problem]:
    """The chart warnings the last build stored (path, line, message, hint), as warnings."""
    return [
        Problem(Path(path) if path else None, line, message, hint, severity="warning")
        for path, line, message, hint in stored
    ]


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links: copy, keeping the times the cache reads
        shutil.copy2(source, target)


def _promote_charts(staging: Path, out_dir: Path, rebuilt: bool) -> list[BuiltFile]:
    """Swap the staged charts folder in for `out/charts` (two renames)."""
    live, staged = out_dir / CHARTS_DIR, staging / CHARTS_DIR
    try:
        if live.exists():
            os.replace(live, staging / "charts-previous")
        os.replace(staged, live)
    except OSError as error:
        raise EnvironmentProblem(
            Problem(
                live,
                None,
                f"cannot replace the charts folder: {error.strerror or error}",
                "check that you may write to it and that no program holds it open",
            )
        ) from None
    return [
        BuiltFile("chart", path, path.stat().st_size, rebuilt)
        for path in sorted(live.iterdir())
        if path.is_file() and not path.name.startswith(".")
    ]


def _timing(plan, out_dir, staging, state, fingerprints, result, staged, say) -> None:
    from talkgen.timing import build_report, load_rehearsals
    from talkgen.timing.writers import write_timing_files

    rehearsals, problems = load_rehearsals(out_dir / "rehearsals")
    timing = build_report(plan, rehearsals)
    result.warnings += [*problems, *timing.problems]
    result.estimated_seconds = timing.estimated_total
    if state.get("timing") == fingerprints["timing"] and all(
        (out_dir / f"timing.{suffix}").is_file() for suffix in TIMING_SUFFIXES
    ):
        say("timing: unchanged")
        result.files += [_kept("timing", out_dir / f"timing.{s}") for s in TIMING_SUFFIXES]
        return
    written = write_timing_files(timing, staging)
    for path in written:
        staged[path] = ("timing", out_dir / path.name)


def _kept_warnings(kept: dict, stage: str) -> list[Problem] | None:
    """The warnings the last build of `stage` gave, or None when the state does not hold them
    (a state from an older talkgen, or damaged): the stage is then built again."""
    try:
        return [Problem.from_record(record) for record in kept[stage]]
    except (KeyError, TypeError, AttributeError):
        return None


def _kept(kind: str, path: Path) -> BuiltFile:
    return BuiltFile(kind, path, path.stat().st_size, False)


def _build_stage(
    stage: str,
    plan: Plan,
    geometry,
    charts,
    staging: Path,
    name: str,
    options: BuildOptions,
    staged: dict[Path, tuple[str, Path]],
):
    from talkgen.deck import build_deck

    if stage == "deck":
        return build_deck(
            plan, charts, staging / name, geometry=geometry, auto_advance=options.auto_advance
        )
    from talkgen.handout import build_handout

    slides_pdf = None
    if options.with_slides:
        from talkgen.handout.slides import deck_to_pdf, find_libreoffice, missing_libreoffice

        if find_libreoffice() is None:
            raise missing_libreoffice()
        deck = next((s for s, (kind, _) in staged.items() if kind == "deck"), None)
        if deck is None:
            deck = build_deck(
                plan, charts, staging / "slides" / "deck.pptx", geometry=geometry
            ).path
        slides_pdf = deck_to_pdf(deck, staging / "slides")
    return build_handout(
        plan,
        charts,
        staging / name,
        template=options.handout_template,
        paper=options.paper,
        slides_pdf=slides_pdf,
    )


def _fail_if_strict(strict: bool, warnings: list[Problem]) -> None:
    if strict and warnings:
        raise ContentError([w.as_error() for w in warnings])


def _digest_files(paths: list[Path], root: Path | None = None) -> str:
    """A digest of the files' names and bytes, read in chunks (memory stays flat whatever their
    size); a path that is not a regular file counts by its name only."""
    digest = hashlib.sha256()
    for path in paths:
        name = str(path.relative_to(root)) if root else str(path)
        digest.update(name.encode() + b"\0")
        if path.is_file():
            with path.open("rb") as stream:
                digest.update(hashlib.file_digest(stream, "sha256").digest())
        digest.update(b"\0")
    return digest.hexdigest()


def _fingerprints(
    talk: Talk, options: BuildOptions, out_dir: Path, chart_inputs: str
) -> dict[str, str]:
    """For charts, deck, handout and timing report, a digest of everything that goes into each."""
    from talkgen.style import TEMPLATES

    content = _digest_files(talk.source_files, talk.root)
    package = _digest_files(sorted(Path(__file__).parent.rglob("*.py")))
    style = _digest_files([TEMPLATES / "style.yaml"])
    common = [__version__, content, package, style]
    deck_template = _digest_files([options.template or TEMPLATES / "default.pptx"])
    handout_template = _digest_files([options.handout_template or TEMPLATES / "handout.typ"])
    rehearsals = sorted(p for p in (out_dir / "rehearsals").glob("*.jsonl") if p.is_file())
    return {
        # Not all content files: only the data the charts are drawn from (`_chart_inputs`).
        "charts": _hash([__version__, package, style, deck_template, chart_inputs]),
        "timing": _hash([*common, _digest_files(rehearsals)]),
        "deck": _hash([*common, deck_template, str(options.auto_advance)]),
        "handout": _hash(
            [
                *common,
                handout_template,
                str(options.paper),
                str(options.with_slides),
                deck_template,
            ]
        ),
    }


def _hash(parts: list[str]) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _read_state(out_dir: Path) -> dict:
    from talkgen.inputs import read_record

    state = read_record(out_dir / STATE_FILE)
    return state if isinstance(state, dict) else {}


def _write_state(out_dir: Path, state: dict) -> None:
    from talkgen.atomic import write_text

    write_text(out_dir / STATE_FILE, json.dumps(state, indent=2, sort_keys=True))
