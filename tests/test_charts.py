"""The charts stage end to end: real files from a real Chrome, read back; the cache; a missing,
crashing or hanging browser; and the `talkgen charts` command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image

from talkgen.charts import chrome as chrome_module
from talkgen.charts import render_charts, talk_figures
from talkgen.charts.cache import CACHE_FILE
from talkgen.charts.look import slide_look
from talkgen.cli import cli
from talkgen.content import load_talk
from talkgen.errors import EnvironmentProblem
from talkgen.geometry import lay_out
from talkgen.plan import plan_talk

pytestmark = pytest.mark.slow  # every test here renders charts in a real Chrome

BUILT_INS = ["prevalence", "participants", "matrix", "cooccurrence"]
SVG = "{http://www.w3.org/2000/svg}"


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time, to prove a run left them alone."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.fixture
def rendered_out(example_charts, tmp_path: Path) -> Path:
    """A private copy of the example's rendered out/ folder (times kept, so the cache holds)."""
    out = tmp_path / "out"
    shutil.copytree(example_charts.folder.parent, out)
    return out


@pytest.fixture
def no_browser(monkeypatch, tmp_path: Path) -> Path:
    """Make every browser unavailable: BROWSER_PATH names a program that does not exist."""
    missing = tmp_path / "no-such-chrome"
    monkeypatch.setenv("BROWSER_PATH", str(missing))
    return missing


def test_every_built_in_chart_has_png_svg_and_html(example_charts):
    assert list(example_charts) == BUILT_INS
    assert example_charts.browser_started
    assert (example_charts.rendered, example_charts.images_rendered) == (4, 8)
    for chart in example_charts.values():
        assert chart.png.parent == chart.svg.parent == chart.html.parent == example_charts.folder
        assert example_charts.folder.name == "charts"
        assert [chart.png.name, chart.svg.name, chart.html.name] == [
            f"{chart.id}.png",
            f"{chart.id}.svg",
            f"{chart.id}.html",
        ]
        assert chart.title and chart.alt and chart.caption


def _render(folder: Path, out: Path, **options):
    """Render the talk's charts as `talkgen build` does: each PNG for its box in our template."""
    talk = load_talk(folder)
    return render_charts(talk, out, boxes=lay_out(plan_talk(talk)).chart_boxes(), **options)


def test_each_png_is_its_slide_box_at_twice_the_size(example_charts):
    # The method slide's picture box is 7.433 x 4.75 in, the overview's 12.333 x 4.5 in; at 96
    # px per inch, times 2. Charts on no slide get the default 12.3 x 5.3 in.
    expected = {
        "participants": (1428, 912),
        "prevalence": (2368, 864),
        "matrix": (2362, 1018),
        "cooccurrence": (2362, 1018),
    }
    for chart in example_charts.values():
        with Image.open(chart.png) as image:
            assert image.format == "PNG"
            assert image.size == expected[chart.id] == (chart.width_px, chart.height_px)
        assert [png.path for png in chart.slide_pngs] == [chart.png]


def test_a_box_changes_the_layout_size_not_the_text_size(example_dir):
    talk = load_talk(example_dir)
    for box, pixels in (((7.433, 4.75), (714, 456)), ((12.333, 4.5), (1184, 432)), (None, None)):
        look = slide_look(box=box)
        for chart in talk_figures(talk, look):
            layout = chart.figure["layout"]
            assert (layout["width"], layout["height"]) == (pixels or (1181, 509))
            # 18 pt on the slide is 24 px at 96 px per inch, whatever the box.
            assert layout["font"]["size"] == layout["xaxis"]["tickfont"]["size"] == 24
    with pytest.raises(ValueError, match="positive"):
        slide_look(box=(0, 4))


def test_changing_one_box_renders_only_that_charts_png(rendered_out, example_dir):
    folder = rendered_out / "charts"
    before = _snapshot(folder)
    talk = load_talk(example_dir)
    boxes = lay_out(plan_talk(talk)).chart_boxes()
    boxes["participants"] = [(6.0, 4.0)]
    made = render_charts(talk, rendered_out, boxes=boxes)
    assert (made.rendered, made.images_rendered) == (1, 1)
    after = _snapshot(folder)
    changed = {name for name in before if after.get(name) != before[name]}
    assert changed == {"participants.png", CACHE_FILE}
    with Image.open(folder / "participants.png") as image:
        assert image.size == (1152, 768)


