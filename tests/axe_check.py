"""Run axe-core (npm, in node_modules/) on an HTML page in a real headless Chromium.

The page is copied beside a small runner that loads axe-core after the page's own scripts, runs
every WCAG 2.x A/AA rule plus the best-practice ones, and writes the violations into the page as
JSON; Chromium's `--dump-dom` hands the page back once its scripts have settled.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

from talkgen.charts.chrome import QUIET_SWITCHES, find_browser

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
_RUNNER = """
<script src="{axe}"></script>
<script>
window.addEventListener("load", () => setTimeout(() => {{
  axe.run(document, {{resultTypes: ["violations"]}}).then((results) => {{
    const out = document.createElement("pre");
    out.id = "axe-results";
    out.textContent = JSON.stringify(results.violations.map((v) => ({{
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ") + " :: " + n.failureSummary),
    }})));
    document.body.appendChild(out);
  }});
}}, 300));
</script>
"""


def axe_violations(page: Path) -> list[dict]:
    """The violations axe-core reports for `page` (an HTML file), each as a dict with `id`,
    `impact`, `help` and `nodes`. Raises AssertionError when axe-core is not installed (run
    `scripts/install --test`) or did not finish."""
    assert AXE.is_file(), f"axe-core is missing ({AXE}): run `scripts/install --test` (npm)"
    html = page.read_text(encoding="utf-8")
    runner = _RUNNER.format(axe=AXE.as_uri())
    html = html.replace("</body>", runner + "</body>", 1)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / page.name
        copy.write_text(html, encoding="utf-8")
        profile = Path(folder) / "profile"
        done = subprocess.run(
            [
                str(find_browser()),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                *QUIET_SWITCHES,
                "--allow-file-access-from-files",
                f"--user-data-dir={profile}",
                "--virtual-time-budget=30000",
                "--dump-dom",
                copy.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={"HOME": folder, "PATH": "/usr/bin:/bin"},
        )
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', done.stdout, re.S)
    assert found, f"axe-core did not finish on {page.name}: {done.stderr[-2000:]}"
    import html as html_module

    return json.loads(html_module.unescape(found.group(1)))
