"""User-written labels inside generated sentences are isolated (Unicode FSI ... PDI in plain text,
`dir="auto"` on the HTML blocks), so a right-to-left label keeps the sentence's numbers in place
and does not turn an English sentence right to left; and automatic titles say when several
themes tie for most.

The browser test lays a chart page out in a real headless Chromium and compares where the
label and the count after it are drawn."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from talkgen.charts import alt_text, talk_figures
from talkgen.charts.chrome import QUIET_SWITCHES, find_browser
from talkgen.charts.model import ChartFigure
from talkgen.charts.page import chart_page
from talkgen.content import load_talk
from talkgen.plan import Checkpoint
from talkgen.scripts import FSI, PDI, direction, isolate
from talkgen.style import load_style

ARABIC = (
    "العلاقات الداعمة على تويتر تشبه الإرشاد المهني حتى عندما لا يسميها المشاركون إرشادًا"
    " على الإطلاق"
)
HEBREW = "קהילה ותמיכה"


# ---- isolating a label ------------------------------------------------------------------------


def test_a_right_to_left_label_is_isolated_and_a_left_to_right_one_left_alone() -> None:
    assert isolate(ARABIC) == f"{FSI}{ARABIC}{PDI}"
    assert isolate(HEBREW) == f"{FSI}{HEBREW}{PDI}"
    assert isolate("Informal mentoring") == "Informal mentoring"
    assert isolate("推特作为个人学习网络") == "推特作为个人学习网络"
    assert isolate("٣ themes") == f"{FSI}٣ themes{PDI}"  # Arabic-Indic digits reorder too
    assert isolate("a\u202eb") == f"{FSI}a\u202eb{PDI}"  # an override stays inside the label


def test_the_direction_of_a_sentence_skips_isolated_labels() -> None:
    # Unicode's rule P2: an English sentence that starts with an Arabic label stays English.
    assert direction(f"{isolate(ARABIC)}: raised by 12 of 14 participants") == "ltr"
    assert direction(f"{ARABIC}: raised by 12 of 14 participants") == "rtl"
    # ... and a Hebrew sentence that starts with an English label stays Hebrew.
    assert direction(f"{FSI}Twitter{PDI} קהילה") == "rtl"
    assert direction(f"{FSI}{PDI}") is None


# ---- every generated sentence ----------------------------------------------------------------


def _isolated(text: str, label: str) -> bool:
    return f"{FSI}{label}{PDI}" in text


def test_alt_text_isolates_every_right_to_left_label() -> None:
    prevalence = alt_text.prevalence([(ARABIC, 12), ("Informal mentoring", 11)], 14)
    assert f"{FSI}{ARABIC}{PDI}: raised by 12 of 14 participants" in prevalence
    assert "; Informal mentoring: 11 of 14" in prevalence  # left to right: unchanged
    people = alt_text.participants([(HEBREW, [("בלוג", 3)])], 3, "אזור", "ערוץ")
    assert all(_isolated(people, label) for label in (HEBREW, "בלוג", "אזור", "ערוץ"))
    matrix = alt_text.matrix([(ARABIC, ["مشارك"])], ["P01", "P02", "مشارك"])
    assert _isolated(matrix, ARABIC) and _isolated(matrix, "مشارك")
    together = alt_text.cooccurrence([(ARABIC, HEBREW, 3), ("A", HEBREW, 0)])
    assert _isolated(together, ARABIC) and together.count(f"{FSI}{HEBREW}{PDI}") == 2
    for kind in ("bar", "pie", "line", "heatmap", "stacked-bar"):
        series = [(HEBREW, [1.0, 2.0]), ("two", [3.0, 4.0])] if kind == "stacked-bar" else None
        text = alt_text.declared(
            kind, [ARABIC, "2013"], series or [(HEBREW, [1.0, 2.0])], "שנה", "ערך"
        )
        assert _isolated(text, ARABIC) and _isolated(text, "שנה"), kind


@pytest.fixture
def rtl_talk(example_copy: Path) -> Path:
    """The example with the reviewer's Arabic theme title (no `short:`) and Hebrew channels."""
    theme = example_copy / "themes" / "03-supportive-relationships.md"
    text = theme.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", f"title: {ARABIC}", text, count=1, flags=re.MULTILINE)
    theme.write_text(re.sub(r"^short: .*\n", "", text, count=1, flags=re.MULTILINE), "utf-8")
    people = example_copy / "participants.csv"
    people.write_text(people.read_text(encoding="utf-8").replace("blog", "בלוג"), "utf-8")
    return example_copy