def test_a_chart_shown_in_two_sizes_of_box_gets_a_png_for_each(rendered_out, example_dir):
    talk = load_talk(example_dir)
    boxes = {"matrix": [(12.333, 4.5), (7.433, 4.75), (12.333, 4.5)]}
    made = render_charts(talk, rendered_out, boxes=boxes)
    matrix = made["matrix"]
    assert [(png.path.name, png.box_px) for png in matrix.slide_pngs] == [
        ("matrix.png", (1184, 432)),
        ("matrix-714x456.png", (714, 456)),
    ]
    for png in matrix.slide_pngs:
        with Image.open(png.path) as image:
            assert image.size == (png.box_px[0] * 2, png.box_px[1] * 2)
    assert matrix.png_for((714, 456)) == rendered_out / "charts" / "matrix-714x456.png"
    assert matrix.png_for((1000, 1000)) == matrix.png
    # The talk no longer shows it in the smaller box: that PNG goes, the others stay.
    render_charts(talk, rendered_out, boxes={"matrix": [(12.333, 4.5)]})
    assert not (rendered_out / "charts" / "matrix-714x456.png").exists()
    assert (rendered_out / "charts" / "matrix.png").is_file()


def test_svg_is_xml_with_the_chart_text_and_its_alt_text(example_charts):
    talk = load_talk(Path(__file__).resolve().parents[1] / "content")
    for chart in example_charts.values():
        root = etree.parse(str(chart.svg)).getroot()
        assert root.tag == f"{SVG}svg"
        assert root.findtext(f"{SVG}title") == chart.title
        assert root.findtext(f"{SVG}desc") == chart.alt
        text = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
        if chart.id in ("prevalence", "matrix"):
            for theme in talk.themes:
                assert theme.label in text, (chart.id, theme.label)
    prevalence = etree.parse(str(example_charts["prevalence"].svg)).getroot()
    words = " ".join("".join(t.itertext()) for t in prevalence.iter(f"{SVG}text"))
    assert "12 of 14" in words


def test_html_works_offline_with_plotly_inside(example_charts):
    for chart in example_charts.values():
        html = chart.html.read_text(encoding="utf-8")
        tree = etree.HTML(html)
        scripts = tree.findall(".//script")
        assert scripts and all(s.get("src") is None for s in scripts)
        assert "cdn.plot.ly" not in " ".join(s.get("src") or "" for s in scripts)
        assert any("Plotly" in (s.text or "") and len(s.text or "") > 1_000_000 for s in scripts)
        assert tree.findtext(".//title") == chart.title
        assert chart.alt in "".join(tree.find(".//figcaption/p[@id='chart-alt']").itertext())


def test_a_second_run_with_nothing_changed_starts_no_browser(rendered_out, no_browser):
    before = _snapshot(rendered_out / "charts")
    again = _render(Path(__file__).resolve().parents[1] / "content", rendered_out)
    assert not again.browser_started
    assert (again.rendered, again.images_rendered) == (0, 0)
    assert _snapshot(rendered_out / "charts") == before


def test_an_edited_output_file_is_made_again(rendered_out, no_browser):
    (rendered_out / "charts" / "matrix.svg").write_text("<svg/>", encoding="utf-8")
    with pytest.raises(EnvironmentProblem):
        _render(Path(__file__).resolve().parents[1] / "content", rendered_out)


def test_only_new_or_changed_charts_are_rendered(rendered_out, example_copy):
    (example_copy / "charts.yaml").write_text(
        "- id: years\n  type: bar\n  title: More each year\n  categories: [a, b]\n"
        "  series:\n    - name: n\n      values: [1, 2]\n"
        "- id: prevalence\n  alt: Counts per theme.\n",
        encoding="utf-8",
    )
    old_png = (rendered_out / "charts" / "prevalence.png").stat().st_mtime_ns
    labels = []
    made = _render(
        example_copy, rendered_out, progress=lambda n=1, label=None: labels.append((n, label))
    )
    # The new chart's PNG and SVG, and prevalence's SVG (it carries the alt text); nothing else.
    assert made.browser_started
    assert (made.rendered, made.images_rendered) == (2, 3)
    assert (rendered_out / "charts" / "prevalence.png").stat().st_mtime_ns == old_png
    assert "Counts per theme." in (rendered_out / "charts" / "prevalence.svg").read_text()
    with Image.open(made["years"].png) as image:
        assert image.size == (2362, 1018)
    assert sorted(label for _, label in labels) == sorted([*BUILT_INS, "years"])


def test_charts_no_longer_in_the_talk_are_removed(rendered_out, example_dir, no_browser):
    folder = rendered_out / "charts"
    stray = folder / "notes.txt"
    stray.write_text("mine", encoding="utf-8")
    # A chart an earlier version of the talk had: written by us, so recorded in the cache.
    (folder / "old-chart.png").write_bytes((folder / "matrix.png").read_bytes())
    record = json.loads((folder / CACHE_FILE).read_text(encoding="utf-8"))
    record["old-chart.png"] = record["matrix.png"]
    (folder / CACHE_FILE).write_text(json.dumps(record), encoding="utf-8")
    made = _render(example_dir, rendered_out)
    assert not made.browser_started
    assert not (folder / "old-chart.png").exists()
    assert stray.read_text(encoding="utf-8") == "mine", "files we did not write stay"


