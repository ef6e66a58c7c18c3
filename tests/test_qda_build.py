"""The folder imported from qc-demo.qdpx builds with the real pipeline (charts, deck, handout):
the charts show the export's code counts and the slides quote the source text exactly."""

from __future__ import annotations

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
    for args in (
        ["import", "qdpx", str(qc_demo), "--into", "talk"],
        ["build", "talk", "--out", "out"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "talkgen", *args],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    return work / "out"


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