def test_chart_titles_alt_text_captions_and_hover_isolate_labels(rtl_talk: Path) -> None:
    figures = {f.id: f for f in talk_figures(load_talk(rtl_talk))}
    prevalence = figures["prevalence"]
    assert prevalence.title == f"{FSI}{ARABIC}{PDI} came up most: 12 of 14 participants"
    assert direction(prevalence.title) == "ltr"
    assert _isolated(prevalence.alt, ARABIC)
    for figure in figures.values():  # plotly fills each label into its hover text
        for trace in figure.figure["data"]:
            assert re.search(f"{FSI}%{{[xy]}}{PDI}", trace["hovertemplate"]), figure.id
    participants = figures["participants"]
    assert "בלוג" in participants.alt and _isolated(participants.alt, "בלוג comment")


def test_timing_sentences_isolate_slide_titles() -> None:
    checkpoint = Checkpoint(at_seconds=360, number=8, title=HEBREW, starting=False)
    assert str(checkpoint).endswith(f"slide 8 ({FSI}{HEBREW}{PDI})")
    from talkgen.timing.views import checkpoint_text

    assert checkpoint_text(checkpoint).endswith(f"({FSI}{HEBREW}{PDI})")


def test_the_chart_page_gives_its_blocks_their_own_direction() -> None:
    figure = ChartFigure(
        id="c",
        title=f"{isolate(ARABIC)} came up most",
        alt=alt_text.prevalence([(ARABIC, 12)], 14),
        caption=HEBREW,
        figure={"data": [], "layout": {}},
    )
    page = chart_page(figure, load_style())
    assert '<h1 id="chart-title" dir="auto">' in page
    assert f'<p dir="auto">{HEBREW}</p>' in page  # a Hebrew caption reads right to left
    assert f'<p id="chart-alt" dir="auto">Bar chart. {FSI}{ARABIC}{PDI}: raised' in page


# ---- ties in automatic titles ---------------------------------------------------------------


def _tie(folder: Path, themes: list[str], count: int) -> None:
    """Code participants to `themes` in coding.csv until each is raised by `count`."""
    raised = load_talk(folder).raised_by()
    everyone = sorted({p for people in raised.values() for p in people})
    rows = []
    for theme in themes:
        extra = [p for p in everyone if p not in raised[theme]][: count - len(raised[theme])]
        rows += [f"{p},{theme}" for p in extra]
    coding = folder / "coding.csv"
    coding.write_text(coding.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(rows))


def test_two_themes_tied_for_most_are_both_named(example_copy: Path) -> None:
    _tie(example_copy, ["informal-mentoring", "supportive-relationships"], 13)
    figure = next(f for f in talk_figures(load_talk(example_copy)) if f.id == "prevalence")
    assert figure.title == (
        "Informal mentoring and Supportive relationships came up most: 13 of 14 participants each"
    )
    assert figure.alt.startswith(
        "Bar chart. Informal mentoring and Supportive relationships: raised by 13 of 14 "
        "participants each; "
    )