def test_no_browser_anywhere_is_one_line_saying_how_to_install(monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(chrome_module, "_downloaded_copy", lambda: None)
    monkeypatch.setattr(chrome_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(chrome_module, "_TYPICAL", {})
    with pytest.raises(EnvironmentProblem) as caught:
        chrome_module.find_browser()
    (line,) = [p.format() for p in caught.value.problems]
    assert "\n" not in line
    assert line.startswith("talkgen: charts need Chrome or Chromium and none was found — ")
    assert "plotly_get_chrome" in line and "BROWSER_PATH" in line


def test_cli_without_chrome_exits_2_and_keeps_the_last_good_charts(
    rendered_out, example_copy, no_browser
):
    before = _snapshot(rendered_out / "charts")
    (example_copy / "coding.csv").open("a", encoding="utf-8").write("P14,peer-mentoring\n")
    result = CliRunner().invoke(cli, ["charts", str(example_copy), "--out", str(rendered_out)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "BROWSER_PATH" in lines[0] and str(no_browser) in lines[0]
    assert _snapshot(rendered_out / "charts") == before


def test_cli_reports_a_broken_chart_with_file_and_line(rendered_out, example_copy):
    before = _snapshot(rendered_out / "charts")
    (example_copy / "charts.yaml").write_text(
        "- id: c\n  type: pie\n  csv: gone.csv\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["charts", str(example_copy), "--out", str(rendered_out)])
    assert result.exit_code == 2
    assert "charts.yaml:3: chart 'c': cannot read gone.csv" in result.stderr
    assert _snapshot(rendered_out / "charts") == before


@pytest.fixture
def fake_browsers(tmp_path: Path) -> dict[str, Path]:
    """Programs that pretend to be Chrome: one hangs, one dies at once."""
    programs = {"hang": "#!/bin/sh\nsleep 120\n", "crash": "#!/bin/sh\nexit 1\n"}
    paths = {}
    for name, text in programs.items():
        path = tmp_path / f"{name}-chrome"
        path.write_text(text, encoding="utf-8")
        path.chmod(0o755)
        paths[name] = path
    return paths


def test_a_hanging_browser_times_out_with_a_clear_message(
    example_copy, tmp_path, fake_browsers, monkeypatch
):
    monkeypatch.setenv("BROWSER_PATH", str(fake_browsers["hang"]))
    result = CliRunner().invoke(
        cli, ["charts", str(example_copy), "--out", str(tmp_path / "out"), "--timeout", "2"]
    )
    assert result.exit_code == 2
    assert "did not start within 2 s" in result.stderr
    assert not list((tmp_path / "out" / "charts").glob("*.png"))
    alive = subprocess.run(["pgrep", "-f", str(fake_browsers["hang"])], capture_output=True)
    assert alive.returncode == 1, "the hung browser was killed"


def test_a_browser_that_dies_at_once_is_reported_and_old_charts_stay(
    rendered_out, example_copy, fake_browsers, monkeypatch
):
    before = _snapshot(rendered_out / "charts")
    (example_copy / "coding.csv").open("a", encoding="utf-8").write("P14,peer-mentoring\n")
    monkeypatch.setenv("BROWSER_PATH", str(fake_browsers["crash"]))
    with pytest.raises(EnvironmentProblem) as caught:
        _render(example_copy, rendered_out, timeout=20)
    assert "closed as soon as it started" in caught.value.problems[0].message
    assert _snapshot(rendered_out / "charts") == before, "no half-made charts, no temp files"


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "talkgen", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def test_subprocess_cached_run_needs_no_browser(rendered_out, example_dir, tmp_path):
    before = _snapshot(rendered_out / "charts")
    done = _run(
        "charts",
        str(example_dir),
        "--out",
        str(rendered_out),
        env={"BROWSER_PATH": str(tmp_path / "none")},
    )
    assert done.returncode == 0, done.stderr
    assert "4 charts in" in done.stdout and "Chrome not started" in done.stdout
    assert _snapshot(rendered_out / "charts") == before


def test_subprocess_without_chrome_prints_one_line_and_exits_2(example_dir, tmp_path):
    done = _run(
        "charts",
        str(example_dir),
        "--out",
        str(tmp_path / "out"),
        env={"BROWSER_PATH": str(tmp_path / "none")},
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("talkgen: BROWSER_PATH is set to ")
    assert "Traceback" not in done.stderr
