"""The timing report as files: `timing.md` to read, `timing.csv` for a spreadsheet,
`timing.json` for tools, and `timing.html` with a chart that works offline.

All four are written from the same `TimingReport`, atomically, so they always agree, and the
same report always gives the same bytes (the chart's element id is fixed, not random).
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from talkgen.atomic import write_text
from talkgen.charts.look import plotly_text
from talkgen.content.model import format_duration
from talkgen.scripts import FSI, PDI, isolate
from talkgen.spreadsheet import csv_text
from talkgen.style import load_style
from talkgen.timing.report import SlideTiming, TimingReport

REPORT_NAMES = ("timing.md", "timing.csv", "timing.json", "timing.html")
NO_ADVICE = "None: the timing fits the plan."
PARTIAL = "(partial)"
# plotly makes up a random id for the chart's <div> unless given one.
CHART_ID = "timing-chart"


def write_timing_files(report: TimingReport, out_dir: Path) -> list[Path]:
    """Write `out_dir/timing.{md,csv,json,html}`, each atomically; returns their paths."""
    out_dir = Path(out_dir)
    writers = (timing_markdown, timing_csv, timing_json, timing_html)
    return [
        write_text(out_dir / name, writer(report))
        for name, writer in zip(REPORT_NAMES, writers, strict=True)
    ]


def _one(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def report_record(report: TimingReport) -> dict[str, Any]:
    """The report as plain JSON-ready values (seconds as numbers, one decimal)."""
    return {
        "title": report.title,
        "headline": report.headline,
        "duration_seconds": report.duration_seconds,
        "planned_seconds": report.planned_total,
        "estimated_seconds": _one(report.estimated_total),
        "pace_wpm": _one(report.pace),
        "pace_source": report.pace_source,
        "measured_pace_wpm": _one(report.measured_pace),
        "latest_rehearsal_seconds": _one(report.latest_total),
        "overruns": report.overruns,
        "rehearsals": [
            {
                "name": r.name,
                "started": r.started,
                "total_seconds": _one(r.total_seconds),
                "complete": r.complete,
                "source": r.source,
                "pace_wpm": _one(r.pace),
                "plausible": r.implausible is None,
                "implausible_because": r.implausible,
                "counted": r.counted,
            }
            for r in report.rehearsals
        ],
        "slides": [_slide_record(s) for s in report.slides],
        "checkpoints": [
            {
                "at_seconds": c.at_seconds,
                "slide": c.number,
                "title": c.title,
                "starting": c.starting,
                "text": str(c),
            }
            for c in report.checkpoints
        ],
        "warnings": list(report.warnings),
        "rescue": report.rescue,
    }


def _slide_record(slide: SlideTiming) -> dict[str, Any]:
    return {
        "number": slide.number,
        "key": slide.key,
        "kind": slide.kind,
        "title": slide.title,
        "start_seconds": slide.start_seconds,
        "planned_seconds": slide.planned_seconds,
        "words": slide.words,
        "estimated_seconds": _one(slide.estimated_seconds),
        "rehearsed_seconds": [_one(t) for t in slide.rehearsed],
        "rehearsed_partial": list(slide.rehearsed_partial),
        "latest_seconds": _one(slide.latest),
        "latest_partial": slide.latest_partial,
        "mean_seconds": _one(slide.mean),
        "spread_seconds": _one(slide.spread),
        "trend_seconds_per_rehearsal": _one(slide.trend),
        "measured_pace_wpm": _one(slide.measured_pace),
        "advice": slide.advice,
    }


def timing_json(report: TimingReport) -> str:
    """`timing.json`."""
    return json.dumps(report_record(report), indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = (
    "number",
    "key",
    "kind",
    "title",
    "start_seconds",
    "planned_seconds",
    "words",
    "estimated_seconds",
    "latest_seconds",
    "latest_partial",
    "mean_seconds",
    "spread_seconds",
    "trend_seconds_per_rehearsal",
    "measured_pace_wpm",
    "advice",
)


def timing_csv(report: TimingReport) -> str:
    """`timing.csv`: one row per slide, then one column per rehearsal (oldest first)."""
    names = [f"rehearsal {r.name}" for r in report.rehearsals]
    rows = []
    for slide in report.slides:
        record = _slide_record(slide)
        row = ["" if record[c] is None else record[c] for c in CSV_COLUMNS]
        rows.append(row + ["" if t is None else t for t in record["rehearsed_seconds"]])
    return csv_text([*CSV_COLUMNS, *names], rows)


def _m(seconds: float | None) -> str:
    return "" if seconds is None else format_duration(seconds)


def table_rows(report: TimingReport) -> tuple[list[str], list[list[str]]]:
    """The report's table as text cells (header, rows): the terminal, Markdown and HTML show
    the same columns."""
    header = ["#", "Slide", "Planned", "Estimated", "Words"]
    several = len(report.rehearsals) >= 2
    if report.rehearsals:
        header += ["Rehearsed", "Your wpm"]
    if several:
        header += ["Mean ± spread", "Trend"]
    header.append("Starts at")
    rows = []
    for s in report.slides:
        row = [str(s.number), s.title, _m(s.planned_seconds), _m(s.estimated_seconds), str(s.words)]
        if report.rehearsals:
            row.append(f"{_m(s.latest)} {PARTIAL}" if s.latest_partial else _m(s.latest))
            row.append(f"{s.measured_pace:.0f}" if s.measured_pace is not None else "")
        if several:
            spread = f" ± {s.spread:.0f} s" if s.spread is not None else ""
            row.append(f"{_m(s.mean)}{spread}" if s.mean is not None else "")
            row.append(f"{s.trend:+.0f} s/run" if s.trend is not None else "")
        row.append(_m(s.start_seconds))
        rows.append(row)
    total = [
        "",
        "Total",
        _m(report.planned_total),
        _m(report.estimated_total),
        str(sum(s.words for s in report.slides)),
    ]
    if report.rehearsals:
        total.append(_m(report.latest_total))
        total.append(f"{report.measured_pace:.0f}" if report.measured_pace is not None else "")
    if several:
        total += ["", ""]
    total.append("")
    rows.append(total)
    return header, rows


def summary_lines(report: TimingReport) -> list[str]:
    """The report's headline facts, one sentence each."""
    lines = [
        f"Slot {format_duration(report.duration_seconds)}; planned "
        f"{format_duration(report.planned_total)} over {len(report.slides)} slides.",
        f"Estimated from the notes at {report.pace:.0f} words per minute: "
        f"{format_duration(report.estimated_total)}.",
    ]
    counted = report.counted
    if counted:
        latest = counted[-1]
        lines.append(
            f"{len(counted)} rehearsal(s) counted; latest {latest.name}: "
            f"{format_duration(latest.total_seconds)}"
            f"{'' if latest.complete else ' (stopped early)'}."
        )
    left_out = len(report.rehearsals) - len(counted)
    if left_out:
        lines.append(f"{left_out} rehearsal(s) left out as implausible (see `talkgen rehearsals`).")
    if report.measured_pace is not None:
        lines.append(
            f"Your measured pace: {report.measured_pace:.0f} words per minute "
            f"(`--pace measured` estimates at it)."
        )
    return lines


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def timing_markdown(report: TimingReport) -> str:
    """`timing.md`: summary, table, advice and cue-card checkpoints."""
    header, rows = table_rows(report)
    out = [f"# Timing: {report.title}", "", f"**{_md_cell(sentence(report.headline))}**", ""]
    out += [*summary_lines(report), ""]
    out.append("| " + " | ".join(header) + " |")
    out.append("|" + "|".join("---:" if h not in ("Slide",) else "---" for h in header) + "|")
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    out += ["", "## Advice", ""]
    out += [f"- {w}" for w in report.warnings] or [f"- {NO_ADVICE}"]
    out += ["", "## Checkpoints for the cue card", ""]
    out += [f"- {c}" for c in report.checkpoints]
    if report.rescue:
        out += [f"- **{_md_cell(report.rescue)}**"]
    return "\n".join(out) + "\n"


