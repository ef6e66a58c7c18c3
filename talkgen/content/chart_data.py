"""Declared charts: checking a chart's settings and reading its CSV data into numbers."""

from __future__ import annotations

import math
from pathlib import Path

from talkgen import limits
from talkgen.content.characters import check_characters
from talkgen.content.collect import Collector, guard
from talkgen.content.model import ChartSeries, ChartSpec
from talkgen.content.reader import Lines, read_csv
from talkgen.errors import Problem, choose_from
from talkgen.inputs import InputError, inside


def resolve_chart_data(
    root: Path, path: Path, spec: ChartSpec, raw: Lines, found: Collector
) -> ChartSpec | None:
    """Check a declared chart and read its CSV data into `categories` and `series`."""
    line = spec.line
    if spec.is_builtin:
        data_keys = [k for k in ("type", "csv", "x", "y", "categories", "series") if k in raw]
        if data_keys:
            found.add(
                path,
                raw.key_lines[data_keys[0]],
                f"'{spec.id}' is a built-in chart; its data comes from the content",
                "keep only title, caption, alt, x_label, y_label, handout, chart_style "
                "(and axis, stack for participants), or rename it",
            )
            return None
    columns_keys = [k for k in ("axis", "stack") if k in raw]
    if columns_keys and spec.id != "participants":
        found.add(
            path,
            raw.key_lines[columns_keys[0]],
            f"chart '{spec.id}': {columns_keys[0]} is for the built-in participants chart",
            "remove it (a declared chart names its CSV columns with x and y)",
        )
        return None
    if spec.is_builtin:
        return spec.model_copy(update={"label_lines": _yaml_label_lines(path, raw)})
    if spec.type is None:
        found.add(
            path,
            line,
            f"chart '{spec.id}' has no type",
            "add type: bar, stacked-bar, pie, donut, line or heatmap",
        )
        return None
    if spec.csv:
        try:
            csv_path = inside(
                root, spec.csv, path, raw.key_lines["csv"], f"chart '{spec.id}': csv '{spec.csv}'"
            )
        except InputError as error:
            found.problems += error.problems
            return None
        table = guard(found, lambda: read_csv(csv_path))
        if table is None:
            inner = found.problems[-1]
            if csv_path.is_file() and inner.path == csv_path:
                # The file is there and its own line is at fault: say what to fix there.
                message = f"chart '{spec.id}': {inner.message}"
                found.problems[-1] = Problem(inner.path, inner.line, message, inner.hint)
                return None
            found.problems[-1] = Problem(
                path,
                raw.key_lines["csv"],
                f"chart '{spec.id}': cannot read {spec.csv}: {inner.message}",
                "check the path, relative to the content folder",
            )
            return None
        header, rows = table.header, table.rows
        x = table.column(spec.x) if spec.x else header[0]
        columns = [table.column(name) or name for name in spec.y] or [
            name for name in header if name != x
        ]
        wanted = [("x", x or spec.x, x)] + [("y", name, name) for name in columns]
        for key, name, found_name in wanted:
            if found_name not in header:
                found.add(
                    path,
                    raw.key_lines.get(key, line),
                    f"chart '{spec.id}': {spec.csv} has no column '{name}'",
                    choose_from(name, header),
                )
                return None
        series = []
        for name in columns:
            values = []
            for row in rows:
                try:
                    values.append(_number(row.values[name], decimal_comma=table.delimiter == ";"))
                except ValueError:
                    found.add(
                        csv_path,
                        row.line,
                        f"chart '{spec.id}': '{row.values[name]}' in column '{name}' "
                        "is not a number",
                        "write a finite number such as 12 or 3.5, "
                        f"within ±{limits.CHART_VALUE.value:g} (talkgen's limit)",
                    )
                    return None
            series.append(ChartSeries(name=name, values=values))
        categories = _checked_labels(csv_path, spec, [r.values[x] for r in rows], rows, found)
        places = _yaml_label_lines(path, raw)
        places |= {_key(name): (csv_path, 1) for name in columns}
        written = list(zip(categories, rows, strict=True))
        places |= {_key(c): (csv_path, row.line) for c, row in reversed(written)}
        return spec.model_copy(
            update={"categories": categories, "series": series, "label_lines": places}
        )
    if not spec.series:
        found.add(
            path,
            line,
            f"chart '{spec.id}' has no data",
            "give csv: FILE (with x and y columns) or categories and series",
        )
        return None
    for s in spec.series:
        if len(s.values) != len(spec.categories):
            found.add(
                path,
                line,
                f"chart '{spec.id}': series '{s.name}' has {len(s.values)} "
                f"values for {len(spec.categories)} categories",
                "give one value per category",
            )
            return None
    return spec.model_copy(update={"label_lines": _yaml_label_lines(path, raw)})


def _yaml_label_lines(path: Path, raw: Lines) -> dict[str, tuple[Path, int]]:
    """Where in charts.yaml each category, series name and axis label of a chart was written
    (the first place, for text written twice)."""
    places: dict[str, tuple[Path, int]] = {}
    for key in ("x_label", "y_label"):
        if isinstance(raw.get(key), str):
            places.setdefault(_key(raw[key]), (path, raw.key_lines[key]))
    categories = raw.get("categories")
    if isinstance(categories, list):
        lines = getattr(categories, "item_lines", [])
        for category, line in zip(categories, lines, strict=False):
            places.setdefault(_key(str(category)), (path, line))
    for item in raw.get("series") or []:
        if isinstance(item, dict) and "name" in item:
            line = getattr(item, "key_lines", {}).get("name", getattr(item, "line", None))
            if line is not None:
                places.setdefault(_key(str(item["name"])), (path, line))
    return places


def _key(label: str) -> str:
    """A label as `ChartSpec.label_lines` keys it: its spaces collapsed."""
    return " ".join(label.split())


def _checked_labels(
    csv_path: Path, spec: ChartSpec, labels: list[str], rows: list, found: Collector
) -> list[str]:
    """The category labels read from a chart's CSV, with their characters checked as every
    other text is (talkgen.content.characters): errors and warnings at the CSV's lines."""
    cells = Lines({str(i): label for i, label in enumerate(labels)})
    cells.line = 1
    cells.key_lines = {str(i): row.line for i, row in enumerate(rows)}
    errors, warnings = check_characters(cells, csv_path, f"chart '{spec.id}'")
    found.problems += errors
    found.warnings += warnings
    return [cells[str(i)] for i in range(len(labels))]


def _number(cell: str, decimal_comma: bool) -> float:
    """A spreadsheet cell as a finite number: `1,300` or `3.5`, and in a semicolon-separated file
    (saved where the comma is the decimal mark) `3,5` or `1.300,5`; an empty cell is 0.
    ValueError for text, `nan`, an infinity or a number past `limits.CHART_VALUE`."""
    text = cell.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return 0.0
    if decimal_comma and "," in text:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    value = float(text)
    if not math.isfinite(value) or abs(value) > limits.CHART_VALUE.value:
        raise ValueError(cell)
    return value