def test_many_themes_tied_for_most_are_counted(example_copy: Path) -> None:
    themes = ["informal-mentoring", "personal-learning-network", "supportive-relationships"]
    _tie(example_copy, themes, 14)
    figure = next(f for f in talk_figures(load_talk(example_copy)) if f.id == "prevalence")
    assert figure.title == "Three themes came up most: 14 of 14 participants each"
    assert figure.alt.startswith(
        "Bar chart. Informal mentoring, Personal Learning Network and Supportive relationships: "
        "raised by 14 of 14 participants each; "
    )
    _tie(example_copy, ["peer-mentoring", "understandings"], 14)
    figure = next(f for f in talk_figures(load_talk(example_copy)) if f.id == "prevalence")
    assert figure.title == "All five themes came up equally: 14 of 14 participants each"


def test_tied_pairs_of_themes_are_counted(example_copy: Path) -> None:
    themes = ["informal-mentoring", "personal-learning-network", "supportive-relationships"]
    _tie(example_copy, themes, 14)
    figure = next(f for f in talk_figures(load_talk(example_copy)) if f.id == "cooccurrence")
    assert figure.title == "Three pairs of themes came up together most: 14 participants each"


def test_tied_names_join_short_names_and_count_long_ones() -> None:
    assert alt_text.tied_names(["A"], "theme") == "A"
    assert alt_text.tied_names(["A", "B", "C"], "theme") == "A, B and C"
    assert alt_text.tied_names([ARABIC, "B"], "theme") == "Two themes"
    assert alt_text.tied_names(["x" * 10] * 12, "theme") == "12 themes"


# ---- in a real browser -----------------------------------------------------------------------

_MEASURE = """
<script>
window.addEventListener("load", () => {
  const text = document.getElementById("chart-alt").firstChild;
  const at = (needle) => {
    const range = document.createRange();
    const start = text.data.indexOf(needle);
    range.setStart(text, start);
    range.setEnd(text, start + needle.length);
    return range.getBoundingClientRect();
  };
  const label = at(LABEL), count = at("12");
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify({label: [label.left, label.right, label.top],
                                    count: [count.left, count.right, count.top]});
  document.body.appendChild(out);
});
</script>
"""


def _drawn(alt: str, label: str) -> dict[str, list[float]]:
    """Where Chromium draws `label` and the count "12" after it in a chart page whose alt text is
    `alt` (CSS pixels: left, right, top)."""
    figure = ChartFigure(id="c", title="t", alt=alt, caption=None, figure={"data": []})
    page = chart_page(figure, load_style()).replace(
        "</body>", _MEASURE.replace("LABEL", json.dumps(label)) + "</body>"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_text(page, encoding="utf-8")
        done = subprocess.run(
            [str(find_browser()), "--headless", "--no-sandbox", "--disable-gpu", *QUIET_SWITCHES,
             f"--user-data-dir={Path(folder) / 'profile'}", "--window-size=1400,900",
             "--virtual-time-budget=10000", "--dump-dom", path.as_uri()],
            capture_output=True, text=True, timeout=120,
            env={"HOME": folder, "PATH": "/usr/bin:/bin"},
        )  # fmt: skip
    found = re.search(r'<pre id="measured">(.*?)</pre>', done.stdout, re.S)
    assert found, done.stderr[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"'))


@pytest.mark.slow
def test_chromium_draws_the_count_after_an_arabic_label() -> None:
    label = "العلاقات الداعمة"
    # The reviewer's case: a theme after the first, "<label>: 12 of 14".
    isolated = _drawn(alt_text.prevalence([("Peers", 13), (label, 12)], 14), label)
    # One line, left to right: the Arabic label, then "12" to its right.
    assert isolated["label"][2] == isolated["count"][2]
    assert isolated["count"][0] >= isolated["label"][1] - 1
    # Control: without the isolate the count is drawn to the left of the label, as reported.
    bare = _drawn(f"Bar chart. Peers: raised by 13 of 14 participants; {label}: 12 of 14.", label)
    assert bare["count"][1] <= bare["label"][0] + 1