def sentence(text: str) -> str:
    """`text` with a capital first letter and a full stop, as a headline is shown."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def timing_chart(report: TimingReport) -> dict:
    """Planned, estimated and rehearsed seconds per slide as grouped bars: a plotly figure as a
    plain dict (building it with plotly's graph objects costs a cold build about half a second of
    imports and validation; the dict is what they would produce)."""
    style = load_style()
    palette = style.palette
    colors = style.colors
    # Slide numbers on the axis (titles are in the table and the hover): long rotated titles
    # collided with the legend and were clipped at the left edge.
    labels = [str(s.number) for s in report.slides]
    titles = [plotly_text(s.title) for s in report.slides]  # shown as written, not as markup
    series = [
        ("Planned", [s.planned_seconds for s in report.slides]),
        ("Estimated from notes", [round(s.estimated_seconds, 1) for s in report.slides]),
    ]
    if report.rehearsals:
        # A slide the latest rehearsal stopped on was cut short: a bar would look like a
        # slide that runs short, so it is left out here and marked in the table.
        latest = [None if s.latest_partial else _one(s.latest) for s in report.slides]
        series.append(("Rehearsed (latest)", latest))
    if len(report.rehearsals) >= 2:
        series.append(("Rehearsed (mean)", [_one(s.mean) for s in report.slides]))
    data = [
        {
            "type": "bar",
            "name": name,
            "x": labels,
            "y": values,
            "customdata": titles,
            "hovertemplate": f"Slide %{{x}}: {FSI}%{{customdata}}{PDI}<br>%{{y}} s<extra>"
            + name
            + "</extra>",
            "marker": {"color": palette[i % len(palette)]},
        }
        for i, (name, values) in enumerate(series)
    ]
    axis = {"linecolor": colors.muted, "zeroline": False, "automargin": True}
    layout = {
        "barmode": "group",
        "title": {"text": f"Seconds per slide: {plotly_text(isolate(report.title))}"},
        "xaxis": {**axis, "title": {"text": "slide"}, "type": "category"},
        "yaxis": {**axis, "title": {"text": "seconds"}, "gridcolor": colors.light},
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "font": {"family": style.fonts.chart_stack, "color": colors.text},
        "paper_bgcolor": colors.background,
        "plot_bgcolor": colors.background,
        "margin": {"l": 60, "r": 20, "t": 90, "b": 50},
    }
    return {"data": data, "layout": layout}


def timing_chart_alt(report: TimingReport) -> str:
    """What the timing chart shows, in words: its series and how many slides (the table below
    it has every number)."""
    series = "planned and estimated seconds"
    if report.rehearsals:
        series = "planned, estimated and rehearsed seconds"
    return (
        f"Grouped bar chart of the {series} for each of the {len(report.slides)} slides; "
        "the table below gives every value."
    )


def timing_html(report: TimingReport) -> str:
    """`timing.html`: the summary, the chart (plotly.js inline, so it works offline) and the
    table."""
    header, rows = table_rows(report)
    esc = html.escape
    advice = [f"<li>{esc(w)}</li>" for w in report.warnings] or [f"<li>{NO_ADVICE}</li>"]
    import plotly.io

    from talkgen.charts.page import OFFLINE_CONFIG
    from talkgen.charts.plotlyjs import plotly_js

    chart = f'<script charset="utf-8">{plotly_js()}</script>\n' + plotly.io.to_html(
        timing_chart(report),
        full_html=False,
        include_plotlyjs=False,
        div_id=CHART_ID,
        config=OFFLINE_CONFIG,
        validate=False,
    )
    style = load_style()
    colors = style.colors
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(report.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>Timing: {esc(isolate(report.title))}</title>",
        f"<style>body{{font-family:{_css_fonts(style.fonts.chart_stack)};margin:2em;"
        f"color:{colors.text};background:{colors.background}}}"
        f"table{{border-collapse:collapse}}td,th{{padding:.25em .6em;"
        f"border-bottom:1px solid {colors.light}}}"
        "td:not(:nth-child(2)){text-align:right}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>Timing: <bdi>{esc(report.title)}</bdi></h1>",
        f"<p><strong>{esc(sentence(report.headline))}</strong></p>",
        *[f"<p>{esc(line)}</p>" for line in summary_lines(report)],
        '<figure aria-labelledby="timing-chart-caption">',
        chart,
        f'<figcaption id="timing-chart-caption">{esc(timing_chart_alt(report))}</figcaption>',
        "</figure>",
        "<table>",
        "<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr></thead>",
        "<tbody>",
        *["<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows],
        "</tbody></table>",
        "<h2>Advice</h2>",
        "<ul>",
        *advice,
        "</ul>",
        "<h2>Checkpoints for the cue card</h2>",
        "<ul>",
        *[f"<li>{esc(str(c))}</li>" for c in report.checkpoints],
        *([f"<li><strong>{esc(report.rescue)}</strong></li>"] if report.rescue else []),
        "</ul>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _css_fonts(families: str) -> str:
    """A comma-separated font list as a CSS `font-family` value: names with spaces quoted."""
    names = [name.strip() for name in families.split(",") if name.strip()]
    return ",".join(f"'{name}'" if " " in name else name for name in names)
