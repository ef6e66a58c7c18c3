"""The folder imported from qc-demo.qdpx builds with the real pipeline (charts, deck, handout):
the charts show the export's code counts and the slides quote the source text exactly."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation
from qda_samples import qc_expected

pytestmark = pytest.mark.slow  # builds the shared qc-demo export with Chrome


@pytest.fixture(scope="module")
def built(tmp_path_factory, qc_demo: Path) -> Path:
    work = tmp_path_factory.mktemp("qc-build")
    _talkgen(work, ["import", "qdpx", str(qc_demo), "--into", "talk"], ["build", "talk"])
    return work / "out"


def _talkgen(work: Path, *commands: list[str]) -> None:
    """Run each talkgen command line in `work` as a subprocess; each must succeed."""
    for args in commands:
        if args[0] == "build":
            args = [*args, "--out", "out"]
        result = subprocess.run(
            [sys.executable, "-m", "talkgen", *args],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr


def _slides(deck: Path) -> dict[str, list[str]]:
    return {
        slide.shapes.title.text: [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        for slide in Presentation(str(deck)).slides
    }


def test_chart_of_code_counts_shows_the_real_counts(built: Path):
    svg = (built / "charts" / "code-counts.svg").read_text()
    labels = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    for theme, count in (
        ("rq1_definition", "58"),
        ("rq2_curriculum_and_instruction", "85"),
        ("rq3_process", "36"),
    ):
        assert theme in labels and count in labels
    deck = Presentation(str(built / "qc-project.pptx"))
    overview = next(
        s for s in deck.slides if s.shapes.title.text == "How often each theme was coded"
    )
    alts = [
        p._element.xpath("./p:nvPicPr/p:cNvPr/@descr")[0]
        for p in overview.shapes
        if p.shape_type == 13
    ]
    assert alts == [
        "Bar chart of coded segments per theme: rq1_definition 58; "
        "rq2_curriculum_and_instruction 85; rq3_process 36."
    ]


def test_theme_slides_quote_the_source_text_exactly(built: Path, qc_demo: Path):
    slices = {text for _, text, _ in qc_expected(qc_demo)}
    slides = _slides(built / "qc-project.pptx")
    for theme in ("rq1_definition", "rq2_curriculum_and_instruction", "rq3_process"):
        quoted = [t.strip("“”") for t in slides[theme] if t.startswith("“")]
        assert len(quoted) == 1 and quoted[0] in slices


def test_handout_has_the_themes_and_counts(built: Path):
    with pdfplumber.open(built / "qc-project-handout.pdf") as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "158 coded segments in 3 themes" in text
    assert "rq2_curriculum_and_instruction" in text
    assert "board_2017" not in text  # the source's name stays in the private mapping


def test_many_themes_build_with_readable_charts(tmp_path, qc_demo: Path):
    # Finding 9 on real material: qc-demo at --theme-level 3 (117 themes) builds and validates,
    # and its code-counts chart shows the 10 most coded themes, saying how many more there are.
    _talkgen(
        tmp_path,
        ["import", "qdpx", str(qc_demo), "--into", "talk", "--theme-level", "3"],
        ["validate", "talk"],
        ["build", "talk"],
    )
    with open(tmp_path / "talk" / "data" / "code-counts.csv", newline="") as handle:
        rows = [(r["theme"], int(r["segments"])) for r in csv.DictReader(handle)]
    deck = Presentation(str(tmp_path / "out" / "qc-project.pptx"))
    overview = next(
        s for s in deck.slides if s.shapes.title.text == "How often each theme was coded"
    )
    (alt,) = [
        p._element.xpath("./p:nvPicPr/p:cNvPr/@descr")[0]
        for p in overview.shapes
        if p.shape_type == 13
    ]
    # As many bars as fit the smallest box the chart is shown in (10 in the full chart area).
    (shown_count,) = re.findall(r"The (\d+) largest of \d+ are shown", alt)
    n = int(shown_count)
    assert 3 <= n <= 10
    note = f"The {n} largest of {len(rows)} are shown; {len(rows) - n} more are not."
    largest = sorted(rows, key=lambda row: -row[1])[:n]  # ties in the file's order
    assert alt.endswith(note) and alt.count(":") == n
    assert any(note in s.text_frame.text for s in overview.shapes if s.has_text_frame)
    svg = (tmp_path / "out" / "charts" / "code-counts.svg").read_text()
    labels = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    shown = [label for label in labels if label in dict(rows)]
    assert sorted(shown) == sorted(t for t, _ in largest)
    with pdfplumber.open(tmp_path / "out" / "qc-project-handout.pdf") as pdf:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert note in text
