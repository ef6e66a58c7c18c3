"""The deck as pictures for the handout's slide pages: LibreOffice makes a PDF, pdftoppm the PNGs.

LibreOffice is the one converter that reads a .pptx without PowerPoint. The pages become PNGs
rather than embedded PDF pages because Typst refuses to embed PDFs in a PDF/UA-1 document. Each
conversion gets its own LibreOffice profile folder, so it works while the user has LibreOffice
open and when builds run in parallel.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from talkgen.errors import EnvironmentProblem, Problem
from talkgen.processes import find_libreoffice, run_tool

# LibreOffice starts in a few seconds; a big deck converts in well under a minute here.
CONVERT_TIMEOUT_SECONDS = 240

INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-impress; "
    "macOS: brew install --cask libreoffice; Windows: https://www.libreoffice.org/download) "
    "or leave out --with-slides"
)

POPPLER_HINT = (
    "install poppler (Debian/Ubuntu: sudo apt-get install poppler-utils; "
    "macOS: brew install poppler) or leave out --with-slides"
)

# Slides are printed about 9 cm wide: 1400 px is ~390 dpi there, sharp and still small.
SLIDE_WIDTH_PX = 1400


def missing_libreoffice() -> EnvironmentProblem:
    """The error for a machine without LibreOffice, saying what to install."""
    return EnvironmentProblem(
        Problem(
            None,
            None,
            "--with-slides needs LibreOffice to turn the "
            "deck into slide pictures, and it is not installed",
            INSTALL_HINT,
        )
    )


def deck_to_pdf(
    deck: Path,
    out_dir: Path,
    *,
    soffice: Path | None = None,
    timeout: float = CONVERT_TIMEOUT_SECONDS,
) -> Path:
    """Convert the `.pptx` at `deck` to `<out_dir>/<stem>.pdf` with LibreOffice; returns it.

    Raises `EnvironmentProblem` saying what to install when LibreOffice is missing, and what went
    wrong when the conversion fails or takes longer than `timeout` seconds (LibreOffice and
    everything it started are then killed)."""
    soffice = soffice or find_libreoffice()
    if soffice is None:
        raise missing_libreoffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / "libreoffice-profile"
    command = [
        str(soffice),
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out_dir),
        str(deck),
    ]
    run = _run(
        command,
        deck,
        timeout,
        home=profile.resolve(),
        tool="LibreOffice",
        doing="converting the deck",
        install_hint=INSTALL_HINT,
        slow_hint="try again; if it keeps happening, open the deck in LibreOffice Impress to see "
        "whether it loads slowly or stops on a question, or leave out --with-slides",
    )
    pdf = out_dir / f"{deck.stem}.pdf"
    if run.returncode != 0 or not pdf.is_file():
        raise EnvironmentProblem(
            Problem(
                deck,
                None,
                "LibreOffice could not convert the deck to PDF" + _last_line(run),
                "open the deck in LibreOffice Impress to see why, or leave out --with-slides",
            )
        )
    return pdf


def slide_images(
    slides_pdf: Path,
    out_dir: Path,
    *,
    width_px: int = SLIDE_WIDTH_PX,
    timeout: float = CONVERT_TIMEOUT_SECONDS,
) -> list[Path]:
    """Each page of the slides' PDF as a PNG `width_px` wide (pdftoppm), in page order.

    Raises `EnvironmentProblem` saying what to install when pdftoppm (poppler) is missing, and
    what went wrong when it fails or takes longer than `timeout` seconds."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise EnvironmentProblem(
            Problem(
                None,
                None,
                "--with-slides needs pdftoppm (poppler) "
                "to draw the slides, and it is not installed",
                POPPLER_HINT,
            )
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [
        pdftoppm,
        "-png",
        "-scale-to-x",
        str(width_px),
        "-scale-to-y",
        "-1",
        str(slides_pdf),
        str(out_dir / "slide"),
    ]
    run = _run(
        command,
        slides_pdf,
        timeout,
        tool="pdftoppm",
        doing="drawing the slides",
        install_hint=POPPLER_HINT,
        slow_hint="try again; if it keeps happening, leave out --with-slides",
    )
    pages = sorted(out_dir.glob("slide-*.png"), key=lambda p: int(p.stem.rpartition("-")[2]))
    if run.returncode != 0 or not pages:
        raise EnvironmentProblem(
            Problem(
                slides_pdf,
                None,
                "pdftoppm could not draw the slides" + _last_line(run),
                "check that the file is a PDF of the deck",
            )
        )
    return pages


def _run(
    command: Sequence[str],
    source: Path,
    timeout: float,
    *,
    home: Path | None = None,
    tool: str,
    doing: str,
    install_hint: str,
    slow_hint: str,
) -> subprocess.CompletedProcess[str]:
    """Run a converter on `source`; `EnvironmentProblem` when it cannot start or does not finish
    within `timeout` seconds (it is killed, with everything it started). `home`: as `run_tool`."""
    try:
        return run_tool(command, timeout, home=home)
    except subprocess.TimeoutExpired:
        raise EnvironmentProblem(
            Problem(source, None, f"{tool} did not finish {doing} in {timeout:g} s", slow_hint)
        ) from None
    except OSError as error:
        raise EnvironmentProblem(
            Problem(
                source,
                None,
                f"cannot start {tool} ({command[0]}): {error.strerror or error}",
                install_hint,
            )
        ) from None


def _last_line(run: subprocess.CompletedProcess[str]) -> str:
    """`: <the tool's last line of output>`, or nothing when it printed nothing."""
    detail = (run.stderr or run.stdout or "").strip().splitlines()
    return f": {detail[-1]}" if detail else ""
